/**
 * The capture scan's routing: datagrams to datagram dissectors, TCP flows to HTTP by their first
 * bytes or by decodeAs, limits on flows; what it warns about; MMS cut by gaps or broken.
 */
import t from 'tap'
import { decodeCapture } from '../../../lib/capture/decode-capture.js'
import type { CaptureWarning, CarriedMessage, Datagram, DatagramDissector, Endpoint, PacketContext, StreamDissector } from '../../../lib/net/carried.js'
import { buildSendReq, encode } from '../../../lib/index.js'
import {
  conversation, ENDS, type Endpoints, ethernet, httpRequest, httpResponse, ipv4, ipv6, loopback, type Packet, packets, pcap, pcapng,
  sll, sll2, tcp, udp,
} from '../../support/pcap.js'
import { only, scanSync, splits } from '../../support/capture.js'

const pdu = encode(buildSendReq({ to: '+15550002', subject: 'scan', parts: [{ contentType: 'text/plain', data: 'x'.repeat(3000) }] }))
const exchange = [{ request: httpRequest('POST', '/mms', pdu, { 'Content-Type': 'application/vnd.wap.mms-message' }), response: httpResponse(200, new Uint8Array(0)) }]

t.test('HTTP over every link type, over IPv6, in pcapng', async (t) => {
  const links: Array<[string, number, (ip: Uint8Array) => Uint8Array]> = [
    ['Ethernet + 802.1Q', 1, (ip) => ethernet(ip, [0x8100])], ['SLL', 113, sll], ['SLL2', 276, sll2], ['raw', 101, (ip) => ip], ['null', 0, (ip) => loopback(ip)],
  ]
  for (const [name, linkType, link] of links) {
    for (const ip6 of [false, true]) {
      const ends: Endpoints = ip6 ? { ...ENDS, client: '2001:db8::1', server: '2001:db8::2', ip6 } : ENDS
      const file = pcap(packets(ends, conversation(ends, exchange, 1000), link), { linkType })
      const entries = scanSync(file)
      t.match(only(entries, 'mms'), [{ context: { path: [ip6 ? 'ipv6' : 'ipv4', 'tcp', 'http'], src: { address: ends.client } } }], `${name}, ${ip6 ? 'IPv6' : 'IPv4'}`)
      t.match(only(entries, 'end'), [{ complete: true, size: pdu.length }])
    }
  }
  const blocks = packets(ENDS, conversation(ENDS, exchange, 1000)).map((packet) => ({ type: 'packet' as const, packet: { ...packet, interface: 1 } }))
  const ng = pcapng([{ interfaces: [{ linkType: 147 }, { linkType: 1, tsresol: 9 }], blocks }])
  t.match(only(scanSync(ng), 'mms'), [{ context: { interface: 1 } }])
})

t.test('what the scan warns about: a link type, a broken IP or TCP header', async (t) => {
  const frames: Packet[] = [
    { data: Uint8Array.of(1, 2, 3), interface: 0 },
    { data: Uint8Array.of(1, 2, 3), interface: 0 },
  ]
  t.match(only(scanSync(pcap(frames, { linkType: 147 })), 'warning'), [{ warning: { code: 'WARN_CAPTURE_UNREAD', message: /link type 147 is not read/, frame: 1 } }], 'said once')
  t.match(only(scanSync(pcap([{ data: Uint8Array.of(0x45, 0) }], { linkType: 101 })), 'warning'), [{ warning: { code: 'WARN_CAPTURE_UNREAD', message: /IPv4 header cut short/ } }])
  t.match(only(scanSync(pcap([{ data: ipv4({ protocol: 6, payload: Uint8Array.of(1, 2) }) }], { linkType: 101 })), 'warning'), [{ warning: { code: 'WARN_CAPTURE_UNREAD', message: /TCP header cut short/ } }])
  t.same(scanSync(pcap([{ data: ethernet(ipv4({ protocol: 1, payload: new Uint8Array(8) })) }, { data: ethernet(new Uint8Array(28), [], 0x0806) }, { data: ipv4({ protocol: 17, payload: Uint8Array.of(1) }) }])), [], 'ICMP, ARP and a broken UDP header pass unsaid')
})

