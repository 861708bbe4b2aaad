/**
 * Captures built in tests: pcap and pcapng files, link layers, IPv4/IPv6 (with fragments and
 * extension headers), UDP and TCP, and whole TCP conversations cut into segments. Checksums
 * are left 0 (no reader here checks them; tshark does not by default).
 */

export interface Packet {
  data: Uint8Array
  /** Nanoseconds since the epoch (default: 1 s per packet index from 2026-01-01). */
  time?: bigint
  /** On-the-wire length, when the capture cut the packet (default data.length). */
  length?: number
  interface?: number
}

const BASE_TIME = 1_767_225_600n * 1_000_000_000n

function concat (pieces: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(pieces))
}

function u16 (value: number, little = false): Uint8Array {
  const b = Buffer.alloc(2)
  if (little) b.writeUInt16LE(value)
  else b.writeUInt16BE(value)
  return b
}

function u32 (value: number, little = false): Uint8Array {
  const b = Buffer.alloc(4)
  if (little) b.writeUInt32LE(value >>> 0)
  else b.writeUInt32BE(value >>> 0)
  return b
}

export interface PcapOptions {
  linkType?: number
  little?: boolean
  nano?: boolean
  /** A version other than 2.4, to build a broken file. */
  major?: number
}

/** A classic pcap file. */
export function pcap (packets: readonly Packet[], options: PcapOptions = {}): Uint8Array {
  const little = options.little ?? true
  const magic = options.nano === true ? 0xa1b23c4d : 0xa1b2c3d4
  const pieces = [u32(magic, little), u16(options.major ?? 2, little), u16(4, little), u32(0, little), u32(0, little), u32(262144, little), u32(options.linkType ?? 1, little)]
  packets.forEach((packet, index) => {
    const time = packet.time ?? BASE_TIME + BigInt(index) * 1_000_000_000n
    const seconds = Number(time / 1_000_000_000n)
    const fraction = Number(time % 1_000_000_000n) / (options.nano === true ? 1 : 1000)
    pieces.push(u32(seconds, little), u32(Math.floor(fraction), little), u32(packet.data.length, little), u32(packet.length ?? packet.data.length, little), packet.data)
  })
  return concat(pieces)
}

export interface NgInterface {
  linkType: number
  /** if_tsresol octet (default: none, microseconds). */
  tsresol?: number
  /** if_tsoffset, seconds. */
  tsoffset?: bigint
  snapLength?: number
}

export type NgBlock =
  | { type: 'packet', packet: Packet, format?: 'epb' | 'spb' | 'pb' }
  | { type: 'raw', blockType: number, body: Uint8Array }

export interface NgSection {
  little?: boolean
  interfaces: NgInterface[]
  blocks: NgBlock[]
}

function pad4 (bytes: Uint8Array): Uint8Array {
  const padding = (4 - bytes.length % 4) % 4
  return padding === 0 ? bytes : concat([bytes, new Uint8Array(padding)])
}

/** A block: type, total length, body (padded), total length. */
export function ngBlock (type: number, body: Uint8Array, little: boolean): Uint8Array {
  const padded = pad4(body)
  const total = padded.length + 12
  return concat([u32(type, little), u32(total, little), padded, u32(total, little)])
}

function option (code: number, value: Uint8Array, little: boolean): Uint8Array {
  return concat([u16(code, little), u16(value.length, little), pad4(value)])
}

