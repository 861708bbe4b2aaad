/**
 * Character sets by IANA MIBenum (WAP-230 Table 42 and the IANA Character Sets registry), and
 * the decoding of text in them.
 *
 * Most charsets go through a cached TextDecoder. Deliberate exceptions, where the WHATWG label
 * mapping is not the MIME charset (mmse-tables §10, quirk #7) or Node gets it wrong or lacks it:
 * - us-ascii and iso-8859-1 are Latin-1 (TextDecoder would use windows-1252); iso-8859-9 is
 *   Latin-1 with its six Turkish letters (TextDecoder would use windows-1254).
 * - windows-1252 has its own table: Node 20's TextDecoder reads it as Latin-1 (0x80 -> U+0080).
 * - utf-16 and iso-10646-ucs-2 sniff a BOM and default to big-endian (TextDecoder assumes
 *   little-endian and ignores a big-endian BOM).
 * - utf-32, iso-10646-ucs-4, utf-7 and iso-8859-16 have small decoders of their own.
 * Any-charset (MIBenum 0, `*`) is not a charset: the caller applies its default (quirk #5).
 * Anything else Node cannot decode comes out as lenient UTF-8, marked inexact.
 */
import { Buffer, isAscii } from 'node:buffer'
import { TextDecoder } from 'node:util'

export interface DecodedText {
  text: string
  /** False when the text is not a faithful decoding: a fallback was used or bytes were replaced. */
  exact: boolean
}

const US_ASCII = 3
const ISO_8859_1 = 4
const ISO_8859_9 = 12
const ISO_8859_16 = 112
const ISO_10646_UCS_2 = 1000
const ISO_10646_UCS_4 = 1001
const UTF_7 = 1012
const UTF_16BE = 1013
const UTF_16LE = 1014
const UTF_16 = 1015
const UTF_32 = 1017
const UTF_32BE = 1018
const UTF_32LE = 1019
const WINDOWS_1252 = 2252

/** MIBenum to the preferred IANA name, lower-cased. */
export const CHARSETS: ReadonlyMap<number, string> = new Map([
  [3, 'us-ascii'],
  [4, 'iso-8859-1'],
  [5, 'iso-8859-2'],
  [6, 'iso-8859-3'],
  [7, 'iso-8859-4'],
  [8, 'iso-8859-5'],
  [9, 'iso-8859-6'],
  [10, 'iso-8859-7'],
  [11, 'iso-8859-8'],
  [12, 'iso-8859-9'],
  [13, 'iso-8859-10'],
  [17, 'shift_jis'],
  [18, 'euc-jp'],
  [36, 'ks_c_5601-1987'],
  [37, 'iso-2022-kr'],
  [38, 'euc-kr'],
  [39, 'iso-2022-jp'],
  [40, 'iso-2022-jp-2'],
  [81, 'iso-8859-6-e'],
  [82, 'iso-8859-6-i'],
  [84, 'iso-8859-8-e'],
  [85, 'iso-8859-8-i'],
  [106, 'utf-8'],
  [109, 'iso-8859-13'],
  [110, 'iso-8859-14'],
  [111, 'iso-8859-15'],
  [112, 'iso-8859-16'],
  [113, 'gbk'],
  [114, 'gb18030'],
  [1000, 'iso-10646-ucs-2'],
  [1001, 'iso-10646-ucs-4'],
  [1004, 'iso-10646-j-1'],
  [1012, 'utf-7'],
  [1013, 'utf-16be'],
  [1014, 'utf-16le'],
  [1015, 'utf-16'],
  [1017, 'utf-32'],
  [1018, 'utf-32be'],
  [1019, 'utf-32le'],
  [2024, 'windows-31j'],
  [2025, 'gb2312'],
  [2026, 'big5'],
  [2027, 'macintosh'],
  [2084, 'koi8-r'],
  [2085, 'hz-gb-2312'],
  [2088, 'koi8-u'],
  [2101, 'big5-hkscs'],
  [2109, 'windows-874'],
  [2250, 'windows-1250'],
  [2251, 'windows-1251'],
  [WINDOWS_1252, 'windows-1252'],
  [2253, 'windows-1253'],
  [2254, 'windows-1254'],
  [2255, 'windows-1255'],
  [2256, 'windows-1256'],
  [2257, 'windows-1257'],
  [2258, 'windows-1258'],
  [2259, 'tis-620'],
])

