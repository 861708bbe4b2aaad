/**
 * The charsets TextDecoder is not used for in Node, through iconv-lite, both ways. Browser builds
 * replace this module with ./iconv-browser.ts (build/browser-variants.ts), which leaves iconv-lite
 * out of the main bundle.
 */
import { Buffer } from 'node:buffer'
import iconv from 'iconv-lite'
import type { DecodedText } from './text-decoder.js'
import { wellFormed } from '../bytes/octets.js'

const REPLACEMENT = '\ufffd'
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
/** UTF-7 has many encodings of one text, so only there does writing the text back not tell a faithful decoding. */
const NOT_CANONICAL = 'utf-7'

/**
 * iconv-lite decodes leniently: it replaces what it cannot decode with U+FFFD, may leave lone
 * surrogates or join encoded ones. A decoding is exact when
 * the text, written back in the same charset, gives the same bytes (a leading byte-order mark,
 * which it drops, aside), and the text is well-formed.
 */
export function decodeIconv (bytes: Uint8Array, label: string, unit: number): DecodedText {
  // A cut-off last code unit is replaced here, not by iconv-lite, whose versions differ on it.
  const cut = bytes.length % unit
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength - cut)
  let text = iconv.decode(input, label)
  let exact = label === NOT_CANONICAL ? !text.includes(REPLACEMENT) : input.subarray(bomLength(input, label)).equals(iconv.encode(text, label))
  if (!wellFormed(text)) {
    text = text.replace(LONE_SURROGATES, REPLACEMENT)
    exact = false
  }
  if (cut !== 0) {
    text += REPLACEMENT
    exact = false
  }
  return { text, exact }
}

/** The text in the charset `label`. iconv-lite knows every label of the table; a browser build may not (./iconv-browser.ts). */
export function encodeIconv (text: string, label: string): Uint8Array | undefined {
  return iconv.encode(text, label)
}

/** Whether {@link encodeIconv} can write the charset `label`. */
export function canEncodeIconv (label: string): boolean {
  return iconv.encodingExists(label)
}

/** The byte-order mark iconv-lite drops at the start of UTF-16 and UTF-32 text in that byte order. */
function bomLength (bytes: Buffer, label: string): number {
  const bom = label === 'utf-16be' ? [0xfe, 0xff] : label === 'utf-16le' ? [0xff, 0xfe]
    : label === 'utf-32be' ? [0, 0, 0xfe, 0xff] : label === 'utf-32le' ? [0xff, 0xfe, 0, 0] : []
  return bom.length > 0 && bom.every((octet, i) => bytes[i] === octet) ? bom.length : 0
}
