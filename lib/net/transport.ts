/** UDP (RFC 768) and TCP (RFC 9293 §3.1) headers: ports, and for TCP what reassembly needs. */
import { uint16, uint32 } from '../bytes/octets.js'

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
  /** The segment's data: a view made when first asked for (a flow the scan ignores never asks). */
  readonly payload: Uint8Array
}

class Segment implements TcpHeader {
  readonly srcPort: number
  readonly dstPort: number
  readonly seq: number
  readonly ack: number | undefined
  readonly syn: boolean
  readonly fin: boolean
  readonly rst: boolean
  readonly #bytes: Uint8Array
  readonly #start: number
  readonly #end: number

  constructor (p: Uint8Array, start: number, end: number, headerLength: number) {
    const flags = p[start + 13] as number
    this.srcPort = uint16(p, start)
    this.dstPort = uint16(p, start + 2)
    this.seq = uint32(p, start + 4)
    this.ack = (flags & ACK) === 0 ? undefined : uint32(p, start + 8)
    this.syn = (flags & SYN) !== 0
    this.fin = (flags & FIN) !== 0
    this.rst = (flags & RST) !== 0
    this.#bytes = p
    this.#start = start + headerLength
    this.#end = end
  }

  get payload (): Uint8Array {
    return this.#bytes.subarray(this.#start, this.#end)
  }
}

const SYN = 0x02
const FIN = 0x01
const RST = 0x04
const ACK = 0x10

/** `missing`: octets of the IP payload the capture did not keep, for a UDP length that cannot be checked. */
export function readUdp (p: Uint8Array, missing: number): UdpHeader | undefined {
  if (p.length < 8) return undefined
  const length = uint16(p, 4)
  // A length of 0 is a jumbogram's (RFC 2675 §4); below 8 it is broken: the IP length rules.
  const end = length >= 8 ? length : p.length + missing
  return {
    srcPort: uint16(p, 0),
    dstPort: uint16(p, 2),
    payload: p.subarray(8, Math.min(end, p.length)),
    missing: Math.max(0, end - p.length),
  }
}

/** The TCP segment in `p[start, end)` (an IP packet's payload, where it lies), or undefined when its header is cut short or malformed. */
export function readTcp (p: Uint8Array, start = 0, end = p.length): TcpHeader | undefined {
  if (end - start < 20) return undefined
  const headerLength = ((p[start + 12] as number) >> 4) * 4
  if (headerLength < 20 || headerLength > end - start) return undefined
  return new Segment(p, start, end, headerLength)
}
