/**
 * The scan's less travelled paths: a capture with no packet, a flow whose first line comes
 * from the server after half of one from the client, a hole before the first line, a response
 * with no request seen, IPv6 endpoints in warnings, nested multiparts, fragments cut by the snap
 * length, SYNs that come late.
 */
import t from 'tap'
import { encode } from '../../../lib/index.js'
import { FragmentTable } from '../../../lib/net/fragments.js'
import { TcpDirection } from '../../../lib/net/tcp-stream.js'
import { ENDS, ethernet, ipv4, packets, pcap, tcp, udp } from '../../support/pcap.js'
import { only, scanSync } from '../../support/capture.js'

const b = (text: string): Uint8Array => Buffer.from(text, 'latin1')
const c = (seq: number, payload: Uint8Array, o: { syn?: boolean, fin?: boolean } = {}): { fromClient: boolean, tcp: Uint8Array } => ({ fromClient: true, tcp: tcp({ srcPort: ENDS.clientPort, dstPort: ENDS.serverPort, seq, payload, ...o }) })
const s = (seq: number, payload: Uint8Array, o: { syn?: boolean, fin?: boolean } = {}): { fromClient: boolean, tcp: Uint8Array } => ({ fromClient: false, tcp: tcp({ srcPort: ENDS.serverPort, dstPort: ENDS.clientPort, seq, payload, ...o }) })

const nested = encode({
  headers: { messageType: 'm-retrieve-conf', transactionId: 'N', mmsVersion: '1.2', date: new Date(0), contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} } },
  parts: [{ contentType: { mediaType: 'application/vnd.wap.multipart.alternative', params: {} }, headers: {}, parts: [{ contentType: { mediaType: 'text/plain', params: {} }, headers: {}, data: Buffer.from('inner') }] }],
} as never)

t.test('a capture of no packet; a broken UDP header', async (t) => {
  t.same(scanSync(pcap([])), [])
  t.same(scanSync(pcap([{ data: ethernet(ipv4({ protocol: 17, payload: Uint8Array.of(1) })) }, { data: ethernet(ipv4({ protocol: 17, payload: udp(1, 2, b('x')) })) }])), [])
})

t.test('the server speaks first, half a line; then the client sends a whole one', async (t) => {
  const body = b('HTTP/1.1 200 OK\r\nContent-Type: application/vnd.wap.mms-message\r\nContent-Length: ' + String(nested.length) + '\r\n\r\n')
  const file = pcap(packets(ENDS, [s(1, body.subarray(0, 5)), c(1, b('GET / HTTP/1.1\r\n\r\n')), s(6, body.subarray(5)), s(1 + body.length, nested)]))
  const entries = scanSync(file)
  t.match(only(entries, 'mms'), [{ context: { carrier: { kind: 'GET', status: 200 } } }])
  t.match(only(entries, 'nested'), [{ kind: 'multipart' }])
  t.match(only(entries, 'end'), [{ complete: true }])
})

t.test('a response whose request the capture missed; a hole before the first line', async (t) => {
  const head = b(`HTTP/1.1 200 OK\r\nContent-Length: ${nested.length}\r\n\r\n`)
  t.match(only(scanSync(pcap(packets(ENDS, [s(1, head), s(1 + head.length, nested)]))), 'mms'), [{ context: { carrier: { kind: 'response', status: 200 } } }])
  const holed = scanSync(pcap(packets(ENDS, [c(1, b(''), { syn: true }), c(12, b('GET / HTTP/1.1\r\n\r\n'))])))
  t.match(holed, [{ type: 'warning', warning: { code: 'WARN_CAPTURE_GAP', message: /10 octets of the stream from 10.0.0.1:40000/ } }])
  const v6 = { ...ENDS, client: '2001:db8::1', server: '2001:db8::2', ip6: true }
  t.match(scanSync(pcap(packets(v6, [c(1, b(''), { syn: true }), c(12, b('x'))]))), [{ warning: { message: /from \[2001:db8::1\]:40000/ } }])
})

t.test('a fragment cut by the snap length never completes its datagram', async (t) => {
  const warnings: string[] = []
  const table = new FragmentTable(10, 1000, (message) => warnings.push(message))
  t.equal(table.add({ ip: 'ipv4', src: 'a', dst: 'b', protocol: 17, payload: b('abcd'), missing: 4, fragment: { id: 1, offset: 0, more: false } }, 1), undefined)
  table.end()
  t.match(warnings, [/never completed/])
})

t.test('a SYN that comes late changes nothing', async (t) => {
  const out: string[] = []
  const stream = new TcpDirection({ data: (bytes) => out.push(Buffer.from(bytes).toString()), gap: (n) => out.push(`gap ${n}`) }, 100, { held: 0, max: 100 })
  stream.segment(10, false, false, b('a'), 0, 1)
  stream.segment(15, false, false, b('f'), 0, 2)
  stream.segment(0, true, false, b(''), 0, 3)
  stream.segment(11, false, true, b('bcde'), 0, 4)
  stream.segment(0, true, false, b(''), 0, 5)
  stream.segment(11, false, false, b('bcdefg'), 0, 6)
  t.strictSame(out, ['a', 'bcde', 'f', 'g'])
})
