/**
 * SmsDissector over TCP: one direction's bytes in every split (whole, byte by byte, random),
 * SMPP and SIP alike, the same pushes each time with the frames that carried them; bytes
 * missing (`gap`), bytes that make no sense, a stream joined in its middle or ended inside a
 * PDU: each a warning, and the next PDU found.
 */
import t from 'tap'
import { buildNotificationInd, encode, encodePush, segmentPush } from '../../../lib/index.js'
import type { CarriedMessage, Endpoint } from '../../../lib/net/carried.js'
import { SmsDissector } from '../../../lib/sms/dissector.js'
import { CSCF, ESME, rpData, sipResponse, sipSms, smppPdu, SMSC, smsDeliver, submitSm } from '../../support/sms.js'
import { chunkings } from '../../support/transcript.js'
import { cat } from '../../support/wire.js'

const NOTIFICATION = encode(buildNotificationInd({ transactionId: 'T-3', contentLocation: `http://mmsc.example/m/${'s'.repeat(300)}`, messageSize: 10 }))
const SEGMENTS = segmentPush(encodePush({ body: NOTIFICATION }), { reference: 5 })
/** The phone of the SIP-over-TCP tests, on the port its connection came from. */
const UE = { address: '10.0.0.2', port: 49000 }

const BIND = smppPdu(0x09, cat('esme', 0, 'pw', 0, '', 0, 0x34, 0, 0, 0))
/** The PDUs of a stream, those that carry a segment marked. */
const SMPP_PARTS: Array<[Uint8Array, boolean]> = [[BIND, false], [smppPdu(0x15, [], 2), false], ...SEGMENTS.map((segment, n): [Uint8Array, boolean] => [submitSm({ shortMessage: segment }, 4, 3 + n), true]), [smppPdu(0x06, [], 9), false]]
const SIP_PARTS: Array<[Uint8Array, boolean]> = [[cat('\r\n\r\n'), false], ...SEGMENTS.flatMap((segment): Array<[Uint8Array, boolean]> => [[sipSms(rpData(true, smsDeliver('+1555', segment))), true], [sipResponse(100, 'Trying'), false]]), [cat('\r\n'), false]]
const SMPP_STREAM = cat(...SMPP_PARTS.map(([bytes]) => bytes))
const SIP_STREAM = cat(...SIP_PARTS.map(([bytes]) => bytes))

/** The chunks of `bytes` given to stream() in order, each in its own frame (from 1). */
function feed (sms: SmsDissector, bytes: Uint8Array, sizes: readonly number[], src: Endpoint, dst: Endpoint, key = 'k'): CarriedMessage[] {
  const out: CarriedMessage[] = []
  let at = 0
  sizes.forEach((size, n) => {
    out.push(...sms.stream(key, src, dst, 'ipv4', bytes.subarray(at, at + size), { frame: n + 1, time: 0n, interface: 0 }))
    at += size
  })
  return out
}

/** The frames (from 1, one a chunk of `sizes`) holding the octets of the marked parts, each once, in order. */
function framesOf (parts: Array<[Uint8Array, boolean]>, sizes: readonly number[]): number[] {
  const frames: number[] = []
  let at = 0
  for (const [bytes, marked] of parts) {
    if (marked) {
      let end = 0
      sizes.forEach((size, n) => {
        const start = end
        end += size
        if (start < at + bytes.length && end > at && !frames.includes(n + 1)) frames.push(n + 1)
      })
    }
    at += bytes.length
  }
  return frames
}

for (const [protocol, bytes, parts, src, dst] of [['SMPP', SMPP_STREAM, SMPP_PARTS, ESME, SMSC], ['SIP', SIP_STREAM, SIP_PARTS, CSCF, UE]] as const) {
  t.test(`${protocol}: every split gives the push, with the frames of its segments`, async (t) => {
    for (const [name, sizes] of Object.entries(chunkings(bytes, 7))) {
      const sms = new SmsDissector()
      const out = feed(sms, bytes, sizes, src, dst)
      out.push(...sms.end('k'), ...sms.flush())
      t.equal(out.length, 1, name)
      t.same(Buffer.from(out[0]!.body), Buffer.from(NOTIFICATION), name)
      t.same(out[0]!.frames, framesOf(parts, sizes), `${name}: the frames of its segments, each once`)
      t.same(sms.takeWarnings(), [], name)
    }
  })
}

