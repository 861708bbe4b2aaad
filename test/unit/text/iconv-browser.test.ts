/**
 * lib/text/iconv-browser.ts, the browser's stand-in for iconv-lite, run in Node, whose
 * TextDecoder (with full ICU) knows the labels used here as browsers do.
 */
import t from 'tap'
import { canEncodeIconv as nodeCanEncode, decodeIconv as nodeDecode, encodeIconv as nodeEncode } from '../../../lib/text/iconv.js'
import { canEncodeIconv, decodeIconv, encodeIconv, registerIconv } from '../../../lib/text/iconv-browser.js'
import { hex } from '../../support/wire.js'

const octets = (bytes: Uint8Array | undefined): string | undefined => bytes === undefined ? undefined : Buffer.from(bytes).toString('hex')

t.test('Latin-1 and US-ASCII byte by byte, not as windows-1252', async t => {
  t.same(decodeIconv(hex('43 61 66 e9 80 9f'), 'iso-8859-1', 1), { text: 'Café\u0080\u009f', exact: true })
  t.same(decodeIconv(hex('41 42'), 'us-ascii', 1), { text: 'AB', exact: true })
  t.same(decodeIconv(hex('41 e9 80'), 'us-ascii', 1), { text: 'A\ufffd\ufffd', exact: false })
})

t.test('TextDecoder for the labels it knows', async t => {
  t.same(decodeIconv(hex('a3 f3 64 bc'), 'iso-8859-2', 1), { text: 'Łódź', exact: true })
  t.same(decodeIconv(hex('93 fa 96 7b 8c ea'), 'shift_jis', 1), { text: '日本語', exact: true })
  t.same(decodeIconv(hex('41 82'), 'shift_jis', 1), { text: 'A\ufffd', exact: false }, 'truncated: repaired, inexact')
  t.same(decodeIconv(hex('00 41 d8 3d de 00'), 'utf-16be', 2), { text: 'A😀', exact: true })
  t.same(decodeIconv(hex('41 00 42'), 'utf-16le', 2), { text: 'A\ufffd', exact: false })
})

t.test('bytes 0x80-0x9F as the charsets have them', async t => {
  t.same(decodeIconv(hex('cf f0 e8 e2 e5 f2'), 'windows-1251', 1), { text: 'Привет', exact: true })
  t.same(decodeIconv(hex('41 98'), 'windows-1251', 1), { text: 'A\ufffd', exact: false }, 'unassigned in windows-1251: not a C1 control')
  t.same(decodeIconv(hex('d0 dd de 80 9f'), 'iso-8859-9', 1), { text: 'ĞİŞ\u0080\u009f', exact: true }, 'ISO-8859-9 keeps its C1 controls')
})

t.test('what TextDecoder lacks, before and after mmse-charsets.js registers iconv-lite', async t => {
  const utf32 = hex('00 00 00 41')
  t.same(decodeIconv(utf32, 'utf-32be', 4), { text: '\u0000\u0000\u0000A', exact: false }, 'unregistered: lenient UTF-8, inexact')
  t.same(decodeIconv(hex('7e 7b'), 'hz-gb-2312', 1), { text: '~{', exact: false }, 'a label TextDecoder maps to replacement')
  t.equal(encodeIconv('日本', 'shift_jis'), undefined, 'unregistered: no encoder')
  t.equal(canEncodeIconv('shift_jis'), false, 'and none is said to be there')
  t.equal(canEncodeIconv('iso-8859-1'), true, 'Latin-1 is written without one')
  registerIconv({ canEncodeIconv: nodeCanEncode, decodeIconv: nodeDecode, encodeIconv: nodeEncode })
  t.equal(canEncodeIconv('shift_jis'), true)
  t.same(decodeIconv(utf32, 'utf-32be', 4), { text: 'A', exact: true })
  t.equal(octets(encodeIconv('日本', 'shift_jis')), '93fa967b')
  t.same(decodeIconv(hex('93 fa'), 'shift_jis', 1), { text: '日', exact: true }, 'TextDecoder still comes first')
})

t.test('writing Latin-1, US-ASCII and UTF-16 without iconv-lite', async t => {
  t.equal(octets(encodeIconv('Café', 'iso-8859-1')), '436166e9')
  t.equal(octets(encodeIconv('€', 'iso-8859-1')), '3f', 'beyond Latin-1: ? as iconv-lite writes, which the caller refuses')
  t.equal(octets(encodeIconv('Aé', 'us-ascii')), '413f')
  t.equal(octets(encodeIconv('A😀', 'utf-16be')), '0041d83dde00')
  t.equal(octets(encodeIconv('A😀', 'utf-16le')), '41003dd800de')
})
