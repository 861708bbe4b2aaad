/**
 * encodePush (WAP-230 §8.2.4): layouts written out from the specification, the inverse of
 * decodePush as a property over TIDs, both PDU types, content types, application ids in every
 * form and the push headers, and the bad inputs it refuses.
 */
import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import t from 'tap'
import {
  buildNotificationInd, decode, decodePush, encode, encodePush, PUSH_APPLICATION_IDS,
  type PushInput, type PushMessage,
} from '../../../lib/index.js'
import { refusal } from '../../support/thrown.js'

const NOTIFICATION = encode(buildNotificationInd({
  transactionId: 'T-1', contentLocation: 'http://mmsc.example/m/1', messageSize: 2048, expiry: { relative: 3600 },
}))
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

t.test('an m-notification-ind push: TID, 0x06, HeadersLen, 0xBE, X-Wap-Application-Id 0x84, body', async t => {
  const pdu = encodePush({ body: NOTIFICATION })
  t.equal(hex(pdu), `000603beaf84${hex(NOTIFICATION)}`, 'defaults: TID 0, Push, MMS content type, mms.ua')
  const decoded = decodePush(pdu)
  t.equal(decoded.applicationId, 'x-wap-application:mms.ua')
  t.same(decoded.message, decode(NOTIFICATION))
})

t.test('confirmed push, TID, textual and general-form content types, Uri-value and Long-integer application ids', async t => {
  t.equal(hex(encodePush({ tid: 0xfe, pduType: 'confirmed-push', body: NOTIFICATION })).slice(0, 12), 'fe0703beaf84')
  const si = encodePush({ contentType: 'application/vnd.wap.sic', applicationId: 'x-wap-application:push.sia', body: Buffer.from([0x02, 0x05]) })
  t.equal(hex(si), '000603aeaf810205', 'SI (0x2E) for push.sia (code 1)')
  const text = encodePush({ contentType: { mediaType: 'text/plain', params: { charset: 'utf-8' } }, body: Buffer.from('hi') })
  t.equal(hex(text), '000604038381ea6869', 'text/plain; charset=utf-8 in the general form (03 83 81 EA), no application id')
  const uri = encodePush({ contentType: 'application/x-example', applicationId: 'urn:example:app', body: new Uint8Array(0) })
  t.equal(hex(uri), `000627${Buffer.from('application/x-example\0').toString('hex')}af${Buffer.from('urn:example:app\0').toString('hex')}`)
  t.equal(decodePush(uri).applicationId, 'urn:example:app')
  const vendor = encodePush({ applicationId: 0x8002, body: NOTIFICATION })
  t.equal(hex(vendor).slice(0, 16), '000605beaf028002', 'a vendor code as a Long-integer')
  t.equal(decodePush(vendor).applicationId, 0x8002)
  t.equal(decodePush(encodePush({ applicationId: 4, body: NOTIFICATION })).applicationId, 'x-wap-application:mms.ua', 'a registry code')
  t.equal(hex(encodePush({ applicationId: 'X-WAP-Application:MMS.UA', body: NOTIFICATION })).slice(0, 12), '000603beaf84', 'URNs compare case-insensitively')
})

t.test('push headers: initiator URI, Content-Length, Date, Push-Flag, application headers, repeats, HeadersLen over 127', async t => {
  const headers = {
    'X-Wap-Initiator-URI': 'http://mmsc.example/',
    'content-length': NOTIFICATION.length,
    date: new Date(1_600_000_000_000),
    'push-flag': 2,
    'X-Operator': 'yes',
  }
  const pdu = encodePush({ body: NOTIFICATION, headers })
  const decoded = decodePush(pdu)
  t.same({ ...decoded.headers }, {
    'x-wap-application-id': 4,
    'x-wap-initiator-uri': 'http://mmsc.example/',
    'content-length': NOTIFICATION.length,
    date: new Date(1_600_000_000_000),
    'push-flag': 2,
    'x-operator': 'yes',
  })
  t.ok(Buffer.from(pdu).includes(Buffer.from('X-Operator\0yes\0')), 'an application header keeps the case it was given')
  const repeated = decodePush(encodePush({ body: NOTIFICATION, headers: { 'x-wap-content-uri': ['http://a/', 'http://b/'] } }))
  t.same(repeated.headers['x-wap-content-uri'], ['http://a/', 'http://b/'])
  const long = encodePush({ body: NOTIFICATION, headers: { 'x-wap-initiator-uri': `http://mmsc.example/${'x'.repeat(200)}` } })
  t.equal(hex(long.subarray(2, 4)), '8161', 'HeadersLen 225 as a two-octet uintvar')
  t.equal(decodePush(long).headers['x-wap-initiator-uri'], `http://mmsc.example/${'x'.repeat(200)}`)
})

