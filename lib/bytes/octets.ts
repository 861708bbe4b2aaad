/** Small helpers over byte runs, shared by every codec. */
import { Buffer } from 'node:buffer'
import { badInput } from '../errors.js'

/** A byte run of length 0, shared where an empty value is returned. */
export const EMPTY: Uint8Array = new Uint8Array(0)

/** Two lower-case hex digits, for messages: `0x${hex(octet)}`. */
export function hex (octet: number): string {
  return octet.toString(16).padStart(2, '0')
}

/** A DataView of exactly these octets (a Uint8Array may be a window on a larger buffer). */
export function viewOf (bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** The 16-bit field at `at`, in network byte order (big-endian, RFC 791 Appendix B). */
export function uint16 (bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) << 8 | (bytes[at + 1] as number)
}

/** The 32-bit field at `at`, in network byte order. */
export function uint32 (bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) << 24 | (bytes[at + 1] as number) << 16 | (bytes[at + 2] as number) << 8 | (bytes[at + 3] as number)) >>> 0
}

/** The octets as Latin-1 text, one character each (names, tokens, numbers). */
export function latin1 (bytes: Uint8Array, start = 0, end = bytes.length): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return buffer.toString('latin1', start, end)
}

/** Octets of Latin-1 text made at once by a {@link Latin1Window}: a header section's worth of fields. */
const WINDOW_OCTETS = 256

/**
 * Latin-1 text of a buffer's octets, made a window at a time: one native call for the many short
 * strings of a header section, each then a slice of the window's text. The window belongs to the
 * buffer object it was made from, until `clear()`: its owner clears it whenever the bytes of a
 * buffer it has seen may have changed (a caller may write the same Buffer again, refilled).
 */
export class Latin1Window {
  #bytes: Uint8Array | undefined
  #start = 0
  #end = 0
  #text = ''

  /** `bytes[start..end)` as Latin-1 text. */
  text (bytes: Buffer, start: number, end: number): string {
    if (bytes !== this.#bytes || start < this.#start || end > this.#end) {
      this.#bytes = bytes
      this.#start = start
      this.#end = Math.min(bytes.length, Math.max(end, start + WINDOW_OCTETS))
      this.#text = bytes.toString('latin1', start, this.#end)
    }
    return this.#text.slice(start - this.#start, end - this.#start)
  }

  /** Lets go of the buffer. */
  clear (): void {
    this.#bytes = undefined
    this.#text = ''
  }
}

/**
 * A copy of a byte run, for values that outlive the input: `Buffer#slice` does not copy, and
 * the input may be the parser's reused carry-over.
 */
export function copyBytes (bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes)
}

/** Joins byte runs into one Buffer. */
export function concatBytes (pieces: readonly Uint8Array[]): Buffer {
  return Buffer.concat(pieces)
}

/** A surrogate without its other half: text that has no UTF-8 form. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Whether the text is well-formed UTF-16, i.e. has a faithful UTF-8 form. */
export function wellFormed (text: string): boolean {
  return !LONE_SURROGATE.test(text)
}

/** The UTF-8 octets of a text; a lone surrogate is refused (its UTF-8 would be U+FFFD, not the text). */
export function utf8Bytes (text: string): Buffer {
  if (typeof text !== 'string') throw badInput(`${String(text)} is not text`)
  if (!wellFormed(text)) throw badInput(`text ${JSON.stringify(text)} holds a lone surrogate`)
  return Buffer.from(text, 'utf8')
}

/** The Latin-1 octets of a text read back with {@link latin1}; a character above U+00FF is refused. */
export function latin1Octets (text: string): Buffer {
  if (typeof text !== 'string') throw badInput(`${String(text)} is not text`)
  if (/[^\u0000-\u00ff]/.test(text)) throw badInput(`text ${JSON.stringify(text)} is not Latin-1`)
  return Buffer.from(text, 'latin1')
}
