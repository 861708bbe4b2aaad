/**
 * Arguments of the wrong type at every public push function: one ERR_MMSE_INVALID_ARGUMENT
 * that names the parameter and what it got, never a TypeError from inside; and bytes taken in
 * every form a caller holds them (any ArrayBufferView, an ArrayBuffer, a SharedArrayBuffer).
 */
import { runInNewContext } from 'node:vm'
import t from 'tap'
import { bytesOf, toBytes } from '../../../lib/bytes/argument.js'
import {
  buildNotificationInd, buildPapSubmission, decodeAssembled, decodePush, encode, encodePush, encodeUserDataHeader,
  parsePapResponse, parseUserData, PushAssembler, segmentPush,
} from '../../../lib/index.js'
import { caught } from '../../support/thrown.js'

const NOTIFICATION = encode(buildNotificationInd({ transactionId: 'T-1', contentLocation: 'http://mmsc.example/m/1', messageSize: 1 }))
const PUSH = encodePush({ body: NOTIFICATION })
const SEGMENT = segmentPush(PUSH)[0] as Uint8Array
const RESPONSE = '<pap><push-response push-id="1"><response-result code="1000"/></push-response></pap>'

const NOT_OBJECT: unknown[] = [null, undefined, 'text', 42, true, [1, 2], () => {}, Symbol('s'), 10n]
/** An object with a length is array-like, still no bytes. */
const NOT_BYTES = [...NOT_OBJECT, { length: 3 }]
const any = (value: unknown): never => value as never

t.test('every push function names the argument that is not bytes or not an object', async t => {
  const calls: Array<[string, string, (value: unknown) => unknown, unknown[]]> = [
    ['decodePush', 'bytes', v => decodePush(any(v)), NOT_BYTES],
    ['decodePush options', 'options', v => decodePush(PUSH, any(v)), NOT_OBJECT.filter(v => v !== undefined)],
    ['decodeAssembled', 'assembled', v => decodeAssembled(any(v)), NOT_OBJECT],
    ['decodeAssembled header', 'assembled.header', v => decodeAssembled(any({ header: v, payload: PUSH })), [null, 'x']],
    ['decodeAssembled payload', 'assembled.payload', v => decodeAssembled(any({ header: { elements: [] }, payload: v })), [null, 'x', [1]]],
    ['decodeAssembled options', 'options', v => decodeAssembled(any({ header: { elements: [] }, payload: PUSH }), any(v)), [null, 'x']],
    ['PushAssembler', 'options', v => new PushAssembler(any(v)), [null, 64, 'x']],
    ['PushAssembler.add', 'userData', v => new PushAssembler().add(any(v)), NOT_BYTES],
    ['PushAssembler.add originator', 'originator', v => new PushAssembler().add(SEGMENT, any(v)), [null, 42, {}]],
    ['parseUserData', 'bytes', v => parseUserData(any(v)), NOT_BYTES],
    ['encodeUserDataHeader', 'header', v => encodeUserDataHeader(any(v)), NOT_OBJECT],
    ['encodePush', 'push', v => encodePush(any(v)), NOT_OBJECT],
    ['segmentPush', 'pdu', v => segmentPush(any(v)), NOT_BYTES],
    ['segmentPush options', 'options', v => segmentPush(PUSH, any(v)), [null, 'x', 8]],
    ['buildPapSubmission', 'input', v => buildPapSubmission(any(v)), NOT_OBJECT],
    ['parsePapResponse', 'xml', v => parsePapResponse(any(v)), NOT_BYTES.filter(v => typeof v !== 'string')],
  ]
  for (const [what, field, call, values] of calls) {
    for (const value of values) {
      const got = caught(() => call(value))
      t.match(got, { code: 'ERR_MMSE_INVALID_ARGUMENT', field, message: new RegExp(`^${field.replace('.', '\\.')} must be `) }, `${what}(${typeof value === 'symbol' ? 'symbol' : typeof value === 'bigint' ? 'bigint' : JSON.stringify(value) ?? String(value)})`)
    }
  }
})

