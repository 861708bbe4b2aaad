/**
 * The capture scan with its default dissectors: MMS over WSP over WTP, in a connectionless WAP
 * Push, in a SIP MESSAGE carrying concatenated SMS, and over SMPP, each found in a pcap as the
 * ones over HTTP are, with the layers it went through.
 */
import t from 'tap'
import { buildNotificationInd, decodeCapture, encode, encodePush, segmentPush } from '../../../lib/index.js'
import { ethernet, ipv4, type Packet, pcap, tcp, udp } from '../../support/pcap.js'
import { rpData, sipSms, smsDeliver, submitSm } from '../../support/sms.js'
import { invoke, pieces, result, segmentedResult, wspGet, wspReply } from '../../support/wap.js'
import { multipart, retrieveConf, textEntry } from '../../support/wire.js'

const MMS = 0xbe
const RETRIEVE = retrieveConf(multipart([textEntry('x'.repeat(3000))]))
const NOTIFICATION = encode(buildNotificationInd({ transactionId: 'T-1', contentLocation: `http://mmsc.example/m/${'x'.repeat(300)}`, messageSize: 1000 }))
const PHONE = '10.0.0.2'
const GATEWAY = '10.0.0.1'

function datagramPacket (src: string, srcPort: number, dst: string, dstPort: number, payload: Uint8Array): Packet {
  return { data: ethernet(ipv4({ src, dst, protocol: 17, payload: udp(srcPort, dstPort, payload) })) }
}

t.test('WSP over WTP: a Get, and its Reply in a Result and Segmented Results', async (t) => {
  const segments = pieces(wspReply(0x20, MMS, [], RETRIEVE), 1000)
  const frames = [
    datagramPacket(PHONE, 49152, GATEWAY, 9201, invoke({ tid: 2 }, wspGet('http://mmsc.example/m/1'))),
    ...segments.map((segment, psn) => {
      const flags = { tid: 0x8002, gtr: psn === segments.length - 1, ttr: psn === segments.length - 1 }
      return datagramPacket(GATEWAY, 9201, PHONE, 49152, psn === 0 ? result(flags, segment) : segmentedResult(flags, psn, segment))
    }),
  ]
  const { messages } = decodeCapture(pcap(frames))
  t.match(messages, [{ context: { path: ['ipv4', 'udp', 'wtp', 'wsp'], carrier: { kind: 'Reply', uri: 'http://mmsc.example/m/1' } }, message: { headers: { messageType: 'm-retrieve-conf' } } }])
  t.same(Buffer.from(messages[0]?.pdu ?? []), Buffer.from(RETRIEVE))
})

t.test('a connectionless WAP Push, and concatenated SMS in SIP MESSAGEs', async (t) => {
  const push = encodePush({ body: NOTIFICATION })
  const sip = segmentPush(push, { reference: 9 }).map((segment) =>
    datagramPacket(GATEWAY, 5060, PHONE, 5060, sipSms(rpData(true, smsDeliver('+15559876543', segment)))))
  const { messages } = decodeCapture(pcap([datagramPacket(GATEWAY, 49153, PHONE, 2948, push), ...sip]))
  t.match(messages.map((m) => m.context.path), [['ipv4', 'udp', 'wsp-push'], ['ipv4', 'udp', 'sip', 'sms', 'wsp-push']])
  for (const message of messages) t.same(Buffer.from(message.pdu), Buffer.from(NOTIFICATION))
})

t.test('SMPP: a submit_sm carrying the push, over TCP', async (t) => {
  const [segment] = segmentPush(encodePush({ body: encode(buildNotificationInd({ transactionId: 'T-2', contentLocation: 'http://m/2', messageSize: 10 })) }))
  const bytes = submitSm({ destination: '+15551234567', esmClass: 0x40, dataCoding: 0x04, shortMessage: segment as Uint8Array })
  const packet = (seq: number, syn: boolean, payload?: Uint8Array): Packet =>
    ({ data: ethernet(ipv4({ src: '10.0.0.5', dst: '10.0.0.6', protocol: 6, payload: tcp({ srcPort: 40000, dstPort: 2775, seq, syn, ...payload === undefined ? {} : { payload } }) })) })
  const { messages } = decodeCapture(pcap([packet(99, true), packet(100, false, bytes)]))
  t.match(messages, [{ context: { path: ['ipv4', 'tcp', 'smpp', 'wsp-push'] }, message: { headers: { transactionId: 'T-2' } } }])
})
