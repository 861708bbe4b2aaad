import t from 'tap'
import { PREFERRED_CHARSETS } from '../../../lib/tables/charsets.js'
import { charsetMib, charsetName, decodeCharset, decodeUtf8Text, encodeText } from '../../../lib/text/transcode.js'
import { hex } from '../../support/wire.js'

const CHARSETS = new Map(PREFERRED_CHARSETS.map(([mib, name]) => [mib, name]))

function ascii (text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0))
}

t.test('the table', async (t) => {
  t.equal(charsetName(0), undefined, 'Any-charset is not a charset')
  t.equal(charsetName(3), 'us-ascii')
  t.equal(charsetName(4), 'iso-8859-1')
  t.equal(charsetName(17), 'shift_jis')
  t.equal(charsetName(36), 'ks_c_5601-1987')
  t.equal(charsetName(106), 'utf-8')
  t.equal(charsetName(1000), 'iso-10646-ucs-2')
  t.equal(charsetName(1015), 'utf-16')
  t.equal(charsetName(2026), 'big5')
  t.equal(charsetName(2084), 'koi8-r')
  t.equal(charsetName(2109), 'windows-874')
  t.equal(charsetName(2258), 'windows-1258')
  t.equal(charsetName(999), undefined)
  // The MIBenums of WAP-230 Table 42 and the IANA registry that MMS senders use, Any-charset aside.
  const section10 = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17, 18, 36, 37, 38, 39, 40, 81, 82, 84, 85, 106, 109, 110, 111, 112,
    113, 114, 1000, 1001, 1004, 1012, 1013, 1014, 1015, 1017, 1018, 1019, 2025, 2026, 2027, 2084, 2088, 2109,
    2250, 2251, 2252, 2253, 2254, 2255, 2256, 2257, 2258,
  ]
  for (const mib of section10) t.ok(CHARSETS.has(mib), `${mib} present`)
  for (const [mib, name] of CHARSETS) t.equal(name, name.toLowerCase(), `${mib} is lower case`)
  t.equal(new Set(CHARSETS.values()).size, CHARSETS.size, 'names are unique')
})

t.test('charsetMib: names and aliases', async (t) => {
  for (const [mib, name] of CHARSETS) {
    t.equal(charsetMib(name), mib, name)
    t.equal(charsetMib(name.toUpperCase()), mib, name.toUpperCase())
  }
  t.equal(charsetMib('UTF-8'), 106)
  t.equal(charsetMib('utf8'), 106)
  t.equal(charsetMib('Shift_JIS'), 17)
  t.equal(charsetMib('shift-jis'), 17)
  t.equal(charsetMib('sjis'), 17)
  t.equal(charsetMib('ISO_8859-1'), 4)
  t.equal(charsetMib('iso8859-15'), 111)
  t.equal(charsetMib('latin1'), 4)
  t.equal(charsetMib('ascii'), 3)
  t.equal(charsetMib('ANSI_X3.4-1968'), 3)
  t.equal(charsetMib('ucs-2'), 1000)
  t.equal(charsetMib('UTF16'), 1015)
  t.equal(charsetMib('utf-16BE'), 1013)
  t.equal(charsetMib('euc_kr'), 38)
  t.equal(charsetMib('EUCKR'), 38)
  t.equal(charsetMib('cp949'), 36)
  t.equal(charsetMib('KS_C_5601-1987'), 36)
  t.equal(charsetMib('cp1251'), 2251)
  t.equal(charsetMib('cp1258'), 2258)
  t.equal(charsetMib(' big5 '), 2026, 'surrounding spaces are ignored')
  t.equal(charsetMib('*'), undefined, 'Any-charset has no MIBenum of its own')
  t.equal(charsetMib('klingon'), undefined)
  t.equal(charsetMib(''), undefined)
})

t.test('ASCII fast path', async (t) => {
  for (const mib of [3, 4, 5, 12, 17, 106, 112, 2026, 2252]) {
    t.same(decodeCharset(ascii('Hello, world'), mib), { text: 'Hello, world', exact: true }, `${mib}`)
  }
  t.same(decodeCharset(new Uint8Array(0), 106), { text: '', exact: true })
  const wide = new Uint8Array([0xc3, 0x41, 0x42, 0xa9]).subarray(1, 3)
  t.same(decodeCharset(wide, 4), { text: 'AB', exact: true }, 'a view: only its own bytes count')
  t.same(decodeUtf8Text(wide), { text: 'AB', exact: true })
})

