/**
 * Hostile SMS traffic: random octets and valid SMPP PDUs and SIP MESSAGEs with octets changed,
 * cut or repeated, as UDP datagrams and as TCP streams in random pieces with gaps. SmsDissector
 * never throws; whatever it cannot read is a warning, and every warning code is one of errors.ts.
 */
import fc from 'fast-check'
import t from 'tap'
import { CAPTURE_WARNING_CODES } from '../../../lib/net/carried.js'
import { buildNotificationInd, encode, encodePush, segmentPush } from '../../../lib/index.js'
import { SmsDissector } from '../../../lib/sms/dissector.js'
import { datagram } from '../../support/wap.js'
import { dataSm, rpData, sipSms, smsDeliver, smsSubmit, submitSm, tlv } from '../../support/sms.js'
import { cat } from '../../support/wire.js'

const NOTIFICATION = encode(buildNotificationInd({ transactionId: 'T', contentLocation: `http://m/${'x'.repeat(150)}`, messageSize: 1 }))
const SEGMENTS = segmentPush(encodePush({ body: NOTIFICATION }), { reference: 1 })
const SMPP = [
  ...SEGMENTS.map((segment, n) => submitSm({ shortMessage: segment }, 4, n + 1)),
  dataSm({ esmClass: 0, tlvs: [tlv(0x020b, [0x0b, 0x84]), tlv(0x020c, [0, 1]), tlv(0x020e, [2]), tlv(0x020f, [1]), tlv(0x0424, SEGMENTS[0]!.subarray(20))] }),
]
const SIP = [
  ...SEGMENTS.map((segment) => sipSms(rpData(true, smsDeliver('+1555', segment)))),
  sipSms(rpData(false, smsSubmit('+1555', SEGMENTS[0]!))),
]
const KNOWN = new Set<string>(CAPTURE_WARNING_CODES)

const mutate = (seeds: Uint8Array[]): fc.Arbitrary<Uint8Array> => fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), fc.boolean()).map(([seed, changes, cut, twice]) => {
  const bytes = new Uint8Array(seed)
  for (const [at, octet] of changes) bytes[at % bytes.length] = octet
  const kept = bytes.subarray(0, 1 + (cut % bytes.length))
  return twice ? cat(kept, kept) : kept
})

function check (warnings: Array<{ code: string }>): void {
  if (!warnings.every((w) => KNOWN.has(w.code))) throw new Error(`unknown code in ${JSON.stringify(warnings)}`)
}

t.test('datagrams: never an exception', async (t) => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.oneof(mutate(SIP), fc.uint8Array({ maxLength: 64 })), fc.nat({ max: 3 })), { minLength: 1, maxLength: 10 }), (list) => {
    const sms = new SmsDissector({ maxSmsPending: 2 })
    list.forEach(([payload, missing], n) => {
      for (const message of sms.datagram(datagram(payload, { address: '10.0.0.1', port: 5060 }, { address: '10.0.0.2', port: 5060 }, n + 1, missing))) check(message.warnings)
    })
    sms.flush()
    check(sms.takeWarnings())
  }), { seed: 22, numRuns: 1500 })
  t.pass('1500 captures')
})

t.test('streams in random pieces with gaps: never an exception', async (t) => {
  const piece = fc.tuple(fc.oneof(mutate(SMPP), mutate(SIP), fc.uint8Array({ maxLength: 40 })), fc.array(fc.nat({ max: 50 }), { maxLength: 4 }), fc.nat({ max: 5 }))
  fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), fc.constantFrom(2775, 5060, 1234), (pieces, port) => {
    const sms = new SmsDissector({ maxSmppPdu: 2000, maxSipMessage: 2000 })
    const src = { address: '10.0.0.1', port: 40000 }
    const dst = { address: '10.0.0.2', port }
    let frame = 0
    for (const [bytes, cuts, gap] of pieces) {
      let at = 0
      for (const cut of [...cuts, bytes.length]) {
        for (const message of sms.stream('k', src, dst, 'ipv4', bytes.subarray(at, Math.max(at, cut)), { frame: ++frame, time: 0n, interface: 0 })) check(message.warnings)
        at = Math.max(at, Math.min(cut, bytes.length))
      }
      if (gap > 3) sms.gap('k', gap, { frame, time: 0n, interface: 0 })
    }
    sms.end('k')
    sms.flush()
    check(sms.takeWarnings())
  }), { seed: 23, numRuns: 1500 })
  t.pass('1500 streams')
})
