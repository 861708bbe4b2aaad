/**
 * Undoing gzip (RFC 1952) with node:zlib: a stream for the scanner, at once for decodeCapture.
 * A file cut short still gives what it holds (Z_SYNC_FLUSH at its end, as Wireshark reads it).
 * The browser bundle has gunzip-browser.ts in its place.
 */
import type { Transform } from 'node:stream'
import { constants, createGunzip, gunzipSync } from 'node:zlib'
import { MmseError } from '../errors.js'

export function gunzipStream (): Transform {
  return createGunzip({ finishFlush: constants.Z_SYNC_FLUSH })
}

export function gunzipWhole (bytes: Uint8Array): Uint8Array {
  try {
    return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH })
  } catch (err) {
    throw new MmseError('ERR_MMSE_BAD_CAPTURE', `gzip: ${(err as Error).message}`, 0, { cause: err })
  }
}
