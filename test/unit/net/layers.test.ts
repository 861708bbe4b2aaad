/**
 * Link and network layers: every link type down to its IP packet, IPv4 and IPv6 headers with
 * options and extension headers, fragments reassembled in any order, UDP and TCP headers.
 */
import t from 'tap'
import { ipOffset, LINK_CUT_SHORT, linkSkip } from '../../../lib/net/link.js'
import { endpointsKey, type IpPacket, ipv6Text, readIp, sourceFirst } from '../../../lib/net/ip.js'
import { FragmentTable } from '../../../lib/net/fragments.js'
import { readTcp, readUdp } from '../../../lib/net/transport.js'
import { flowKey } from '../../../lib/net/carried.js'
import { ethernet, ipv4, ipv6, loopback, sll, sll2, tcp, udp } from '../../support/pcap.js'

const PAYLOAD = Uint8Array.of(9, 9, 9)
const V4 = ipv4({ protocol: 17, payload: PAYLOAD })
const V6 = ipv6({ protocol: 17, payload: PAYLOAD })

t.test('every link type finds its IP packet', async (t) => {
  const cases: Array<[string, number, Uint8Array, number]> = [
    ['Ethernet', 1, ethernet(V4), 14],
    ['Ethernet, 802.1Q', 1, ethernet(V6, [0x8100]), 18],
    ['Ethernet, QinQ', 1, ethernet(V4, [0x88a8, 0x8100]), 22],
    ['Linux cooked', 113, sll(V4), 16],
    ['Linux cooked v2', 276, sll2(V6), 20],
    ['raw', 101, V4, 0],
    ['raw (DLT 12)', 12, V4, 0],
    ['raw (DLT 14)', 14, V6, 0],
    ['IPv4', 228, V4, 0],
    ['IPv6', 229, V6, 0],
    ['null', 0, loopback(V4), 4],
    ['loop', 108, loopback(V6, true), 4],
  ]
  for (const [name, linkType, frame, offset] of cases) {
    t.equal(ipOffset(linkType, frame), offset, name)
    // Inside a larger buffer (a record in its chunk), the offset is the buffer's.
    const inside = new Uint8Array([7, 7, 7, ...frame, 7])
    t.equal(ipOffset(linkType, inside, 3, 3 + frame.length), 3 + offset, `${name}, inside a buffer`)
  }
  const skip = (linkType: number, frame: Uint8Array): string => linkSkip(ipOffset(linkType, frame), linkType)
  t.equal(skip(147, V4), 'link type 147')
  t.equal(skip(1, ethernet(V4, [], 0x0806)), 'ethertype 0x0806')
  t.equal(skip(1, ethernet(V4, [], 0)), 'ethertype 0x0000')
  t.equal(skip(1, Uint8Array.of(1, 2)), 'a link header cut short')
  t.equal(skip(113, Uint8Array.of(1, 2)), 'a link header cut short')
  t.equal(skip(276, Uint8Array.of(1, 2)), 'a link header cut short')
  t.equal(skip(0, Uint8Array.of(2, 0, 0)), 'a link header cut short')
  t.equal(ipOffset(1, new Uint8Array([...ethernet(V4), 0, 0]), 0, 13), LINK_CUT_SHORT, 'the frame ends where the record does, not the buffer')
})

