/**
 * Every option checked where it is given, by its one rule: a bad value, or a name no option has,
 * fails the call or the constructor with ERR_MMSE_BAD_OPTION whose `field` and message name the
 * option, before a byte is read or an event emitted; undefined is the default.
 */
import t, { type Test } from 'tap'
import {
  buildSendReq, decode, decodePush, DEFAULT_LIMITS, encode, encodePush, MmseEncoder, type MmseEvent, MmseParser,
  parsePapResponse, PushAssembler,
} from '../../../lib/index.js'
import { caught } from '../../support/thrown.js'

const any = (value: unknown): never => value as never

const MESSAGE = encode(buildSendReq({
  transactionId: 'T-1', from: '+15550001111', to: '+15550002222',
  parts: [{ contentType: 'text/plain', data: 'hello' }],
}))
const HEADERS = { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0) } as const

const label = (value: unknown): string => typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value)
const NOT_BOOLEAN: unknown[] = ['yes', 1, 0, null, {}, []]
const NOT_COUNT: unknown[] = [NaN, -1, 1.5, '64', null, true, {}, Infinity]
const NOT_LIMIT: unknown[] = [NaN, -1, 1.5, '64', null, {}, -Infinity]

/** Each entry x option x value: ERR_MMSE_BAD_OPTION naming the option. */
function refuses (t: Test, what: string, call: (options: Record<string, unknown>) => unknown, options: Record<string, unknown[]>): void {
  for (const [name, values] of Object.entries(options)) {
    for (const value of values) {
      const path = name.split('.')
      const option = path.length === 2 ? { [path[0] as string]: { [path[1] as string]: value } } : { [name]: value }
      t.match(caught(() => call(option)), { code: 'ERR_MMSE_BAD_OPTION', field: name, message: new RegExp(`^${name.replace('.', '\\.')} must be `) }, `${what} ${name}: ${label(value)}`)
    }
  }
}

const DECODE_BAD: Record<string, unknown[]> = {
  strict: NOT_BOOLEAN,
  nestedMultipart: NOT_BOOLEAN,
  nestedMessages: NOT_BOOLEAN,
  decodeTransferEncoding: NOT_BOOLEAN,
  limits: ['x', 5, null, [1], true],
  ...Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((name) => [`limits.${name}`, NOT_LIMIT])),
}

t.test('decode() and MmseParser check every decoding option', async t => {
  refuses(t, 'decode', (options) => decode(MESSAGE, options), DECODE_BAD)
  refuses(t, 'MmseParser', (options) => new MmseParser(options), DECODE_BAD)
  refuses(t, 'decodePush', (options) => decodePush(encodePush({ body: MESSAGE }), options), { ...DECODE_BAD, udh: NOT_BOOLEAN })
  t.match(caught(() => decode(MESSAGE, any({ limits: 'x' }))), { message: 'limits must be an object, not a string ("x")' })
})

t.test('the parser checks its own options in its constructor', async t => {
  refuses(t, 'MmseParser', (options) => new MmseParser(options), {
    highWaterMark: [...NOT_COUNT, 0],
    partHighWaterMark: NOT_COUNT,
    smallParts: NOT_COUNT,
  })
  t.match(caught(() => new MmseParser(any({ partHighWaterMark: NaN }))), { message: 'partHighWaterMark must be an integer >= 0, not number NaN' })
})

t.test('encode() and MmseEncoder check theirs', async t => {
  const message = decode(MESSAGE)
  const ENCODE_BAD = { checkMandatory: NOT_BOOLEAN, charset: ['klingon', 3.5, -1, 99999, null, {}, true], forms: ['short', 'Shortest', 1, null, true] }
  refuses(t, 'encode', (options) => encode(message, options), { ...ENCODE_BAD, transferEncoding: NOT_BOOLEAN })
  refuses(t, 'MmseEncoder', (options) => new MmseEncoder(HEADERS, options), { ...ENCODE_BAD, highWaterMark: NOT_COUNT, parts: ['x', {}, null, 5] })
  t.match(caught(() => encode(message, any({ forms: 'short' }))), { code: 'ERR_MMSE_BAD_OPTION', field: 'forms', message: "forms must be 'compatible' or 'shortest', not a string (\"short\")" })
  t.match(caught(() => new MmseEncoder(HEADERS, any({ transferEncoding: true }))), { field: 'transferEncoding', message: /^unknown option transferEncoding/ }, 'a stream encoder writes its part bodies as given')
  t.equal(encode(message, { forms: 'compatible', transferEncoding: false }).length, encode(message).length, 'the defaults, given')
  t.equal(encode(message, { charset: 'latin1', checkMandatory: false }).length, MESSAGE.length, 'a known charset by name')
  t.equal(encode(message, { charset: 106 }).length, MESSAGE.length, 'and by MIBenum')
})