/** Names compare ignoring case, `-`, `_` and spaces, as in ICU: `UTF8` is `utf-8`, `Shift-JIS` is `shift_jis`. */
function normalise (name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '')
}

/** Common names that differ from the preferred ones by more than punctuation. */
const ALIASES: ReadonlyArray<readonly [string, number]> = [
  ['ascii', 3],
  ['iso646-us', 3],
  ['ansi_x3.4-1968', 3],
  ['latin1', 4],
  ['l1', 4],
  ['latin2', 5],
  ['latin3', 6],
  ['latin4', 7],
  ['latin5', 12],
  ['latin6', 13],
  ['latin9', 111],
  ['latin10', 112],
  ['sjis', 17],
  ['x-sjis', 17],
  ['ms_kanji', 17],
  ['cp932', 2024],
  ['x-euc-jp', 18],
  ['ks_c_5601', 36],
  ['ksc5601', 36],
  ['cp949', 36],
  ['uhc', 36],
  ['cp936', 113],
  ['euc-cn', 2025],
  ['cn-big5', 2026],
  ['ucs-2', 1000],
  ['ucs-4', 1001],
  ['mac', 2027],
  ['x-mac-roman', 2027],
  ['cp874', 2109],
  ...Array.from({ length: 9 }, (_, i) => [`cp125${i}`, 2250 + i] as const),
]

const MIBS_BY_NAME: ReadonlyMap<string, number> = new Map(
  [...[...CHARSETS].map(([mib, name]) => [name, mib] as const), ...ALIASES]
    .map(([name, mib]) => [normalise(name), mib]),
)

export function charsetName (mib: number): string | undefined {
  return CHARSETS.get(mib)
}

/** Case-insensitive; the preferred names and common aliases (`utf8`, `latin1`, `sjis`, `cp949` …). */
export function charsetMib (name: string): number | undefined {
  return MIBS_BY_NAME.get(normalise(name))
}

/**
 * Charsets whose bytes below 0x80 may not be ASCII: the UTF-16/32 family, UCS-2/4 and J-1,
 * UTF-7, and the 7-bit ISO-2022 and HZ encodings, whose escape sequences are ASCII bytes.
 */
const NOT_ASCII_COMPATIBLE: readonly number[] = [
  ISO_10646_UCS_2, ISO_10646_UCS_4, 1004, UTF_7, UTF_16BE, UTF_16LE, UTF_16, UTF_32, UTF_32BE, UTF_32LE,
  37, 39, 40, 2085, // iso-2022-kr, iso-2022-jp, iso-2022-jp-2, hz-gb-2312
]

/** Charsets in which ASCII-only bytes are that ASCII text, so decoding can be skipped. */
const ASCII_COMPATIBLE: ReadonlySet<number> = new Set(
  [...CHARSETS.keys()].filter((mib) => !NOT_ASCII_COMPATIBLE.includes(mib)),
)