t.test('iso-8859-1 is Latin-1, not windows-1252; us-ascii has no high bytes', async (t) => {
  const c1 = hex('80 8a 9f')
  t.same(decodeCharset(c1, 4), { text: '\u0080\u008a\u009f', exact: true })
  t.same(decodeCharset(hex('43 61 66 e9'), 4), { text: 'Café', exact: true })
  t.same(decodeCharset(hex('ff'), 4), { text: 'ÿ', exact: true })
  t.same(decodeCharset(c1, 3), { text: '\ufffd\ufffd\ufffd', exact: false }, 'high bytes are not ASCII')
  t.same(decodeCharset(hex('43 61 66 e9'), 3), { text: 'Caf\ufffd', exact: false })
})

t.test('iso-8859-9: Latin-1 with six Turkish letters', async (t) => {
  t.same(decodeCharset(hex('d0 dd de f0 fd fe'), 12), { text: 'ĞİŞğış', exact: true })
  t.same(decodeCharset(hex('de 69 fe 6c 69 20 d0'), 12), { text: 'Şişli Ğ', exact: true })
  t.same(decodeCharset(hex('80 9f a0 c7 dc ff'), 12), { text: '\u0080\u009f\u00a0ÇÜÿ', exact: true }, 'C1 controls stay')
})

t.test('iso-8859-16', async (t) => {
  t.same(decodeCharset(hex('aa 74 69 69 6e fe e3'), 112), { text: 'Știință', exact: true })
  t.same(decodeCharset(hex('a4 a1 a3 bc be d5 de'), 112), { text: '€ĄŁŒŸŐȚ', exact: true })
  t.same(decodeCharset(hex('80 a0 a7 c0 ff'), 112), { text: '\u0080\u00a0§Àÿ', exact: true })
})

t.test('utf-8', async (t) => {
  t.same(decodeCharset(hex('c3 a9 74 c3 a9'), 106), { text: 'été', exact: true })
  t.same(decodeCharset(hex('e2 82 ac'), 106), { text: '€', exact: true })
  t.same(decodeCharset(hex('f0 9f 98 80'), 106), { text: '😀', exact: true })
  t.same(decodeCharset(hex('ef bb bf 41'), 106), { text: 'A', exact: true }, 'BOM stripped')
  t.same(decodeCharset(hex('41 ff 42'), 106), { text: 'A\ufffdB', exact: false }, 'invalid byte')
  t.same(decodeCharset(hex('41 e2 82'), 106), { text: 'A\ufffd', exact: false }, 'truncated sequence')
  t.equal(decodeCharset(hex('ed a0 80'), 106).exact, false, 'encoded surrogate')
  t.same(decodeCharset(hex('c3 a9'), 106), { text: 'é', exact: true }, 'the decoder recovers after an error')
})

t.test('decodeUtf8Text', async (t) => {
  t.same(decodeUtf8Text(ascii('Subject')), { text: 'Subject', exact: true })
  t.same(decodeUtf8Text(new Uint8Array(0)), { text: '', exact: true })
  t.same(decodeUtf8Text(hex('c3 a9')), { text: 'é', exact: true })
  t.same(decodeUtf8Text(hex('ef bb bf 41')), { text: 'A', exact: true })
  t.same(decodeUtf8Text(hex('e9 74 e9')), { text: '\ufffdt\ufffd', exact: false }, 'Latin-1 is not UTF-8')
})

