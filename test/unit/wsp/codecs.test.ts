/**
 * The WSP basic encodings (WAP-230 §8.1.2, §8.4.2), read: every value whole, every strict prefix
 * asking for more, every malformed form refused with its code. Writing, and the agreement of the
 * two, is in codec-properties.test.ts.
 */
import t, { type Test } from 'tap'
import { MmseError } from '../../../lib/errors.js'
import { DecodeContext } from '../../../lib/wsp/context.js'
import { dateValue } from '../../../lib/wsp/date.js'
import { integerValue, longInteger, readLengthPrefixed, shortInteger, uintvar, valueLength } from '../../../lib/wsp/integers.js'
import { copyBytes } from '../../../lib/bytes/octets.js'
import { bounded, NEED_MORE } from '../../../lib/wsp/read.js'
import { skipValue } from '../../../lib/wsp/skip.js'
import { quotedString, textString, textValue, tokenText } from '../../../lib/wsp/strings.js'
import { versionValue } from '../../../lib/wsp/version.js'
import { hex } from '../../support/wire.js'
import { thrown, thrownCode } from '../../support/thrown.js'

type Primitive = (bytes: Uint8Array, pos: number, end: number) => { value: unknown, next: number }

const ctx = new DecodeContext(true)
const reader = (codec: { read: (b: Uint8Array, p: number, e: number, c: DecodeContext) => { value: unknown, next: number } }): Primitive =>
  (bytes, pos, end) => codec.read(bytes, pos, end, ctx)

/** Decodes `input` whole, then checks that every strict prefix asks for more bytes. */
function check (t: Test, name: string, decoder: Primitive, input: string, value: unknown, next?: number): void {
  const bytes = hex(input)
  const result = decoder(bytes, 0, bytes.length)
  const normalised = result.value instanceof Uint8Array ? Buffer.from(result.value).toString('latin1') : result.value
  t.same(normalised, value, `${name} ${input}`)
  t.equal(result.next, next ?? bytes.length, `${name} ${input}: next`)
  for (let end = 0; end < (next ?? bytes.length); end++) {
    t.equal(thrown(() => decoder(bytes, 0, end)), NEED_MORE, `${name} ${input}: prefix of ${end} needs more`)
  }
}

function malformed (t: Test, decoder: Primitive, input: string, code: string): void {
  const bytes = hex(input)
  const err = thrown(() => decoder(bytes, 0, bytes.length))
  t.ok(err instanceof MmseError, `${input} throws MmseError`)
  t.equal(thrownCode(() => decoder(bytes, 0, bytes.length)), code, `${input} -> ${code}`)
}

t.test('uintvar (WAP-230 §8.1.2)', async t => {
  check(t, 'uintvar', reader(uintvar), '00', 0)
  check(t, 'uintvar', reader(uintvar), '7f', 127)
  check(t, 'uintvar', reader(uintvar), '81 00', 128)
  check(t, 'uintvar', reader(uintvar), '8f ff ff ff 7f', 4294967295)
  check(t, 'uintvar', reader(uintvar), '80 01', 1) // padded: accepted
  malformed(t, reader(uintvar), '90 80 80 80 00', 'ERR_MMSE_BAD_UINTVAR') // above 2^32-1
  malformed(t, reader(uintvar), '81 80 80 80 80 00', 'ERR_MMSE_BAD_UINTVAR') // 6 octets
})

