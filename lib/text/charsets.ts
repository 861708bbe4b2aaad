/**
 * Text in the charsets of tables/charsets.ts, both ways: bytes to text (decodeCharset, with
 * whether the decoding is faithful) and text to bytes (encodeText, refused when the charset
 * cannot hold the text). iconv-lite does the work for every charset but two: UTF-8 goes through
 * TextDecoder, whose fatal mode tells a faithful decoding from a repaired one, and ISO-2022-JP,
 * which iconv-lite lacks. Any-charset (MIBenum 0, `*`) is not a charset: the caller applies its
 * default. Anything no decoder knows comes out as lenient UTF-8, marked inexact.
 */
import { Buffer } from 'node:buffer'
import iconv from 'iconv-lite'
import { badInput } from '../errors.js'
import { CHARSETS, type CharsetRow, PREFERRED_CHARSETS } from '../tables/charsets.js'
import { UTF_8_MIB } from '../wsp/constants.js'
import { latin1, wellFormed } from '../wsp/octets.js'

export interface DecodedText {
  text: string
  /** False when the text is not a faithful decoding: a fallback was used or bytes were replaced. */
  exact: boolean
}

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
  const octets = iconv.encode(text, label)
  const back = decodeCharset(octets, mib)
  if (!back.exact || back.text !== text) throw badInput(`text ${JSON.stringify(text)} cannot be written in ${charsetName(mib) as string}`)
  return octets
}

/** Whether {@link encodeText} can write text in the charset with MIBenum `mib` at all. */
export function canEncode (mib: number): boolean {
  return mib === UTF_8_MIB || encoderLabel(mib) !== undefined
}

/** The iconv-lite label that writes the charset, or undefined (ISO-2022-JP is decoded by TextDecoder, which cannot write). */
function encoderLabel (mib: number): string | undefined {
  const row = CHARSETS.row(mib)
  const decoder = row === undefined ? null : decoderOf(row)
  const label = decoder === 'utf-16' ? 'utf-16be' : decoder === 'utf-32' ? 'utf-32be' : decoder
  return label === null || label === 'text-decoder' || !iconv.encodingExists(label) ? undefined : label
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

const REPLACEMENT = '\ufffd'
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
/** UTF-7 has many encodings of one text, so only there does writing the text back not tell a faithful decoding. */
const NOT_CANONICAL = 'utf-7'

/**
 * iconv-lite decodes leniently: it replaces what it cannot decode with U+FFFD, may leave lone
 * surrogates or join encoded ones, and drops a cut-off last code unit. A decoding is exact when
 * the text, written back in the same charset, gives the same bytes (a leading byte-order mark,
 * which it drops, aside), and the text is well-formed.
 */
function decodeIconv (bytes: Uint8Array, label: string, unit: number): DecodedText {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let text = iconv.decode(input, label)
  let exact = label === NOT_CANONICAL ? !text.includes(REPLACEMENT) : input.subarray(bomLength(input, label)).equals(iconv.encode(text, label))
  if (!wellFormed(text)) {
    text = text.replace(LONE_SURROGATES, REPLACEMENT)
    exact = false
  }
  if (bytes.length % unit !== 0) {
    text += REPLACEMENT
    exact = false
  }
  return { text, exact }
}

/** The byte-order mark iconv-lite drops at the start of UTF-16 and UTF-32 text in that byte order. */
function bomLength (bytes: Buffer, label: string): number {
  const bom = label === 'utf-16be' ? [0xfe, 0xff] : label === 'utf-16le' ? [0xff, 0xfe]
    : label === 'utf-32be' ? [0, 0, 0xfe, 0xff] : label === 'utf-32le' ? [0xff, 0xfe, 0, 0] : []
  return bom.length > 0 && bom.every((octet, i) => bytes[i] === octet) ? bom.length : 0
}

interface Decoders {
  readonly fatal: InstanceType<typeof TextDecoder>
  readonly lenient: InstanceType<typeof TextDecoder>
}

const UTF_8: Decoders = { fatal: new TextDecoder('utf-8', { fatal: true }), lenient: new TextDecoder('utf-8') }

function decodeUtf8 (bytes: Uint8Array): DecodedText {
  return decodeWith(UTF_8, bytes)
}

/** TextDecoders by label, made on first use (they are costly to create); labels come from the table only. */
const textDecoderCache = new Map<string, Decoders>()

function textDecoders (label: string): Decoders {
  let decoders = textDecoderCache.get(label)
  if (decoders === undefined) {
    decoders = { fatal: new TextDecoder(label, { fatal: true }), lenient: new TextDecoder(label) }
    textDecoderCache.set(label, decoders)
  }
  return decoders
}

/** Decode strictly, else leniently (invalid sequences become U+FFFD) and inexact. A leading BOM is dropped: it is not text. */
function decodeWith (decoders: Decoders, bytes: Uint8Array): DecodedText {
  try {
    return { text: decoders.fatal.decode(bytes), exact: true }
  } catch {
    return { text: decoders.lenient.decode(bytes), exact: false }
  }
}
