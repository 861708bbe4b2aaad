/**
 * A cut push carries what was read before the cut on `err.partial` (WAP-230 §8.2.4 push,
 * 3GPP TS 23.040 §9.2.3.24 user data): its TID and PDU type, the headers that came whole, and
 * for an MMS push the notification as far as `decode()` read it, so that a relay still knows
 * where the message came from and where to fetch it.
 */
import t from 'tap'
import {
  buildNotificationInd, decode, decodeAssembled, decodePush, encode, encodePush, MmseError, PushAssembler, segmentPush,
} from '../../../lib/index.js'
import type { PartialPush } from '../../../lib/index.js'

const NOTIFICATION = encode(buildNotificationInd({
  transactionId: 'T-42', from: '+15550001111/TYPE=PLMN', subject: 'Photo', messageSize: 48_213,
  contentLocation: 'http://mmsc.example/m/3f9c2a',
}))
const PUSH = encodePush({ tid: 7, body: NOTIFICATION, headers: { 'x-wap-initiator-uri': 'http://mmsc.example/initiator' } })
const FULL = decodePush(PUSH)

/** The error `run` throws; undefined if it throws none. */
function thrown (run: () => unknown): MmseError<PartialPush> | undefined {
  try {
    run()
  } catch (err) {
    if (err instanceof MmseError) return err
    throw err
  }
  return undefined
}

/** The error `run` must throw. */
function failure (run: () => unknown): MmseError<PartialPush> {
  const err = thrown(run)
  if (err === undefined) throw new Error('no error')
  return err
}

t.test('cut inside the notification: the whole push header, the notification as far as read', async t => {
  const location = FULL.bodyOffset + (FULL.message?.headerList.find(h => h.key === 'contentLocation')?.offset as number)
  const err = failure(() => decodePush(PUSH.subarray(0, location + 10)))
  t.equal(err.code, 'ERR_MMSE_TRUNCATED', 'decode()\'s code')
  t.equal(err.offset, location, 'where the field cut short starts, in the push')
  t.match(err.partial, { tid: 7, pduType: 'push', contentType: { mediaType: 'application/vnd.wap.mms-message' }, applicationId: 'x-wap-application:mms.ua', bodyOffset: FULL.bodyOffset })
  t.equal(err.partial?.headers['x-wap-initiator-uri'], 'http://mmsc.example/initiator')
  t.equal(err.partial?.message?.headers.transactionId, 'T-42')
  t.equal(err.partial?.message?.headers.subject?.text, 'Photo')
  t.notOk('contentLocation' in (err.partial?.message?.headers ?? {}), 'the field cut short is not there')
  t.same(err.partial?.warnings, [])
})

t.test('cut inside the push headers: the headers that came whole', async t => {
  const initiator = Buffer.from(PUSH).indexOf('http://mmsc.example/initiator')
  const err = failure(() => decodePush(PUSH.subarray(0, initiator + 5)))
  t.equal(err.code, 'ERR_MMSE_BAD_PUSH')
  t.match(err.partial, { tid: 7, pduType: 'push', contentType: { mediaType: 'application/vnd.wap.mms-message' } })
  t.equal(err.partial?.headers['x-wap-application-id'], 0x04, 'the header before the cut')
  t.notOk('x-wap-initiator-uri' in (err.partial?.headers ?? {}), 'not the one cut short')
  t.equal(err.partial?.message, undefined)
  t.equal(err.partial?.body, undefined)
  const early = failure(() => decodePush(PUSH.subarray(0, 3)))
  t.same({ ...early.partial, headers: { ...early.partial?.headers } }, { tid: 7, pduType: 'push', headers: {}, warnings: [] }, 'no header yet')
})

t.test('every prefix: a partial push that is a prefix of the whole', async t => {
  let checked = 0
  for (let length = 3; length < PUSH.length; length++) {
    // A notification cut after a whole field can be a PDU of its own.
    const err = thrown(() => decodePush(PUSH.subarray(0, length)))
    if (err === undefined) continue
    checked++
    const partial = err.partial
    if (partial === undefined) { t.fail(`no partial at ${length}`); continue }
    t.equal(partial.tid, 7)
    for (const [name, value] of Object.entries(partial.headers)) t.same(value, FULL.headers[name], `${length}: ${name}`)
    if (partial.contentType !== undefined) t.same(partial.contentType, FULL.contentType)
    const headers = partial.message?.headerList ?? []
    for (const [i, header] of headers.entries()) t.equal(header.offset, FULL.message?.headerList[i]?.offset)
  }
  t.ok(checked > 80, `${checked} cut pushes`)
})

t.test('malformed, not cut: the push as far as read', async t => {
  // A Date header with a 9-octet Long-integer: strict mode refuses it, after the content type.
  const bad = Buffer.from([0x01, 0x06, 0x0c, 0xbe, 0x92, 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...NOTIFICATION])
  const err = failure(() => decodePush(bad, { strict: true }))
  t.equal(err.code, 'ERR_MMSE_BAD_PUSH')
  t.match(err.partial, { tid: 1, contentType: { mediaType: 'application/vnd.wap.mms-message' } })
  t.notOk('date' in (err.partial?.headers ?? {}))
  const empty = failure(() => decodePush(Buffer.from([0x01, 0x06, 0x00])))
  t.match(empty.partial, { tid: 1, pduType: 'push' }, 'HeadersLen 0')
  t.equal(empty.partial?.contentType, undefined)
})

t.test('user data and reassembled segments: the User Data Header too', async t => {
  const segments = segmentPush(PUSH.subarray(0, 100))
  t.equal(segments.length, 1)
  const err = failure(() => decodePush(segments[0] as Uint8Array, { udh: true }))
  t.equal(err.code, 'ERR_MMSE_TRUNCATED')
  t.same(err.partial?.userDataHeader?.ports, { destination: 2948, source: 9200, bits: 16 })
  t.equal(err.partial?.message?.headers.transactionId, 'T-42')

  const long = encodePush({ body: encode(buildNotificationInd({ transactionId: 'T-43', from: '+15550001111/TYPE=PLMN', messageSize: 1, contentLocation: `http://mmsc.example/m/${'x'.repeat(300)}` })) })
  const cut = long.subarray(0, long.length - 5)
  const assembler = new PushAssembler()
  let assembled = null
  for (const segment of segmentPush(cut, { reference: 3 })) assembled = assembler.add(segment)
  t.ok(assembled)
  const whole = failure(() => decodeAssembled(assembled as NonNullable<typeof assembled>))
  t.equal(whole.code, 'ERR_MMSE_TRUNCATED')
  t.equal(whole.partial?.userDataHeader?.concat?.reference, 3)
  t.same(whole.partial?.message?.headers.from, decode(NOTIFICATION).headers.from)
  t.equal(whole.partial?.message?.headers.transactionId, 'T-43')
})
