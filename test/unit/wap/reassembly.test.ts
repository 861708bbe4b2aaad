/**
 * WapDissector's WTP reassembly and what a capture may hold: packets out of order, sent again
 * (RID) and answered by a Negative Ack, aborted transactions, packets that never came or were
 * cut by the snap length (given at flush as far as they run, with a warning), the limits on
 * messages, octets and requests held, and datagrams that are not WAP at all.
 */
import t from 'tap'
import type { CarriedMessage, Datagram } from '../../../lib/net/carried.js'
import { WapDissector } from '../../../lib/wap/dissector.js'
import { caught } from '../../support/thrown.js'
import {
  abort, ack, concatenated, datagram, GATEWAY, invoke, negativeAck, PHONE, pieces, result, segmentedInvoke, segmentedResult, wspGet, wspPost, wspPush, wspReply,
} from '../../support/wap.js'
import { cat, multipart, retrieveConf, textEntry } from '../../support/wire.js'

const MMS = 0xbe
const RETRIEVE = retrieveConf(multipart([textEntry('y'.repeat(2000))]))
const REPLY = wspReply(0x20, MMS, [], RETRIEVE)
const URI = 'http://mmsc.example/m/7'

/** The Result and Segmented Results of REPLY for transaction `tid`, 500 octets each: PSN 0-n. */
function resultPackets (tid: number, options: { rid?: boolean } = {}): Uint8Array[] {
  const parts = pieces(REPLY, 500)
  return parts.map((part, psn) => {
    const last = psn === parts.length - 1
    const flags = { tid: 0x8000 | tid, ttr: last, gtr: last, rid: options.rid === true }
    return psn === 0 ? result(flags, part) : segmentedResult(flags, psn, part)
  })
}

function run (wap: WapDissector, list: Array<[Uint8Array, boolean]>, first = 1): CarriedMessage[] {
  return list.flatMap(([payload, up], n) => wap.datagram(datagram(payload, up ? PHONE : GATEWAY, up ? GATEWAY : PHONE, first + n)))
}

t.test('packets in any order, again, after a Negative Ack', async (t) => {
  const wap = new WapDissector()
  const packets = resultPackets(4)
  t.ok(packets.length >= 4)
  run(wap, [[invoke({ tid: 4 }, wspGet(URI)), true]])
  const order = [packets[2]!, packets[0]!, packets[2]!, negativeAck({ tid: 4 }, [1]), packets[3]!, ...packets.slice(4), ack({ tid: 4 })]
  const held = order.flatMap((p, n) => wap.datagram(datagram(p, p === order[3] || p === order[order.length - 1] ? PHONE : GATEWAY, p === order[3] || p === order[order.length - 1] ? GATEWAY : PHONE, 10 + n)))
  t.same(held, [], 'packet 1 is missing')
  const out = wap.datagram(datagram(resultPackets(4, { rid: true })[1]!, GATEWAY, PHONE, 40))
  t.equal(out.length, 1)
  t.same(out[0]!.body, RETRIEVE)
  t.same(out[0]!.carrier, { kind: 'Reply', tid: 4, uri: URI, status: 200, contentType: 'application/vnd.wap.mms-message' })
  t.same(out[0]!.frames[out[0]!.frames.length - 1], 40)
  t.same(run(wap, resultPackets(4, { rid: true }).map((p) => [p, false]), 50), [], 'a retransmission of a message given back is not a new one')
  t.same(run(wap, [[result({ tid: 0x8004 }, wspReply(0x20, MMS, [], RETRIEVE)), false]], 60).length, 1, 'a first transmission with the same TID is a new transaction')
  t.same(wap.takeWarnings(), [])
})

t.test('a segmented Post (Invoke, Segmented Invokes) of an m-send-req', async (t) => {
  const wap = new WapDissector()
  const send = cat(0x8c, 0x80, 0x98, 'S', 0, 0x8d, 0x92, 0x84, 0xa3, 'z'.repeat(1500))
  const parts = pieces(wspPost(URI, MMS, [], send), 600)
  const out = run(wap, parts.map((part, psn) => [psn === 0 ? invoke({ tid: 8, ttr: false }, part) : segmentedInvoke({ tid: 8, ttr: psn === parts.length - 1 }, psn, part), true]))
  t.equal(out.length, 1)
  t.same([out[0]!.carrier.kind, out[0]!.carrier.uri, Buffer.from(out[0]!.body)], ['Post', URI, Buffer.from(send)])
})