t.test('X-Wap-Application-Id among the headers is written where it stands, once', async t => {
  const pdu = encodePush({ body: NOTIFICATION, headers: { 'content-length': 5, 'x-wap-application-id': 'x-wap-application:mms.ua' } })
  t.equal(hex(pdu.subarray(0, 7)), '00061dbe8d85af', 'Content-Length first, then the id as the Uri-value it was given')
  t.same(refusal(() => encodePush({ body: NOTIFICATION, applicationId: 'x-wap-application:wml.ua', headers: { 'X-Wap-Application-Id': 4 } })),
    { code: 'ERR_MMSE_BAD_INPUT', offset: 0, field: 'X-Wap-Application-Id' }, 'two different applications')
  t.equal(hex(encodePush({ body: NOTIFICATION, applicationId: 'x-wap-application:mms.ua', headers: { 'x-wap-application-id': 4 } })).slice(0, 12), '000603beaf84', 'the same one twice: written once')
})

t.test('Encoding-Version is written as a Version-value (0xC3 0x93 for 1.3)', async t => {
  const pdu = encodePush({ body: NOTIFICATION, headers: { 'encoding-version': '1.3' } })
  t.equal(hex(pdu.subarray(0, 8)), '000605beaf84c393', 'header code 0x43, version 1.3 as the Short-integer 0x93')
  t.equal(hex(encodePush({ body: NOTIFICATION, headers: { 'encoding-version': 'draft-2' } }).subarray(6, 15)), `c3${Buffer.from('draft-2\0').toString('hex')}`, 'a version that is no Short-integer goes as text')
})

t.test('decodePush reads Encoding-Version back as a version', async t => {
  const decoded = decodePush(encodePush({ body: NOTIFICATION, headers: { 'encoding-version': '1.3' } }))
  t.equal(decoded.headers['encoding-version'], '1.3')
})

t.test('bad inputs are ERR_MMSE_BAD_INPUT', async t => {
  const bad = (input: unknown) => refusal(() => encodePush(input as PushInput))
  t.match(bad({ tid: 256, body: NOTIFICATION }), { code: 'ERR_MMSE_BAD_INPUT', field: 'TID' })
  t.match(bad({ tid: -1, body: NOTIFICATION }), { code: 'ERR_MMSE_BAD_INPUT', field: 'TID' })
  t.match(bad({ tid: 1.5, body: NOTIFICATION }), { code: 'ERR_MMSE_BAD_INPUT', field: 'TID' })
  t.match(bad({ pduType: 'reply', body: NOTIFICATION }), { code: 'ERR_MMSE_BAD_INPUT', field: 'PDU type' })
  t.match(bad({ body: 'text' }), { code: 'ERR_MMSE_BAD_INPUT', field: 'body' })
  t.match(bad({ body: NOTIFICATION, headers: { 'Content-Type': 'text/plain' } }), { code: 'ERR_MMSE_BAD_INPUT', field: 'Content-Type' })
  t.match(bad({ body: NOTIFICATION, headers: { 'x-wap-initiator-uri': 'a\u0000b' } }), { code: 'ERR_MMSE_BAD_INPUT' }, 'NUL in a text')
  t.match(bad({ body: NOTIFICATION, applicationId: -1 }), { code: 'ERR_MMSE_BAD_INPUT' }, 'a negative code')
  t.match(bad({ body: NOTIFICATION, applicationId: true }), { code: 'ERR_MMSE_BAD_INPUT', field: 'X-Wap-Application-Id' }, 'neither a URI nor a code')
})

// Property: decodePush(encodePush(p)) gives p back.

const NOTIFICATIONS = [NOTIFICATION, encode(buildNotificationInd({
  transactionId: 'T-2', contentLocation: 'http://mmsc.example/m/2', messageSize: 1, subject: 'Grüße', from: '+15551234567/TYPE=PLMN',
}))]
const REGISTRY = [...PUSH_APPLICATION_IDS.values()]
const OTHER_TYPES = [
  'application/vnd.wap.sic', 'application/vnd.wap.sia', 'application/x-example',
  { mediaType: 'text/plain', params: { charset: 'utf-8' } }, { mediaType: 'application/vnd.wap.slc', params: {} },
]
const textHeader = (name: string) => fc.record({ [name]: fc.webUrl() })
const headerArbitrary = fc.tuple(
  fc.option(textHeader('x-wap-initiator-uri'), { nil: undefined }),
  fc.option(textHeader('x-wap-content-uri'), { nil: undefined }),
  fc.option(fc.record({ 'content-length': fc.nat() }), { nil: undefined }),
  fc.option(fc.record({ 'push-flag': fc.integer({ min: 0, max: 0x7f }) }), { nil: undefined }),
  fc.option(fc.record({ date: fc.integer({ min: 0, max: 2 ** 32 - 1 }).map(s => new Date(s * 1000)) }), { nil: undefined }),
  fc.option(fc.record({ 'x-operator-note': fc.string({ unit: fc.constantFrom(...'abc XYZ-09:/.'), maxLength: 20 }) }), { nil: undefined }),
).map(parts => Object.assign({}, ...parts.filter(p => p !== undefined)) as Record<string, string | number | Date>)

