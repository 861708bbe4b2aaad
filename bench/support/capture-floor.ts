/**
 * What any capture scanner in Node pays before it does its own work, measured on the same file
 * as the scanner: the file read as a stream in the chunks `mmse inspect` reads (nothing else),
 * and that read plus the least a scanner that follows TCP connections must do per packet: walk
 * the pcap records, read the Ethernet, IPv4 and TCP headers, and look the connection up in a Map
 * (by one number made from its addresses and ports; a real key is longer). No reassembly, no
 * HTTP, no MMS, no events. Only for the generated captures of capture-traffic.ts: little-endian
 * pcap, Ethernet, IPv4 without options.
 */
import { createReadStream } from 'node:fs'
import { READ_CHUNK_BYTES } from '../../lib/cli/input.js'

const FILE_HEADER = 24
const RECORD_HEADER = 16

/** Reads the file and returns its size. */
export async function readOnly (file: string): Promise<number> {
  let size = 0
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES })) size += (chunk as Buffer).length
  return size
}

/** Walks the file's records as described above; returns the number of TCP packets looked up. */
export async function recordWalk (file: string): Promise<number> {
  const flows = new Map<number, { packets: number }>()
  let lookups = 0
  /** The start of a record that straddles two chunks. */
  let held: Buffer | undefined
  let skip = FILE_HEADER
  const packet = (view: DataView, at: number): void => {
    if (view.getUint16(at + 12) !== 0x0800 || view.getUint8(at + 23) !== 6) return
    const tcp = at + 14 + (view.getUint8(at + 14) & 15) * 4
    const key = (view.getUint32(at + 26) ^ view.getUint32(at + 30) ^ (view.getUint16(tcp) * 65536 + view.getUint16(tcp + 2))) >>> 0
    const flow = flows.get(key)
    if (flow === undefined) flows.set(key, { packets: 1 })
    else flow.packets++
    lookups++
  }
  for await (const read of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES })) {
    let chunk = read as Buffer
    // A record that straddles chunks is copied together, and only it: not the chunk it ends in.
    while (held !== undefined && chunk.length > 0) {
      const want = held.length < RECORD_HEADER ? RECORD_HEADER : RECORD_HEADER + held.readUInt32LE(8)
      const take = Math.min(want - held.length, chunk.length)
      held = Buffer.concat([held, chunk.subarray(0, take)])
      chunk = chunk.subarray(take)
      if (held.length >= RECORD_HEADER && held.length === RECORD_HEADER + held.readUInt32LE(8)) {
        packet(viewOf(held), RECORD_HEADER)
        held = undefined
      }
    }
    const from = Math.min(skip, chunk.length)
    skip -= from
    const at = walk(chunk, from, packet)
    if (at < chunk.length) held = Buffer.from(chunk.subarray(at))
  }
  return lookups
}

/** The whole records of `chunk` from `at`, each to `packet`; where the first one not whole starts. (A function of its own: V8 optimizes a loop in an async function poorly.) */
function walk (chunk: Buffer, at: number, packet: (view: DataView, at: number) => void): number {
  const view = viewOf(chunk)
  while (at + RECORD_HEADER <= chunk.length) {
    const end = at + RECORD_HEADER + view.getUint32(at + 8, true)
    if (end > chunk.length) break
    packet(view, at + RECORD_HEADER)
    at = end
  }
  return at
}

function viewOf (bytes: Buffer): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
