/**
 * The pcapng format (draft-ietf-opsawg-pcapng §3-4): blocks of type, total length, body and the
 * length again. A Section Header Block (0x0A0D0D0A) starts each section and gives its byte order
 * (its byte-order magic 0x1A2B3C4D); Interface Description Blocks (1) number the section's
 * interfaces in order, each with its link type and timestamp resolution (option if_tsresol, 9)
 * and offset (if_tsoffset, 14); packets come in Enhanced (6), Simple (3) and the obsolete Packet
 * (2) blocks. Every other block is skipped by its length.
 */
import { MmseError } from '../errors.js'
import { checkCaptureLimit } from '../options.js'
import type { ByteQueue } from './byte-queue.js'
import { viewOf } from '../bytes/octets.js'
import { CaptureRecord, type Clock, type FormatReader } from './record.js'

export const SHB = 0x0a0d0d0a
const BYTE_ORDER_MAGIC = 0x1a2b3c4d
const IDB = 1
const PB = 2
const SPB = 3
const EPB = 6

const IF_TSRESOL = 9
const IF_TSOFFSET = 14

interface Interface {
  linkType: number
  /** Nanoseconds per timestamp unit as a fraction: time = units * multiply / divide. */
  multiply: bigint
  divide: bigint
  /** Seconds added to every timestamp (if_tsoffset). */
  offset: bigint
  snapLength: number
  /** Its timestamps (the high and low 32 bits of a count of units) in nanoseconds. */
  clock: Clock
}

/** A Simple Packet Block has no timestamp (pcapng §4.4): 0. */
const noTime: Clock = () => 0n

export class PcapngReader implements FormatReader {
  readonly #maxRecordBytes: number
  #little = false
  #interfaces: Interface[] = []

  constructor (maxRecordBytes: number) {
    this.#maxRecordBytes = maxRecordBytes
  }

  read (queue: ByteQueue, emit: (record: CaptureRecord) => void): boolean {
    if (queue.length < 12) return false
    const start = viewOf(queue.peek(12))
    const at = queue.offset
    if (start.getUint32(0, false) === SHB) {
      // The section's byte order is read before its length, which is written in it.
      const magic = start.getUint32(8, false)
      if (magic !== BYTE_ORDER_MAGIC && magic !== 0x4d3c2b1a) throw new MmseError('ERR_MMSE_BAD_CAPTURE', `pcapng section header with byte-order magic 0x${magic.toString(16)}`, at + 8)
      this.#little = magic !== BYTE_ORDER_MAGIC
      this.#interfaces = []
    }
    const little = this.#little
    const type = start.getUint32(0, little)
    const total = start.getUint32(4, little)
    if (total < 12 || total % 4 !== 0) throw new MmseError('ERR_MMSE_BAD_CAPTURE', `pcapng block of type ${type} with total length ${total}`, at + 4)
    checkCaptureLimit('maxRecordBytes', total, this.#maxRecordBytes, at + 4, 'pcapng block')
    if (queue.length < total) return false
    const block = queue.peek(total)
    const view = viewOf(block)
    if (view.getUint32(total - 4, little) !== total) throw new MmseError('ERR_MMSE_BAD_CAPTURE', `pcapng block of type ${type}: trailing length differs from ${total}`, at + total - 4)
    if (type === IDB) this.#interface(view, total, at)
    else if (type === EPB || type === PB) this.#packet(view, block, type, at, emit)
    else if (type === SPB) this.#simple(view, block, at, emit)
    queue.skip(total)
    return true
  }

  #interface (view: DataView, total: number, at: number): void {
    need(total, 20, 'interface description', at)
    const little = this.#little
    const iface: Interface = { linkType: view.getUint16(8, little), multiply: 1000n, divide: 1n, offset: 0n, snapLength: view.getUint32(12, little), clock: noTime }
    for (let pos = 16; pos + 4 <= total - 4;) {
      const code = view.getUint16(pos, little)
      const length = view.getUint16(pos + 2, little)
      if (code === 0 || pos + 4 + length > total - 4) break
      if (code === IF_TSRESOL && length >= 1) {
        // The high bit chooses powers of 2; else a power of 10 (pcapng §4.2, if_tsresol).
        const resolution = view.getUint8(pos + 4)
        const exponent = BigInt(resolution & 0x7f)
        const per = (resolution & 0x80) !== 0 ? 2n ** exponent : 10n ** exponent
        iface.multiply = 1_000_000_000n
        iface.divide = per
      } else if (code === IF_TSOFFSET && length >= 8) {
        iface.offset = view.getBigInt64(pos + 4, little)
      }
      pos += 4 + ((length + 3) & ~3)
    }
    const { multiply, divide, offset } = iface
    iface.clock = (high, low) => ((BigInt(high) << 32n) | BigInt(low)) * multiply / divide + offset * 1_000_000_000n
    this.#interfaces.push(iface)
  }

  #packet (view: DataView, block: Uint8Array, type: number, at: number, emit: (record: CaptureRecord) => void): void {
    const little = this.#little
    need(block.length, 32, 'packet', at)
    // The obsolete Packet Block has a 16-bit interface id and a 16-bit drops count where the
    // Enhanced one has a 32-bit interface id.
    const id = type === EPB ? view.getUint32(8, little) : view.getUint16(8, little)
    const iface = this.#iface(id, at)
    const captured = view.getUint32(20, little)
    if (28 + captured > block.length - 4) throw new MmseError('ERR_MMSE_BAD_CAPTURE', `pcapng packet of ${captured} captured octets in a block of ${block.length}`, at + 20)
    emit(new CaptureRecord(id, iface.linkType, block, 28, 28 + captured, Math.max(view.getUint32(24, little), captured),
      iface.clock, view.getUint32(12, little), view.getUint32(16, little)))
  }

  /** A Simple Packet Block: interface 0, no timestamp; captured as much as the block holds, up to the snap length. */
  #simple (view: DataView, block: Uint8Array, at: number, emit: (record: CaptureRecord) => void): void {
    need(block.length, 16, 'simple packet', at)
    const iface = this.#iface(0, at)
    const length = view.getUint32(8, this.#little)
    let captured = Math.min(length, block.length - 16)
    if (iface.snapLength > 0) captured = Math.min(captured, iface.snapLength)
    emit(new CaptureRecord(0, iface.linkType, block, 12, 12 + captured, length, noTime, 0, 0))
  }

  #iface (id: number, at: number): Interface {
    const iface = this.#interfaces[id]
    if (iface === undefined) throw new MmseError('ERR_MMSE_BAD_CAPTURE', `pcapng packet on interface ${id}, which the section did not describe`, at + 8)
    return iface
  }
}

function need (total: number, least: number, what: string, at: number): void {
  if (total < least) throw new MmseError('ERR_MMSE_BAD_CAPTURE', `pcapng ${what} block of ${total} octets, less than ${least}`, at + 4)
}