t.test('claimsStream: by port, else by the first PDU', async (t) => {
  const sms = new SmsDissector()
  const elsewhere = { address: '10.0.0.7', port: 1234 }
  t.equal(sms.claimsStream(cat('x'), elsewhere, SMSC), true)
  t.equal(sms.claimsStream(cat('x'), { address: '10.0.0.7', port: 5060 }, elsewhere), true)
  t.equal(sms.claimsStream(BIND, elsewhere, elsewhere), true)
  t.equal(sms.claimsStream(SIP_STREAM.subarray(4), elsewhere, elsewhere), true)
  t.equal(sms.claimsStream(cat('GET / HTTP/1.1\r\n'), elsewhere, elsewhere), false)
  t.equal(sms.claimsStream(BIND.subarray(0, 10), elsewhere, elsewhere), false, 'too few octets to tell')
})

t.test('a gap: the PDU it cut is lost, the next is found', async (t) => {
  const sms = new SmsDissector()
  const second = Buffer.from(SMPP_STREAM).indexOf(Buffer.from(SEGMENTS[1]!))
  const out = [...feed(sms, SMPP_STREAM.subarray(0, second), [second], ESME, SMSC)]
  sms.gap('k', 30, { frame: 2, time: 0n, interface: 0 })
  out.push(...sms.stream('k', ESME, SMSC, 'ipv4', SMPP_STREAM.subarray(second + 30), { frame: 3, time: 0n, interface: 0 }))
  sms.gap('other', 5, { frame: 4, time: 0n, interface: 0 })
  t.same(out, [], 'segment 2 is lost: no push')
  t.match(sms.takeWarnings(), [
    { code: 'WARN_CAPTURE_GAP', frame: 2, message: /30 octets .* missing; the \d+ octets of the smpp PDU in progress are dropped/ },
    { code: 'WARN_CAPTURE_GAP', frame: 3, message: /octets skipped to the next smpp PDU/ },
  ])
  sms.flush()
  t.match(sms.takeWarnings(), [{ code: 'WARN_CAPTURE_INCOMPLETE', message: /2 of its 3 segments/ }])
  const sip = new SmsDissector()
  feed(sip, SIP_STREAM.subarray(0, 300), [300], CSCF, UE)
  sip.gap('k', 10, { frame: 2, time: 0n, interface: 0 })
  const rest = feed(sip, SIP_STREAM.subarray(310), [SIP_STREAM.length - 310], CSCF, UE)
  t.same(rest, [])
  t.same(sip.takeWarnings().map((w) => w.code), ['WARN_CAPTURE_GAP', 'WARN_CAPTURE_GAP'])
  const quiet = new SmsDissector()
  quiet.stream('k', ESME, SMSC, 'ipv4', BIND, { frame: 1, time: 0n, interface: 0 })
  quiet.gap('k', 4, { frame: 2, time: 0n, interface: 0 })
  t.match(quiet.takeWarnings(), [{ message: '4 octets of the TCP stream are missing' }], 'between PDUs: nothing in progress')
})