/** A pcapng file of one or more sections. */
export function pcapng (sections: readonly NgSection[]): Uint8Array {
  const pieces: Uint8Array[] = []
  let index = 0
  for (const section of sections) {
    const little = section.little ?? true
    const shb = concat([u32(0x1a2b3c4d, little), u16(1, little), u16(0, little), u32(0xffffffff, little), u32(0xffffffff, little)])
    pieces.push(ngBlock(0x0a0d0d0a, shb, little))
    for (const iface of section.interfaces) {
      const options: Uint8Array[] = []
      if (iface.tsresol !== undefined) options.push(option(9, Uint8Array.of(iface.tsresol), little))
      if (iface.tsoffset !== undefined) {
        const b = Buffer.alloc(8)
        if (little) b.writeBigInt64LE(iface.tsoffset)
        else b.writeBigInt64BE(iface.tsoffset)
        options.push(option(14, b, little))
      }
      if (options.length > 0) options.push(u32(0, little))
      pieces.push(ngBlock(1, concat([u16(iface.linkType, little), u16(0, little), u32(iface.snapLength ?? 0, little), ...options]), little))
    }
    for (const block of section.blocks) {
      if (block.type === 'raw') {
        pieces.push(ngBlock(block.blockType, block.body, little))
        continue
      }
      const packet = block.packet
      const iface = packet.interface ?? 0
      const time = packet.time ?? BASE_TIME + BigInt(index++) * 1_000_000_000n
      const resolution = section.interfaces[iface]?.tsresol ?? 6
      const units = (resolution & 0x80) !== 0
        ? time * (1n << BigInt(resolution & 0x7f)) / 1_000_000_000n
        : time * 10n ** BigInt(resolution) / 1_000_000_000n
      const perSecond = (resolution & 0x80) !== 0 ? 1n << BigInt(resolution & 0x7f) : 10n ** BigInt(resolution)
      const offset = (section.interfaces[iface]?.tsoffset ?? 0n) * perSecond
      const stamp = units - offset
      const high = u32(Number(stamp >> 32n), little)
      const low = u32(Number(stamp & 0xffffffffn), little)
      const length = packet.length ?? packet.data.length
      if (block.format === 'spb') pieces.push(ngBlock(3, concat([u32(length, little), packet.data]), little))
      else if (block.format === 'pb') pieces.push(ngBlock(2, concat([u16(iface, little), u16(0, little), high, low, u32(packet.data.length, little), u32(length, little), packet.data]), little))
      else pieces.push(ngBlock(6, concat([u32(iface, little), high, low, u32(packet.data.length, little), u32(length, little), pad4(packet.data)]), little))
    }
  }
  return concat(pieces)
}

// Link layers.

export function ethernet (ip: Uint8Array, vlans: number[] = [], ethertype?: number): Uint8Array {
  const type = ethertype ?? ((ip[0] as number) >> 4 === 6 ? 0x86dd : 0x0800)
  const tags = vlans.map((tpid, i) => concat([u16(tpid), u16(100 + i)]))
  return concat([Uint8Array.of(2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2), ...tags, u16(type), ip])
}

export function sll (ip: Uint8Array, protocol?: number): Uint8Array {
  const type = protocol ?? ((ip[0] as number) >> 4 === 6 ? 0x86dd : 0x0800)
  return concat([u16(0), u16(772), u16(6), new Uint8Array(8), u16(type), ip])
}

export function sll2 (ip: Uint8Array, protocol?: number): Uint8Array {
  const type = protocol ?? ((ip[0] as number) >> 4 === 6 ? 0x86dd : 0x0800)
  return concat([u16(type), u16(0), u32(1), u16(772), Uint8Array.of(0, 6), new Uint8Array(8), ip])
}

/** BSD null (host byte order, here little-endian) or loop (network order). */
export function loopback (ip: Uint8Array, network = false): Uint8Array {
  const family = (ip[0] as number) >> 4 === 6 ? 30 : 2
  return concat([u32(family, !network), ip])
}

// Network layers.

export interface Ipv4Options {
  src?: string
  dst?: string
  protocol: number
  payload: Uint8Array
  id?: number
  /** Fragment offset in octets (a multiple of 8). */
  offset?: number
  more?: boolean
  /** Total length to write instead of the true one. */
  totalLength?: number
  /** Header options (a multiple of 4 octets). */
  options?: Uint8Array
}

function address4 (text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number))
}