t.test('a name no option has is refused, with the nearest one', async t => {
  t.match(caught(() => decode(MESSAGE, any({ limits: { maxPart: 5 } }))), { code: 'ERR_MMSE_BAD_OPTION', field: 'limits.maxPart', message: 'unknown option limits.maxPart (did you mean limits.maxParts?)' })
  t.match(caught(() => decode(MESSAGE, any({ Strict: true }))), { field: 'Strict', message: 'unknown option Strict (did you mean strict?)' })
  t.match(caught(() => decode(MESSAGE, any({ verbose: true }))), { field: 'verbose', message: 'unknown option verbose' })
  t.match(caught(() => decode(MESSAGE, any({ partHighWaterMark: 5 }))), { field: 'partHighWaterMark', message: /^unknown option partHighWaterMark/ }, "a parser's option is no decode() option")
  t.match(caught(() => new MmseParser(any({ smallPart: 5 }))), { field: 'smallPart', message: 'unknown option smallPart (did you mean smallParts?)' })
  t.match(caught(() => new MmseParser(any({ constructor: 5 }))), { field: 'constructor', message: /^unknown option constructor/ })
  t.match(caught(() => encode(decode(MESSAGE), any({ checkMandatroy: false }))), { field: 'checkMandatroy', message: 'unknown option checkMandatroy (did you mean checkMandatory?)' })
  t.match(caught(() => new MmseEncoder(HEADERS, any({ highwatermark: 5 }))), { field: 'highwatermark', message: 'unknown option highwatermark (did you mean highWaterMark?)' })
  t.match(caught(() => decodePush(encodePush({ body: MESSAGE }), any({ udhi: true }))), { field: 'udhi', message: 'unknown option udhi (did you mean udh?)' })
  t.match(caught(() => new PushAssembler(any({ maxPendings: 5 }))), { field: 'maxPendings', message: 'unknown option maxPendings (did you mean maxPending?)' })
  t.match(caught(() => parsePapResponse('<pap/>', any({ maxByte: 5 }))), { field: 'maxByte', message: 'unknown option maxByte (did you mean maxBytes?)' })
  t.equal(new PushAssembler(any({ maxPending: undefined })).constructor, PushAssembler, 'undefined is the default there too')
})

t.test('undefined is the default, and valid options still decode', async t => {
  const plain = decode(MESSAGE)
  t.same(decode(MESSAGE, any({ strict: undefined, limits: { maxParts: undefined, maxDepth: 2 } })).headers, plain.headers)
  t.throws(() => decode(MESSAGE, { limits: { maxParts: 0 } }), { code: 'ERR_MMSE_LIMIT_PARTS' }, 'a limit given is applied')
  t.same(decode(MESSAGE, { limits: { maxPartSize: Infinity } }).headers, plain.headers, 'Infinity is no limit')
  t.ok(new MmseParser({ highWaterMark: 1, partHighWaterMark: 0, smallParts: 0, strict: false }))
})

t.test('a bad parser option fails before any event', async t => {
  let events = 0
  const make = (): MmseParser => {
    const parser = new MmseParser(any({ partHighWaterMark: -1 }))
    parser.on('header', () => events++)
    return parser
  }
  t.throws(make, { code: 'ERR_MMSE_BAD_OPTION', field: 'partHighWaterMark' })
  t.equal(events, 0)
})

t.test('part.text(maxBytes) takes a whole number of bytes >= 1 or nothing', async t => {
  for (const value of [NaN, -1, 0, 1.5, '10', Infinity, null]) {
    const parser = new MmseParser()
    parser.end(MESSAGE)
    for await (const event of parser.events() as AsyncIterable<MmseEvent>) {
      if (event.type !== 'part') continue
      await t.rejects(event.part.text(any(value)), { code: 'ERR_MMSE_BAD_OPTION', field: 'maxBytes', message: /^maxBytes must be an integer >= 1/ }, `text(${label(value)})`)
      t.equal(await event.part.text(undefined), 'hello', 'the part is still whole to read')
    }
  }
})
