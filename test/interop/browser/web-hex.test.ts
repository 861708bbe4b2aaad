/**
 * The inspector's hex paste (web/src/hex-input.ts): every form the page promises to read gives
 * the same bytes, offsets are checked, and what is not hex is reported with its line. Runs in
 * Node: the parser is plain TypeScript with no DOM.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { HexInputError, MAX_HEX_BYTES, MAX_HEX_CHARS, parseHexDump } from '../../../web/src/hex-input.js'
import { cArray, hexdumpC, logcat, xxd } from '../../support/browser-dumps.js'

const SAMPLE = new URL('../../../examples/sample.mms', import.meta.url)
const sample = new Uint8Array(readFileSync(SAMPLE))
const hex = Buffer.from(sample).toString('hex')

function same (t: Test, text: string, expected: Uint8Array, name: string): void {
  t.equal(Buffer.from(parseHexDump(text)).toString('hex'), Buffer.from(expected).toString('hex'), name)
}

t.test('every promised form gives the same bytes', async t => {
  const spaced = hex.match(/../g) as string[]
  same(t, hex, sample, 'plain')
  same(t, hex.toUpperCase(), sample, 'upper case')
  same(t, spaced.join(' '), sample, 'spaced')
  same(t, `0x${hex}`, sample, 'one 0x run')
  same(t, cArray(sample), sample, '0x list with commas')
  same(t, `unsigned char pdu[] = {\n${cArray(sample)}\n};\nunsigned int pdu_len = ${sample.length};`, sample, 'xxd -i style C array')
  same(t, `byte[] pdu = new byte[] { ${spaced.map(x => `(byte)0x${x}`).join(', ')} };`, sample, 'Java array')
  same(t, spaced.map(x => `\\x${x}`).join(''), sample, '\\x escapes')
  same(t, hexdumpC(sample), sample, 'hexdump -C')
  same(t, xxd(sample), sample, 'xxd')
  same(t, logcat(sample), sample, 'hexdump -C behind logcat threadtime prefixes')
  same(t, spaced.map((x, i) => `${i % 16 === 0 ? `${i > 0 ? '\n' : ''}${i.toString(16).padStart(4, '0')}: ` : ' '}${x}`).join(''), sample, '0000: offsets')
  same(t, (hex.match(/.{1,32}/g) as string[]).map(line => `D/MmsLog( 1234): pdu: ${line}`).join('\n'), sample, 'plain hex behind logcat brief prefixes and a label')
  same(t, (hex.match(/.{1,32}/g) as string[]).map(line => `2026-11-25 10:15:42.001  1000  1000 I Mms     : ${line}`).join('\r\n'), sample, 'logcat -v year, CRLF')
})

t.test('real tools agree with the support formatters, where installed', async t => {
  for (const [tool, args, format] of [['hexdump', ['-C'], hexdumpC], ['xxd', [], xxd]] as const) {
    let out: string
    try {
      out = execFileSync(tool, [...args, SAMPLE.pathname], { encoding: 'utf8' })
    } catch {
      t.comment(`${tool} is not installed: its comparison is skipped`)
      continue
    }
    t.equal(out, format(sample), `${tool} ${args.join(' ')} output equals the formatter's`)
    same(t, out, sample, `${tool} output reads back`)
  }
})

t.test('dump details: repeats, partial last lines, ASCII columns that look like hex', async t => {
  const zeros = new Uint8Array(100)
  zeros[99] = 1
  same(t, hexdumpC(zeros), zeros, '"*" repeats the previous line up to the next offset')
  const cafe = new TextEncoder().encode('cafe babe ab')
  same(t, xxd(cafe), cafe, 'an xxd ASCII column made of hex letters is not read as bytes')
  same(t, hexdumpC(cafe), cafe, 'a hexdump -C ASCII column made of hex letters is not read as bytes')
  const wireshark = '0000   8c 80 98 31 00 8d 90 84  a3 01 74 65 78 74 2f 70   ...1......text/p\n0010   6c 61 69 6e 00                                    lain.'
  same(t, wireshark, Buffer.from('8c809831008d9084a3017465787' + '42f706c61696e00', 'hex'), "Wireshark's Copy as Hex Dump")
  const od = '0000000 8c 84 98 31\n0000004 32 00\n0000006\n'
  same(t, od, Buffer.from('8c8498313200', 'hex'), 'od -Ax -tx1 with its end offset')
  same(t, '0x8c, 0x0, 0x1', Buffer.from('8c0001', 'hex'), 'a one-digit 0x value is one octet')
  const spaceFirst = Uint8Array.from([...new TextEncoder().encode('x'.repeat(16)), 0x20, 0x41, 0x42])
  same(t, xxd(spaceFirst), spaceFirst, 'the last line\'s ASCII column (" AB") is where the earlier lines had theirs')
  same(t, '00000000  20 67 20 68   g h', Uint8Array.from([0x20, 0x67, 0x20, 0x68]), 'a one-line dump whose ASCII column starts with a space')
  same(t, '00: 8c\n01: 84', Uint8Array.from([0x8c, 0x84]), 'short offsets with colons')
})

t.test('problems are reported with their line', async t => {
  const cases: Array<[string, RegExp, number]> = [
    ['', /no hex digits/, 1],
    ['8c 84\n8c 8', /odd number/, 2],
    ['8c 84 zz', /"zz" is not hex/, 1],
    ['00000000  8c 84 98 80\n00000008  01 02', /4 bytes, but the next offset says 8/, 1],
    ['0000: 8c 84\n01 02\n0003: 05', /offset 0x3, but 4 bytes came before it/, 3],
    ['0000: 8c 84 zz\n0004: 00', /"zz" is not hex \(the next offset says 4 bytes/, 1],
    ['00000000  8c 84\n*\n', /"\*" is not followed by an offset/, 2],
    ['*\n00000010  8c 84', /"\*" repeats nothing/, 2],
    ['0000: 8c84 9880\n0003: 01', /4 bytes, but the next offset says 3/, 1],
  ]
  for (const [text, message, line] of cases) {
    t.throws(() => parseHexDump(text), { name: 'HexInputError', message, line }, JSON.stringify(text))
  }
  t.throws(() => parseHexDump('0'.repeat(MAX_HEX_CHARS + 1)), new HexInputError(`more than ${MAX_HEX_CHARS} characters`, 1), 'the text is bounded')
  t.throws(() => parseHexDump('00000000  00 00\n*\n40000000'), new HexInputError(`"*" stands for more than ${MAX_HEX_BYTES} bytes`, 3), 'a "*" may not expand without bound')
})