export function ipv4 (o: Ipv4Options): Uint8Array {
  const options = o.options ?? new Uint8Array(0)
  const headerLength = 20 + options.length
  const flags = ((o.more === true ? 0x2000 : 0) | ((o.offset ?? 0) / 8)) & 0xffff
  return concat([
    Uint8Array.of(0x40 | headerLength / 4, 0),
    u16(o.totalLength ?? headerLength + o.payload.length),
    u16(o.id ?? 1), u16(flags),
    Uint8Array.of(64, o.protocol), u16(0),
    address4(o.src ?? '10.0.0.1'), address4(o.dst ?? '10.0.0.2'),
    options, o.payload,
  ])
}

function address6 (text: string): Uint8Array {
  const [head, tail] = text.split('::') as [string, string | undefined]
  const h = head === '' ? [] : head.split(':')
  const t = tail === undefined || tail === '' ? [] : tail.split(':')
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t]
  return concat(groups.map((g) => u16(parseInt(g, 16))))
}

export interface Ipv6Options {
  src?: string
  dst?: string
  /** The transport protocol, after the extension headers. */
  protocol: number
  payload: Uint8Array
  /** Extension headers before the payload, as [type, body] (body padded by the builder). */
  extensions?: Array<[number, Uint8Array]>
  fragment?: { id: number, offset: number, more: boolean }
  payloadLength?: number
}

export function ipv6 (o: Ipv6Options): Uint8Array {
  const chain: Array<[number, Uint8Array]> = [...(o.extensions ?? [])]
  if (o.fragment !== undefined) {
    const f = o.fragment
    chain.push([44, concat([u16(f.offset | (f.more ? 1 : 0)), u32(f.id)])])
  }
  const headers: Uint8Array[] = []
  chain.forEach(([type, body], i) => {
    const next = i + 1 < chain.length ? (chain[i + 1] as [number, Uint8Array])[0] : o.protocol
    if (type === 44) headers.push(concat([Uint8Array.of(next, 0), body]))
    else if (type === 51) {
      const length = body.length + 2
      headers.push(concat([Uint8Array.of(next, length / 4 - 2), body]))
    } else {
      const padded = concat([body, new Uint8Array((8 - (body.length + 2) % 8) % 8)])
      headers.push(concat([Uint8Array.of(next, (padded.length + 2) / 8 - 1), padded]))
    }
  })
  const first = chain.length > 0 ? (chain[0] as [number, Uint8Array])[0] : o.protocol
  const rest = concat([...headers, o.payload])
  return concat([
    Uint8Array.of(0x60, 0, 0, 0), u16(o.payloadLength ?? rest.length), Uint8Array.of(first, 64),
    address6(o.src ?? '2001:db8::1'), address6(o.dst ?? '2001:db8::2'), rest,
  ])
}

// Transport layers.

export function udp (srcPort: number, dstPort: number, payload: Uint8Array, length?: number): Uint8Array {
  return concat([u16(srcPort), u16(dstPort), u16(length ?? payload.length + 8), u16(0), payload])
}

export interface TcpOptions {
  srcPort: number
  dstPort: number
  seq: number
  /** The acknowledgment number; without it the ACK flag is clear. */
  ack?: number | undefined
  syn?: boolean
  fin?: boolean
  rst?: boolean
  payload?: Uint8Array
}

export function tcp (o: TcpOptions): Uint8Array {
  const flags = (o.syn === true ? 2 : 0) | (o.fin === true ? 1 : 0) | (o.rst === true ? 4 : 0) | (o.ack === undefined ? 0 : 0x10)
  return concat([u16(o.srcPort), u16(o.dstPort), u32(o.seq), u32(o.ack ?? 0), Uint8Array.of(0x50, flags), u16(65535), u16(0), u16(0), o.payload ?? new Uint8Array(0)])
}

// Conversations.

export interface Endpoints {
  client: string
  server: string
  clientPort: number
  serverPort: number
  ip6?: boolean
}

export interface Segment {
  fromClient: boolean
  tcp: Uint8Array
}

