/**
 * A part's data as a Blob, for download or preview, without reading the input whole. A part
 * without a transfer encoding is its byte range: `Blob.slice()`, no copy. A transfer-encoded
 * one (base64, quoted-printable) is decoded by the library: its PDU streams through a parser
 * again, every other part is skipped, and the decoded chunks are gathered into Blobs as they
 * come, so the page holds at most a few MiB of them at a time.
 */
import { type DecodeOptions, MmseParser, type MmsePart } from '../../lib/index.js'
import { feed } from './feed.js'
import type { PartEntry } from './model.js'

/** Decoded bytes held in JS before they are folded into a Blob. */
const FOLD_BYTES = 4 * 1024 * 1024

export async function partBlob (source: Blob, entry: PartEntry, options: DecodeOptions): Promise<Blob> {
  const type = entry.info.contentType.mediaType
  if (entry.info.transferEncoding === undefined || options.decodeTransferEncoding === false) {
    return source.slice(entry.range.start, entry.range.start + entry.range.length, type)
  }
  return decoded(source.slice(entry.base), entry.info.path, options, type)
}

async function decoded (pdu: Blob, path: number[], options: DecodeOptions, type: string): Promise<Blob> {
  const parser = new MmseParser(options)
  const key = path.join('.')
  let folded = new Blob([], { type })
  let pending: Array<Uint8Array<ArrayBuffer>> = []
  let pendingBytes = 0
  const fold = (): void => {
    folded = new Blob([folded, ...pending], { type })
    pending = []
    pendingBytes = 0
  }
  let found = false
  const done = new Promise<void>((resolve, reject) => {
    parser.on('part', (part: MmsePart) => {
      if (part.path.join('.') !== key) {
        part.destroy()
        return
      }
      found = true
      part.on('data', (chunk: Uint8Array<ArrayBuffer>) => {
        pending.push(chunk)
        pendingBytes += chunk.length
        if (pendingBytes >= FOLD_BYTES) fold()
      })
      part.on('end', () => {
        resolve()
        // The part is all there: the rest of the input is not needed.
        parser.destroy()
      })
      part.on('error', reject)
    })
  })
  await Promise.race([feed(pdu, parser), done])
  if (!found) throw new Error(`part ${key} was not found when the input was read again`)
  await done
  fold()
  return folded
}
