/**
 * Linear time for the transport dissectors on hostile shapes (test/support/scaling.ts says how
 * it is measured): sixteen times the traffic takes about sixteen times as long, whether what it
 * holds fits the limits or is dropped by them. Many WTP messages left unfinished, many SMS
 * segments of messages never completed, a PDU in one-octet pieces, a stream of garbage lines.
 */
import t from 'tap'
import { buildNotificationInd, encode, encodePush, segmentPush } from '../../lib/index.js'
import { SmsDissector } from '../../lib/sms/dissector.js'
import { WapDissector } from '../../lib/wap/dissector.js'
import { liveBytes } from '../support/memory.js'
import { checkLinear } from '../support/scaling.js'
import { rpData, sipSms, smsDeliver, submitSm } from '../support/sms.js'
import { datagram, result, segmentedResult, wspReply } from '../support/wap.js'
import { cat } from '../support/wire.js'

const HUGE = 1 << 30
const PHONE = { address: '10.0.0.2', port: 40000 }
const GATEWAY = { address: '10.0.0.1', port: 9201 }
const SEGMENTS = segmentPush(encodePush({ body: encode(buildNotificationInd({ transactionId: 'T', contentLocation: `http://m/${'x'.repeat(150)}`, messageSize: 1 })) }), { reference: 0 })

/** `n` WTP messages, each its first packet only, `size` octets of entity (TIDs and flows cycling). */
function unfinishedWtp (n: number, size = 200): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => result({ tid: 0x8000 | (i & 0x7fff), ttr: false }, wspReply(0x20, 0xbe, [], new Uint8Array(size))))
}

function runWap (options: object) {
  return async (payloads: Uint8Array[]): Promise<void> => {
    const wap = new WapDissector(options)
    payloads.forEach((payload, i) => wap.datagram(datagram(payload, { ...GATEWAY, address: `10.0.${(i >> 15) & 255}.1` }, PHONE, i + 1)))
    wap.flush()
    wap.takeWarnings()
  }
}

t.test('WTP: many messages left unfinished, held or dropped', async (t) => {
  await checkLinear(t, 'unfinished WTP messages, limits raised', unfinishedWtp(6_000, 16), unfinishedWtp(96_000, 16), runWap({ maxWtpGroups: HUGE, maxWtpBytes: HUGE }))
  await checkLinear(t, 'unfinished WTP messages, the default limits dropping them', unfinishedWtp(2_000), unfinishedWtp(32_000), runWap({}))
})

t.test('WTP: one message\'s packets sent again and again', async (t) => {
  const again = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => segmentedResult({ tid: 0x8001, ttr: false, rid: true }, 1 + (i % 255), new Uint8Array(100)))
  await checkLinear(t, 'retransmitted segments', again(4_000), again(64_000), runWap({}))
})

t.test('SMS: many segments of messages never completed', async (t) => {
  const pending = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => submitSm({ source: `s${i}`, shortMessage: SEGMENTS[0]! }))
  const run = (options: object) => async (pdus: Uint8Array[]): Promise<void> => {
    const sms = new SmsDissector(options)
    pdus.forEach((pdu, i) => sms.stream('k', PHONE, { address: '10.0.0.6', port: 2775 }, 'ipv4', pdu, { frame: i + 1, time: 0n, interface: 0 }))
    sms.flush()
    sms.takeWarnings()
  }
  await checkLinear(t, 'first segments from new originators, the default limits dropping them', pending(2_000), pending(32_000), run({}))
  await checkLinear(t, 'first segments, SIP over UDP', pending(1_000).map((_, i) => sipSms(rpData(true, smsDeliver(`+1${i}`, SEGMENTS[0]!)))), pending(16_000).map((_, i) => sipSms(rpData(true, smsDeliver(`+1${i}`, SEGMENTS[0]!)))), async (messages) => {
    const sms = new SmsDissector()
    messages.forEach((message, i) => sms.datagram(datagram(message, { address: '10.0.0.1', port: 5060 }, PHONE, i + 1)))
    sms.flush()
  })
})

t.test('TCP: a PDU in one-octet pieces, and a stream of garbage lines', async (t) => {
  // Eight PDUs of a message_payload of `n` octets (at most 64 KiB each), one octet a piece.
  const bytewise = (n: number): Uint8Array => cat(...Array.from({ length: 8 }, () => submitSm({ esmClass: 0, tlvs: [cat(0x04, 0x24, n >> 8, n & 0xff, new Uint8Array(n))] })))
  await checkLinear(t, 'submit_sm in one-octet pieces', bytewise(4_000), bytewise(64_000), async (pdus) => {
    const sms = new SmsDissector()
    for (let at = 0; at < pdus.length; at++) sms.stream('k', PHONE, { address: '10.0.0.6', port: 2775 }, 'ipv4', pdus.subarray(at, at + 1), { frame: at + 1, time: 0n, interface: 0 })
  })
  const garbage = (n: number): Uint8Array => cat('x\r\n'.repeat(n))
  await checkLinear(t, 'SIP: lines of garbage', garbage(100_000), garbage(1_600_000), async (bytes) => {
    const sms = new SmsDissector({ maxSipMessage: HUGE })
    for (let at = 0; at < bytes.length; at += 1000) sms.stream('k', PHONE, { address: '10.0.0.1', port: 5060 }, 'ipv4', bytes.subarray(at, at + 1000), { frame: 1, time: 0n, interface: 0 })
    sms.takeWarnings()
  })
})

t.test('memory: what the limits bound stays bounded however much traffic comes', async (t) => {
  const MiB = 1024 * 1024
  const held = async (count: number): Promise<number> => {
    const wap = new WapDissector()
    const sms = new SmsDissector()
    const smsc = { address: '10.0.0.6', port: 2775 }
    const before = await liveBytes()
    for (let i = 0; i < count; i++) {
      // A message never finished from a new flow, a first segment from a new originator, a stream left open.
      wap.datagram(datagram(result({ tid: 0x8000 | (i & 0x7fff), ttr: false }, new Uint8Array(1000)), { ...GATEWAY, address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }, PHONE, i + 1))
      sms.stream('k', PHONE, smsc, 'ipv4', submitSm({ source: `s${i}`, shortMessage: SEGMENTS[0]! }), { frame: i + 1, time: 0n, interface: 0 })
      wap.takeWarnings()
      sms.takeWarnings()
    }
    const after = await liveBytes()
    t.ok(wap && sms)
    return after - before
  }
  const small = await held(5_000)
  const large = await held(80_000)
  t.ok(large < small + 8 * MiB, `alive after 5,000 unfinished messages of each kind: ${(small / MiB).toFixed(1)} MiB; after 80,000: ${(large / MiB).toFixed(1)} MiB`)
})
