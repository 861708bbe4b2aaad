/**
 * IPv4 (RFC 791 §3.1) and IPv6 (RFC 8200 §3-4) headers, down to the transport payload: its
 * protocol, addresses, and whether it is a fragment. The payload is cut to the header's own
 * length (an Ethernet frame pads short packets) and says how much of it the capture did not keep.
 */

export interface IpPacket {
  ip: 'ipv4' | 'ipv6'
  src: string
  dst: string
  /** The transport protocol: 6 TCP, 17 UDP (for a fragment, the reassembled datagram's). */
  protocol: number
  payload: Uint8Array
  /** Octets of payload the header announces that the capture does not hold. */
  missing: number
  /** Present when the packet is a fragment (RFC 791 MF flag or offset; RFC 8200 §4.5). */
  fragment?: { id: number, offset: number, more: boolean }
}

/** The packet, or why it cannot be read. */
export type IpResult = IpPacket | { skip: string }

/** The IP packet at `offset` of `data`, by its version nibble. */
export function readIp (data: Uint8Array, offset: number): IpResult {
  if (offset >= data.length) return { skip: 'an IP header cut short' }
  const version = (data[offset] as number) >> 4
  if (version === 4) return ipv4(data.subarray(offset))
  if (version === 6) return ipv6(data.subarray(offset))
  return { skip: `IP version ${version}` }
}

function ipv4 (p: Uint8Array): IpResult {
  const headerLength = ((p[0] as number) & 0x0f) * 4
  if (p.length < 20 || headerLength < 20 || p.length < headerLength) return { skip: 'an IPv4 header cut short or malformed' }
  const total = (p[2] as number) << 8 | (p[3] as number)
  if (total < headerLength) return { skip: `an IPv4 total length ${total} below its header length ${headerLength}` }
  const flags = (p[6] as number) << 8 | (p[7] as number)
  const end = Math.min(total, p.length)
  const packet: IpPacket = {
    ip: 'ipv4',
    src: `${p[12]}.${p[13]}.${p[14]}.${p[15]}`,
    dst: `${p[16]}.${p[17]}.${p[18]}.${p[19]}`,
    protocol: p[9] as number,
    payload: p.subarray(headerLength, end),
    missing: total - end,
  }
  const offset = (flags & 0x1fff) * 8
  const more = (flags & 0x2000) !== 0
  if (offset > 0 || more) packet.fragment = { id: (p[4] as number) << 8 | (p[5] as number), offset, more }
  return packet
}

/** Extension headers that sit between the fixed header and the payload (RFC 8200 §4; AH RFC 4302). */
const HOP_BY_HOP = 0
const ROUTING = 43
const FRAGMENT = 44
const AUTHENTICATION = 51
const DESTINATION = 60

function ipv6 (p: Uint8Array): IpResult {
  if (p.length < 40) return { skip: 'an IPv6 header cut short' }
  const payloadLength = (p[4] as number) << 8 | (p[5] as number)
  const end = Math.min(40 + payloadLength, p.length)
  let next = p[6] as number
  let at = 40
  let fragment: IpPacket['fragment']
  for (;;) {
    if (next === HOP_BY_HOP || next === ROUTING || next === DESTINATION || next === AUTHENTICATION || next === FRAGMENT) {
      if (at + 8 > end) return { skip: 'an IPv6 extension header cut short' }
      const length = next === FRAGMENT ? 8 : next === AUTHENTICATION ? ((p[at + 1] as number) + 2) * 4 : ((p[at + 1] as number) + 1) * 8
      if (next === FRAGMENT) {
        const field = (p[at + 2] as number) << 8 | (p[at + 3] as number)
        const id = ((p[at + 4] as number) << 24 | (p[at + 5] as number) << 16 | (p[at + 6] as number) << 8 | (p[at + 7] as number)) >>> 0
        fragment = { id, offset: field & 0xfff8, more: (field & 1) !== 0 }
      }
      next = p[at] as number
      at += length
      if (at > end) return { skip: 'an IPv6 extension header cut short' }
      continue
    }
    break
  }
  const packet: IpPacket = {
    ip: 'ipv6',
    src: ipv6Text(p, 8),
    dst: ipv6Text(p, 24),
    protocol: next,
    payload: p.subarray(at, end),
    missing: 40 + payloadLength - end,
  }
  if (fragment !== undefined && (fragment.offset > 0 || fragment.more)) packet.fragment = fragment
  return packet
}

/** An IPv6 address in RFC 5952's text form: lower case, no leading zeros, the longest run of zero groups (two or more) as `::`. */
export function ipv6Text (p: Uint8Array, at: number): string {
  const groups: number[] = []
  for (let i = 0; i < 8; i++) groups.push((p[at + 2 * i] as number) << 8 | (p[at + 2 * i + 1] as number))
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
