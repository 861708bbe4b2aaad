/**
 * SmsDissector's pushes: SMPP's three commands, the UDH in the data or the SAR and port TLVs
 * standing for it, SIP MESSAGEs from the network and from the phone, what is an SMS but no
 * push, pushes that are not MMS, segments that never come, the limits, and hostile bytes.
 */
import t from 'tap'
import { buildNotificationInd, encode, encodePush, segmentPush } from '../../../lib/index.js'
import type { CarriedMessage, Datagram } from '../../../lib/net/carried.js'
import { SmsDissector } from '../../../lib/sms/dissector.js'
import { caught } from '../../support/thrown.js'
import { datagram } from '../../support/wap.js'
import { CSCF, dataSm, ESME, packet, rpData, sipRequest, sipResponse, sipSms, SMSC, smsDeliver, smsSubmit, submitSm, tlv, UE } from '../../support/sms.js'
import { cat } from '../../support/wire.js'

const NOTIFICATION = encode(buildNotificationInd({ transactionId: 'T-2', contentLocation: `http://mmsc.example/m/${'q'.repeat(250)}`, messageSize: 10 }))
const PUSH = encodePush({ body: NOTIFICATION })
const SEGMENTS = segmentPush(PUSH, { reference: 3 })
const MMS = 'application/vnd.wap.mms-message'
const MMS_UA = 'x-wap-application:mms.ua'

/** The PDUs, each in its own stream() call, frames from 1. */
function smpp (sms: SmsDissector, pdus: Uint8Array[], key = 'k'): CarriedMessage[] {
  return pdus.flatMap((pdu, n) => sms.stream(key, ESME, SMSC, 'ipv4', pdu, packet(n + 1)))
}

/** The push without its UDHs, split as segmentPush would, behind SAR TLVs and a destination port TLV. */
function sarPdus (command: 'submit' | 'data'): Uint8Array[] {
  const room = 120
  const count = Math.ceil(PUSH.length / room)
  return Array.from({ length: count }, (_, n) => {
    const tlvs = [tlv(0x020b, [0x0b, 0x84]), tlv(0x020a, [0x23, 0xf0]), tlv(0x020c, [0x12, 0x34]), tlv(0x020e, [count]), tlv(0x020f, [n + 1])]
    const data = PUSH.subarray(n * room, (n + 1) * room)
    return command === 'submit' ? submitSm({ esmClass: 0, shortMessage: data, tlvs }, 4, n + 1) : dataSm({ esmClass: 0, tlvs: [...tlvs, tlv(0x0424, data)] }, n + 1)
  })
}

t.test('SMPP: deliver_sm, and the SAR TLVs of submit_sm and data_sm', async (t) => {
  const deliver = smpp(new SmsDissector(), SEGMENTS.map((segment, n) => submitSm({ shortMessage: segment }, 5, n + 1)))
  t.match(deliver, [{ carrier: { kind: 'deliver_sm', contentType: MMS, applicationId: MMS_UA }, mms: true }])
  for (const command of ['submit', 'data'] as const) {
    const pdus = sarPdus(command)
    t.ok(pdus.length > 1)
    const out = smpp(new SmsDissector(), pdus)
    t.equal(out.length, 1, `${command}: one push`)
    t.same(Buffer.from(out[0]!.body), Buffer.from(NOTIFICATION))
    t.same(out[0]!.frames, pdus.map((_, n) => n + 1))
  }
  const single = smpp(new SmsDissector(), [dataSm({ esmClass: 0, tlvs: [tlv(0x020b, [0x0b, 0x84]), tlv(0x0424, encodePush({ body: NOTIFICATION.subarray(0, 60) }))] })])
  t.match(single, [{ carrier: { kind: 'data_sm' }, mms: true }], 'one data_sm, a port TLV only')
})

