/**
 * Text in the charsets of tables/charsets.ts, both ways: bytes to text (decodeCharset, with
 * whether the decoding is faithful) and text to bytes (encodeText, refused when the charset
 * cannot hold the text). iconv-lite does the work for every charset but two: UTF-8 goes through
 * TextDecoder, whose fatal mode tells a faithful decoding from a repaired one, and ISO-2022-JP,
 * which iconv-lite lacks (./iconv.ts; browser builds have ./iconv-browser.ts, TextDecoder
 * first). Any-charset (MIBenum 0, `*`) is not a charset: the caller applies its
 * default. Anything no decoder knows comes out as lenient UTF-8, marked inexact.
 */
import { Buffer } from 'node:buffer'
import { badInput } from '../errors.js'
import { CHARSETS, type CharsetRow, PREFERRED_CHARSETS, UTF_8_MIB } from '../tables/charsets.js'
import { latin1, wellFormed } from '../bytes/octets.js'
import { canEncodeIconv, decodeIconv, encodeIconv } from './iconv.js'
import { type DecodedText, decodeWith, textDecoders, UTF_8 } from './text-decoder.js'

export type { DecodedText } from './text-decoder.js'

export function charsetName (mib: number): string | undefined {
  return CHARSETS.name(mib)
}

/** Case- and punctuation-insensitive; the preferred names and common aliases (`utf8`, `latin1`, `sjis`, `cp949` …). */
export function charsetMib (name: string): number | undefined {
  return CHARSETS.code(name.trim())
}

/** Charsets in which ASCII-only bytes are that ASCII text, so decoding can be skipped. */
const ASCII_COMPATIBLE: ReadonlySet<number> = new Set(PREFERRED_CHARSETS.filter(row => row[3] !== false).map(row => row[0]))

/** Decode `bytes` as the charset with IANA MIBenum `mib`. */
export function decodeCharset (bytes: Uint8Array, mib: number): DecodedText {
  if (ASCII_COMPATIBLE.has(mib) && ascii(bytes)) return { text: latin1(bytes), exact: true }
  if (mib === UTF_8_MIB) return decodeUtf8(bytes)
  const row = CHARSETS.row(mib)
  const decoder = row === undefined ? null : decoderOf(row)
  switch (decoder) {
    case null: return { text: UTF_8.lenient.decode(bytes), exact: false }
    case 'text-decoder': return decodeWith(textDecoders(row?.[1] as string), bytes)
    case 'utf-16': return decodeIconv(bytes, bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : 'utf-16be', 2)
    case 'utf-32': return decodeIconv(bytes, bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0 ? 'utf-32le' : 'utf-32be', 4)
    default: return decodeIconv(bytes, decoder, decoder.startsWith('utf-16') ? 2 : decoder.startsWith('utf-32') ? 4 : 1)
  }
}

/** Text without a charset (a plain Text-string): UTF-8. */
export function decodeUtf8Text (bytes: Uint8Array): DecodedText {
  return ascii(bytes) ? { text: latin1(bytes), exact: true } : decodeUtf8(bytes)
}

/**
 * The text in the charset with MIBenum `mib`. UTF-16 and UCS-2 are written big-endian without a
 * BOM, which is what a reader without a BOM assumes; UTF-32 likewise. What is written always
 * decodes back to the text given: a charset that cannot hold it is refused.
 */
export function encodeText (text: string, mib: number): Uint8Array {
  if (!wellFormed(text)) throw badInput(`text ${JSON.stringify(text)} holds a lone surrogate`)
  if (mib === UTF_8_MIB) return Buffer.from(text, 'utf8')
  const label = encoderLabel(mib)
  if (label === undefined) throw badInput(`no encoder for charset ${charsetName(mib) ?? mib}`)
  // encoderLabel gives only a label canEncodeIconv vouched for, so the encoder is there.
  const octets = encodeIconv(text, label) as Uint8Array
  const back = decodeCharset(octets, mib)
  if (!back.exact || back.text !== text) throw badInput(`text ${JSON.stringify(text)} cannot be written in ${charsetName(mib) as string}`)
  return octets
}

/** Whether {@link encodeText} can write text in the charset with MIBenum `mib` at all. */
export function canEncode (mib: number): boolean {
  return mib === UTF_8_MIB || encoderLabel(mib) !== undefined
}

/** The iconv-lite label that writes the charset, or undefined (ISO-2022-JP is decoded by TextDecoder, which cannot write; a browser build may lack the encoder). */
function encoderLabel (mib: number): string | undefined {
  const row = CHARSETS.row(mib)
  const decoder = row === undefined ? null : decoderOf(row)
  const label = decoder === 'utf-16' ? 'utf-16be' : decoder === 'utf-32' ? 'utf-32be' : decoder
  return label === null || label === 'text-decoder' || !canEncodeIconv(label) ? undefined : label
}

function decoderOf (row: CharsetRow): string | null {
  return row[2] === undefined ? row[1] : row[2]
}

/**
 * Whether all bytes are below 0x80. A plain loop: header strings are short, and for them it beats
 * `buffer.isAscii` (whose fixed cost dominates below ~64 bytes), which the browser's buffer lacks.
 */
function ascii (bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return false
  return true
}

function decodeUtf8 (bytes: Uint8Array): DecodedText {
  return decodeWith(UTF_8, bytes)
}