class FakeDissector implements DatagramDissector {
  readonly seen: Datagram[] = []
  claims (datagram: Datagram): boolean {
    return datagram.dst.port === 2948
  }

  datagram (datagram: Datagram): CarriedMessage[] {
    this.seen.push(datagram)
    const mms = datagram.payload[0] === 0x8c
    return [{
      path: [datagram.ip, 'udp', 'wsp-push'], src: datagram.src, dst: datagram.dst, frames: datagram.frames, time: datagram.packet.time,
      interface: datagram.packet.interface, carrier: { kind: 'Push', applicationId: mms ? 'x-wap-application:mms.ua' : 'x-wap-application:push.syncml.dm' },
      mms, body: datagram.payload, warnings: mms ? [] : [{ code: 'WARN_CAPTURE_UNREAD', message: 'not MMS', frame: datagram.packet.frame }],
    }]
  }

  flush (): CarriedMessage[] {
    return []
  }
}

t.test('datagrams go to the dissector that claims them; what it finds is scanned or listed', async (t) => {
  const notification = encode({ headers: { messageType: 'm-notification-ind', transactionId: 'N1', mmsVersion: '1.2', messageClass: 'personal', messageSize: 10, expiry: { relative: 60 }, contentLocation: 'http://x/1' } } as never)
  const whole = ipv6({ protocol: 17, payload: udp(9200, 2948, notification) })
  const payload = whole.subarray(40)
  const first = ipv6({ protocol: 17, payload: payload.subarray(0, 16), fragment: { id: 5, offset: 0, more: true } })
  const second = ipv6({ protocol: 17, payload: payload.subarray(16), fragment: { id: 5, offset: 16, more: false } })
  const file = pcap([
    { data: ethernet(second) }, { data: ethernet(first) },
    { data: ethernet(ipv4({ protocol: 17, payload: udp(9200, 2948, Uint8Array.of(1, 2, 3)) })) },
    { data: ethernet(ipv4({ protocol: 17, payload: udp(9200, 9999, notification) })) },
  ])
  const dissector = new FakeDissector()
  const entries = scanSync(file, undefined, {}, { datagram: [{ protocols: ['wsp'], dissector }] })
  t.strictSame(dissector.seen.map((d) => d.frames), [[1, 2], [3]], 'fragments reassembled first, the frames that carried them kept')
  t.match(only(entries, 'mms'), [{ id: 1, context: { path: ['ipv6', 'udp', 'wsp-push'], direction: 'Push', frame: 1, carrier: { applicationId: 'x-wap-application:mms.ua' } } }])
  t.match(only(entries, 'end'), [{ id: 1, frames: [1, 2], complete: true }])
  t.match(only(entries, 'carried'), [{ message: { mms: false, carrier: { applicationId: 'x-wap-application:push.syncml.dm' } } }])
  t.match(only(entries, 'warning'), [{ id: null, warning: { message: 'not MMS' } }])
  const none = new FakeDissector()
  scanSync(file, undefined, { decodeAs: ['udp.port==2948,none'] }, { datagram: [{ protocols: ['wsp'], dissector: none }] })
  t.same(none.seen, [], 'decodeAs none: nobody sees them')
  const result = decodeCapture(file, {}, { datagram: [{ protocols: ['wsp'], dissector: new FakeDissector() }] })
  t.equal(result.messages[0]?.message?.headers.transactionId, 'N1')
  t.equal(result.carried.length, 1)
})

t.test('TCP segments in IP fragments are reassembled first; a fragmented protocol the scan does not read passes', async (t) => {
  const segments = conversation(ENDS, exchange, 1000)
  const whole = packets(ENDS, segments)
  // The client's first segment with data, cut into two IPv4 fragments (sent in reverse order).
  const at = segments.findIndex((segment) => segment.fromClient && segment.tcp.length > 100)
  const tcpBytes = (segments[at] as { tcp: Uint8Array }).tcp
  const piece = (from: number, to: number, more: boolean): Packet => ({ data: ethernet(ipv4({ src: ENDS.client, dst: ENDS.server, protocol: 6, id: 9, offset: from, more, payload: tcpBytes.subarray(from, to) })) })
  const icmp = (offset: number, more: boolean): Packet => ({ data: ethernet(ipv4({ protocol: 1, id: 10, offset, more, payload: new Uint8Array(8) })) })
  const cut = [...whole.slice(0, at), piece(48, tcpBytes.length, false), piece(0, 48, true), icmp(8, false), icmp(0, true), ...whole.slice(at + 1)]
  const carriers = (file: Uint8Array): unknown[] => only(scanSync(file), 'mms').map((event) => (event.context as { carrier: unknown }).carrier)
  const expected = carriers(pcap(whole))
  t.equal(expected.length, 1)
  t.same(carriers(pcap(cut)), expected, 'the same MMS, the same way')
  t.match(only(scanSync(pcap(cut)), 'end'), [{ complete: true }])
})

