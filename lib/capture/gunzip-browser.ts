/**
 * The browser's stand-in for gunzip.ts: node:zlib is not in the bundle, so a gzip-compressed
 * capture is refused with a clear error; decompress it first (DecompressionStream('gzip')).
 */
import type { Transform } from 'node:stream'
import { MmseError } from '../errors.js'

function refused (): MmseError {
  return new MmseError('ERR_MMSE_BAD_CAPTURE', 'a gzip-compressed capture: in a browser, decompress it first (DecompressionStream(\'gzip\'))', 0)
}

export function gunzipStream (): Transform {
  throw refused()
}

export function gunzipWhole (_bytes: Uint8Array): Uint8Array {
  throw refused()
}
