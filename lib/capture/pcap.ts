/**
 * The classic libpcap format (draft-ietf-opsawg-pcap §4-5): a 24-octet file header whose magic
 * gives the byte order and the timestamp unit (0xA1B2C3D4 microseconds, 0xA1B23C4D nanoseconds),
 * then records of a 16-octet header (seconds, sub-seconds, captured and original length) and
 * the captured octets.
 */
import { MmseError } from '../errors.js'
import { checkCaptureLimit } from '../options.js'
import type { ByteQueue } from './byte-queue.js'
import { viewOf } from '../bytes/octets.js'
import { CaptureRecord, type Clock, type FormatReader } from './record.js'

export const PCAP_MICRO = 0xa1b2c3d4
export const PCAP_NANO = 0xa1b23c4d

const FILE_HEADER = 24
const RECORD_HEADER = 16

// Sub-second units below 2^32 of at most 1000 ns: exact as numbers.
const microseconds: Clock = (seconds, micro) => BigInt(seconds) * 1_000_000_000n + BigInt(micro * 1000)
const nanoseconds: Clock = (seconds, nano) => BigInt(seconds) * 1_000_000_000n + BigInt(nano)

export class PcapReader implements FormatReader {
  readonly #maxRecordBytes: number
  #little = false
  /** The time of a record's seconds and sub-seconds (micro- or nanoseconds, by the magic). */
  #clock: Clock = microseconds
  #linkType = -1

  constructor (maxRecordBytes: number) {
    this.#maxRecordBytes = maxRecordBytes
  }

  read (queue: ByteQueue, emit: (record: CaptureRecord) => void): boolean {
    if (this.#linkType === -1) return this.#fileHeader(queue)
    if (queue.length < RECORD_HEADER) return false
    const little = this.#little
    queue.window(RECORD_HEADER)
    const captured = queue.view.getUint32(queue.start + 8, little)
    checkCaptureLimit('maxRecordBytes', captured, this.#maxRecordBytes, queue.offset + 8, 'pcap record')
    if (queue.length < RECORD_HEADER + captured) return false
    // The record's fields are read where they lie, and its data stays there too.
    queue.window(RECORD_HEADER + captured)
    const view = queue.view
    const at = queue.start
    const length = view.getUint32(at + 12, little)
    emit(new CaptureRecord(0, this.#linkType, queue.chunk, at + RECORD_HEADER, at + RECORD_HEADER + captured, length > captured ? length : captured,
      this.#clock, view.getUint32(at, little), view.getUint32(at + 4, little)))
    queue.skip(RECORD_HEADER + captured)
    return true
  }

  #fileHeader (queue: ByteQueue): boolean {
    if (queue.length < FILE_HEADER) return false
    const head = viewOf(queue.peek(FILE_HEADER))
    const big = head.getUint32(0, false)
    this.#little = big !== PCAP_MICRO && big !== PCAP_NANO
    const magic = head.getUint32(0, this.#little)
    this.#clock = magic === PCAP_NANO ? nanoseconds : microseconds
    const major = head.getUint16(4, this.#little)
    if (major !== 2) throw new MmseError('ERR_MMSE_BAD_CAPTURE', `pcap major version ${major}, not 2`, 4)
    // LinkType and additional information: the link type is the low 16 bits (the FCS bits above).
    this.#linkType = head.getUint32(20, this.#little) & 0xffff
    queue.skip(FILE_HEADER)
    return true
  }
}