t.test('decodeAs gives a port to HTTP or to nothing', async (t) => {
  // A capture that starts inside a response body: only a forced HTTP reads it, and loses its framing.
  const segments = conversation(ENDS, exchange, 1000).slice(3)
  const file = pcap(packets(ENDS, segments))
  t.same(only(scanSync(file), 'warning'), [], 'not HTTP at first sight: skipped quietly')
  t.match(only(scanSync(file, undefined, { decodeAs: ['tcp.port==80,http'] }), 'warning'), [{ warning: { code: 'WARN_CAPTURE_HTTP', message: /not an HTTP\/1.x start line|ends inside a message head/ } }])
  const whole = pcap(packets(ENDS, conversation(ENDS, exchange, 1000)))
  t.same(only(scanSync(whole, undefined, { decodeAs: ['tcp.port==80,none'] }), 'mms'), [], 'none')
  t.same(only(scanSync(whole, undefined, { decodeAs: ['tcp.port==80,sms'] }), 'mms'), [], 'a protocol with no stream dissector here')
})

t.test('flows: past maxFlows the least recently active ends; RST ends one; a quiet flow is dropped at its FIN', async (t) => {
  const many: Packet[] = []
  for (let i = 0; i < 3; i++) {
    const ends = { ...ENDS, clientPort: 40000 + i }
    many.push(...packets(ends, conversation(ends, exchange, 1000, false).slice(0, 3)))
  }
  const entries = scanSync(pcap(many), undefined, { captureLimits: { maxFlows: 2 } })
  const cut = (id: number): object => ({ id, warning: { code: 'WARN_CAPTURE_INCOMPLETE', message: 'the MMS ends after 897 octets: the HTTP stream ends before the end its framing declares' } })
  const http = { id: null, warning: { code: 'WARN_CAPTURE_HTTP', message: /HTTP stream ends inside a message body/ } }
  t.match(only(entries, 'warning'), [{ warning: { code: 'WARN_CAPTURE_LIMIT', message: /maxFlows \(2\) reached: tcp 10.0.0.1 40000 10.0.0.2 80/ } }, http, cut(1), http, cut(2), http, cut(3)])
  t.match(only(entries, 'end'), [{ id: 1, complete: false }, { id: 2, complete: false }, { id: 3, complete: false }])
  const reset = conversation(ENDS, exchange, 1000, false).slice(0, 3)
  reset.push({ fromClient: true, tcp: tcp({ srcPort: ENDS.clientPort, dstPort: ENDS.serverPort, seq: 99, rst: true }) })
  t.match(only(scanSync(pcap(packets(ENDS, reset))), 'end'), [{ complete: false, frames: [3, 4] }])
  const quiet = conversation(ENDS, [{ request: Buffer.from('SSH-2.0-x\r\n') }], 1000)
  quiet.push({ fromClient: true, tcp: tcp({ srcPort: ENDS.clientPort, dstPort: ENDS.serverPort, seq: 1, payload: Buffer.from('POST / HTTP/1.1\r\n\r\n') }) })
  t.same(scanSync(pcap(packets(ENDS, quiet))), [], 'after its FIN, a new flow begins mid-stream: not HTTP')
})

