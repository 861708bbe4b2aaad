/**
 * IPv4 (RFC 791 §3.1) and IPv6 (RFC 8200 §3-4) headers, down to the transport payload: its
 * protocol, addresses, and whether it is a fragment. The payload is cut to the header's own
 * length (an Ethernet frame pads short packets) and says how much of it the capture did not keep.
 */
import { uint16, uint32 } from '../bytes/octets.js'

export interface IpPacket {
  ip: 'ipv4' | 'ipv6'
  /** The addresses in their text forms, made when first asked for (most packets never need them). */
  readonly src: string
  readonly dst: string
  /** The frame's octets, and where the packet starts in them: the addresses in their binary form are there. */
  data: Uint8Array
  at: number
  /** The transport protocol: 6 TCP, 17 UDP (for a fragment, the reassembled datagram's). */
  protocol: number
  /** The transport payload, `data[payloadStart, payloadEnd)`: a view made when first asked for. */
  readonly payload: Uint8Array
  payloadStart: number
  payloadEnd: number
  /** Octets of payload the header announces that the capture does not hold. */
  missing: number
  /** Present when the packet is a fragment (RFC 791 MF flag or offset; RFC 8200 §4.5). */
  fragment?: { id: number, offset: number, more: boolean }
}

/** Where the source address starts in an IPv4 and an IPv6 header, and the destination address. */
const V4_SRC = 12
const V4_DST = 16
const V6_SRC = 8
const V6_DST = 24

/**
 * A packet read where it lies: offsets into the frame, no view made of it (a scan of mostly
 * uninteresting traffic reads millions of them; only the ones it follows need their payload).
 */
class Packet implements IpPacket {
  declare fragment?: NonNullable<IpPacket['fragment']>
  readonly ip: 'ipv4' | 'ipv6'
  readonly data: Uint8Array
  readonly at: number
  readonly protocol: number
  readonly payloadStart: number
  readonly payloadEnd: number
  readonly missing: number
  #src: string | undefined
  #dst: string | undefined

  constructor (ip: 'ipv4' | 'ipv6', data: Uint8Array, at: number, protocol: number, payloadStart: number, payloadEnd: number, missing: number) {
    this.ip = ip
    this.data = data
    this.at = at
    this.protocol = protocol
    this.payloadStart = payloadStart
    this.payloadEnd = payloadEnd
    this.missing = missing
  }

  get payload (): Uint8Array {
    return this.data.subarray(this.payloadStart, this.payloadEnd)
  }

  get src (): string {
    this.#src ??= addressText(this.ip, this.data, this.at + (this.ip === 'ipv4' ? V4_SRC : V6_SRC))
    return this.#src
  }

  get dst (): string {
    this.#dst ??= addressText(this.ip, this.data, this.at + (this.ip === 'ipv4' ? V4_DST : V6_DST))
    return this.#dst
  }
}

function addressText (ip: 'ipv4' | 'ipv6', p: Uint8Array, at: number): string {
  return ip === 'ipv4' ? `${p[at]}.${p[at + 1]}.${p[at + 2]}.${p[at + 3]}` : ipv6Text(p, at)
}

/**
 * Whether the source endpoint of `packet` (with the transport's ports) sorts before its
 * destination, by the binary address then the port: the packets of a flow going one way say
 * true, the other way false (a packet to itself says true).
 */
export function sourceFirst (packet: IpPacket, srcPort: number, dstPort: number): boolean {
  const p = packet.data
  const v4 = packet.ip === 'ipv4'
  const from = packet.at + (v4 ? V4_SRC : V6_SRC)
  const to = packet.at + (v4 ? V4_DST : V6_DST)
  for (let i = 0; i < to - from; i++) {
    const a = p[from + i] as number
    const b = p[to + i] as number
    if (a !== b) return a < b
  }
  return srcPort <= dstPort
}

/**
 * The two endpoints of `packet` as one short string, the same whichever way the packet goes
 * (`first`: sourceFirst's answer): the binary addresses and ports as UTF-16 code units (6 for
 * IPv4, 18 for IPv6), a key to look a flow up by, cheaper to make and hash than their text.
 */
