/**
 * Capture records from the bytes of a capture file, fed in chunks split anywhere: a pure state
 * machine (the stream shell is scanner.ts). The format is told by the file's magic, never by its
 * name (a `.pcap` written by a recent tool is often pcapng): pcap in either byte order and
 * timestamp unit, or pcapng. gzip is undone before this (gzip.ts).
 */
import { MmseError } from '../errors.js'
import { ByteQueue } from './byte-queue.js'
import { PCAP_MICRO, PCAP_NANO, PcapReader } from './pcap.js'
import { PcapngReader, SHB } from './pcapng.js'
import { viewOf } from '../bytes/octets.js'
import type { CaptureRecord, FormatReader } from './record.js'

/** The magics a capture may start with, in either byte order. */
const PCAP_MAGICS = new Set([PCAP_MICRO, PCAP_NANO, 0xd4c3b2a1, 0x4d3cb2a1])

export type CaptureFormat = 'pcap' | 'pcapng'

/** The format of a file from its first four octets, or undefined when they are neither pcap's nor pcapng's. */
export function captureFormat (start: Uint8Array): CaptureFormat | undefined {
  if (start.length < 4) return undefined
  const magic = viewOf(start).getUint32(0, false)
  if (PCAP_MAGICS.has(magic)) return 'pcap'
  if (magic === SHB) return 'pcapng'
  return undefined
}

export class CaptureReader {
  readonly #queue = new ByteQueue()
  readonly #maxRecordBytes: number
  readonly #emit: (record: CaptureRecord) => void
  #format: FormatReader | null = null
  #frame = 0
  /** Numbers each record as Wireshark does, then hands it on. */
  readonly #numbered = (record: CaptureRecord): void => {
    record.frame = ++this.#frame
    this.#emit(record)
  }

  constructor (maxRecordBytes: number, emit: (record: CaptureRecord) => void) {
    this.#maxRecordBytes = maxRecordBytes
    this.#emit = emit
  }

  /** Reads every whole record the bytes so far hold. Throws MmseError for a file that breaks its format. */
  write (chunk: Uint8Array): void {
    const queue = this.#queue
    queue.push(chunk)
    if (this.#format === null) {
      if (queue.length < 4) return
      const format = captureFormat(queue.peek(4))
      if (format === undefined) throw new MmseError('ERR_MMSE_NOT_CAPTURE', 'not a capture file: no pcap, pcapng or gzip magic', 0)
      this.#format = format === 'pcap' ? new PcapReader(this.#maxRecordBytes) : new PcapngReader(this.#maxRecordBytes)
    }
    while (this.#format.read(queue, this.#numbered));
  }

  /** Octets left at the end of input that make no whole record (0 for a clean end); and the format's magic was seen. */
  end (): { leftover: number, offset: number } {
    if (this.#format === null && this.#queue.length > 0) throw new MmseError('ERR_MMSE_NOT_CAPTURE', `not a capture file: ${this.#queue.length} octets`, 0)
    if (this.#format === null) throw new MmseError('ERR_MMSE_NOT_CAPTURE', 'not a capture file: empty', 0)
    return { leftover: this.#queue.length, offset: this.#queue.offset }
  }
}
