/** The transfer encodings by their lower-case names (RFC 2045 §6.1), each decoder beside its encoder. */
import { Base64Decoder, encodeBase64 } from './base64.js'
import type { TransferDecoder } from './codec.js'
import { encodeQuotedPrintable, QuotedPrintableDecoder } from './quoted-printable.js'

const ENCODINGS: ReadonlyMap<string, { decoder: () => TransferDecoder, encode: (data: Uint8Array) => Uint8Array }> = new Map([
  ['base64', { decoder: () => new Base64Decoder(), encode: encodeBase64 }],
  ['quoted-printable', { decoder: () => new QuotedPrintableDecoder(), encode: encodeQuotedPrintable }],
])

/** A decoder for the named encoding; undefined for one whose data is the data itself. */
export function transferDecoder (encoding: string | undefined): TransferDecoder | undefined {
  return encoding === undefined ? undefined : ENCODINGS.get(encoding)?.decoder()
}

/** The data in the named transfer encoding (any case, surrounding space ignored). */
export function transferEncode (encoding: string | undefined, data: Uint8Array): Uint8Array {
  const codec = encoding === undefined ? undefined : ENCODINGS.get(encoding.trim().toLowerCase())
  return codec === undefined ? data : codec.encode(data)
}
