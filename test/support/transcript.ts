/**
 * Event transcripts of `MmseParser` (the stream must report the same thing
 * whatever the chunking). A transcript is the ordered list of what the parser emitted: every
 * header with its value, every headers/nested/warning event, every part's info with the
 * length and SHA-256 of its data, and how the stream ended. Two runs over the same bytes with
 * different chunkings must give identical transcripts.
 *
 * API:
 * - `transcript(bytes, chunking, options?)`: feeds `bytes` split at `chunking` (chunk lengths)
 *   and resolves to the transcript. A stream error ends it with `{ type: 'error', code, offset }`
 *   for an MmseError; any other error rejects.
 * - `chunkings(bytes, seed, options?)`: named chunkings of `bytes`: whole, byte by byte (up to
 *   `bytewiseLimit` bytes, default 20 KiB) and two seeded random splits.
 * - `prng(seed)`: a small seeded PRNG (mulberry32), uniform in [0, 1).
 * - `plain(value)`: a value with bigints, Dates and byte arrays made comparable by
 *   `t.strictSame` (tap's `same` treats 1n and 1 as equal, and null-prototype objects differ
 *   from literals under `strictSame`).
 */
import { createHash } from 'node:crypto'
import { MmseError } from '../../lib/errors.js'
import { MmseParser, type MmseParserOptions } from '../../lib/index.js'

export type TranscriptEntry =
  | { type: 'header', path: number[], code: number | null, name: string, key: string, offset: number, length: number, value: unknown }
  | { type: 'headers', path: number[], headers: unknown }
  | { type: 'nested', path: number[], info: unknown }
  | { type: 'part', path: number[], info: unknown, received: number, sha256: string }
  | { type: 'warning', path: number[], warning: unknown }
  | { type: 'end' }
  | { type: 'error', code: string, offset: number }

/** Chunk lengths; they add up to the input length. */
export type Chunking = readonly number[]

/** mulberry32: deterministic, so a failing split can be replayed from its seed. */
export function prng (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let x = state
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/** Splits `data` into chunks of `size` bytes. */
export function chunk (data: Uint8Array, size: number): Buffer[] {
  const out: Buffer[] = []
  for (let i = 0; i < data.length; i += size) out.push(Buffer.from(data.subarray(i, i + size)))
  return out
}

/** Random chunk lengths between 1 and `max`. */
function randomSplit (length: number, random: () => number, max: number): number[] {
  const sizes: number[] = []
  for (let done = 0; done < length;) {
    const size = Math.min(length - done, 1 + Math.floor(random() * max))
    sizes.push(size)
    done += size
  }
  return sizes
}

export function chunkings (bytes: Uint8Array, seed: number, options: { bytewiseLimit?: number } = {}): Record<string, Chunking> {
  const random = prng(seed)
  const named: Record<string, Chunking> = { whole: [bytes.length] }
  if (bytes.length <= (options.bytewiseLimit ?? 20 * 1024)) named.bytewise = new Array<number>(bytes.length).fill(1)
  named[`random-small-${seed}`] = randomSplit(bytes.length, random, Math.max(2, Math.min(16, bytes.length >> 4)))
  named[`random-large-${seed}`] = randomSplit(bytes.length, random, Math.max(2, bytes.length >> 2))
  return named
}

export async function transcript (bytes: Uint8Array, chunking: Chunking, options: MmseParserOptions = {}): Promise<TranscriptEntry[]> {
  const parser = new MmseParser(options)
  const entries: TranscriptEntry[] = []
  const writer = feed(parser, bytes, chunking)
  try {
    for await (const event of parser) {
      switch (event.type) {
        case 'header': {
          const { code, name, key, offset, length, value } = event.header
          entries.push({ type: 'header', path: event.path, code, name, key, offset, length, value: plain(value) })
          break
        }
        case 'headers':
          entries.push({ type: 'headers', path: event.path, headers: plain(event.headers) })
          break
        case 'nested':
          entries.push({ type: 'nested', path: event.path, info: plain(event.info) })
          break
        case 'warning':
          entries.push({ type: 'warning', path: event.path, warning: plain(event.warning) })
          break
        case 'part': {
          const hash = createHash('sha256')
          let received = 0
          for await (const data of event.part) {
            hash.update(data as Buffer)
            received += (data as Buffer).length
          }
          entries.push({ type: 'part', path: event.path, info: plain(event.part.info), received, sha256: hash.digest('hex') })
        }
      }
    }
    entries.push({ type: 'end' })
  } catch (err) {
    if (!(err instanceof MmseError)) throw err
    entries.push({ type: 'error', code: err.code, offset: err.offset })
  }
  await writer
  return entries
}

/** Writes the chunks with backpressure; stops when the parser is destroyed (an error ended it). */
async function feed (parser: MmseParser, bytes: Uint8Array, chunking: Chunking): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let at = 0
  for (const size of chunking) {
    if (parser.destroyed) return
    const ok = parser.write(buffer.subarray(at, at + size))
    at += size
    if (!ok) {
      await new Promise<void>(resolve => {
        const done = (): void => {
          parser.off('drain', done)
          parser.off('close', done)
          resolve()
        }
        parser.on('drain', done)
        parser.on('close', done)
      })
    }
  }
  if (!parser.destroyed) parser.end()
}

/** A deep copy in which bigints, Dates and byte arrays become tagged plain values, keys sorted, undefined dropped. */
export function plain (value: unknown): unknown {
  if (typeof value === 'bigint') return { bigint: value.toString() }
  if (value instanceof Date) return { date: Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString() }
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex') }
  if (Array.isArray(value)) return value.map(plain)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key]
      if (item !== undefined) out[key] = plain(item)
    }
    return out
  }
  return value
}
