/**
 * base64 (RFC 2045 §6.8), both ways: a streaming decoder that keeps only the symbols a split can
 * cut off, and the encoder of whole parts, in lines of at most 76 characters.
 */
import { Buffer } from 'node:buffer'
import { EMPTY, latin1 } from '../bytes/octets.js'
import { CRLF, LINE_MAX, type TransferDecoder } from './codec.js'

/** The base64 alphabet, standard and URL-safe symbols; everything else is skipped. */
const SYMBOLS = new Uint8Array(256)
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_') SYMBOLS[c.charCodeAt(0)] = 1
const PAD = 0x3d

/**
 * Collects base64 symbols (skipping line breaks and any other octet, as decoders must) and
 * decodes whole quanta of 4; stops at padding. A final lone symbol cannot encode a byte and is
 * dropped, with the decoding marked unfinished.
 */
export class Base64Decoder implements TransferDecoder {
  #pending = ''
  #done = false

  write (bytes: Uint8Array): Uint8Array {
    if (this.#done) return EMPTY
    let symbols = this.#pending
    let run = 0
    for (let i = 0; i < bytes.length; i++) {
      const octet = bytes[i] as number
      if (SYMBOLS[octet] === 1) { run++; continue }
      if (run > 0) symbols += latin1(bytes, i - run, i)
      run = 0
      if (octet === PAD) { this.#done = true; break }
    }
    if (run > 0) symbols += latin1(bytes, bytes.length - run, bytes.length)
    const whole = this.#done ? symbols.length : symbols.length - (symbols.length % 4)
    this.#pending = symbols.slice(whole)
    return Buffer.from(symbols.slice(0, whole), 'base64')
  }

  end (): { tail: Uint8Array, clean: boolean } {
    const tail = Buffer.from(this.#pending, 'base64')
    const clean = this.#pending.length % 4 !== 1
    this.#pending = ''
    return { tail, clean }
  }
}

export function encodeBase64 (data: Uint8Array): Uint8Array {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')
  const lines: string[] = []
  for (let i = 0; i < text.length; i += LINE_MAX) lines.push(text.slice(i, i + LINE_MAX))
  return Buffer.from(lines.join(CRLF), 'latin1')
}
