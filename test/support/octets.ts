/**
 * Octet-list builders for tests that assemble PDUs by spreading arrays: a NUL-terminated
 * text, a uintvar (WAP-230 §8.1.2) and a multipart entry (§8.5.3).
 */
import { uintvarBytes } from './synthetic.js'

/** Text-string: the characters then a NUL. */
export const z = (s: string): number[] => [...Buffer.from(s, 'latin1'), 0]

export const uintvar = uintvarBytes

/** Multipart entry: HeadersLen, DataLen, ContentType, Headers, Data. */
export const entry = (type: number[], headers: number[], data: number[]): number[] =>
  [...uintvar(type.length + headers.length), ...uintvar(data.length), ...type, ...headers, ...data]
