/**
 * Generated capture traffic for the capture benchmark: a pcap of mixed sessions, each built
 * once and repeated with its client port changed (so every repeat is a flow of its own):
 * a TLS-like TCP flow of random octets, an HTTP GET of an HTML page, DNS-like UDP datagrams,
 * and, when MMS is wanted, an MM1 session (POST m-send-req, m-send-conf, GET m-retrieve-conf).
 * Also the stream of the memory test: thousands of HTTP connections open at once, each with
 * an MMS under way, and one m-retrieve-conf of hundreds of MB among them, made on the fly.
 */
import { Readable } from 'node:stream'
import { buildSendReq, encode } from '../../lib/index.js'
import { conversation, type Endpoints, ethernet, httpRequest, httpResponse, ipv4, packets, pcap, tcp, udp } from '../../test/support/pcap.js'
import { syntheticChunks, syntheticSize, type SyntheticPart } from '../../test/support/synthetic.js'

const SERVER = { client: '10.1.0.1', server: '10.2.0.1', clientPort: 1024, serverPort: 80 }

/** A session's records (pcap record headers included) and where each record's client port is. */
interface Session {
  bytes: Buffer
  /** Offsets of the client port fields (source port of packets from the client, destination of the others). */
  ports: number[]
}

function session (ends: Endpoints, list: ReturnType<typeof packets>, fromClient: boolean[]): Session {
  const file = Buffer.from(pcap(list))
  const bytes = file.subarray(24)
  const ports: number[] = []
  let at = 0
  list.forEach((packet, i) => {
    // Record header 16, Ethernet 14, IPv4 20: the TCP or UDP header's source port, then its destination.
    ports.push(at + 16 + 34 + (fromClient[i] === true ? 0 : 2))
    at += 16 + packet.data.length
  })
  void ends
  return { bytes, ports }
}

function tcpSession (exchanges: Parameters<typeof conversation>[1], mss = 1460): Session {
  const segments = conversation(SERVER, exchanges, mss)
  return session(SERVER, packets(SERVER, segments), segments.map((s) => s.fromClient))
}

function random (size: number, seed: number): Buffer {
  const out = Buffer.alloc(size)
  let x = seed
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

export function sessions (mms: boolean): Session[] {
  const tls = tcpSession([{ request: random(600, 1), response: random(40_000, 2) }])
  const web = tcpSession([{ request: httpRequest('GET', '/index.html', new Uint8Array(0)), response: httpResponse(200, random(30_000, 3), { 'Content-Type': 'text/html' }) }])
  const dnsPackets = Array.from({ length: 20 }, (_, i) => ({ data: ethernet(ipv4({ src: SERVER.client, dst: '10.3.0.1', protocol: 17, payload: udp(SERVER.clientPort, 53, random(60 + i, i)) })) }))
  const dns = session(SERVER, dnsPackets, dnsPackets.map(() => true))
  const list = [tls, web, dns]
  if (mms) {
    const sendReq = encode(buildSendReq({ to: '+15550002', subject: 'bench', parts: [{ contentType: 'image/jpeg', data: random(60_000, 4) }, { contentType: 'text/plain', data: 'hello' }] }))
    const sendConf = encode({ headers: { messageType: 'm-send-conf', transactionId: 'T', mmsVersion: '1.2', responseStatus: { name: 'ok', code: 0x80 } } } as never)
    const retrieveConf = encode({
      headers: { messageType: 'm-retrieve-conf', transactionId: 'R', mmsVersion: '1.2', date: new Date(0), contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} } },
      parts: [{ contentType: { mediaType: 'image/jpeg', params: {} }, headers: {}, data: random(60_000, 5) }],
    } as never)
    list.push(tcpSession([
      { request: httpRequest('POST', '/mms', sendReq, { 'Content-Type': 'application/vnd.wap.mms-message' }), response: httpResponse(200, sendConf) },
      { request: httpRequest('GET', '/mms/1', new Uint8Array(0)), response: httpResponse(200, retrieveConf) },
    ]))
  }
  return list
}

