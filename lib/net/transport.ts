/** UDP (RFC 768) and TCP (RFC 9293 §3.1) headers: ports, and for TCP what reassembly needs. */

export const TCP = 6
export const UDP = 17

export interface UdpHeader {
  srcPort: number
  dstPort: number
  payload: Uint8Array
  /** Payload octets the UDP length announces that the capture does not hold. */
  missing: number
}

export interface TcpHeader {
  srcPort: number
  dstPort: number
  seq: number
  /** The acknowledgment number, when the ACK flag is set: the peer's next octet expected. */
  ack: number | undefined
  syn: boolean
  fin: boolean
  rst: boolean
  payload: Uint8Array
}

const SYN = 0x02
const FIN = 0x01
const RST = 0x04
const ACK = 0x10

/** `missing`: octets of the IP payload the capture did not keep, for a UDP length that cannot be checked. */
export function readUdp (p: Uint8Array, missing: number): UdpHeader | undefined {
  if (p.length < 8) return undefined
  const length = (p[4] as number) << 8 | (p[5] as number)
  // A length of 0 is a jumbogram's (RFC 2675 §4); below 8 it is broken: the IP length rules.
  const end = length >= 8 ? length : p.length + missing
  return {
    srcPort: (p[0] as number) << 8 | (p[1] as number),
    dstPort: (p[2] as number) << 8 | (p[3] as number),
    payload: p.subarray(8, Math.min(end, p.length)),
    missing: Math.max(0, end - p.length),
  }
}

export function readTcp (p: Uint8Array): TcpHeader | undefined {
  if (p.length < 20) return undefined
  const headerLength = ((p[12] as number) >> 4) * 4
  if (headerLength < 20 || headerLength > p.length) return undefined
  const flags = p[13] as number
  return {
    srcPort: (p[0] as number) << 8 | (p[1] as number),
    dstPort: (p[2] as number) << 8 | (p[3] as number),
    seq: ((p[4] as number) << 24 | (p[5] as number) << 16 | (p[6] as number) << 8 | (p[7] as number)) >>> 0,
    ack: (flags & ACK) === 0 ? undefined : ((p[8] as number) << 24 | (p[9] as number) << 16 | (p[10] as number) << 8 | (p[11] as number)) >>> 0,
    syn: (flags & SYN) !== 0,
    fin: (flags & FIN) !== 0,
    rst: (flags & RST) !== 0,
    payload: p.subarray(headerLength),
  }
}
