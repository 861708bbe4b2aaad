/** Small helpers over byte runs, shared by every codec. */
import { Buffer } from 'node:buffer'
import { badInput } from '../errors.js'

/** A byte run of length 0, shared where an empty value is returned. */
export const EMPTY: Uint8Array = new Uint8Array(0)

/** Two lower-case hex digits, for messages: `0x${hex(octet)}`. */
export function hex (octet: number): string {
  return octet.toString(16).padStart(2, '0')
}

/** The octets as Latin-1 text, one character each (names, tokens, numbers). */
export function latin1 (bytes: Uint8Array, start = 0, end = bytes.length): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end)
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
