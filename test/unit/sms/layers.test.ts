/**
 * The SMS layers one by one, over hand-made bytes: addresses (3GPP TS 23.040 §9.1.2.5, TS 24.011
 * §8.2.5), TPDUs (TS 23.040 §9.2.2), RP messages (TS 24.011 §7.3), SMPP PDUs (SMPP 3.4 §4) and
 * SIP heads (RFC 3261 §7), each with every way it fails.
 */
import t from 'tap'
import { rpAddress, tpAddress } from '../../../lib/sms/address.js'
import { parseRp } from '../../../lib/sms/rp.js'
import { addressUri, isSipStart, mediaType, sipHead } from '../../../lib/sms/sip-message.js'
import { parseSmpp, plausibleHeader } from '../../../lib/sms/smpp-pdu.js'
import { parseTpdu } from '../../../lib/sms/tpdu.js'
import { caught } from '../../support/thrown.js'
import { dataSm, gsm7, rpAck, rpData, smppPdu, smsDeliver, smsSubmit, submitSm, tlv } from '../../support/sms.js'
import { cat } from '../../support/wire.js'

t.test('TP and RP addresses', async (t) => {
  t.same(tpAddress(cat(11, 0x91, 0x51, 0x55, 0x89, 0x67, 0x45, 0xf3), 0, 8), { value: '+15559876543', next: 8 })
  t.same(tpAddress(cat(4, 0x81, 0x21, 0x43), 0, 4), { value: '1234', next: 4 })
  t.same(tpAddress(cat(4, 0x81, 0xba, 0xdc), 0, 4).value, '*#ab', 'semi-octets A-D are * # a b')
  // An alphanumeric originator: 4 septets in 4 octets, 7 semi-octets (§9.1.2.5).
  t.same(tpAddress(cat(7, 0xd0, gsm7('MMSC')), 0, 6), { value: 'MMSC', next: 6 })
  t.same(tpAddress(cat(13, 0xd0, gsm7('Op2026@')), 0, 9), { value: 'Op2026¡', next: 9 }, '49 bits: 13 useful semi-octets; 0x40 is ¡ in the GSM alphabet')
  t.same(tpAddress(cat(14, 0xd0, gsm7('ABCDEFGH')), 0, 9), { value: 'ABCDEFGH', next: 9 }, '8 septets fill 7 octets')
  t.match(caught(() => tpAddress(cat(4), 0, 1)), { code: 'ERR_MMSE_BAD_SMS', offset: 0 })
  t.match(caught(() => tpAddress(cat(9, 0x81, 1), 0, 3)), { code: 'ERR_MMSE_BAD_SMS', offset: 0 })
  t.same(rpAddress(cat(0), 0, 1), { value: '', next: 1 })
  t.same(rpAddress(cat(3, 0x91, 0x21, 0xf3), 0, 4), { value: '+123', next: 4 })
  t.match(caught(() => rpAddress(cat(), 0, 0)), { code: 'ERR_MMSE_BAD_SMS' })
  t.match(caught(() => rpAddress(cat(5, 0x91), 0, 2)), { code: 'ERR_MMSE_BAD_SMS' })
})

t.test('TPDUs: DELIVER from the network, SUBMIT from the phone, 8-bit or not', async (t) => {
  const deliver = parseTpdu(smsDeliver('+15559876543', [1, 2, 3]), true)
  t.same({ ...deliver, userData: [...deliver!.userData] }, { type: 'SMS-DELIVER', address: '+15559876543', udhi: true, eightBit: true, userData: [1, 2, 3], cut: false })
  for (const vpf of [0, 1, 2, 3]) {
    const submit = parseTpdu(smsSubmit('+15551234567', [9], { vpf, udhi: false }), false)
    t.same([submit?.type, submit?.address, submit?.udhi, [...submit!.userData]], ['SMS-SUBMIT', '+15551234567', false, [9]], `TP-VPF ${vpf}`)
  }
  t.same([0x04, 0x44, 0xf4, 0xf5, 0x00, 0x08, 0xf0, 0xc4].map((dcs) => parseTpdu(smsDeliver('1', [1], { dcs }), true)?.eightBit), [true, true, true, true, false, false, false, false])
  t.same(parseTpdu(smsDeliver('1', [0x41, 0x41, 0x41], { dcs: 0, udl: 3 }), true)?.userData.length, 3, '7-bit: TP-UDL counts septets')
  t.equal(parseTpdu(smsDeliver('1', [1, 2], { udl: 5 }), true)?.cut, true)
  t.equal(parseTpdu(smsSubmit('1', []), true), undefined, 'an SMS-SUBMIT-REPORT from the network carries no push')
  t.equal(parseTpdu(smsDeliver('1', []), false), undefined, 'an SMS-DELIVER-REPORT from the phone neither')
  t.equal(parseTpdu(Uint8Array.of(0x02), true), undefined, 'a status report')
  t.match(caught(() => parseTpdu(new Uint8Array(0), true)), { code: 'ERR_MMSE_BAD_SMS', offset: 0 })
  t.match(caught(() => parseTpdu(smsDeliver('1', []).subarray(0, 8), true)), { code: 'ERR_MMSE_BAD_SMS', offset: 8 })
})