t.test('utf-16 and iso-10646-ucs-2: BOM sniffing, big-endian by default', async (t) => {
  for (const mib of [1015, 1000]) {
    t.same(decodeCharset(hex('fe ff 00 41'), mib), { text: 'A', exact: true }, `${mib} BE BOM`)
    t.same(decodeCharset(hex('ff fe 41 00'), mib), { text: 'A', exact: true }, `${mib} LE BOM`)
    t.same(decodeCharset(hex('00 41 00 42'), mib), { text: 'AB', exact: true }, `${mib} no BOM: BE`)
    t.same(decodeCharset(hex('fe ff 00 41 00 42'), mib), { text: 'AB', exact: true })
    t.same(decodeCharset(hex('ff fe 41 00 42 00'), mib), { text: 'AB', exact: true })
    t.same(decodeCharset(hex('65 e5 67 2c'), mib), { text: '日本', exact: true })
    t.same(decodeCharset(hex('fe ff 00 41 fe ff'), mib), { text: 'A\ufeff', exact: true }, 'only a leading BOM is dropped')
    t.same(decodeCharset(hex('fe ff'), mib), { text: '', exact: true })
    t.same(decodeCharset(new Uint8Array(0), mib), { text: '', exact: true })
    t.same(decodeCharset(hex('00 41 00'), mib), { text: 'A\ufffd', exact: false }, 'odd byte count')
    t.same(decodeCharset(hex('ff fe 41 00 42'), mib), { text: 'A\ufffd', exact: false })
    t.same(decodeCharset(hex('d8 3d de 00'), mib), { text: '😀', exact: true }, 'surrogate pair')
    t.same(decodeCharset(hex('d8 3d 00 41'), mib), { text: '\ufffdA', exact: false }, 'lone surrogate')
  }
  t.same(decodeCharset(ascii('AB'), 1015), { text: '䅂', exact: true }, 'no ASCII fast path for UTF-16')
})

t.test('utf-16be and utf-16le', async (t) => {
  t.same(decodeCharset(hex('00 41 00 e9'), 1013), { text: 'Aé', exact: true })
  t.same(decodeCharset(hex('41 00 e9 00'), 1014), { text: 'Aé', exact: true })
  t.same(decodeCharset(hex('fe ff 00 41'), 1013), { text: 'A', exact: true }, 'own BOM dropped')
  t.same(decodeCharset(hex('ff fe 41 00'), 1014), { text: 'A', exact: true }, 'own BOM dropped')
  t.same(decodeCharset(hex('ff fe 00 41'), 1013), { text: '\ufffeA', exact: true }, 'no sniffing')
  t.same(decodeCharset(hex('41 00 42'), 1014), { text: 'A\ufffd', exact: false })
})

t.test('utf-32 and iso-10646-ucs-4', async (t) => {
  t.same(decodeCharset(hex('00 00 00 41 00 01 f6 00'), 1017), { text: 'A😀', exact: true }, 'no BOM: BE')
  t.same(decodeCharset(hex('00 00 fe ff 00 00 00 41'), 1017), { text: 'A', exact: true }, 'BE BOM')
  t.same(decodeCharset(hex('ff fe 00 00 41 00 00 00 00 f6 01 00'), 1017), { text: 'A😀', exact: true }, 'LE BOM')
  t.same(decodeCharset(hex('00 00 00 41 00 00 fe ff'), 1017), { text: 'A\ufeff', exact: true }, 'only a leading BOM')
  // Prefixes of the little-endian BOM are not one: read big-endian.
  t.same(decodeCharset(hex('ff 00 00 00'), 1017), { text: '\ufffd', exact: false })
  t.same(decodeCharset(hex('ff fe 01 00'), 1017), { text: '\ufffd', exact: false })
  t.same(decodeCharset(hex('ff fe 00 01'), 1017), { text: '\ufffd', exact: false })
  t.same(decodeCharset(hex('00 00 00 41'), 1018), { text: 'A', exact: true })
  t.same(decodeCharset(hex('00 00 00 41'), 1001), { text: 'A', exact: true }, 'UCS-4 is big-endian')
  t.same(decodeCharset(hex('41 00 00 00 ac 20 00 00'), 1019), { text: 'A€', exact: true })
  t.same(decodeCharset(hex('ff fe 00 00 41 00 00 00'), 1019), { text: 'A', exact: true }, 'own BOM dropped')
  t.same(decodeCharset(hex('00 11 00 00 00 00 00 41'), 1018), { text: '\ufffdA', exact: false }, 'beyond U+10FFFF')
  t.equal(decodeCharset(hex('00 00 d8 00 00 00 df ff'), 1018).exact, false, 'encoded surrogates are not text')
  t.same(decodeCharset(hex('00 00 00 41 00 00'), 1018), { text: 'A\ufffd', exact: false }, 'truncated')
  t.same(decodeCharset(hex('00 00'), 1017), { text: '\ufffd', exact: false })
  t.same(decodeCharset(new Uint8Array(0), 1017), { text: '', exact: true })
  t.same(decodeCharset(ascii('ABCD'), 1018), { text: '\ufffd', exact: false }, 'no ASCII fast path for UTF-32')
  const view = new Uint8Array([0xff, 0, 0, 0, 0x42, 0xff]).subarray(1, 5)
  t.same(decodeCharset(view, 1018), { text: 'B', exact: true }, 'a view at an offset')
})