t.test('concatenated PDUs in one datagram; a ConfirmedPush over WTP', async (t) => {
  const wap = new WapDissector()
  const body = cat(0x8c, 0x82, 0x98, 'N', 0)
  const out = wap.datagram(datagram(concatenated(ack({ tid: 1 }), invoke({ tid: 0x11 }, wspPush(MMS, [], body, true), 1)), GATEWAY, PHONE, 1))
  t.equal(out.length, 1)
  t.same([out[0]!.carrier.kind, out[0]!.mms, out[0]!.body, out[0]!.path], ['ConfirmedPush', true, body, ['ipv4', 'udp', 'wtp', 'wsp']])
})

t.test('an Abort drops what its transaction held, from either side', async (t) => {
  const wap = new WapDissector()
  const packets = resultPackets(5)
  run(wap, [[invoke({ tid: 5 }, wspGet(URI)), true], [packets[0]!, false]])
  t.same(run(wap, [[abort({ tid: 5 }), true]], 3), [])
  t.same(run(wap, packets.slice(1).map((p) => [p, false]), 4), [], 'the rest of an aborted message is incomplete')
  run(wap, [[abort({ tid: 0x8009 }), false]], 20)
  const warnings = wap.takeWarnings()
  t.same(warnings.map((w) => w.code), ['WARN_CAPTURE_ABORTED', 'WARN_CAPTURE_ABORTED'])
  t.match(warnings[0]!.message, /dropped/)
  t.notMatch(warnings[1]!.message, /dropped/)
  const flushed = wap.flush()
  t.same(flushed, [], 'packet 0 never came again: nothing to give')
  t.same(wap.takeWarnings().map((w) => w.code), ['WARN_CAPTURE_INCOMPLETE'])
})

t.test('flush gives what came up to the first missing packet, with a warning', async (t) => {
  const wap = new WapDissector()
  const packets = resultPackets(6)
  run(wap, [[invoke({ tid: 6 }, wspGet(URI)), true], [packets[0]!, false], [packets[1]!, false], [packets[3]!, false]])
  const out = wap.flush()
  t.equal(out.length, 1)
  t.same(out[0]!.body, RETRIEVE.subarray(0, 1000 - (REPLY.length - RETRIEVE.length)))
  t.same(out[0]!.carrier.uri, URI)
  t.same(out[0]!.warnings.map((w) => w.code), ['WARN_CAPTURE_INCOMPLETE'])
  t.match(out[0]!.warnings[0]!.message, /packet 2 of a message whose last packet never came/)
  const seen = new WapDissector()
  run(seen, [[packets[0]!, false], [packets[packets.length - 1]!, false]])
  t.match(seen.flush()[0]!.warnings[0]!.message, new RegExp(`packet 1 of ${packets.length} is missing`))
  const headless = new WapDissector()
  run(headless, [[segmentedResult({ tid: 0x8001, ttr: false }, 1, cat(0x04, 0x20)), false]])
  t.same(headless.flush(), [])
  t.match(headless.takeWarnings()[0]!.message, /packet 0/)
  const garbled = new WapDissector()
  run(garbled, [[result({ tid: 0x8001, ttr: false }, cat(0x04, 0x20, 0x85)), false], [segmentedResult({ tid: 0x8001 }, 2, [1]), false]])
  t.same(garbled.flush(), [])
  t.match(garbled.takeWarnings()[0]!, { code: 'WARN_CAPTURE_BAD_PDU', message: /packet 1 .* is missing/ })
})

t.test('the snap length: a cut packet ends its message', async (t) => {
  const wap = new WapDissector()
  const packets = resultPackets(7)
  run(wap, [[invoke({ tid: 7 }, wspGet(URI)), true]])
  const cut = packets[1]!.subarray(0, 100)
  const out = [
    ...wap.datagram(datagram(packets[0]!, GATEWAY, PHONE, 2)),
    ...wap.datagram(datagram(cut, GATEWAY, PHONE, 3, packets[1]!.length - 100)),
    ...packets.slice(2).flatMap((p, n) => wap.datagram(datagram(p, GATEWAY, PHONE, 4 + n))),
  ]
  t.equal(out.length, 1)
  t.same(out[0]!.body, RETRIEVE.subarray(0, 500 + 100 - 4 - (REPLY.length - RETRIEVE.length)))
  t.match(out[0]!.warnings, [{ code: 'WARN_CAPTURE_INCOMPLETE', message: /packet 1 was cut/ }])
  t.match(wap.takeWarnings(), [{ code: 'WARN_CAPTURE_SNAPLEN', frame: 3 }])
  const single = new WapDissector()
  const whole = invoke({ tid: 2 }, wspPost(URI, MMS, [], RETRIEVE))
  const one = single.datagram(datagram(whole.subarray(0, 300), PHONE, GATEWAY, 1, whole.length - 300))
  t.match(one, [{ carrier: { kind: 'Post' }, warnings: [{ code: 'WARN_CAPTURE_INCOMPLETE' }] }])
  const connectionless = new WapDissector()
  const reply = cat(2, wspReply(0x20, MMS, [], RETRIEVE))
  const cl = connectionless.datagram(datagram(reply.subarray(0, 200), { address: '10.0.0.1', port: 9200 }, PHONE, 1, reply.length - 200))
  t.match(cl, [{ path: ['ipv4', 'udp', 'wsp'], warnings: [{ code: 'WARN_CAPTURE_SNAPLEN' }] }])
})

