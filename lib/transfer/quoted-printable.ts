/**
 * quoted-printable (RFC 2045 §6.7), both ways: a streaming decoder (up to two octets after a `=`
 * wait for the next chunk) and the encoder of whole parts, with soft line breaks.
 */
import { Buffer } from 'node:buffer'
import { EMPTY } from '../bytes/octets.js'
import { CRLF, LINE_MAX, type TransferDecoder } from './codec.js'

const EQUALS = 0x3d
const CR = 0x0d
const LF = 0x0a
const SPACE = 0x20
const TAB = 0x09

/**
 * `=XX` is an octet, `=` at the end of a line a soft line break; everything else is literal. A
 * malformed `=` sequence is kept as it is (RFC 2045 §6.7 note 1).
 */
export class QuotedPrintableDecoder implements TransferDecoder {
  #pending: Uint8Array = EMPTY

  write (bytes: Uint8Array): Uint8Array {
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

  end (): { tail: Uint8Array, clean: boolean } {
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

/**
 * Printable ASCII but '=' as it is, CRLF as a line break, a space or tab literal except before a
 * line break or at the end (where a reader could strip it), every other octet as =XX; soft line
 * breaks keep lines within 76 characters.
 */
export function encodeQuotedPrintable (data: Uint8Array): Uint8Array {
  let out = ''
  let line = 0
  const emit = (token: string): void => {
    if (line + token.length > LINE_MAX - 1) {
      out += '=' + CRLF
      line = 0
    }
    out += token
    line += token.length
  }
  for (let i = 0; i < data.length; i++) {
    const octet = data[i] as number
    const next = data[i + 1]
    if (octet === CR && next === LF) {
      out += CRLF
      line = 0
      i++
    } else if ((octet > SPACE && octet <= 0x7e && octet !== EQUALS) || ((octet === SPACE || octet === TAB) && next !== undefined && next !== CR)) {
      emit(String.fromCharCode(octet))
    } else {
      emit('=' + octet.toString(16).toUpperCase().padStart(2, '0'))
    }
  }
  return Buffer.from(out, 'latin1')
}
