/**
 * The entry of dist/browser/mmse-charsets.js: iconv-lite, registered with the main bundle when
 * this file is loaded, for the charsets the browser's TextDecoder lacks (lib/text/iconv-browser.ts).
 */
import { canEncodeIconv, decodeIconv, encodeIconv } from '../lib/text/iconv.js'
import { registerIconv } from '../lib/text/iconv-browser.js'

registerIconv({ canEncodeIconv, decodeIconv, encodeIconv })