t.test('flows: a packet makes its flow the most recently active, wherever it was in the order', async (t) => {
  const ends = (i: number): typeof ENDS => ({ ...ENDS, clientPort: 40000 + i })
  const opening = (i: number): Packet[] => packets(ends(i), conversation(ends(i), exchange, 1000, false).slice(0, 2))
  const later = (i: number): Packet[] => packets(ends(i), conversation(ends(i), exchange, 1000, false).slice(2, 3))
  // A, B and C open; A and B speak again (B was in the middle, A the oldest); D opens past maxFlows 3: C, now the least recently active, is given up.
  const file = pcap([...opening(0), ...opening(1), ...opening(2), ...later(1), ...later(0), ...opening(3)])
  const limits = only(scanSync(file, undefined, { captureLimits: { maxFlows: 3 } }), 'warning').filter((entry) => (entry.warning as CaptureWarning).code === 'WARN_CAPTURE_LIMIT')
  t.match(limits, [{ warning: { message: /maxFlows \(3\) reached: tcp 10.0.0.1 40002 10.0.0.2 80,/ } }])
})

t.test('held bytes: past maxFlowBytes the waiting segments become a gap', async (t) => {
  const segments = conversation(ENDS, exchange, 500)
  // The first body segment never comes: everything after it waits.
  const lost = segments.filter((_, i) => i !== 3)
  const entries = scanSync(pcap(packets(ENDS, lost)), undefined, { captureLimits: { maxFlowBytes: 1000 } })
  t.match(only(entries, 'warning'), [
    { warning: { code: 'WARN_CAPTURE_GAP', message: /500 octets of the stream from 10.0.0.1:40000 are missing: captureLimits.maxFlowBytes \(1000\)/ } },
    { id: 1, warning: { code: 'WARN_CAPTURE_GAP', message: /octets \d+ to \d+ of the MMS are missing/ } },
    { id: null, warning: { code: 'WARN_CAPTURE_LIMIT', message: /maxFlowBytes reached on tcp/ } },
  ])
  t.match(only(entries, 'end'), [{ complete: false, error: 'ERR_MMSE_TRUNCATED' }])
  const result = decodeCapture(pcap(packets(ENDS, lost)), { captureLimits: { maxFlowBytes: 1000 } })
  t.match(result.messages, [{ error: { code: 'ERR_MMSE_TRUNCATED' }, warnings: [{ code: 'WARN_CAPTURE_GAP' }] }])
  t.ok((result.messages[0]?.pdu.length as number) < pdu.length, 'the PDU as far as it came')
})

t.test('an MMS that does not decode ends with its error; the scan goes on', async (t) => {
  const broken = Uint8Array.of(0x8c, 0x84, 0x98, 0x41, 0x00, 0x8d, 0xff, 0x00, 0xbe, 0x01)
  const file = pcap(packets(ENDS, conversation(ENDS, [
    { request: httpRequest('GET', '/1', new Uint8Array(0)), response: httpResponse(200, broken) },
    { request: httpRequest('GET', '/2', new Uint8Array(0)), response: httpResponse(200, pdu) },
  ], 4)))
  const entries = scanSync(file, undefined, { strict: true })
  t.match(only(entries, 'end'), [{ id: 1, error: /ERR_MMSE/ }, { id: 2, complete: true }])
  for (const [name, chunking] of splits(file.length, 5, 0)) t.strictSame(scanSync(file, chunking, { strict: true }), entries, name)
})

class FakeStream implements StreamDissector {
  readonly log: string[] = []
  claimsStream (first: Uint8Array): boolean {
    return first[0] === 0x00
  }

  stream (key: string, src: Endpoint, _dst: Endpoint, ip: 'ipv4' | 'ipv6', data: Uint8Array, packet: PacketContext): CarriedMessage[] {
    this.log.push(`${key.slice(-1)} ${src.port} ${ip} ${data.length} @${packet.frame}`)
    if (data[data.length - 1] !== 0x8c) return []
    return [{ path: [ip, 'tcp', 'smpp', 'wsp-push'], src, dst: _dst, frames: [packet.frame], time: packet.time, interface: packet.interface, carrier: { kind: 'deliver_sm' }, mms: false, body: data, warnings: [] }]
  }

  gap (key: string, bytes: number, packet: PacketContext): void {
    this.log.push(`${key.slice(-1)} gap ${bytes} @${packet.frame}`)
  }

  end (key: string): CarriedMessage[] {
    this.log.push(`${key.slice(-1)} end`)
    return []
  }