t.test('the message says what was expected and what came', async t => {
  t.equal((caught(() => decodePush(any(null))) as { message: string }).message, 'bytes must be an ArrayBufferView or ArrayBuffer, not null')
  t.equal((caught(() => decodePush(any(undefined))) as { message: string }).message, 'bytes must be an ArrayBufferView or ArrayBuffer, not undefined')
  t.match(caught(() => decodePush(any('x'.repeat(30)))), { message: /not a string \("x{20}"\.\.\.\)$/ })
  t.match(caught(() => decodePush(any('abc'))), { message: /not a string \("abc"\)$/ })
  t.match(caught(() => decodePush(any(42))), { message: /not number 42$/ })
  t.match(caught(() => decodePush(any([1]))), { message: /not an array$/ })
  t.match(caught(() => decodePush(any(new Map()))), { message: /not an object \(Map\)$/ })
  t.match(caught(() => decodePush(any(Object.create(null)))), { message: /not an object \(no prototype\)$/ })
  t.match(caught(() => decodePush(any(() => {}))), { message: /not a function$/ })
  t.match(caught(() => encodePush(any(7))), { message: /^push must be an object, not number 7$/ })
})

t.test('bytes in every form: typed arrays, DataView, ArrayBuffer, SharedArrayBuffer, another realm', async t => {
  const copy = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  const shared = new SharedArrayBuffer(PUSH.length)
  new Uint8Array(shared).set(PUSH)
  const padded = new Uint8Array(PUSH.length + 8)
  padded.set(PUSH, 4)
  const forms: Array<[string, unknown]> = [
    ['Buffer', Buffer.from(PUSH)],
    ['Uint8Array view at an offset', padded.subarray(4, 4 + PUSH.length)],
    ['DataView at an offset', new DataView(padded.buffer, 4, PUSH.length)],
    ['Int8Array', new Int8Array(copy(PUSH))],
    ['ArrayBuffer', copy(PUSH)],
    ['SharedArrayBuffer', shared],
    ['ArrayBuffer of another realm', runInNewContext(`new Uint8Array([${PUSH.join(',')}]).buffer`)],
  ]
  if (PUSH.length % 2 === 0) forms.push(['Uint16Array', new Uint16Array(copy(PUSH))])
  const expected = decodePush(PUSH).message?.headers.contentLocation
  for (const [what, form] of forms) {
    t.equal(decodePush(form as Uint8Array).message?.headers.contentLocation, expected, what)
    t.same(Buffer.from(toBytes(form, 'x')), Buffer.from(PUSH), `${what}: the same octets`)
  }
  const view = padded.subarray(4, 4 + PUSH.length)
  t.equal(toBytes(view, 'x'), view, 'a Uint8Array is taken as it is')
  t.equal(toBytes(new DataView(padded.buffer), 'x').buffer, padded.buffer, 'a view shares its buffer: no copy')
  t.equal(bytesOf('x'), undefined)
})

t.test('push functions take those forms too', async t => {
  const buffer = PUSH.buffer.slice(PUSH.byteOffset, PUSH.byteOffset + PUSH.byteLength) as ArrayBuffer
  const segment = SEGMENT.buffer.slice(SEGMENT.byteOffset, SEGMENT.byteOffset + SEGMENT.byteLength) as ArrayBuffer
  t.same(segmentPush(new DataView(buffer)), segmentPush(PUSH), 'segmentPush')
  t.equal(parseUserData(segment).payload.length, PUSH.length, 'parseUserData')
  t.equal(decodePush(segment, { udh: true }).message?.headers.contentLocation, 'http://mmsc.example/m/1', 'decodePush with udh')
  t.not(new PushAssembler().add(segment), null, 'PushAssembler.add')
  t.same(encodePush({ body: new DataView(NOTIFICATION.buffer, NOTIFICATION.byteOffset, NOTIFICATION.byteLength) as never }), PUSH, 'encodePush body')
  const submission = buildPapSubmission({ pushId: 'p', addresses: ['+1555'], content: { body: new Uint8Array(NOTIFICATION).buffer as never }, boundary: 'b' })
  t.ok(Buffer.from(submission.body).includes(Buffer.from(NOTIFICATION)), 'buildPapSubmission content body')
  t.equal(parsePapResponse(new TextEncoder().encode(RESPONSE).buffer).code, 1000, 'parsePapResponse')
})

t.test('members of an encoder input stay ERR_MMSE_BAD_INPUT with their field', async t => {
  t.match(caught(() => encodePush(any({ body: 'text' }))), { code: 'ERR_MMSE_BAD_INPUT', field: 'body' })
  t.match(caught(() => encodeUserDataHeader(any({ ports: null }))), { code: 'ERR_MMSE_BAD_INPUT', field: 'UDH' })
  t.match(caught(() => encodeUserDataHeader(any({ concat: 7 }))), { code: 'ERR_MMSE_BAD_INPUT', field: 'UDH' })
  t.match(caught(() => buildPapSubmission(any({ pushId: 'p', addresses: ['+1'], content: { body: null } }))), { code: 'ERR_MMSE_BAD_INPUT', field: 'content' })
})
