/**
 * What any capture scanner in Node pays before it does its own work, measured on the same file
 * as the scanner. The file is read either as a stream in the chunks `mmse inspect` reads (a new
 * buffer each: a stream hands its chunks on and cannot reuse them), or with readSync into one
 * buffer used again and again (the cheapest read Node has, which no stream can offer). On each,
 * nothing else, or the least a scanner that follows TCP connections must do per packet: walk
 * the pcap records, read the Ethernet, IPv4 and TCP headers, and look the connection up in a Map
 * (by one number made from its addresses and ports; a real key is longer). No reassembly, no
 * HTTP, no MMS, no events. Only for the generated captures of capture-traffic.ts: little-endian
 * pcap, Ethernet, IPv4 without options.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs'
import { viewOf } from '../../lib/bytes/octets.js'
import { READ_CHUNK_BYTES } from '../../lib/cli/input.js'

const FILE_HEADER = 24
const RECORD_HEADER = 16

export type FloorRead = 'stream' | 'reused buffer'

/** Reads `file` as `read` says, each chunk to `walker` (when given); resolves when the file is read. */
export async function floor (file: string, read: FloorRead, walker?: RecordWalker): Promise<void> {
  if (read === 'stream') {
    for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES })) walker?.chunk(chunk as Buffer)
    return
  }
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES)
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null)
      if (n === 0) return
      // The walker keeps nothing of a chunk but a straddling record's copy: the buffer is free again.
      walker?.chunk(buffer.subarray(0, n))
    }
  } finally {
    closeSync(fd)
  }
}

/** The per-packet floor described above, over chunks split anywhere. */
export class RecordWalker {
  readonly #flows = new Map<number, { packets: number }>()
  /** TCP packets looked up. */
  lookups = 0
  /** The start of a record that straddles two chunks (a copy). */
  #held: Buffer | undefined
  #skip = FILE_HEADER

  chunk (read: Buffer): void {
    let chunk = read
    // A record that straddles chunks is copied together, and only it: not the chunk it ends in.
    while (this.#held !== undefined && chunk.length > 0) {
      const held = this.#held
      const want = held.length < RECORD_HEADER ? RECORD_HEADER : RECORD_HEADER + held.readUInt32LE(8)
      const take = Math.min(want - held.length, chunk.length)
      const joined = Buffer.concat([held, chunk.subarray(0, take)])
      chunk = chunk.subarray(take)
      this.#held = joined
      if (joined.length >= RECORD_HEADER && joined.length === RECORD_HEADER + joined.readUInt32LE(8)) {
        this.#packet(viewOf(joined), RECORD_HEADER)
        this.#held = undefined
      }
    }
    const from = Math.min(this.#skip, chunk.length)
    this.#skip -= from
    const at = this.#walk(chunk, from)
    if (at < chunk.length) this.#held = Buffer.from(chunk.subarray(at))
  }

  /** The whole records of `chunk` from `at`; where the first one not whole starts. */
  #walk (chunk: Buffer, at: number): number {
    const view = viewOf(chunk)
    while (at + RECORD_HEADER <= chunk.length) {
      const end = at + RECORD_HEADER + view.getUint32(at + 8, true)
      if (end > chunk.length) break
      this.#packet(view, at + RECORD_HEADER)
      at = end
    }
    return at
  }

  #packet (view: DataView, at: number): void {
    if (view.getUint16(at + 12) !== 0x0800 || view.getUint8(at + 23) !== 6) return
    const tcp = at + 14 + (view.getUint8(at + 14) & 15) * 4
    const key = (view.getUint32(at + 26) ^ view.getUint32(at + 30) ^ (view.getUint16(tcp) * 65536 + view.getUint16(tcp + 2))) >>> 0
    const flow = this.#flows.get(key)
    if (flow === undefined) this.#flows.set(key, { packets: 1 })
    else flow.packets++
    this.lookups++
  }
}