t.test('IPv4 and IPv6 headers', async (t) => {
  t.match(readIp(V4, 0), { ip: 'ipv4', src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, missing: 0 })
  t.match(readIp(ipv4({ protocol: 6, payload: PAYLOAD, options: new Uint8Array(8) }), 0), { payload: PAYLOAD })
  t.match(readIp(new Uint8Array([...V4, 0, 0, 0]), 0), { payload: PAYLOAD }, 'Ethernet padding is cut off')
  t.match(readIp(new Uint8Array([7, ...V4, 7, 7]), 1, 1 + V4.length), { payload: PAYLOAD, missing: 0 }, 'a packet inside a larger buffer ends where its frame does')
  t.match(readIp(new Uint8Array([...V4, 7, 7]), 0, 21), { payload: Uint8Array.of(9), missing: 2 }, 'and is cut where its frame is')
  t.match(readIp(new Uint8Array([7, ...V6, 7]), 1, 1 + V6.length), { ip: 'ipv6', src: '2001:db8::1', payload: PAYLOAD, missing: 0 })
  t.match(readIp(V4.subarray(0, 21), 0), { payload: Uint8Array.of(9), missing: 2 }, 'a packet cut by the snap length')
  t.strictSame(readIp(V4, 99), { skip: 'an IP header cut short' })
  t.strictSame(readIp(Uint8Array.of(0x50), 0), { skip: 'IP version 5' })
  t.strictSame(readIp(Uint8Array.of(0x45, 0), 0), { skip: 'an IPv4 header cut short or malformed' })
  t.strictSame(readIp(ipv4({ protocol: 6, payload: PAYLOAD, totalLength: 10 }), 0), { skip: 'an IPv4 total length 10 below its header length 20' })
  t.match(readIp(ipv4({ protocol: 17, payload: PAYLOAD, id: 7, offset: 16, more: true }), 0), { fragment: { id: 7, offset: 16, more: true } })
  t.match(readIp(V6, 0), { ip: 'ipv6', src: '2001:db8::1', dst: '2001:db8::2', protocol: 17, payload: PAYLOAD, missing: 0 })
  const chained = ipv6({ protocol: 6, payload: PAYLOAD, extensions: [[0, new Uint8Array(4)], [43, new Uint8Array(6)], [60, new Uint8Array(12)], [51, new Uint8Array(10)]] })
  t.match(readIp(chained, 0), { protocol: 6, payload: PAYLOAD }, 'hop-by-hop, routing, destination options and AH passed over')
  t.match(readIp(ipv6({ protocol: 17, payload: PAYLOAD, fragment: { id: 0x89abcdef, offset: 8, more: false } }), 0), { fragment: { id: 0x89abcdef, offset: 8, more: false } })
  t.notOk('fragment' in (readIp(ipv6({ protocol: 17, payload: PAYLOAD, fragment: { id: 1, offset: 0, more: false } }), 0) as object), 'an atomic fragment is whole')
  t.strictSame(readIp(V6.subarray(0, 30), 0), { skip: 'an IPv6 header cut short' })
  t.strictSame(readIp(chained.subarray(0, 44), 0), { skip: 'an IPv6 extension header cut short' })
  t.strictSame(readIp(ipv6({ protocol: 6, payload: new Uint8Array(0), extensions: [[0, new Uint8Array(60)]], payloadLength: 8 }), 0), { skip: 'an IPv6 extension header cut short' })
  t.equal(ipv6Text(Uint8Array.of(0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1), 0), '2001:db8::1:0:0:1', 'the first of two equal runs')
  t.equal(ipv6Text(Uint8Array.of(0x20, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1), 0), '2001:0:1:1:1:1:1:1', 'a single zero group stays')
  t.equal(ipv6Text(new Uint8Array(16), 0), '::')
  t.equal(ipv6Text(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 0), '::1')
})

t.test('a flow\'s endpoints as one key, the same both ways; which way a packet goes', async (t) => {
  const packet = (bytes: Uint8Array): IpPacket => readIp(bytes, 0) as IpPacket
  const key = (p: IpPacket, src: number, dst: number): string => endpointsKey(p, src, dst, sourceFirst(p, src, dst))
  for (const [build, a, b, length] of [[ipv4, '10.0.0.1', '10.0.0.2', 6], [ipv6, '2001:db8::1', '2001:db8::2', 18]] as const) {
    const there = packet(build({ src: a, dst: b, protocol: 6, payload: PAYLOAD }))
    const back = packet(build({ src: b, dst: a, protocol: 6, payload: PAYLOAD }))
    t.equal(sourceFirst(there, 5, 80), true, 'the lower address first')
    t.equal(sourceFirst(back, 80, 5), false)
    t.equal(key(there, 5, 80), key(back, 80, 5), 'one key both ways')
    t.equal(key(there, 5, 80).length, length)
    t.not(key(there, 5, 80), key(there, 6, 80), 'another port, another flow')
    t.not(key(there, 5, 80), key(back, 5, 80), 'the same ports the other way round: another flow')
    const self = packet(build({ src: a, dst: a, protocol: 6, payload: PAYLOAD }))
    t.equal(sourceFirst(self, 5, 80), true, 'to itself: the lower port first')
    t.equal(sourceFirst(self, 80, 5), false)
    t.equal(sourceFirst(self, 80, 80), true, 'a packet to its own endpoint')
    t.equal(key(self, 5, 80), key(self, 80, 5))
  }
  t.not(key(packet(ipv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 6, payload: PAYLOAD })), 1, 2), key(packet(ipv4({ src: '10.0.0.1', dst: '10.0.0.3', protocol: 6, payload: PAYLOAD })), 1, 2))
})