/**
 * A TCP conversation: handshake, each exchange's request then response cut into segments of
 * at most `mss` octets, and the closing FINs; `close` false leaves the connection open. Every
 * segment after the first SYN acknowledges what the other side sent before it.
 */
export function conversation (ends: Endpoints, exchanges: ReadonlyArray<{ request: Uint8Array, response?: Uint8Array }>, mss = 1460, close = true): Segment[] {
  let clientSeq = 1000
  let serverSeq = 5000
  const out: Segment[] = []
  const c = (o: Partial<TcpOptions>): Segment => ({ fromClient: true, tcp: tcp({ srcPort: ends.clientPort, dstPort: ends.serverPort, seq: clientSeq, ack: serverSeq, ...o }) })
  const s = (o: Partial<TcpOptions>): Segment => ({ fromClient: false, tcp: tcp({ srcPort: ends.serverPort, dstPort: ends.clientPort, seq: serverSeq, ack: clientSeq, ...o }) })
  out.push(c({ syn: true, ack: undefined }))
  clientSeq++
  out.push(s({ syn: true }))
  serverSeq++
  for (const { request, response } of exchanges) {
    for (let at = 0; at < request.length; at += mss) {
      const piece = request.subarray(at, at + mss)
      out.push(c({ payload: piece }))
      clientSeq += piece.length
    }
    if (response === undefined) continue
    for (let at = 0; at < response.length; at += mss) {
      const piece = response.subarray(at, at + mss)
      out.push(s({ payload: piece }))
      serverSeq += piece.length
    }
  }
  if (close) {
    out.push(c({ fin: true }))
    out.push(s({ fin: true }))
  }
  return out
}

/** The segments of a conversation as IP packets inside a link layer (default Ethernet). */
export function packets (ends: Endpoints, segments: readonly Segment[], link: (ip: Uint8Array) => Uint8Array = ethernet): Packet[] {
  return segments.map((segment) => {
    const [src, dst] = segment.fromClient ? [ends.client, ends.server] : [ends.server, ends.client]
    const ip = ends.ip6 === true ? ipv6({ src, dst, protocol: 6, payload: segment.tcp }) : ipv4({ src, dst, protocol: 6, payload: segment.tcp })
    return { data: link(ip) }
  })
}

export const ENDS: Endpoints = { client: '10.0.0.1', server: '10.0.0.2', clientPort: 40000, serverPort: 80 }

/** An HTTP/1.1 request with a body. */
export function httpRequest (method: string, uri: string, body: Uint8Array, fields: Record<string, string> = {}): Uint8Array {
  const head = [`${method} ${uri} HTTP/1.1`, 'Host: mmsc', ...Object.entries({ 'Content-Length': String(body.length), ...fields }).map(([k, v]) => `${k}: ${v}`)].join('\r\n')
  return concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body])
}

/** An HTTP/1.1 response with a body; `fields` replace the defaults (Content-Type MMS, Content-Length). */
export function httpResponse (status: number, body: Uint8Array, fields: Record<string, string | undefined> = {}): Uint8Array {
  const all = { 'Content-Type': 'application/vnd.wap.mms-message', 'Content-Length': String(body.length), ...fields }
  const head = [`HTTP/1.1 ${status} OK`, ...Object.entries(all).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v as string}`)].join('\r\n')
  return concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body])
}

/** A chunked body: the octets in chunks of `size`, then the last chunk and an empty trailer. */
export function chunked (body: Uint8Array, size: number, trailer = ''): Uint8Array {
  const pieces: Uint8Array[] = []
  for (let at = 0; at < body.length; at += size) {
    const piece = body.subarray(at, at + size)
    pieces.push(Buffer.from(`${piece.length.toString(16)};ext=1\r\n`, 'latin1'), piece, Buffer.from('\r\n'))
  }
  pieces.push(Buffer.from(`0\r\n${trailer}\r\n`, 'latin1'))
  return concat(pieces)
}