t.test('SMPP: what is no push', async (t) => {
  const sms = new SmsDissector()
  t.same(smpp(sms, [submitSm({ esmClass: 0, dataCoding: 0, shortMessage: 'hello' })]), [], 'text')
  t.same(smpp(sms, [submitSm({ esmClass: 0, shortMessage: [1], tlvs: [tlv(0x020c, [0, 1]), tlv(0x020e, [1])] })]), [], 'SAR TLVs incomplete: no header')
  t.equal(smpp(sms, [submitSm({ shortMessage: cat(6, 5, 4, 0x0b, 0x85, 0x23, 0xf0, encodePush({ body: NOTIFICATION.subarray(0, 40) })) })]).length, 1, 'to port 2949 (WTLS), in the clear')
  t.same(smpp(sms, [submitSm({ shortMessage: cat(6, 5, 4, 0x15, 0x81, 0x23, 0xf0, 'vcard') })]), [], 'to port 5505 (a ringtone), not WAP Push')
  t.same(smpp(sms, [submitSm({ shortMessage: cat(0, 'no ports') })]), [], 'a UDH without ports')
  t.same(smpp(sms, [smppPduLike()]), [], 'enquire_link')
  t.same(sms.takeWarnings(), [])
  t.same(smpp(sms, [submitSm({ esmClass: 0, shortMessage: [1], tlvs: [tlv(0x020c, [0, 1]), tlv(0x020e, [2]), tlv(0x020f, [3])] })]), [])
  t.match(sms.takeWarnings(), [{ code: 'WARN_CAPTURE_BAD_PDU', message: /ERR_MMSE_BAD_SMPP .* segment 3 of 2/ }])
  t.same(smpp(sms, [submitSm({ shortMessage: cat(9, 0) })]), [])
  t.match(sms.takeWarnings(), [{ code: 'WARN_CAPTURE_BAD_PDU', message: /ERR_MMSE_BAD_PUSH .* UDHL/ }])
  t.same(smpp(sms, [submitSm({ shortMessage: cat(6, 5, 4, 0x0b, 0x84, 0x23, 0xf0, 1, 0x30, 0) })]), [])
  t.match(sms.takeWarnings(), [{ code: 'WARN_CAPTURE_BAD_PUSH'.replace('PUSH', 'PDU'), message: /PDU type 0x30/ }])
})

function smppPduLike (): Uint8Array {
  return cat(0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1)
}

t.test('a push of another content type holding an MMSE PDU is MMS; a bad RP message over TCP is skipped', async (t) => {
  const octets = encodePush({ contentType: 'application/octet-stream', applicationId: MMS_UA, body: NOTIFICATION.subarray(0, 60) })
  t.match(smpp(new SmsDissector(), [submitSm({ shortMessage: cat(6, 5, 4, 0x0b, 0x84, 0x23, 0xf0, octets) })]), [{ mms: true, carrier: { contentType: 'application/octet-stream' } }])
  const sms = new SmsDissector()
  t.same(sms.stream('t', CSCF, UE, 'ipv4', sipSms(cat(0x07, 1)), packet(1)), [])
  t.match(sms.takeWarnings(), [{ code: 'WARN_CAPTURE_BAD_PDU', message: /ERR_MMSE_BAD_SMS .* reserved/ }])
  t.same(sms.stream('t', CSCF, UE, 'ipv4', cat('MESSAGE sip:x SIP/2.0\r\nContent-Type: application/vnd.3gpp.sms\r\n\r\n', sipResponse(200, 'OK')), packet(2)), [], 'no Content-Length on a stream: no body')
  t.match(sms.takeWarnings(), [{ code: 'WARN_CAPTURE_BAD_PDU', message: /an RP message needs 2 octets, has 0/ }], 'and the response after it read as the next message')
})

t.test('a push whose MMSE PDU fails inside is still given, for its reader to find the fault', async (t) => {
  const out = smpp(new SmsDissector(), segmentPush(encodePush({ body: cat(0x8c, 0x82, 0x98) })).map((segment) => submitSm({ shortMessage: segment })))
  t.match(out, [{ mms: true, body: cat(0x8c, 0x82, 0x98) }])
})

t.test('SIP: SMS-SUBMIT from the phone, over TCP; and what is no push', async (t) => {
  const sms = new SmsDissector()
  const up = SEGMENTS.map((segment) => sipSms(rpData(false, smsSubmit('+15551112222', segment)), 'sip:sc@ims.example', '"Me" <sip:+15553334444@ims.example>;tag=9'))
  const out = up.flatMap((message, n) => sms.stream('ue', UE, CSCF, 'ipv6', message, packet(n + 1)))
  t.match(out, [{ path: ['ipv6', 'tcp', 'sip', 'sms', 'wsp-push'], carrier: { kind: 'MESSAGE', uri: 'sip:sc@ims.example' } }])
  const quiet = (d: Datagram): CarriedMessage[] => sms.datagram(d)
  const udp = (bytes: Uint8Array, missing = 0): Datagram => datagram(bytes, CSCF, UE, 1, missing)
  t.same(quiet(udp(sipResponse(200, 'OK'))), [], 'a response')
  t.same(quiet(udp(sipRequest('OPTIONS', 'sip:x', []))), [], 'another method')
  t.same(quiet(udp(sipRequest('MESSAGE', 'sip:x', ['Content-Type: text/plain'], 'hi'))), [], 'a text MESSAGE')
  t.same(quiet(udp(sipSms(cat(0x03, 1)))), [], 'RP-ACK')
  t.same(quiet(udp(sipSms(rpData(true, Uint8Array.of(0x02, 0))))), [], 'a status report')
  t.same(quiet(udp(sipSms(rpData(true, smsDeliver('1', 'text', { dcs: 0 }))))), [], '7-bit text')
  t.same(quiet(udp(sipSms(rpData(true, smsDeliver('1', [1, 2], { udhi: false }))))), [], '8-bit, no header')
  t.same(sms.takeWarnings(), [])
  t.equal(sms.claims(udp(cat('not sip'))), false)
  t.same(quiet(udp(cat('SIP/2.0 200 OK\r\nVia: x'))), [])
  t.same(quiet(udp(cat('MESSAGE sip:x SIP/2.0\r\nl: x\r\n\r\n'))), [])
  t.same(quiet(udp(sipSms(cat(0x07, 1)))), [])
  t.same(sms.takeWarnings().map((w) => w.message.split(':')[0]), [
    'ERR_MMSE_BAD_SIP at offset 22 of a SIP message', 'ERR_MMSE_BAD_SIP at offset 0 of a SIP message', 'ERR_MMSE_BAD_SMS at offset 0 of a SIP message',
  ])
})