t.test('utf-7 (RFC 2152)', async (t) => {
  const utf7 = (text: string): ReturnType<typeof decodeCharset> => decodeCharset(ascii(text), 1012)
  t.same(utf7('+AGEAYgBj-'), { text: 'abc', exact: true })
  t.same(utf7('Hi Mom -+Jjo--!'), { text: 'Hi Mom -☺-!', exact: true }, 'RFC 2152 example')
  t.same(utf7('+ZeVnLIqe-'), { text: '日本語', exact: true }, 'RFC 2152 example')
  t.same(utf7('A+ImIDkQ.'), { text: 'A≢Α.', exact: true }, 'implicit end of base64, RFC 2152 example')
  t.same(utf7('+2DTdHg-'), { text: '𝄞', exact: true }, 'surrogate pair')
  t.same(utf7('1 +- 1 = 2'), { text: '1 + 1 = 2', exact: true })
  t.same(utf7('+AGE'), { text: 'a', exact: true }, 'base64 up to the end')
  t.same(utf7('plain text'), { text: 'plain text', exact: true })
  // iconv-lite's UTF-7 drops a stray '+' and leftover bits; UTF-7 has several encodings of a text,
  // so only a replaced or lone code unit marks a decoding inexact there.
  t.same(utf7('a+'), { text: 'a', exact: true }, 'stray plus at the end')
  t.same(utf7('+AGEA-'), { text: 'a', exact: true }, 'six leftover bits: a partial code unit')
  t.same(utf7('+2DQ-'), { text: '\ufffd', exact: false }, 'lone high surrogate')
  t.same(utf7('+3R4-x'), { text: '\ufffdx', exact: false }, 'lone low surrogate')
  t.same(decodeCharset(hex('41 e9 42'), 1012), { text: 'A\ufffdB', exact: false }, '8-bit byte')
})

t.test('multi-byte charsets through iconv-lite (ISO-2022-JP through TextDecoder)', async (t) => {
  const samples: Array<[number, string, string]> = [
    [17, '93 fa 96 7b 8c ea', '日本語'],
    [2024, '93 fa 96 7b 8c ea', '日本語'],
    [18, 'c6 fc cb dc b8 ec', '日本語'],
    [39, '1b 24 42 46 7c 4b 5c 1b 28 42', '日本'],
    [38, 'c7 d1 b1 b9 be ee', '한국어'],
    [36, 'c7 d1 b1 b9 be ee', '한국어'],
    [2026, 'a4 a4 a4 e5', '中文'],
    [2025, 'd6 d0 ce c4', '中文'],
    [113, 'd6 d0 ce c4', '中文'],
    [114, '81 30 89 35', 'Ü'],
  ]
  for (const [mib, bytes, text] of samples) {
    t.same(decodeCharset(hex(bytes), mib), { text, exact: true }, `${charsetName(mib)}: ${text}`)
    t.same(decodeCharset(hex(bytes), mib), { text, exact: true }, `${charsetName(mib)} again, from the cache`)
  }
  t.same(decodeCharset(hex('41 82'), 17), { text: 'A\ufffd', exact: false }, 'truncated Shift_JIS')
  t.same(decodeCharset(hex('93 fa'), 17), { text: '日', exact: true }, 'the decoder recovers after an error')
  t.same(decodeCharset(ascii('~{'), 2085), { text: '~{', exact: false }, 'hz-gb-2312 is no ASCII fast path')
})