const pushArbitrary: fc.Arbitrary<PushInput> = fc.record({
  tid: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
  pduType: fc.constantFrom(undefined, 'push' as const, 'confirmed-push' as const),
  mms: fc.boolean(),
  mmsType: fc.constantFrom(undefined, 'application/vnd.wap.mms-message', { mediaType: 'application/vnd.wap.mms-message', params: {} }),
  otherType: fc.constantFrom(...OTHER_TYPES),
  notification: fc.constantFrom(...NOTIFICATIONS),
  bytes: fc.uint8Array({ maxLength: 300 }),
  applicationId: fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(...REGISTRY),
    fc.integer({ min: 0, max: 0xffff }),
    fc.webUrl().filter(url => !REGISTRY.includes(url.toLowerCase())),
  ),
  headers: headerArbitrary,
}).map(({ tid, pduType, mms, mmsType, otherType, notification, bytes, applicationId, headers }) => {
  const push: PushInput = { body: mms ? notification : bytes, headers }
  if (tid !== undefined) push.tid = tid
  if (pduType !== undefined) push.pduType = pduType
  const contentType = mms ? mmsType : otherType
  if (contentType !== undefined) push.contentType = contentType
  if (applicationId !== undefined) push.applicationId = applicationId
  return push
})

/** What decodePush must give for `push`. */
function expected (push: PushInput): Partial<PushMessage> {
  const type = push.contentType ?? 'application/vnd.wap.mms-message'
  const contentType = typeof type === 'string' ? { mediaType: type, params: {} } : type
  const id = push.applicationId ?? (contentType.mediaType === 'application/vnd.wap.mms-message' ? 'x-wap-application:mms.ua' : undefined)
  const applicationId = typeof id === 'number' ? PUSH_APPLICATION_IDS.get(id) ?? id : id
  const code = typeof id === 'string' ? [...PUSH_APPLICATION_IDS].find(([, urn]) => urn === id)?.[0] ?? id : id
  const out: Partial<PushMessage> = {
    tid: push.tid ?? 0,
    pduType: push.pduType ?? 'push',
    contentType,
    headers: { ...push.headers as Record<string, string>, ...(code === undefined ? {} : { 'x-wap-application-id': code }) },
  }
  if (applicationId !== undefined) out.applicationId = applicationId
  return out
}

/** Null-prototype objects as plain ones and octets as hex, so that isDeepStrictEqual compares values. */
function plain (value: unknown): unknown {
  if (value instanceof Uint8Array) return hex(value)
  if (value instanceof Date || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(plain)
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
}

/** Throws (for fast-check to shrink) unless decodePush gives `push` back and re-encoding gives the same bytes. */
function roundTrip (push: PushInput): void {
  const bytes = encodePush(push)
  const decoded = decodePush(bytes)
  const got: Partial<PushMessage> = { tid: decoded.tid, pduType: decoded.pduType, contentType: decoded.contentType, headers: decoded.headers }
  if (decoded.applicationId !== undefined) got.applicationId = decoded.applicationId
  const checks: Array<[string, unknown, unknown]> = [
    ['fields', plain(got), plain(expected(push))],
    ['body', hex(decoded.body), hex(push.body)],
    ['message', plain(decoded.message), decoded.contentType.mediaType === 'application/vnd.wap.mms-message' ? plain(decode(push.body)) : undefined],
    ['warnings', decoded.warnings, []],
    ['re-encoded', hex(encodePush(decoded)), hex(bytes)],
  ]
  for (const [what, actual, wanted] of checks) {
    if (!isDeepStrictEqual(actual, wanted)) throw new Error(`${what} differ:\n${JSON.stringify(actual)}\n${JSON.stringify(wanted)}`)
  }
}

t.test('property: decodePush(encodePush(p)) gives p back, and encodePush(decodePush(bytes)) the same bytes', async t => {
  const runs = 500
  fc.assert(fc.property(pushArbitrary, roundTrip), { seed: 0x5eed, numRuns: runs })
  t.pass(`${runs} pushes round-tripped`)
})