/** A pcap of at least `target` octets, in chunks: the sessions repeated, each time with another client port. */
export function * mixedCapture (target: number, mms: boolean): Generator<Buffer> {
  yield Buffer.from(pcap([]))
  const list = sessions(mms)
  let written = 24
  for (let n = 0; written < target; n++) {
    const template = list[n % list.length] as Session
    const copy = Buffer.from(template.bytes)
    const port = 1024 + (n % 60000)
    for (const at of template.ports) copy.writeUInt16BE(port, at)
    written += copy.length
    yield copy
  }
}

/** MMS sessions in `mixedCapture` of `target` octets: what the scan must find. */
export function mmsCount (target: number): number {
  const list = sessions(true)
  let written = 24
  let count = 0
  for (let n = 0; written < target; n++) {
    written += (list[n % list.length] as Session).bytes.length
    if (n % list.length === 3) count += 3
  }
  return count
}

/**
 * The memory test's capture, made as it is read: `flows` HTTP connections each POST the head of
 * an m-send-req and its first octets, all open at once; then one response streams an
 * m-retrieve-conf of `size` octets in 64 KiB segments (loopback's); then every connection
 * finishes. Nothing of it is held: each chunk is made when the stream asks.
 */
export function concurrentCapture (flows: number, size: number): Readable {
  const client = (i: number): Endpoints => ({ client: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, server: '10.255.0.1', clientPort: 1024 + (i % 60000), serverPort: 80 })
  const sendReq = encode(buildSendReq({ to: '+15550002', subject: 'open', parts: [{ contentType: 'text/plain', data: 'x'.repeat(2000) }] }))
  const head = httpRequest('POST', '/mms', sendReq, { 'Content-Type': 'application/vnd.wap.mms-message' })
  const cut = head.length - 1000
  const parts: SyntheticPart[] = [{ size }]
  const big = { client: '10.254.0.1', server: '10.255.0.1', clientPort: 999, serverPort: 80 }
  const bigHead = httpResponse(200, new Uint8Array(0), { 'Content-Length': String(syntheticSize(parts)) })
  function * generate (): Generator<Buffer> {
    yield Buffer.from(pcap([]))
    const records = (list: ReturnType<typeof packets>): Buffer => Buffer.from(pcap(list).subarray(24))
    // Every connection opens and sends the first part of its request.
    for (let i = 0; i < flows; i++) {
      const ends = client(i)
      yield records(packets(ends, [
        { fromClient: true, tcp: tcp({ srcPort: ends.clientPort, dstPort: 80, seq: 0, syn: true }) },
        { fromClient: true, tcp: tcp({ srcPort: ends.clientPort, dstPort: 80, seq: 1, payload: head.subarray(0, cut) }) },
      ]))
    }
    // The large response, on a connection of its own whose request was not captured.
    let seq = 1
    const send = (payload: Uint8Array): Buffer => {
      const out = records(packets(big, [{ fromClient: false, tcp: tcp({ srcPort: 80, dstPort: big.clientPort, seq, payload }) }]))
      seq += payload.length
      return out
    }
    yield records(packets(big, [{ fromClient: false, tcp: tcp({ srcPort: 80, dstPort: big.clientPort, seq: 0, syn: true }) }]))
    yield send(bigHead)
    for (const chunk of syntheticChunks(parts, 65_000)) yield send(chunk)
    // Every connection finishes its request.
    for (let i = 0; i < flows; i++) {
      const ends = client(i)
      yield records(packets(ends, [{ fromClient: true, tcp: tcp({ srcPort: ends.clientPort, dstPort: 80, seq: 1 + cut, payload: head.subarray(cut), fin: true }) }]))
    }
  }
  return Readable.from(generate(), { objectMode: false })
}
