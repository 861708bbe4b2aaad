/**
 * TEMPORARY (issue 15): stand-ins for what lib/ still takes from Node outside node:stream and
 * node:buffer. Each entry says which lib change makes it unnecessary; when all have landed,
 * this folder goes, and the browser build fails if anything Node-only comes back.
 */
import { dirname, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const file = (name: string): string => `${HERE}${sep}${name}`

export interface Shim {
  file: string
  /** The lib change after which the shim is not needed. */
  until: string
}

/** Modules the library imports that have no place in a browser, by import specifier. */
export const TEMPORARY_SHIMS: Readonly<Record<string, Shim>> = {
  'node:buffer': { file: file('node-buffer.ts'), until: 'lib/charsets.ts stops importing isAscii from node:buffer (the buffer package has none)' },
  'node:util': { file: file('node-util.ts'), until: 'lib/charsets.ts takes TextDecoder from globalThis' },
  'node:crypto': { file: file('node-crypto.ts'), until: 'lib/encode/builders.ts takes random bytes from globalThis.crypto and lib/push/pap.ts stops hashing with createHash' },
}

/** Globals the library uses without importing them: `Buffer`, `process.nextTick`. */
export const TEMPORARY_INJECT: readonly string[] = [file('globals.ts')]

export function isShim (importer: string): boolean {
  return importer.startsWith(`${HERE}${sep}`)
}