t.test('single-byte charsets through iconv-lite', async (t) => {
  const samples: Array<[number, string, string]> = [
    [5, 'a3 f3 64 bc', 'Łódź'],
    [10, 'd9 ec dd e3 e1', 'Ωμέγα'],
    [2084, 'f0 d2 c9 d7 c5 d4', 'Привет'],
    [2088, 'f0 d2 c9 d7 a6 d4', 'Привіт'],
    [2251, 'cf f0 e8 e2 e5 f2', 'Привет'],
    [2109, 'e4 b7 c2', 'ไทย'],
    [2027, '8e', 'é'],
  ]
  for (const [mib, bytes, text] of samples) {
    t.same(decodeCharset(hex(bytes), mib), { text, exact: true }, `${charsetName(mib)}: ${text}`)
  }
  t.same(decodeCharset(hex('41 a5'), 6), { text: 'A\ufffd', exact: false }, 'a byte iso-8859-3 leaves unassigned')
})

t.test('windows-1252 (Node 20 TextDecoder reads it as Latin-1; iconv-lite does not)', async (t) => {
  t.same(decodeCharset(hex('80 93 94 85 99'), 2252), { text: '€“”…™', exact: true })
  t.same(decodeCharset(hex('8a 9a 8c 9c 9f'), 2252), { text: 'ŠšŒœŸ', exact: true })
  t.same(decodeCharset(hex('81 8d 8f 90 9d'), 2252), { text: '\ufffd\ufffd\ufffd\ufffd\ufffd', exact: false }, 'the five unassigned bytes')
  t.same(decodeCharset(hex('43 61 66 e9 a0 ff'), 2252), { text: 'Café\u00a0ÿ', exact: true })
})

t.test('unknown and undecodable charsets: lenient UTF-8, inexact', async (t) => {
  t.same(decodeCharset(ascii('Hello'), 9999), { text: 'Hello', exact: false }, 'unknown MIBenum')
  t.same(decodeCharset(hex('c3 a9'), 9999), { text: 'é', exact: false })
  t.same(decodeCharset(ascii('Hello'), 0), { text: 'Hello', exact: false }, 'Any-charset is not a charset')
  t.same(decodeCharset(ascii('Hello'), -1), { text: 'Hello', exact: false })
  t.same(decodeCharset(hex('ff'), 9999), { text: '\ufffd', exact: false })
  for (const mib of [37, 40, 1004]) {
    t.same(decodeCharset(hex('c3 a9'), mib), { text: 'é', exact: false }, `${charsetName(mib)}`)
    t.same(decodeCharset(hex('c3 a9'), mib), { text: 'é', exact: false }, `${charsetName(mib)} again, from the cache`)
  }
  const iso2022kr = hex('1b 24 29 43 0e 47 51 31 39 0f')
  t.equal(decodeCharset(iso2022kr, 37).exact, false, 'iso-2022-kr escapes are not passed as ASCII text')
})

t.test('encodeText: each family of charset, and what it cannot write', async (t) => {
  const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
  t.equal(hex(encodeText('aé', 106)), '61c3a9', 'UTF-8')
  t.equal(hex(encodeText('aé', 1015)), '006100e9', 'UTF-16: big-endian, no BOM')
  t.equal(hex(encodeText('a', 1017)), '00000061', 'UTF-32: big-endian, no BOM')
  t.equal(hex(encodeText('é', 4)), 'e9', 'ISO-8859-1 through iconv-lite')
  t.equal(decodeCharset(encodeText('Grüße', 1017), 1017).text, 'Grüße', 'read back')
  t.throws(() => encodeText('a', 9999), { code: 'ERR_MMSE_BAD_INPUT' }, 'a MIBenum no table names')
  t.throws(() => encodeText('€', 4), { code: 'ERR_MMSE_BAD_INPUT' }, 'a character the charset lacks')
  t.throws(() => encodeText('\ud800', 106), { code: 'ERR_MMSE_BAD_INPUT' }, 'a lone surrogate')
})