t.test('RP messages', async (t) => {
  const tpdu = smsDeliver('1', [7])
  t.same(parseRp(rpData(true, tpdu, '+15550000000', 3)), { fromNetwork: true, reference: 3, originator: '+15550000000', destination: '', tpdu })
  t.same(parseRp(rpData(false, tpdu))?.destination, '+15550000000')
  t.equal(parseRp(rpAck(false, 1)), undefined)
  t.equal(parseRp(Uint8Array.of(0x06, 1)), undefined, 'RP-SMMA')
  t.match(caught(() => parseRp(Uint8Array.of(0x07, 1))), { code: 'ERR_MMSE_BAD_SMS', offset: 0, message: /reserved/ })
  t.match(caught(() => parseRp(Uint8Array.of(1))), { code: 'ERR_MMSE_BAD_SMS', offset: 0 })
  t.match(caught(() => parseRp(Uint8Array.of(1, 1, 0, 0))), { code: 'ERR_MMSE_BAD_SMS', offset: 4 })
  t.match(caught(() => parseRp(Uint8Array.of(1, 1, 0, 0, 5, 1))), { code: 'ERR_MMSE_BAD_SMS', offset: 4 })
})

t.test('SMPP PDUs', async (t) => {
  const submit = parseSmpp(submitSm({ source: 'PPG', destination: '123', shortMessage: [1, 2], tlvs: [tlv(0x020c, [0, 1]), tlv(0x020c, [0, 2])] }))
  t.same([submit?.command, submit?.source, submit?.destination, submit?.esmClass, submit?.dataCoding, [...submit!.shortMessage], [...submit!.tlvs.get(0x020c)!]], ['submit_sm', 'PPG', '123', 0x40, 4, [1, 2], [0, 1]])
  t.equal(parseSmpp(submitSm({}, 0x05))?.command, 'deliver_sm')
  const data = parseSmpp(dataSm({ tlvs: [tlv(0x0424, [5, 6])] }))
  t.same([data?.command, data?.shortMessage.length, [...data!.tlvs.get(0x0424)!]], ['data_sm', 0, [5, 6]])
  t.equal(parseSmpp(smppPdu(0x15)), undefined, 'enquire_link carries no message')
  t.match(caught(() => parseSmpp(smppPdu(0x04, cat('toolongservice', 0)))), { code: 'ERR_MMSE_BAD_SMPP', offset: 16, message: /service_type/ })
  t.match(caught(() => parseSmpp(smppPdu(0x04, cat(0, 1)))), { code: 'ERR_MMSE_BAD_SMPP', offset: 17 })
  t.match(caught(() => parseSmpp(submitSm({ shortMessage: [1, 2] }).subarray(0, 50))), { code: 'ERR_MMSE_BAD_SMPP' })
  t.match(caught(() => parseSmpp(cat(submitSm({}), 0x04))), { code: 'ERR_MMSE_BAD_SMPP', message: /TLV header/ })
  t.match(caught(() => parseSmpp(cat(submitSm({}), 0x04, 0x24, 0, 9, 1))), { code: 'ERR_MMSE_BAD_SMPP', message: /TLV 0x0424/ })
  const header = (length: number, id: number, status = 0): Uint8Array => { const h = smppPdu(id, [], 1, status); new DataView(h.buffer).setUint32(0, length); return h }
  t.same([
    plausibleHeader(header(16, 0x15), 0, 100), plausibleHeader(header(15, 0x15), 0, 100), plausibleHeader(header(101, 0x15), 0, 100),
    plausibleHeader(header(16, 0x80000015, 0x45), 0, 100), plausibleHeader(header(16, 0x80000015, 0x500), 0, 100), plausibleHeader(header(16, 0x15, 1), 0, 100),
    plausibleHeader(header(16, 0x80000000, 3), 0, 100), plausibleHeader(header(16, 0x80000000, 0x1000), 0, 100), plausibleHeader(header(16, 0x99), 0, 100),
  ], [true, false, false, true, false, false, true, false, false])
})