/** Decode `bytes` as the charset with IANA MIBenum `mib`. */
export function decodeCharset (bytes: Uint8Array, mib: number): DecodedText {
  if (ASCII_COMPATIBLE.has(mib) && ascii(bytes)) return { text: latin1(bytes), exact: true }
  switch (mib) {
    case US_ASCII: // only bytes >= 0x80 get here, and ASCII has none
      return { text: latin1(bytes), exact: false }
    case ISO_8859_1:
      return { text: latin1(bytes), exact: true }
    case ISO_8859_9:
      return { text: decodeHighHalf(bytes, ISO_8859_9_HIGH), exact: true }
    case ISO_8859_16:
      return { text: decodeHighHalf(bytes, ISO_8859_16_HIGH), exact: true }
    case WINDOWS_1252:
      return { text: decodeHighHalf(bytes, WINDOWS_1252_HIGH), exact: true }
    case UTF_16:
    case ISO_10646_UCS_2:
      return decodeWith(bytes, bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : 'utf-16be')
    case UTF_32:
      return decodeUtf32(bytes, bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0)
    case UTF_32BE:
    case ISO_10646_UCS_4:
      return decodeUtf32(bytes, false)
    case UTF_32LE:
      return decodeUtf32(bytes, true)
    case UTF_7:
      return decodeUtf7(bytes)
    default:
      return decodeWith(bytes, CHARSETS.get(mib))
  }
}

/** Text without a charset (a plain Text-string): UTF-8. */
export function decodeUtf8Text (bytes: Uint8Array): DecodedText {
  return ascii(bytes) ? { text: latin1(bytes), exact: true } : decodeWith(bytes, 'utf-8')
}

/**
 * Whether all bytes are below 0x80. Header strings are short, and for them a plain loop beats
 * the native call (measured: the call's fixed cost dominates below ~64 bytes).
 */
function ascii (bytes: Uint8Array): boolean {
  if (bytes.length > 64) return isAscii(bytes)
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return false
  return true
}

function latin1 (bytes: Uint8Array): string {
  return Buffer.isBuffer(bytes) ? bytes.toString('latin1') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}

const REPLACEMENT = '\ufffd'

interface Decoders {
  readonly fatal: TextDecoder
  readonly lenient: TextDecoder
}

const UTF_8_DECODERS: Decoders = {
  fatal: new TextDecoder('utf-8', { fatal: true }),
  lenient: new TextDecoder('utf-8'),
}

/**
 * TextDecoders by label, made on first use (they are expensive to create). `null` records a
 * label Node cannot decode. Labels come from `CHARSETS` only, so the cache stays small.
 */
const decoderCache = new Map<string, Decoders | null>([['utf-8', UTF_8_DECODERS]])

function decodersFor (label: string): Decoders | null {
  let decoders = decoderCache.get(label)
  if (decoders === undefined) {
    decoders = createDecoders(label)
    decoderCache.set(label, decoders)
  }
  return decoders
}

function createDecoders (label: string): Decoders | null {
  try {
    return { fatal: new TextDecoder(label, { fatal: true }), lenient: new TextDecoder(label) }
  } catch { // ERR_ENCODING_NOT_SUPPORTED
    return null
  }
}

/**
 * Decode strictly, else leniently (invalid sequences become U+FFFD) and inexact. A label Node
 * cannot decode, or none at all, falls back to lenient UTF-8. TextDecoder drops a leading BOM
 * of its own encoding: a BOM is not text.
 */
function decodeWith (bytes: Uint8Array, label: string | undefined): DecodedText {
  const decoders = label === undefined ? null : decodersFor(label)
  if (decoders === null) return { text: UTF_8_DECODERS.lenient.decode(bytes), exact: false }
  try {
    return { text: decoders.fatal.decode(bytes), exact: true }
  } catch {
    return { text: decoders.lenient.decode(bytes), exact: false }
  }
}

/**
 * Single-byte charsets decoded by hand: bytes 0x80-0xFF index these 128 characters. Node 20's
 * TextDecoder decodes windows-1252 as Latin-1; its five unassigned bytes are C1 controls, as
 * in the WHATWG index.
 */
const C1_CONTROLS = String.fromCharCode(...Array.from({ length: 0x20 }, (_, i) => 0x80 + i))

const WINDOWS_1252_HIGH =
  '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f' +
  '\u0090‘’“”•–—˜™š›œ\u009džŸ' +
  String.fromCharCode(...Array.from({ length: 0x60 }, (_, i) => 0xa0 + i))

