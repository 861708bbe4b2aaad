/**
 * How the inspector's tree shows decoded values (web/src/format.ts): each typed shape of
 * lib/types.ts by its fields, anything else generically, long values cut.
 */
import t from 'tap'
import { formatValue, hex, MAX_VALUE_CHARS } from '../../../web/src/format.js'

t.test('typed shapes', async t => {
  const cases: Array<[unknown, string]> = [
    [undefined, ''],
    [null, ''],
    ['text', 'text'],
    [42, '42'],
    [2n ** 64n, '18446744073709551616'],
    [true, 'yes'],
    [false, 'no'],
    [new Date(0), '1970-01-01T00:00:00.000Z'],
    [new Date(Number.NaN), 'invalid date'],
    [Uint8Array.from([0x8c, 0x84]), '0x8c84'],
    [['a', 1], 'a, 1'],
    [{ text: 'Grüße', charset: 'utf-8', mib: 106 }, 'Grüße (utf-8)'],
    [{ text: 'Hi' }, 'Hi'],
    [{ address: '+1555', type: 'PLMN', raw: '+1555/TYPE=PLMN' }, '+1555/TYPE=PLMN'],
    [{ insertAddress: true }, 'insert-address-token (the MMSC inserts the sender)'],
    [{ mediaType: 'text/plain', params: { charset: 'utf-8', q: true } }, 'text/plain; charset=utf-8; q=yes'],
    [{ mediaType: 'text/plain', params: null }, 'text/plain'],
    [{ disposition: 'attachment', params: { filename: 'a.jpg' } }, 'attachment; filename=a.jpg'],
    [{ name: 'ok', code: 128 }, 'ok (0x80)'],
    [{ absolute: new Date(0) }, '1970-01-01T00:00:00.000Z'],
    [{ relative: 86400 }, 'in 86400 s'],
    [{ unit: 'messages', value: 3 }, 'unit: messages; value: 3'],
    [Symbol.for('x'), 'Symbol(x)'],
  ]
  for (const [value, expected] of cases) t.equal(formatValue(value), expected, expected)
})

t.test('long values are cut', async t => {
  t.equal(formatValue('x'.repeat(MAX_VALUE_CHARS + 10)), `${'x'.repeat(MAX_VALUE_CHARS)}…`)
  t.equal(hex(new Uint8Array(65)), `${'00'.repeat(64)}… (65 octets)`)
})