t.test('bytes that make no sense, a stream joined in its middle, a stream ended inside a PDU', async (t) => {
  const sms = new SmsDissector({ maxSmppPdu: 1000 })
  const garbage = cat(0, 0, 0x10, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3)
  const out = feed(sms, cat(garbage, SMPP_STREAM), [garbage.length + SMPP_STREAM.length], ESME, SMSC)
  t.equal(out.length, 1)
  t.match(sms.takeWarnings(), [{ code: 'WARN_CAPTURE_GAP', message: /19 octets skipped/ }], 'what comes first is no PDU: the stream was joined in its middle')
  const joined = new SmsDissector()
  const middle = SMPP_STREAM.subarray(BIND.length + 5)
  t.equal(feed(joined, middle, [7, middle.length - 7], ESME, SMSC).length, 1)
  t.match(joined.takeWarnings(), [{ code: 'WARN_CAPTURE_BAD_PDU', message: /command_length 5376/ }, { code: 'WARN_CAPTURE_GAP', message: /11 octets skipped/ }], 'the first 7 octets were too few to tell')
  const late = new SmsDissector()
  t.equal(feed(late, middle, [middle.length], ESME, SMSC).length, 1)
  t.match(late.takeWarnings(), [{ code: 'WARN_CAPTURE_GAP', message: /11 octets skipped/ }])
  const cut = new SmsDissector()
  feed(cut, SMPP_STREAM.subarray(0, BIND.length + 8), [BIND.length + 8], ESME, SMSC)
  t.same(cut.end('k'), [])
  t.match(cut.takeWarnings(), [{ code: 'WARN_CAPTURE_INCOMPLETE', message: /ended inside a smpp PDU \(8 octets/ }])
  t.same(cut.end('never'), [])
  const sip = new SmsDissector({ maxSipMessage: 400 })
  const head = cat('MESSAGE sip:a SIP/2.0\r\nX: ', 'y'.repeat(500), '\r\n\r\n')
  const big = cat('MESSAGE sip:a SIP/2.0\r\nContent-Length: 900\r\n\r\n', 'z'.repeat(900))
  const bad = cat('MESSAGE sip:a SIP/2.0\r\nnocolon\r\n\r\n')
  const rest = sipSms(rpData(true, smsDeliver('1', encodePush({ body: NOTIFICATION.subarray(0, 30) }))))
  const single = cat(6, 5, 4, 0x0b, 0x84, 0x23, 0xf0)
  const good = sipSms(rpData(true, smsDeliver('1', cat(single, encodePush({ body: NOTIFICATION.subarray(0, 30) })))))
  const stream = cat(head, big, '\r\n', bad, 'garbage line\r\n', good)
  const found = feed(sip, stream, [100, 300, stream.length - 400], CSCF, UE)
  t.equal(found.length, 1, 'after a head too long, a message too long, a head that is no head, a line of garbage: the MESSAGE')
  t.same(sip.takeWarnings().map((w) => w.code).filter((code) => code === 'WARN_CAPTURE_BAD_PDU').length, 3)
  t.ok(rest.length > 0)
  sip.stream('k', CSCF, UE, 'ipv4', cat('\r\n'), { frame: 9, time: 0n, interface: 0 })
  t.same(sip.end('k'), [])
  t.same(sip.takeWarnings(), [], 'a stream ending in CRLFs ended between messages')
  const unknown = new SmsDissector()
  const elsewhere = { address: '10.0.0.7', port: 1234 }
  t.equal(unknown.stream('u', elsewhere, elsewhere, 'ipv4', cat('what is this, no PDU at all'), { frame: 1, time: 0n, interface: 0 }).length, 0)
  t.equal(unknown.stream('u', elsewhere, elsewhere, 'ipv4', SMPP_STREAM, { frame: 2, time: 0n, interface: 0 }).length, 1, 'read as SMPP, looked for')
})

t.test('a large PDU in many pieces costs linear time and its room is given back', async (t) => {
  const sms = new SmsDissector()
  const payload = encodePush({ body: cat(NOTIFICATION, new Uint8Array(30_000)) })
  const pdu = submitSm({ esmClass: 0, tlvs: [cat(0x02, 0x0b, 0, 2, 0x0b, 0x84), cat(0x04, 0x24, payload.length >> 8, payload.length & 0xff, payload)] })
  const out: CarriedMessage[] = []
  for (let at = 0; at < pdu.length; at += 3) out.push(...sms.stream('k', ESME, SMSC, 'ipv4', pdu.subarray(at, at + 3), { frame: 1 + (at >> 12), time: 0n, interface: 0 }))
  t.equal(out.length, 1)
  t.equal(out[0]!.frames.length, 1 + ((pdu.length - 1) >> 12))
  t.equal(out[0]!.body.length, NOTIFICATION.length + 30_000)
  t.equal(sms.stream('k', ESME, SMSC, 'ipv4', BIND, { frame: 99, time: 0n, interface: 0 }).length, 0)
})
