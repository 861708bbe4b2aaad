/**
 * A Readable that opens its source only when first read, so that a response can be set up
 * with one stream per part (MmseEncoder needs them all at construction) while at most one
 * file or connection is open at a time. Destroying it before it is read opens nothing;
 * destroying it while it is read destroys the source.
 */
import { Readable } from 'node:stream'

export function lazyReadable (open: () => Promise<AsyncIterable<Uint8Array>>): Readable {
  return Readable.from(opened(open), { objectMode: false })
}

async function * opened (open: () => Promise<AsyncIterable<Uint8Array>>): AsyncGenerator<Uint8Array> {
  yield * await open()
}
