/** What the capture file formats hand on: one captured packet, and the shape of a format's reader. */
import type { ByteQueue } from './byte-queue.js'

/** Nanoseconds since the Unix epoch from a record's two 32-bit timestamp fields, as its format (and interface) count time. */
export type Clock = (high: number, low: number) => bigint

export class CaptureRecord {
  /** 1-based, counting packets only, as Wireshark numbers frames. */
  frame = 0
  /** Interface index (pcapng IDB order in its section; 0 for pcap). */
  readonly interface: number
  /** LINKTYPE_* of the interface (tcpdump.org link-layer header types). */
  readonly linkType: number
  /**
   * The captured bytes are `bytes[start, end)`: where they lie in the input, valid until the next
   * chunk is read. The scan reads them there; `data` is a view of them made when asked for.
   */
  readonly bytes: Uint8Array
  readonly start: number
  readonly end: number
  /** The packet's length on the wire; more than the captured bytes when the snap length cut it. */
  readonly length: number
  readonly #clock: Clock
  readonly #high: number
  readonly #low: number

  constructor (iface: number, linkType: number, bytes: Uint8Array, start: number, end: number, length: number, clock: Clock, high: number, low: number) {
    this.interface = iface
    this.linkType = linkType
    this.bytes = bytes
    this.start = start
    this.end = end
    this.length = length
    this.#clock = clock
    this.#high = high
    this.#low = low
  }

  /** The captured bytes. */
  get data (): Uint8Array {
    return this.bytes.subarray(this.start, this.end)
  }

  /** Nanoseconds since the Unix epoch: worked out when asked for, since most packets carry no MMS and BigInt arithmetic costs more than the rest of a record. */
  get time (): bigint {
    return this.#clock(this.#high, this.#low)
  }
}

/** A format's reader: takes what it can from the queue; false when it needs more bytes. Its records' frame is the caller's to number. */
export interface FormatReader {
  read (queue: ByteQueue, emit: (record: CaptureRecord) => void): boolean
}
