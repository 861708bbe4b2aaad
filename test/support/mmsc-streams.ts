/**
 * Streams for the store and MMSC tests: seeded bytes of any size (made on the fly, so a 20 MB
 * part costs no memory and its digest needs no copy; the browser tests take them whole), a
 * source that stalls after its data, and collectors.
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { prng } from './transcript.js'

const CHUNK = 64 * 1024

/** The bytes of `seed` in chunks of at most 64 KiB: a 32-bit word of the seeded PRNG per 4 bytes. */
export function * seededChunks (seed: number, size: number): Generator<Buffer> {
  const random = prng(seed)
  for (let done = 0; done < size; done += CHUNK) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, size - done))
    for (let i = 0; i < chunk.length; i += 4) {
      const word = Math.floor(random() * 4294967296)
      for (let j = 0; j < 4 && i + j < chunk.length; j++) chunk[i + j] = (word >>> (8 * j)) & 0xff
    }
    yield chunk
  }
}

/**
 * The same bytes as a stream that makes one chunk per turn of the event loop: many of them
 * writing to fast sockets then share the process instead of one filling it with a chain of
 * promise jobs (which starves timers and other connections).
 */
export function seededStream (seed: number, size: number): Readable {
  const chunks = seededChunks(seed, size)
  return new Readable({
    read () {
      setImmediate(() => {
        const next = chunks.next()
        this.push(next.done === true ? null : next.value)
      })
    },
  })
}

export function seededBytes (seed: number, size: number): Buffer {
  return Buffer.concat([...seededChunks(seed, size)])
}

export function seededDigest (seed: number, size: number): string {
  const hash = createHash('sha256')
  for (const chunk of seededChunks(seed, size)) hash.update(chunk)
  return hash.digest('hex')
}

/** A source that gives `bytes`, then neither ends nor fails; `stalled` resolves once all of them were read. */
export function stalledAfter (bytes: Uint8Array): Readable & { stalled: Promise<void> } {
  let sent = false
  let resolve = (): void => {}
  const stalled = new Promise<void>(r => { resolve = r })
  const source = new Readable({
    read () {
      if (sent) {
        resolve()
        return
      }
      sent = true
      this.push(bytes)
    },
  })
  return Object.assign(source, { stalled })
}

export async function collectBytes (stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks)
}

export async function streamDigest (stream: AsyncIterable<Uint8Array>): Promise<{ sha256: string, size: number }> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of stream) {
    hash.update(chunk)
    size += chunk.length
  }
  return { sha256: hash.digest('hex'), size }
}
