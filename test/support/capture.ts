/**
 * Transcripts of a capture scan: what it reported, with part data merged per part (length and
 * SHA-256), so that the same capture fed in any chunking gives the same transcript.
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { CaptureEvent } from '../../lib/capture/events.js'
import { CaptureScan } from '../../lib/capture/scan.js'
import { CaptureScanner } from '../../lib/capture/scanner.js'
import { MmseError } from '../../lib/errors.js'
import type { Dissectors } from '../../lib/net/carried.js'
import { type CaptureOptions, resolveCaptureOptions } from '../../lib/options.js'
import { plain, prng } from './transcript.js'

export type Entry = Record<string, unknown>

/** Folds events into a transcript entry list. */
export class Folder {
  readonly entries: Entry[] = []
  readonly #data = new Map<string, { length: number, hash: ReturnType<typeof createHash> }>()
  readonly #raw = new Map<number, { length: number, hash: ReturnType<typeof createHash> }>()

  add (event: CaptureEvent): void {
    switch (event.type) {
      case 'data': {
        const key = `${event.id} ${event.path.join('.')}`
        const entry = this.#data.get(key) ?? { length: 0, hash: createHash('sha256') }
        entry.length += event.data.length
        entry.hash.update(event.data)
        this.#data.set(key, entry)
        return
      }
      case 'raw': {
        const entry = this.#raw.get(event.id) ?? { length: 0, hash: createHash('sha256') }
        entry.length += event.data.length
        entry.hash.update(event.data)
        this.#raw.set(event.id, entry)
        return
      }
      case 'partEnd': {
        const key = `${event.id} ${event.path.join('.')}`
        const entry = this.#data.get(key)
        this.#data.delete(key)
        this.entries.push({ type: 'partEnd', id: event.id, path: event.path, length: entry?.length ?? 0, sha256: entry?.hash.digest('hex') ?? '' })
        return
      }
      case 'end': {
        const raw = this.#raw.get(event.id)
        this.#raw.delete(event.id)
        const { error, ...end } = event.end
        this.entries.push(plain({ type: 'end', id: event.id, ...end, ...(error === undefined ? {} : { error: error.code }), ...(raw === undefined ? {} : { raw: raw.length, rawSha256: raw.hash.digest('hex') }) }) as Entry)
        return
      }
      case 'header':
        this.entries.push(plain({ type: 'header', id: event.id, path: event.path, name: event.header.name, value: event.header.value }) as Entry)
        return
      case 'headers':
        this.entries.push({ type: 'headers', id: event.id, path: event.path, count: event.headerList.length })
        return
      case 'part':
        this.entries.push(plain({ type: 'part', id: event.id, path: event.path, contentType: event.info.contentType.mediaType, size: event.info.size }) as Entry)
        return
      case 'nested':
        this.entries.push({ type: 'nested', id: event.id, path: event.path, kind: event.info.kind })
        return
      default:
        this.entries.push(plain(event) as Entry)
    }
  }
}

/** Runs the scan machine over `bytes` cut at `chunking` (lengths); an MmseError ends the transcript with { error, offset }. */
export function scanSync (bytes: Uint8Array, chunking: readonly number[] = [bytes.length], options: CaptureOptions = {}, dissectors: Dissectors = {}): Entry[] {
  const folder = new Folder()
  const scan = new CaptureScan(resolveCaptureOptions(options), (event) => folder.add(event), dissectors)
  try {
    let at = 0
    for (const n of chunking) {
      scan.write(bytes.subarray(at, at + n))
      at += n
    }
    scan.end()
  } catch (err) {
    if (!(err instanceof MmseError)) throw err
    folder.entries.push({ type: 'error', code: err.code, offset: err.offset })
  }
  return folder.entries
}

/** The same through the stream shell. */
export async function scanStream (bytes: Uint8Array, chunking: readonly number[] = [bytes.length], options: CaptureOptions = {}): Promise<Entry[]> {
  const folder = new Folder()
  const scanner = new CaptureScanner(options)
  const pieces: Buffer[] = []
  let at = 0
  for (const n of chunking) {
    pieces.push(Buffer.from(bytes.subarray(at, at + n)))
    at += n
  }
  // The iteration below reports the scanner's error; the pipeline's own rejection is that same error.
  const fed = pipeline(Readable.from(pieces), scanner).catch(() => {})
  try {
    for await (const event of scanner.events()) folder.add(event)
  } catch (err) {
    if (!(err instanceof MmseError)) throw err
    folder.entries.push({ type: 'error', code: err.code, offset: err.offset })
  }
  await fed
  return folder.entries
}

/** Chunkings of `length` octets: whole, byte by byte (up to `bytewise`), and two seeded random splits. */
export function splits (length: number, seed: number, bytewise = 4096): Array<[string, number[]]> {
  const out: Array<[string, number[]]> = [['whole', [length]]]
  if (length <= bytewise) out.push(['byte by byte', Array(length).fill(1)])
  const random = prng(seed)
  for (const max of [7, 1500]) {
    const cuts: number[] = []
    for (let left = length; left > 0;) {
      const n = Math.min(left, 1 + Math.floor(random() * max))
      cuts.push(n)
      left -= n
    }
    out.push([`random up to ${max}`, cuts])
  }
  return out
}

/** Only the entries of the given types. */
export function only (entries: Entry[], ...types: string[]): Entry[] {
  return entries.filter((entry) => types.includes(entry.type as string))
}
