/**
 * Streaming decoders for the Content-Transfer-Encodings MMS parts use (RFC 2045 §6.7
 * quoted-printable, §6.8 base64). Each keeps only the few octets a split can cut in half,
 * so a part is never buffered whole, whatever the chunking.
 */
import { MmseError, type MmseWarning } from './errors.js'
import type { PartInfo } from './types.js'

export interface TransferDecoder {
  /** Decodes what can be decoded so far. */
  write (bytes: Uint8Array): Buffer
  /** Flushes the tail. `clean` is false when the input ended inside an encoded unit. */
  end (): { tail: Buffer, clean: boolean }
}

export function transferDecoder (encoding: string | undefined): TransferDecoder | undefined {
  if (encoding === 'base64') return new Base64Decoder()
  if (encoding === 'quoted-printable') return new QuotedPrintableDecoder()
  return undefined
}

/**
 * A part's encoded data ended inside an encoded unit (`end()` said not clean): an error in
 * strict mode, else the warning to report. One place for decode() and the stream.
 */
export function unfinishedTransferEncoding (part: PartInfo, strict: boolean): MmseWarning {
  const message = `${part.transferEncoding} data of part ${JSON.stringify(part.path)} ends inside an encoded unit`
  if (strict) throw new MmseError('ERR_MMSE_BAD_TRANSFER_ENCODING', message, part.offset)
  return { code: 'WARN_MMSE_TRANSFER_ENCODING', message, offset: part.offset }
}

/** base64 alphabet (both the standard and the URL-safe symbols); everything else is skipped. */
const BASE64 = new Uint8Array(256)
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_') BASE64[c.charCodeAt(0)] = 1
const PAD = 0x3d

/**
 * Collects base64 symbols (skipping line breaks and any other octet, as decoders must per RFC
 * 2045 §6.8) and decodes whole quanta of 4; stops at padding. A final lone symbol (the stray
 * character mms-engine's Base64 sample ends with) cannot encode a byte and is dropped.
 */
class Base64Decoder implements TransferDecoder {
  #pending = ''
  #done = false

  write (bytes: Uint8Array): Buffer {
    if (this.#done) return EMPTY
    let symbols = this.#pending
    let run = 0
    const flushRun = (i: number): void => {
      if (run > 0) symbols += latin1(bytes, i - run, i)
      run = 0
    }
    for (let i = 0; i < bytes.length; i++) {
      const octet = bytes[i] as number
      if (BASE64[octet] === 1) { run++; continue }
      flushRun(i)
      if (octet === PAD) { this.#done = true; break }
    }
    if (!this.#done) flushRun(bytes.length)
    const whole = this.#done ? symbols.length : symbols.length - (symbols.length % 4)
    this.#pending = symbols.slice(whole)
    return Buffer.from(symbols.slice(0, whole), 'base64')
  }

  end (): { tail: Buffer, clean: boolean } {
    const tail = Buffer.from(this.#pending, 'base64')
    const clean = this.#pending.length % 4 !== 1
    this.#pending = ''
    return { tail, clean }
  }
}

const EQUALS = 0x3d
const CR = 0x0d
const LF = 0x0a

/**
 * `=XX` is an octet, `=` at the end of a line a soft line break; everything else is literal.
 * A malformed `=` sequence is kept as it is (RFC 2045 §6.7 note 1). Up to two octets after a
 * `=` wait for the next chunk.
 */
class QuotedPrintableDecoder implements TransferDecoder {
  #pending: Uint8Array = EMPTY

  write (bytes: Uint8Array): Buffer {
    const input = this.#pending.length === 0 ? bytes : Buffer.concat([this.#pending, bytes])
    const out = Buffer.allocUnsafe(input.length)
    let n = 0
    let i = 0
    while (i < input.length) {
      const octet = input[i] as number
      if (octet !== EQUALS) { out[n++] = octet; i++; continue }
      if (i + 2 >= input.length) break
      const a = input[i + 1] as number
      const b = input[i + 2] as number
      if (a === LF) { i += 2; continue }
      if (a === CR && b === LF) { i += 3; continue }
      const value = (hexDigit(a) << 4) | hexDigit(b)
      if (value >= 0) { out[n++] = value; i += 3 } else { out[n++] = octet; i++ }
    }
    this.#pending = new Uint8Array(input.subarray(i))
    return out.subarray(0, n)
  }

  end (): { tail: Buffer, clean: boolean } {
    const pending = this.#pending
    this.#pending = EMPTY
    // "=" + LF at the very end is a soft break; any other leftover is kept literally.
    const softBreak = pending.length === 2 && pending[1] === LF
    return { tail: softBreak ? EMPTY : Buffer.from(pending), clean: pending.length === 0 || softBreak }
  }
}

/** 0-15, or a negative number for a non-hex octet (so that `<< 4 |` stays negative). */
function hexDigit (octet: number): number {
  if (octet >= 0x30 && octet <= 0x39) return octet - 0x30
  const lower = octet | 0x20
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x57
  return -256
}

function latin1 (bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1')
}

const EMPTY = Buffer.alloc(0)