t.test('SIP over UDP: a body shorter than Content-Length, cut by the capture or sent so', async (t) => {
  const sms = new SmsDissector()
  const whole = sipSms(rpData(true, smsDeliver('+1555', SEGMENTS[0]!)))
  const cut = whole.subarray(0, whole.length - 10)
  const d = datagram(cut, CSCF, UE, 1, 10)
  t.same(sms.datagram(d), [])
  t.match(sms.takeWarnings(), [{ code: 'WARN_CAPTURE_SNAPLEN', frame: 1 }, { code: 'WARN_CAPTURE_BAD_PDU', message: /RP-User Data/ }])
  const single = encodePush({ body: NOTIFICATION.subarray(0, 40) })
  const lying = sipSms(rpData(true, smsDeliver('+1555', cat(6, 5, 4, 0x0b, 0x84, 0x23, 0xf0, single), { udl: 200 })))
  const out = sms.datagram(datagram(lying, CSCF, UE, 2))
  t.match(out, [{ warnings: [{ code: 'WARN_CAPTURE_INCOMPLETE', message: /TP-UDL/ }] }])
  const long = sipRequest('MESSAGE', 'sip:x', ['Content-Type: application/vnd.3gpp.sms'], rpData(true, smsDeliver('+1555', cat(6, 5, 4, 0x0b, 0x84, 0x23, 0xf0, single))), 999)
  t.match(sms.datagram(datagram(long, CSCF, UE, 3)), [{ warnings: [{ code: 'WARN_CAPTURE_INCOMPLETE', message: /SIP body has/ }] }])
  t.match(sms.datagram(datagram(long, CSCF, UE, 4, 5)), [{ warnings: [{ code: 'WARN_CAPTURE_SNAPLEN', message: /SIP body is cut/ }] }])
  t.match(sms.takeWarnings(), [{ code: 'WARN_CAPTURE_SNAPLEN', frame: 4 }])
  const noLength = cat('MESSAGE sip:x SIP/2.0\r\nContent-Type: application/vnd.3gpp.sms\r\n\r\n', rpData(true, smsDeliver('+1555', cat(6, 5, 4, 0x0b, 0x84, 0x23, 0xf0, single))))
  t.match(sms.datagram(datagram(noLength, CSCF, UE, 5)), [{ warnings: [] }], 'over UDP, no Content-Length: the body runs to the end')
})

t.test('segments that never come, and the limits', async (t) => {
  const sms = new SmsDissector()
  smpp(sms, [submitSm({ shortMessage: SEGMENTS[0]! })])
  t.same(sms.flush(), [])
  t.match(sms.takeWarnings(), [{ code: 'WARN_CAPTURE_INCOMPLETE', message: /1 of its 3 segments came/ }])
  const few = new SmsDissector({ maxSmsPending: 1 })
  const other = segmentPush(PUSH, { reference: 4 })
  smpp(few, [submitSm({ shortMessage: SEGMENTS[0]! }), submitSm({ shortMessage: other[0]! })])
  t.match(few.takeWarnings(), [{ code: 'WARN_CAPTURE_LIMIT', frame: 2, message: /ref 3:3 dropped/ }])
  t.equal(smpp(few, other.slice(1).map((segment) => submitSm({ shortMessage: segment }))).length, 1)
  const two = new SmsDissector({ maxSmsPending: 2 })
  smpp(two, [3, 4, 5].map((reference) => submitSm({ shortMessage: segmentPush(PUSH, { reference })[0]! })))
  t.match(two.takeWarnings(), [{ code: 'WARN_CAPTURE_LIMIT', message: /ref 3:3 dropped/ }], 'the oldest goes, the others stay')
  const big = new SmsDissector({ maxSmsSegmentBytes: 100 })
  smpp(big, [submitSm({ shortMessage: SEGMENTS[0]! })])
  t.match(big.takeWarnings(), [{ code: 'WARN_CAPTURE_BAD_PDU', message: /exceeds 100/ }])
  t.match(caught(() => new SmsDissector({ maxSipMessage: 1.5 })), { code: 'ERR_MMSE_BAD_OPTION', field: 'maxSipMessage' })
  t.match(caught(() => new SmsDissector({ maxSmsBytes: 1000 })), { code: 'ERR_MMSE_BAD_OPTION', field: 'maxBytes' })
})