export function endpointsKey (packet: IpPacket, srcPort: number, dstPort: number, first: boolean): string {
  const p = packet.data
  const v4 = packet.ip === 'ipv4'
  const src = packet.at + (v4 ? V4_SRC : V6_SRC)
  const dst = packet.at + (v4 ? V4_DST : V6_DST)
  const a = first ? src : dst
  const b = first ? dst : src
  const aPort = first ? srcPort : dstPort
  const bPort = first ? dstPort : srcPort
  if (v4) return String.fromCharCode(uint16(p, a), uint16(p, a + 2), aPort, uint16(p, b), uint16(p, b + 2), bPort)
  const units: number[] = []
  for (let i = 0; i < 16; i += 2) units.push(uint16(p, a + i))
  units.push(aPort)
  for (let i = 0; i < 16; i += 2) units.push(uint16(p, b + i))
  units.push(bPort)
  return String.fromCharCode(...units)
}

/** The packet, or why it cannot be read. */
export type IpResult = IpPacket | { skip: string }

/** The IP packet at `offset` of `data`, by its version nibble; the frame's captured octets end at `end`. */
export function readIp (data: Uint8Array, offset: number, end = data.length): IpResult {
  if (offset >= end) return { skip: 'an IP header cut short' }
  const version = (data[offset] as number) >> 4
  if (version === 4) return ipv4(data, offset, end)
  if (version === 6) return ipv6(data, offset, end)
  return { skip: `IP version ${version}` }
}

function ipv4 (p: Uint8Array, at: number, frameEnd: number): IpResult {
  const captured = frameEnd - at
  const headerLength = ((p[at] as number) & 0x0f) * 4
  if (captured < 20 || headerLength < 20 || captured < headerLength) return { skip: 'an IPv4 header cut short or malformed' }
  const total = uint16(p, at + 2)
  if (total < headerLength) return { skip: `an IPv4 total length ${total} below its header length ${headerLength}` }
  const flags = uint16(p, at + 6)
  const end = Math.min(total, captured)
  const packet = new Packet('ipv4', p, at, p[at + 9] as number, at + headerLength, at + end, total - end)
  const offset = (flags & 0x1fff) * 8
  const more = (flags & 0x2000) !== 0
  if (offset > 0 || more) packet.fragment = { id: uint16(p, at + 4), offset, more }
  return packet
}

/** Extension headers that sit between the fixed header and the payload (RFC 8200 §4; AH RFC 4302). */
const HOP_BY_HOP = 0
const ROUTING = 43
const FRAGMENT = 44
const AUTHENTICATION = 51
const DESTINATION = 60

function ipv6 (data: Uint8Array, base: number, frameEnd: number): IpResult {
  // Read from the packet's own start: the header's offsets below are the RFC's.
  const p = data.subarray(base, frameEnd)
  if (p.length < 40) return { skip: 'an IPv6 header cut short' }
  const payloadLength = uint16(p, 4)
  const end = Math.min(40 + payloadLength, p.length)
  let next = p[6] as number
  let at = 40
  let fragment: IpPacket['fragment']
  for (;;) {
    if (next === HOP_BY_HOP || next === ROUTING || next === DESTINATION || next === AUTHENTICATION || next === FRAGMENT) {
      if (at + 8 > end) return { skip: 'an IPv6 extension header cut short' }
      const length = next === FRAGMENT ? 8 : next === AUTHENTICATION ? ((p[at + 1] as number) + 2) * 4 : ((p[at + 1] as number) + 1) * 8
      if (next === FRAGMENT) {
        const field = uint16(p, at + 2)
        const id = uint32(p, at + 4)
        fragment = { id, offset: field & 0xfff8, more: (field & 1) !== 0 }
      }
      next = p[at] as number
      at += length
      if (at > end) return { skip: 'an IPv6 extension header cut short' }
      continue
    }
    break
  }
  const packet = new Packet('ipv6', data, base, next, base + at, base + end, 40 + payloadLength - end)
  if (fragment !== undefined && (fragment.offset > 0 || fragment.more)) packet.fragment = fragment
  return packet
}

/** An IPv6 address in RFC 5952's text form: lower case, no leading zeros, the longest run of zero groups (two or more) as `::`. */
export function ipv6Text (p: Uint8Array, at: number): string {
  const groups: number[] = []
  for (let i = 0; i < 8; i++) groups.push(uint16(p, at + 2 * i))
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i]
    i = j
  }
  const text = (from: number, to: number): string => groups.slice(from, to).map((g) => g.toString(16)).join(':')
  if (bestStart === -1) return text(0, 8)
  return `${text(0, bestStart)}::${text(bestStart + bestLength, 8)}`
}