t.test('limits: messages and octets held, requests remembered, warnings kept', async (t) => {
  const groups = new WapDissector({ maxWtpGroups: 2 })
  for (let tid = 1; tid <= 3; tid++) run(groups, [[result({ tid: 0x8000 | tid, ttr: false }, cat(0x04, 0x20)), false]], tid)
  t.match(groups.takeWarnings(), [{ code: 'WARN_CAPTURE_LIMIT', frame: 3, message: /maxWtpGroups \(2\)/ }])
  t.equal(groups.flush().length, 0)
  const bytes = new WapDissector({ maxWtpBytes: 700 })
  run(bytes, resultPackets(3).slice(0, 2).map((p) => [p, false]))
  t.match(bytes.takeWarnings(), [{ code: 'WARN_CAPTURE_LIMIT', message: /maxWtpBytes \(700\)/ }])
  const requests = new WapDissector({ maxWspTransactions: 1 })
  run(requests, [[invoke({ tid: 1 }, wspGet('http://a/1')), true], [invoke({ tid: 2 }, wspGet('http://a/2')), true]])
  const replies = run(requests, [[result({ tid: 0x8001 }, REPLY), false], [result({ tid: 0x8002 }, REPLY), false]], 3)
  t.same(replies.map((m) => m.carrier.uri), [undefined, 'http://a/2'], 'the Reply of a forgotten request has no URI')
  t.match(requests.takeWarnings(), [{ code: 'WARN_CAPTURE_LIMIT', frame: 2, message: /maxWspTransactions/ }])
  const few = new WapDissector({ maxWarnings: 1 })
  for (let n = 1; n <= 3; n++) few.datagram(datagram(Uint8Array.of(0x40), PHONE, GATEWAY, n))
  t.match(few.takeWarnings(), [{ code: 'WARN_CAPTURE_BAD_PDU', frame: 1 }, { code: 'WARN_CAPTURE_WARNINGS_DROPPED', message: /2 more/, frame: 1 }])
  t.same(few.takeWarnings(), [])
  t.match(caught(() => new WapDissector({ maxWtpGroups: 0 })), { code: 'ERR_MMSE_BAD_OPTION', field: 'maxWtpGroups' })
  t.match(caught(() => new WapDissector({ maxWtpGroup: 1 } as never)), { code: 'ERR_MMSE_BAD_OPTION', message: /did you mean maxWtpGroups/ })
  t.match(caught(() => new WapDissector(null as never)), { code: 'ERR_MMSE_INVALID_ARGUMENT' })
})