t.test('UDP and TCP headers', async (t) => {
  t.match(readUdp(udp(1, 2, PAYLOAD), 0), { srcPort: 1, dstPort: 2, payload: PAYLOAD, missing: 0 })
  t.match(readUdp(udp(1, 2, PAYLOAD).subarray(0, 9), 0), { payload: Uint8Array.of(9), missing: 2 })
  t.match(readUdp(udp(1, 2, PAYLOAD, 0), 5), { payload: PAYLOAD, missing: 5 }, 'a length of 0: the IP length rules')
  t.equal(readUdp(Uint8Array.of(1, 2), 0), undefined)
  t.match(readTcp(tcp({ srcPort: 1, dstPort: 2, seq: 0xfffffff0, syn: true, fin: true, rst: true, payload: PAYLOAD })), { seq: 0xfffffff0, syn: true, fin: true, rst: true, payload: PAYLOAD })
  const segment = tcp({ srcPort: 1, dstPort: 2, seq: 5, payload: PAYLOAD })
  t.match(readTcp(new Uint8Array([7, 7, ...segment, 7]), 2, 2 + segment.length), { srcPort: 1, dstPort: 2, seq: 5, payload: PAYLOAD }, 'a segment where it lies in a larger buffer')
  t.equal(readTcp(new Uint8Array([7, ...segment]), 1, 20), undefined, 'a header cut by the end given')
  t.equal(readTcp(Uint8Array.of(1)), undefined)
  const bad = tcp({ srcPort: 1, dstPort: 2, seq: 0 })
  bad[12] = 0x40
  t.equal(readTcp(bad), undefined, 'a data offset below 5 words')
  t.equal(flowKey('tcp', { address: 'b', port: 1 }, { address: 'a', port: 2 }), flowKey('tcp', { address: 'a', port: 2 }, { address: 'b', port: 1 }))
  t.equal(flowKey('tcp', { address: 'a', port: 2 }, { address: 'a', port: 1 }), 'tcp a 1 a 2')
})

t.test('IP fragments: any order, overlaps, limits, never completed', async (t) => {
  const warnings: Array<[string, number, boolean]> = []
  const table = new FragmentTable(2, 40, (message, frame, limit) => warnings.push([message, frame, limit]))
  const whole = Uint8Array.from({ length: 24 }, (_, i) => i)
  const fragment = (id: number, offset: number, end: number, more: boolean): ReturnType<typeof readIp> =>
    readIp(ipv4({ protocol: 17, id, offset, more, payload: whole.subarray(offset, end) }), 0)
  t.equal(table.add(fragment(1, 16, 24, false) as never, 1), undefined)
  t.equal(table.add(fragment(1, 8, 16, true) as never, 2), undefined)
  t.strictSame(table.add(fragment(1, 0, 16, true) as never, 3), { payload: whole, frames: [1, 2, 3] }, 'last fragment first; an overlap keeps the first copy')
  table.add(fragment(2, 0, 8, true) as never, 4)
  table.add(fragment(3, 0, 8, true) as never, 5)
  table.add(fragment(4, 0, 8, true) as never, 6)
  t.match(warnings, [[/maxFragmentGroups.*ipv4 10.0.0.1 10.0.0.2 17 2/, 6, true]])
  table.add(fragment(5, 0, 24, true) as never, 7)
  table.add(fragment(6, 0, 24, true) as never, 8)
  t.match(warnings.slice(1), [[/maxFragmentGroups.* 3 /, 7, true], [/maxFragmentGroups.* 4 /, 8, true], [/maxFragmentBytes.* 5 /, 8, true]])
  table.end()
  t.match(warnings.slice(4), [[/fragments in frames 8 never completed/, 8, false]])
  warnings.length = 0
  table.end()
  t.same(warnings, [])
})
