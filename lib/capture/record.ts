/** What the capture file formats hand on: one captured packet, and the shape of a format's reader. */
import type { ByteQueue } from './byte-queue.js'

export interface CaptureRecord {
  /** 1-based, counting packets only, as Wireshark numbers frames. */
  frame: number
  /** Nanoseconds since the Unix epoch. */
  time: bigint
  /** Interface index (pcapng IDB order in its section; 0 for pcap). */
  interface: number
  /** LINKTYPE_* of the interface (tcpdump.org link-layer header types). */
  linkType: number
  /** The captured bytes: a view of the input, valid until the next chunk is read. */
  data: Uint8Array
  /** The packet's length on the wire; more than data.length when the snap length cut it. */
  length: number
}

/** A format's reader: takes what it can from the queue; false when it needs more bytes. */
export interface FormatReader {
  read (queue: ByteQueue, emit: (record: Omit<CaptureRecord, 'frame'>) => void): boolean
}

export function viewOf (bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