t.test('what is not WAP or not MMS', async (t) => {
  const wap = new WapDissector()
  const other = { address: '10.0.0.9', port: 53 }
  t.equal(wap.claims(datagram(Uint8Array.of(1), other, other, 1)), false)
  for (const port of [9200, 9201, 2948, 2949]) t.equal(wap.claims(datagram(Uint8Array.of(1), other, { address: '10.0.0.1', port }, 1)), true)
  const mmsPush = cat(3, wspPush(MMS, [], cat(0x8c, 0x82, 0x98, 'T', 0)))
  t.equal(wap.claims(datagram(mmsPush, other, other, 1)), true, 'an MMS push, on any port')
  t.match(wap.datagram(datagram(mmsPush, other, other, 1)), [{ path: ['ipv4', 'udp', 'wsp-push'], mms: true }])
  t.equal(wap.claims(datagram(cat(3, wspPush(0x83, [], 'text')), other, other, 1)), false, 'a push of text/plain, not on a WAP port: not claimed')
  t.equal(wap.claims(datagram(cat(3, 0x06, 0x85), other, other, 1)), false, 'no push')
  t.equal(wap.claims(datagram(cat(3, 0x07), other, other, 1)), false)
  t.same(run(wap, [[invoke({ tid: 1 }, wspGet('http://a/page')), true], [result({ tid: 0x8001 }, wspReply(0x20, 0x88, [], '<wml/>')), false]]), [], 'a WML page is not MMS')
  t.same(run(wap, [[invoke({ tid: 2 }, cat(0x30)), true], [result({ tid: 0x8002 }, new Uint8Array(0)), false]], 3), [])
  t.same(wap.takeWarnings().map((w) => [w.code, w.frame]), [['WARN_CAPTURE_BAD_PDU', 3], ['WARN_CAPTURE_BAD_PDU', 4]])
  const cl: Datagram = datagram(cat(1, 0x30), PHONE, { address: '10.0.0.1', port: 9200 }, 9)
  t.same(wap.datagram(cl), [])
  t.match(wap.takeWarnings(), [{ code: 'WARN_CAPTURE_BAD_PDU', message: /ERR_MMSE_BAD_WSP at offset 1/ }])
  t.same(wap.datagram(datagram(cat(0x18, 0), PHONE, GATEWAY, 10)), [])
  t.match(wap.takeWarnings(), [{ code: 'WARN_CAPTURE_BAD_PDU', message: /ERR_MMSE_BAD_WTP/ }])
})

t.test('connectionless Get and Reply on 9200, paired by TID', async (t) => {
  const wap = new WapDissector()
  const server = { address: '10.0.0.1', port: 9200 }
  t.same(wap.datagram(datagram(cat(7, wspGet(URI)), PHONE, server, 1)), [])
  const out = wap.datagram(datagram(cat(7, REPLY), server, PHONE, 2))
  t.match(out, [{ path: ['ipv4', 'udp', 'wsp'], carrier: { kind: 'Reply', tid: 7, uri: URI, status: 200 } }])
  t.same(out[0]!.body, RETRIEVE)
})

t.test('packets numbered past the last do not complete a message; IPv6 flows', async (t) => {
  const wap = new WapDissector({ maxWtpGroups: 2 })
  const v6phone = { address: '2001:db8::2', port: 40000 }
  const v6gateway = { address: '2001:db8::1', port: 9201 }
  const send = (payload: Uint8Array, frame: number): CarriedMessage[] => wap.datagram(datagram(payload, v6gateway, v6phone, frame, 0, 'ipv6'))
  send(result({ tid: 0x8001, ttr: false }, REPLY.subarray(0, 10)), 1)
  send(segmentedResult({ tid: 0x8001, ttr: false }, 5, [1]), 2)
  t.same(send(segmentedResult({ tid: 0x8001 }, 2, REPLY.subarray(20, 30)), 3), [], 'packets 0, 2 and 5, the last 2: packet 1 is missing')
  const whole = send(segmentedResult({ tid: 0x8001, ttr: false }, 1, REPLY.subarray(10, 20)), 4)
  t.same(whole.map((m) => [m.path[0], m.frames]), [['ipv6', [1, 2, 3, 4]]], 'packet 5, past the last, is not part of it')
  t.same(Buffer.from(whole[0]!.body), Buffer.from(REPLY.subarray(REPLY.length - RETRIEVE.length, 30)))
  for (let tid = 2; tid <= 4; tid++) t.equal(send(result({ tid: 0x8000 | tid }, REPLY), 10 + tid).length, 1)
  t.equal(send(result({ tid: 0x8004, rid: true }, REPLY), 20).length, 0, 'a retransmission of a message given back is ignored')
  t.equal(send(result({ tid: 0x8002, rid: true }, REPLY), 21).length, 1, 'past maxWtpGroups messages given back, the oldest is forgotten: its retransmission reads as new')
  t.same(wap.takeWarnings(), [])
})

t.test('packets held are copies: the caller may reuse its buffers', async (t) => {
  const wap = new WapDissector()
  const packets = resultPackets(9)
  const buffer = new Uint8Array(2000)
  const out: CarriedMessage[] = []
  packets.forEach((packet, n) => {
    buffer.set(packet)
    out.push(...wap.datagram(datagram(buffer.subarray(0, packet.length), GATEWAY, PHONE, n + 1)))
    buffer.fill(0xee)
  })
  t.equal(out.length, 1)
  t.same(Buffer.from(out[0]!.body), Buffer.from(RETRIEVE))
})
