/**
 * Synthetic m-retrieve-conf messages of any size, generated as a stream and never held in
 * memory: headers, a binary multipart/related body, and parts whose bytes follow a
 * deterministic pattern, so a consumer can check every byte (or a digest) without the source.
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { uintvar } from './wire.js'

export interface SyntheticPart {
  size: number
  /** Textual media type (default application/octet-stream). */
  contentType?: string
}

const BLOCK = 64 * 1024

/** The data pattern of part `index`: a 64 KiB block repeated (cheap to produce at GB/s). */
export function patternBlock (index: number): Buffer {
  const block = Buffer.allocUnsafe(BLOCK)
  let x = (index + 1) * 2654435761 >>> 0
  for (let i = 0; i < BLOCK; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    block[i] = x >>> 24
  }
  return block
}

/** SHA-256 of part `index` of `size` bytes, computed from the pattern. */
export function partDigest (index: number, size: number): string {
  const hash = createHash('sha256')
  const block = patternBlock(index)
  for (let done = 0; done < size; done += BLOCK) hash.update(block.subarray(0, Math.min(BLOCK, size - done)))
  return hash.digest('hex')
}

/** The MMS headers and multipart header of the message (everything before the first part's entry). */
export function syntheticHead (partCount: number): Buffer {
  const text = (s: string) => [...Buffer.from(s, 'latin1'), 0]
  return Buffer.from([
    0x8c, 0x84, // X-Mms-Message-Type: m-retrieve-conf
    0x98, ...text('synthetic-1'), // X-Mms-Transaction-Id
    0x8d, 0x92, // X-Mms-MMS-Version: 1.2
    0x85, 0x04, 0x5f, 0x5e, 0x10, 0x00, // Date: 2020-09-13T12:26:40Z
    0x89, 0x01, 0x81, // From: insert-address-token
    0x96, ...text('Synthetic'), // Subject
    0x84, 0xb3, // Content-Type: application/vnd.wap.multipart.related
    ...uintvar(partCount),
  ])
}

/** The entry header of part `index`: HeadersLen, DataLen, content type, Content-ID. */
export function entryHead (index: number, part: SyntheticPart): Buffer {
  const type = [...Buffer.from(part.contentType ?? 'application/octet-stream', 'latin1'), 0]
  const id = [0xc0, 0x22, ...Buffer.from(`<p${index}>`, 'latin1'), 0]
  const headers = [...type, ...id]
  return Buffer.from([...uintvar(headers.length), ...uintvar(part.size), ...headers])
}

/** Exact size of the whole message in bytes. */
export function syntheticSize (parts: SyntheticPart[]): number {
  return parts.reduce((sum, part, i) => sum + entryHead(i, part).length + part.size, syntheticHead(parts.length).length)
}

/** The message as a generator of `chunkSize` chunks (each a fresh Buffer). */
export function * syntheticChunks (parts: SyntheticPart[], chunkSize = BLOCK): Generator<Buffer> {
  let pending: Buffer[] = []
  let pendingLength = 0
  function * emit (bytes: Buffer): Generator<Buffer> {
    while (bytes.length > 0) {
      const take = Math.min(bytes.length, chunkSize - pendingLength)
      pending.push(bytes.subarray(0, take))
      pendingLength += take
      bytes = bytes.subarray(take)
      if (pendingLength === chunkSize) {
        yield Buffer.concat(pending, pendingLength)
        pending = []
        pendingLength = 0
      }
    }
  }
  yield * emit(syntheticHead(parts.length))
  for (const [index, part] of parts.entries()) {
    yield * emit(entryHead(index, part))
    const block = patternBlock(index)
    for (let done = 0; done < part.size; done += BLOCK) yield * emit(block.subarray(0, Math.min(BLOCK, part.size - done)))
  }
  if (pendingLength > 0) yield Buffer.concat(pending, pendingLength)
}

/** A Readable of the message; nothing but the current chunk is in memory. */
export function syntheticStream (parts: SyntheticPart[], chunkSize = BLOCK): Readable {
  return Readable.from(syntheticChunks(parts, chunkSize), { objectMode: false, highWaterMark: chunkSize })
}
