/**
 * Character sets by IANA MIBenum (WAP-230 Table 42 and the IANA Character Sets registry): the
 * preferred name, then how text in the charset is decoded when that is not iconv-lite under the
 * preferred name, and whether bytes below 0x80 are always ASCII text in it. Aliases follow as
 * rows of their own, after the preferred names, so a MIBenum's name is always the preferred one.
 *
 * Decoders: `utf-16` and `utf-32` sniff a byte-order mark and default to big-endian (RFC 2781
 * §4.3; the IANA registration of ISO-10646-UCS-2 requires network byte order); `text-decoder`
 * is the WHATWG TextDecoder, for ISO-2022-JP, which iconv-lite lacks; `null`, no decoder exists.
 */
import { CodeTable } from './code-table.js'

/** Any-charset `*` (Table 42): the Short-integer 0, so the wire octet 0x80 and MIBenum 0. */
export const ANY_CHARSET_MIB = 0
/** The MIBenum of UTF-8 (Table 42), the charset of text that names none. */
export const UTF_8_MIB = 106

export type CharsetDecoder = string | null

export type CharsetRow = readonly [mib: number, name: string, decoder?: CharsetDecoder, asciiCompatible?: boolean]

/** Bytes below 0x80 may not be ASCII: wide encodings, and the 7-bit ones whose escapes are ASCII bytes. */
const WIDE = false

const PREFERRED: readonly CharsetRow[] = [
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
  [37, 'iso-2022-kr', null, WIDE],
  [38, 'euc-kr'],
  [39, 'iso-2022-jp', 'text-decoder', WIDE],
  [40, 'iso-2022-jp-2', null, WIDE],
  [81, 'iso-8859-6-e', 'iso-8859-6'],
  [82, 'iso-8859-6-i', 'iso-8859-6'],
  [84, 'iso-8859-8-e', 'iso-8859-8'],
  [85, 'iso-8859-8-i', 'iso-8859-8'],
  [106, 'utf-8'],
  [109, 'iso-8859-13'],
  [110, 'iso-8859-14'],
  [111, 'iso-8859-15'],
  [112, 'iso-8859-16'],
  [113, 'gbk'],
  [114, 'gb18030'],
  [1000, 'iso-10646-ucs-2', 'utf-16', WIDE],
  [1001, 'iso-10646-ucs-4', 'utf-32be', WIDE],
  [1004, 'iso-10646-j-1', null, WIDE],
  [1012, 'utf-7', 'utf-7', WIDE],
  [1013, 'utf-16be', 'utf-16be', WIDE],
  [1014, 'utf-16le', 'utf-16le', WIDE],
  [1015, 'utf-16', 'utf-16', WIDE],
  [1017, 'utf-32', 'utf-32', WIDE],
  [1018, 'utf-32be', 'utf-32be', WIDE],
  [1019, 'utf-32le', 'utf-32le', WIDE],
  [2024, 'windows-31j'],
  [2025, 'gb2312'],
  [2026, 'big5'],
  [2027, 'macintosh'],
  [2084, 'koi8-r'],
  [2085, 'hz-gb-2312', null, WIDE],
  [2088, 'koi8-u'],
  [2101, 'big5-hkscs'],
  [2109, 'windows-874'],
  [2250, 'windows-1250'],
  [2251, 'windows-1251'],
  [2252, 'windows-1252'],
  [2253, 'windows-1253'],
  [2254, 'windows-1254'],
  [2255, 'windows-1255'],
  [2256, 'windows-1256'],
  [2257, 'windows-1257'],
  [2258, 'windows-1258'],
  [2259, 'tis-620'],
]

/** Common names that differ from the preferred ones by more than case and punctuation. */
const ALIASES: readonly CharsetRow[] = [
  [3, 'ascii'], [3, 'iso646-us'], [3, 'ansi_x3.4-1968'],
  [4, 'latin1'], [4, 'l1'], [5, 'latin2'], [6, 'latin3'], [7, 'latin4'], [12, 'latin5'], [13, 'latin6'],
  [111, 'latin9'], [112, 'latin10'],
  [17, 'sjis'], [17, 'x-sjis'], [17, 'ms_kanji'], [2024, 'cp932'], [18, 'x-euc-jp'],
  [36, 'ks_c_5601'], [36, 'ksc5601'], [36, 'cp949'], [36, 'uhc'],
  [113, 'cp936'], [2025, 'euc-cn'], [2026, 'cn-big5'],
  [1000, 'ucs-2'], [1001, 'ucs-4'], [2027, 'mac'], [2027, 'x-mac-roman'], [2109, 'cp874'],
  ...Array.from({ length: 9 }, (_, i): CharsetRow => [2250 + i, `cp125${i}`]),
]

/** Names compare ignoring case, `-`, `_` and spaces, as in ICU: `UTF8` is `utf-8`, `Shift-JIS` is `shift_jis`. */
function fold (name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '')
}

export const CHARSETS = new CodeTable<CharsetRow>([...PREFERRED, ...ALIASES], fold)

/**
 * The wide charsets AOSP's PduComposer writes with only the low 7 bits of their MIBenum, as a
 * Short-integer (docs/wire-format.md Q33): ISO-10646-UCS-2 (1000, on the wire 0xE8) and UTF-16
 * (1015, 0xF7), whose low bits name no charset. (Big5's, 2026, name UTF-8: nothing to recover.)
 */
export const AOSP_TRUNCATED_MIBS: readonly number[] = [1000, 1015]

/** The preferred names by MIBenum, without aliases. */
export const PREFERRED_CHARSETS: readonly CharsetRow[] = PREFERRED