const ISO_8859_9_HIGH = C1_CONTROLS +
  '\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯' +
  '°±²³´µ¶·¸¹º»¼½¾¿' +
  'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ' +
  'ĞÑÒÓÔÕÖ×ØÙÚÛÜİŞß' +
  'àáâãäåæçèéêëìíîï' +
  'ğñòóôõö÷øùúûüışÿ'

const ISO_8859_16_HIGH = C1_CONTROLS +
  '\u00a0ĄąŁ€„Š§š©Ș«Ź\u00adźŻ' +
  '°±ČłŽ”¶·žčș»ŒœŸż' +
  'ÀÁÂĂÄĆÆÇÈÉÊËÌÍÎÏ' +
  'ĐŃÒÓÔŐÖŚŰÙÚÛÜĘȚß' +
  'àáâăäćæçèéêëìíîï' +
  'đńòóôőöśűùúûüęțÿ'

function decodeHighHalf (bytes: Uint8Array, high: string): string {
  let text = ''
  for (const byte of bytes) text += byte < 0x80 ? String.fromCharCode(byte) : high.charAt(byte - 0x80)
  return text
}

/** UTF-32 and UCS-4 in the given byte order; a leading BOM in that order is dropped. */
function decodeUtf32 (bytes: Uint8Array, littleEndian: boolean): DecodedText {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const whole = bytes.length - (bytes.length % 4)
  let exact = true
  let text = ''
  let pos = whole > 0 && view.getUint32(0, littleEndian) === 0xfeff ? 4 : 0
  for (; pos < whole; pos += 4) {
    const codePoint = view.getUint32(pos, littleEndian)
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
      text += REPLACEMENT
      exact = false
    } else {
      text += String.fromCodePoint(codePoint)
    }
  }
  if (whole < bytes.length) { // a truncated last code point
    text += REPLACEMENT
    exact = false
  }
  return { text, exact }
}

const PLUS = 0x2b
const MINUS = 0x2d

/** Modified base64 values of the ASCII bytes, -1 for the others (RFC 2152). */
const BASE64 = new Int8Array(0x80).fill(-1)
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
for (let value = 0; value < 64; value++) BASE64[BASE64_ALPHABET.charCodeAt(value)] = value

function isBase64 (byte: number | undefined): byte is number {
  return byte !== undefined && byte < 0x80 && BASE64[byte]! >= 0
}

/** A surrogate without its other half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * UTF-7 (RFC 2152): ASCII passes through; `+` starts modified base64 of UTF-16 code units,
 * which ends at the first other byte (a `-` there is absorbed); `+-` is a plus sign.
 */
function decodeUtf7 (bytes: Uint8Array): DecodedText {
  let text = ''
  let exact = true
  let pos = 0
  while (pos < bytes.length) {
    const byte = bytes[pos++]!
    if (byte >= 0x80) { // never valid in UTF-7
      text += REPLACEMENT
      exact = false
    } else if (byte !== PLUS) {
      text += String.fromCharCode(byte)
    } else if (!isBase64(bytes[pos])) { // `+-`, or a stray `+`
      text += '+'
      if (bytes[pos] === MINUS) pos++
      else exact = false
    } else {
      let bits = 0
      let bitCount = 0
      while (isBase64(bytes[pos])) {
        bits = (bits << 6) | BASE64[bytes[pos++]!]!
        bitCount += 6
        if (bitCount >= 16) {
          bitCount -= 16
          text += String.fromCharCode(bits >>> bitCount)
          bits &= (1 << bitCount) - 1
        }
      }
      if (bitCount >= 6 || bits !== 0) exact = false // the padding must be fewer than 6 zero bits
      if (bytes[pos] === MINUS) pos++
    }
  }
  const wellFormed = text.replace(LONE_SURROGATE, REPLACEMENT)
  return { text: wellFormed, exact: exact && wellFormed === text }
}
