/**
 * A UDP datagram as the datagram dissectors see it (lib/net/carried.ts `Datagram`), its
 * endpoints, packet context and frames made when first asked for: every datagram of a capture
 * is offered to the dissectors, and most (DNS and the like) are refused by their ports and
 * first octets alone, so their address text and timestamp are never needed.
 */
import type { Datagram, Endpoint, PacketContext } from '../net/carried.js'
import type { IpPacket } from '../net/ip.js'
import type { UdpHeader } from '../net/transport.js'
import type { CaptureRecord } from './record.js'

export class ScannedDatagram implements Datagram {
  readonly ip: 'ipv4' | 'ipv6'
  readonly payload: Uint8Array
  readonly missing: number
  readonly #packet: IpPacket
  readonly #udp: UdpHeader
  readonly #record: CaptureRecord
  #src: Endpoint | undefined
  #dst: Endpoint | undefined
  #context: PacketContext | undefined
  #frames: number[] | undefined

  /** `frames`: those of the fragments it was reassembled from; a whole packet's is its record's. */
  constructor (packet: IpPacket, udp: UdpHeader, record: CaptureRecord, frames?: number[]) {
    this.ip = packet.ip
    this.payload = udp.payload
    this.missing = udp.missing
    this.#packet = packet
    this.#udp = udp
    this.#record = record
    this.#frames = frames
  }

  get src (): Endpoint {
    this.#src ??= { address: this.#packet.src, port: this.#udp.srcPort }
    return this.#src
  }

  get dst (): Endpoint {
    this.#dst ??= { address: this.#packet.dst, port: this.#udp.dstPort }
    return this.#dst
  }

  /** The packet that completed it (its last fragment). */
  get packet (): PacketContext {
    const record = this.#record
    this.#context ??= { frame: record.frame, time: record.time, interface: record.interface }
    return this.#context
  }

  get frames (): number[] {
    this.#frames ??= [this.#record.frame]
    return this.#frames
  }
}