t.test('integers', async t => {
  check(t, 'short', reader(shortInteger), '80', 0)
  check(t, 'short', reader(shortInteger), 'ff', 127)
  malformed(t, reader(shortInteger), '7f', 'ERR_MMSE_BAD_INTEGER')
  check(t, 'long', reader(longInteger), '02 03 f7', 1015)
  check(t, 'long', reader(longInteger), '01 00', 0)
  check(t, 'long', reader(longInteger), '07 1f ff ff ff ff ff ff', Number.MAX_SAFE_INTEGER)
  check(t, 'long', reader(longInteger), '07 20 00 00 00 00 00 00', 2n ** 53n)
  check(t, 'long', reader(longInteger), '08 ff ff ff ff ff ff ff ff', 2n ** 64n - 1n)
  malformed(t, reader(longInteger), '00', 'ERR_MMSE_BAD_INTEGER')
  malformed(t, reader(longInteger), '1f 01', 'ERR_MMSE_BAD_INTEGER')
  malformed(t, reader(longInteger), '09 01 02 03 04 05 06 07 08 09', 'ERR_MMSE_BAD_INTEGER')
  check(t, 'integer', reader(integerValue), 'ea', 106)
  check(t, 'integer', reader(integerValue), '01 6a', 106)
})

t.test('lengths', async t => {
  check(t, 'value-length', reader(valueLength), '00', 0)
  check(t, 'value-length', reader(valueLength), '1e', 30)
  check(t, 'value-length', reader(valueLength), '1f 81 00', 128)
  malformed(t, reader(valueLength), '20', 'ERR_MMSE_BAD_VALUE_LENGTH')
  const inner = (b: Uint8Array, p: number, e: number, c: DecodeContext) => shortInteger.read(b, p, e, c).value
  check(t, 'length-prefixed', (b, p, e) => readLengthPrefixed(b, p, e, ctx, inner), '01 85', 5)
  malformed(t, (b, p, e) => readLengthPrefixed(b, p, e, ctx, inner), '00', 'ERR_MMSE_BAD_VALUE') // empty: the value overruns it
  t.throws(() => bounded(() => { throw new Error('other') }, hex('00'), 0, 1, ctx), /other/)
})

t.test('strings', async t => {
  check(t, 'text', reader(textString), '61 62 00', 'ab')
  check(t, 'text', reader(textString), '7f c3 a9 00', '\xc3\xa9') // quote stripped
  check(t, 'text', reader(textString), '00', '')
  check(t, 'token', reader(tokenText), '61 00', 'a')
  check(t, 'quoted', reader(quotedString), '22 3c 61 3e 00', '<a>')
  check(t, 'quoted', reader(quotedString), '22 61 22 00', 'a') // a stray closing quote is stripped
  check(t, 'quoted', reader(quotedString), '22 00', '')
  check(t, 'quoted', reader(quotedString), '61 00', 'a') // lenient: quote missing
  check(t, 'text-value', reader(textValue), '22 61 00', 'a')
  check(t, 'text-value', reader(textValue), '62 00', 'b')
})

t.test('dates and versions', async t => {
  check(t, 'date', reader(dateValue), '04 5f 5e 10 00', new Date('2020-09-13T12:26:40Z'))
  malformed(t, reader(dateValue), '08 ff ff ff ff ff ff ff ff', 'ERR_MMSE_BAD_VALUE')
  malformed(t, reader(dateValue), '06 ff ff ff ff ff ff', 'ERR_MMSE_BAD_VALUE')
  check(t, 'version', reader(versionValue), '90', '1.0')
  check(t, 'version', reader(versionValue), '93', '1.3')
  check(t, 'version', reader(versionValue), '9f', '1')
  check(t, 'version', reader(versionValue), '31 2e 35 00', '1.5')
})

t.test('skipValue follows the shape of the first octet (§8.4.1.2)', async t => {
  const skip = (input: string) => { const b = hex(input); return skipValue(b, 0, b.length, ctx) }
  t.equal(skip('85'), 1)
  t.equal(skip('02 aa bb'), 3)
  t.equal(skip('1f 02 aa bb'), 4)
  t.equal(skip('61 62 00'), 3)
  t.equal(thrown(() => skip('03 aa')), NEED_MORE)
  t.equal(thrown(() => skip('61 62')), NEED_MORE)
})

t.test('copyBytes copies', async t => {
  const source = hex('01 02')
  const copy = copyBytes(source.subarray(0, 1))
  source[0] = 9
  t.same([...copy], [1])
})
