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

/** A format's reader: takes what it can from the queue; false when it needs more bytes. Its records' frame is the caller's to number. */
export interface FormatReader {
  read (queue: ByteQueue, emit: (record: CaptureRecord) => void): boolean
}

/** A 32-bit field at `at`, in either byte order (no DataView to make for each record). */
export function u32 (b: Uint8Array, at: number, little: boolean): number {
  return little
    ? ((b[at + 3] as number) * 0x1000000) + (((b[at + 2] as number) << 16) | ((b[at + 1] as number) << 8) | (b[at] as number))
    : ((b[at] as number) * 0x1000000) + (((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number))
}

export function viewOf (bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
