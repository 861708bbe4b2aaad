/**
 * TEMPORARY (issue 15): lib/encode/builders.ts imports randomBytes from node:crypto (browsers
 * have crypto.getRandomValues), and lib/push/pap.ts imports createHash, which has no
 * synchronous browser equivalent: in the bundle, buildPapSubmission() throws until pap.ts
 * derives its boundary without node:crypto.
 */
import { Buffer } from 'node:buffer'

export function randomBytes (size: number): Buffer {
  const bytes = Buffer.alloc(size)
  globalThis.crypto.getRandomValues(bytes)
  return bytes
}

export function createHash (): never {
  throw new Error('createHash (node:crypto) is not available in the browser build')
}