  flush (): CarriedMessage[] {
    this.log.push('flush')
    return []
  }

  takeWarnings (): CaptureWarning[] {
    const warnings = this.log.length === 1 ? [{ code: 'WARN_CAPTURE_UNREAD', message: 'skipped', frame: 2 }] : []
    return warnings
  }
}

t.test('TCP streams go to the stream dissector that claims their first octets, or that decodeAs names', async (t) => {
  const smpp = [
    { fromClient: true, tcp: tcp({ srcPort: ENDS.clientPort, dstPort: 2775, seq: 0, syn: true }) },
    { fromClient: true, tcp: tcp({ srcPort: ENDS.clientPort, dstPort: 2775, seq: 1, payload: Uint8Array.of(0, 0, 0, 16, 0x8c) }) },
    { fromClient: false, tcp: tcp({ srcPort: 2775, dstPort: ENDS.clientPort, seq: 1, payload: Uint8Array.of(0, 1) }) },
    { fromClient: true, tcp: tcp({ srcPort: ENDS.clientPort, dstPort: 2775, seq: 9, payload: Uint8Array.of(5) }) },
  ]
  const ends = { ...ENDS, serverPort: 2775 }
  const file = pcap(packets(ends, smpp))
  const dissector = new FakeStream()
  const entries = scanSync(file, undefined, {}, { stream: [{ protocols: ['sms'], dissector }] })
  t.strictSame(dissector.log, ['0 40000 ipv4 5 @2', '1 2775 ipv4 2 @3', '0 gap 3 @4', '0 40000 ipv4 1 @4', '0 end', '1 end', 'flush'])
  t.match(only(entries, 'carried'), [{ message: { carrier: { kind: 'deliver_sm' } } }])
  t.match(only(entries, 'warning'), [{ warning: { message: 'skipped' } }, { warning: { code: 'WARN_CAPTURE_GAP' } }], 'the warnings a dissector has besides its messages')
  const text = pcap(packets(ends, conversation(ends, [{ request: Buffer.from('hello there\r\n') }], 1000)))
  const forced = new FakeStream()
  scanSync(text, undefined, { decodeAs: ['tcp.port==2775,sms'] }, { stream: [{ protocols: ['sms'], dissector: forced }] })
  t.match(forced.log, ['0 40000 ipv4 13 @3', '0 end', '1 end', 'flush'], 'decodeAs: whatever the content')
  const unclaimed = new FakeStream()
  scanSync(text, undefined, {}, { stream: [{ protocols: ['sms'], dissector: unclaimed }] })
  t.strictSame(unclaimed.log, ['flush'])
})

t.test('decodeAs forces a datagram to the dissector it names', async (t) => {
  const dissector = new FakeDissector()
  const file = pcap([{ data: ethernet(ipv4({ protocol: 17, payload: udp(1, 9999, Uint8Array.of(0x8c, 0x82, 0x98)) })) }])
  scanSync(file, undefined, { decodeAs: ['udp.port==9999,wsp'] }, { datagram: [{ protocols: ['wsp'], dissector }] })
  t.equal(dissector.seen.length, 1)
  const other = new FakeDissector()
  scanSync(file, undefined, { decodeAs: ['udp.port==9999,sip'] }, { datagram: [{ protocols: ['wsp'], dissector: other }] })
  t.equal(other.seen.length, 0, 'no dissector of that name: nobody')
})

t.test('IP fragments through the scan: one never completed, one past maxFragmentGroups, each a warning of its own', async (t) => {
  const fragment = (id: number): Packet => ({ data: ethernet(ipv4({ protocol: 17, id, offset: 0, more: true, payload: new Uint8Array(8) })) })
  const warnings = only(scanSync(pcap([fragment(1), fragment(2)]), undefined, { captureLimits: { maxFragmentGroups: 1 } }), 'warning')
  t.match(warnings, [
    { id: null, warning: { code: 'WARN_CAPTURE_LIMIT', message: /maxFragmentGroups/, frame: 2 } },
    { id: null, warning: { code: 'WARN_CAPTURE_FRAGMENTS', message: /fragments in frames 2 never completed/, frame: 2 } },
  ])
})
