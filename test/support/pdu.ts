/**
 * Builds test PDUs from the spec's layouts: multipart entries (WAP-230 §8.5), bodies and the
 * few MMS headers around them. For tests that need a message of a given shape quickly.
 */
import { bytes, hex } from './bytes.js'
import { uintvarBytes } from './synthetic.js'

export interface EntrySpec {
  /** The encoded Content-type-value (e.g. `hex('83')` or `str('text/plain')`). */
  type: Uint8Array
  headers?: Uint8Array
  data: Uint8Array | string
}

/** One multipart entry: HeadersLen, DataLen, ContentType, Headers, Data. */
export function entry (spec: EntrySpec): Buffer {
  const headers = bytes(spec.type, spec.headers ?? new Uint8Array(0))
  const data = typeof spec.data === 'string' ? Buffer.from(spec.data) : spec.data
  return bytes(Buffer.from(uintvarBytes(headers.length)), Buffer.from(uintvarBytes(data.length)), headers, data)
}

/** nEntries then the entries; `declared` overrides nEntries. */
export function multipart (entries: EntrySpec[], declared = entries.length): Buffer {
  // Buffer.concat, not bytes(...): a spread of a hundred thousand entries overflows the stack.
  return Buffer.concat([Buffer.from(uintvarBytes(declared)), ...entries.map(entry)])
}

/** An m-retrieve-conf (MMS 1.2) with the given Content-Type value and body. */
export function retrieveConf (body: Uint8Array, contentType: Uint8Array = hex('b3')): Buffer {
  return bytes(0x8c, 0x84, 0x98, 'tid-1', 0x8d, 0x92, 0x96, 'Hello', 0x84, contentType, body)
}

/** A text/plain entry with a Content-ID. */
export function textEntry (text: string, id = 't'): EntrySpec {
  return { type: hex('83'), headers: bytes(0xc0, `"<${id}>`), data: text }
}

/** Splits `data` into chunks of `size` bytes. */
export function chunk (data: Uint8Array, size: number): Buffer[] {
  const out: Buffer[] = []
  for (let i = 0; i < data.length; i += size) out.push(Buffer.from(data.subarray(i, i + size)))
  return out
}
