/**
 * SmsDissector: WAP Pushes in SMPP over TCP and in SIP MESSAGEs (RP-DATA around an SMS TPDU),
 * concatenated and single, MMS and not.
 */
import t from 'tap'
import { buildNotificationInd, encode, encodePush, segmentPush } from '../../../lib/index.js'
import type { CarriedMessage } from '../../../lib/net/carried.js'
import { SmsDissector } from '../../../lib/sms/dissector.js'
import { datagram, pieces } from '../../support/wap.js'
import { CSCF, ESME, packet, rpData, sipSms, SMSC, smsDeliver, submitSm, UE } from '../../support/sms.js'

const NOTIFICATION = encode(buildNotificationInd({ transactionId: 'T-1', contentLocation: `http://mmsc.example/m/${'x'.repeat(300)}`, messageSize: 1000 }))
const PUSH = encodePush({ body: NOTIFICATION })
const SEGMENTS = segmentPush(PUSH, { reference: 9 })

t.test('SMPP submit_sms of a concatenated push, the stream in pieces, give the m-notification-ind', async (t) => {
  t.ok(SEGMENTS.length > 1)
  const sms = new SmsDissector()
  const stream = Buffer.concat(SEGMENTS.map((segment, n) => submitSm({ shortMessage: segment }, 4, n + 1)))
  t.equal(sms.claimsStream(stream.subarray(0, 16), ESME, SMSC), true)
  const out: CarriedMessage[] = []
  pieces(stream, 37).forEach((piece, n) => out.push(...sms.stream('a', ESME, SMSC, 'ipv4', piece, packet(n + 1))))
  t.equal(out.length, 1)
  t.same(out[0]!.body, NOTIFICATION)
  t.equal(out[0]!.mms, true)
  t.same(out[0]!.path, ['ipv4', 'tcp', 'smpp', 'wsp-push'])
  t.same(out[0]!.carrier, { kind: 'submit_sm', contentType: 'application/vnd.wap.mms-message', applicationId: 'x-wap-application:mms.ua' })
  t.same(sms.end('a'), [])
  t.same(sms.flush(), [])
  t.same(sms.takeWarnings(), [])
})

t.test('SIP MESSAGEs over UDP with RP-DATA / SMS-DELIVER segments give the m-notification-ind', async (t) => {
  const sms = new SmsDissector()
  const out = SEGMENTS.flatMap((segment, n) => {
    const d = datagram(sipSms(rpData(true, smsDeliver('+15559876543', segment))), CSCF, UE, n + 1)
    t.equal(sms.claims(d), true)
    return sms.datagram(d)
  })
  t.equal(out.length, 1)
  t.same(out[0]!.body, NOTIFICATION)
  t.same(out[0]!.path, ['ipv4', 'udp', 'sip', 'sms', 'wsp-push'])
  t.same(out[0]!.frames, SEGMENTS.map((_, n) => n + 1))
  t.same(sms.takeWarnings(), [])
})
