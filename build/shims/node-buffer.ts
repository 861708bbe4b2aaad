/**
 * TEMPORARY (issue 15): node:buffer for lib/charsets.ts, which also imports `isAscii` (Node
 * >= 18.15); the buffer package has no such export. Until lib drops that import, node:buffer
 * is the buffer package plus this one function.
 */
export { Buffer } from 'node:buffer'

export function isAscii (bytes: Uint8Array): boolean {
  for (const octet of bytes) if (octet > 0x7f) return false
  return true
}