t.test('SIP heads', async (t) => {
  const bytes = (text: string): Uint8Array => cat(text)
  t.equal(isSipStart(bytes('MESSAGE sip:a@b SIP/2.0\r\n'), 0, 100), true)
  t.equal(isSipStart(bytes('SIP/2.0 200 OK\r\n'), 0, 100), true)
  t.equal(isSipStart(bytes('GET / HTTP/1.1\r\n'), 0, 100), false)
  t.equal(isSipStart(bytes('MESSAGE sip:a@b SI'), 0, 100), undefined, 'not whole yet')
  t.equal(isSipStart(bytes('MESSAGE sip:a@b SIP/2.0\r'), 0, 100), undefined, 'its CR come, not its LF')
  t.equal(isSipStart(bytes('MESSAGE sip:a@b SIP/2.0\rX'), 0, 100), false, 'a CR alone ends no line')
  t.equal(isSipStart(bytes('MESSAGE sip:a@b SI'), 0, 10), false, 'longer than the bound')
  t.equal(isSipStart(bytes('\u0001MESSAGE'), 0, 100), false)
  const head = sipHead(bytes('MESSAGE sip:a@b SIP/2.0\r\nc: application/vnd.3gpp.sms\r\nl: 3\r\nX-Long: a\r\n  b\r\nx-long: c\r\n\tz\r\nVia: v\r\n\r\nabc'), 0, 200, 1000)
  t.same(head, {
    method: 'MESSAGE', uri: 'sip:a@b', bodyStart: 101, contentLength: 3,
    headers: new Map([['content-type', 'application/vnd.3gpp.sms'], ['content-length', '3'], ['x-long', 'a b'], ['via', 'v']]),
  })
  t.same(sipHead(bytes('SIP/2.0 404 Not Found\r\n\r\n'), 0, 100, 1000), { status: 404, headers: new Map(), bodyStart: 25 })
  t.equal(sipHead(bytes('SIP/2.0 200 OK\r\n'), 0, 16, 1000), undefined)
  t.match(caught(() => sipHead(bytes('SIP/2.0 200 OK\r\nVia: x'), 0, 22, 20)), { code: 'ERR_MMSE_BAD_SIP', message: /maxSipMessage/ })
  t.match(caught(() => sipHead(bytes('HELLO\r\n\r\n'), 0, 9, 100)), { code: 'ERR_MMSE_BAD_SIP', message: /start line/ })
  t.match(caught(() => sipHead(bytes('SIP/2.0 200 OK\r\nnocolon\r\n\r\n'), 0, 27, 100)), { code: 'ERR_MMSE_BAD_SIP', message: /header field/ })
  t.match(caught(() => sipHead(bytes('SIP/2.0 200 OK\r\n folded\r\n\r\n'), 0, 27, 100)), { code: 'ERR_MMSE_BAD_SIP', message: /header field/ })
  t.match(caught(() => sipHead(bytes('SIP/2.0 200 OK\r\nContent-Length: x1\r\n\r\n'), 0, 39, 100)), { code: 'ERR_MMSE_BAD_SIP', message: /Content-Length/ })
  t.equal(mediaType('Application/Vnd.3GPP.SMS ; x=1'), 'application/vnd.3gpp.sms')
  t.equal(mediaType(undefined), undefined)
  t.same(['"A" <sip:a@b>;tag=1', 'sip:a@b;tag=2', undefined].map(addressUri), ['sip:a@b', 'sip:a@b', ''])
})
