/**
 * `MmseEncoder`: a node:stream Readable that produces an MMSE PDU (OMA-MMS-ENC §7) whose part
 * bodies are streamed. Every multipart entry states its DataLen before its data (WAP-230
 * §8.5.3), so each part declares its `size` up front; the body then flows chunk by chunk,
 * pulled only as fast as the consumer reads (a body is never buffered whole). A body whose
 * length differs from its `size` destroys the stream with ERR_MMSE_SIZE_MISMATCH: the length
 * on the wire is already wrong.
 *
 * Bodies are written as given: a part whose headers name a Content-Transfer-Encoding must come
 * already encoded (its encoded size is what `size` declares). `encode()` does the encoding
 * for in-memory parts.
 */
import { Buffer } from 'node:buffer'
import { Readable, type ReadableOptions } from 'node:stream'
import { MmseError } from '../errors.js'
import { entryHead, mediaTypeOf, writeHeaderSection } from '../encode/encode.js'
import type { EncodeHeaders, EncodeOptions, EncodePartHeaders } from '../encode/types.js'
import { isWspMultipart } from '../tables/content-types.js'
import type { ContentType } from '../types.js'
import { uintvar } from '../wsp/integers.js'
import { ByteWriter } from '../wsp/writer.js'

export interface StreamPart {
  contentType: ContentType | string
  headers?: EncodePartHeaders
  /** Bytes of `body`; optional when the body is bytes or a string (their length). */
  size?: number
  /** A string is written as UTF-8. */
  body: Readable | Uint8Array | string
}

export interface MmseEncoderOptions extends EncodeOptions {
  parts?: StreamPart[]
  /** Bytes buffered on the readable side (default 64 KiB). */
  highWaterMark?: number
}

/** Content type of a PDU with parts but none given: the multipart that says nothing about its parts. */
const DEFAULT_MULTIPART = 'application/vnd.wap.multipart.mixed'

export class MmseEncoder extends Readable {
  readonly #chunks: AsyncGenerator<Uint8Array>
  readonly #bodies: Readable[]
  #pulling = false

  constructor (headers: EncodeHeaders, options: MmseEncoderOptions = {}) {
    const { parts = [], highWaterMark = 64 * 1024, ...encodeOptions } = options
    super({ highWaterMark } satisfies ReadableOptions)
    const withType = parts.length > 0 && headers.contentType === undefined ? { ...headers, contentType: DEFAULT_MULTIPART } : headers
    // Header errors (a missing field, a value that does not fit) are thrown here, before any byte flows.
    const head = new ByteWriter(1024)
    writeHeaderSection(head, withType, encodeOptions)
    const multipart = withType.contentType !== undefined && isWspMultipart(mediaTypeOf(withType.contentType))
    if (!multipart && parts.length > 1) {
      throw new MmseError('ERR_MMSE_BAD_INPUT', `a ${mediaTypeOf(withType.contentType as ContentType | string)} body holds one part, not ${parts.length}`, head.length)
    }
    if (multipart) uintvar.write(head, parts.length)
    this.#bodies = parts.flatMap((part) => part.body instanceof Readable ? [part.body] : [])
    this.#chunks = chunks(head.toBuffer(), parts.map((part) => prepare(part, multipart)))
  }

  override _read (): void {
    if (this.#pulling) return
    this.#pulling = true
    this.#pull().then(() => { this.#pulling = false }, (err: unknown) => this.destroy(err as Error))
  }

  /** Pushes chunks until the consumer's buffer is full (push() false) or the PDU ends. */
  async #pull (): Promise<void> {
    for (;;) {
      const next = await this.#chunks.next()
      if (next.done === true) {
        this.push(null)
        return
      }
      if (!this.push(next.value)) return
    }
  }

  override _destroy (err: Error | null, callback: (error?: Error | null) => void): void {
    for (const body of this.#bodies) body.destroy()
    callback(err)
  }
}

interface Prepared {
  head: Uint8Array | undefined
  size: number
  body: Readable | Uint8Array
}

/** The entry head (HeadersLen, DataLen, ContentType, Headers) of a multipart part, and its checked size. */
function prepare (part: StreamPart, multipart: boolean): Prepared {
  const body = typeof part.body === 'string' ? Buffer.from(part.body, 'utf8') : part.body
  const size = part.size ?? (body instanceof Readable ? undefined : body.length)
  if (size === undefined || !Number.isSafeInteger(size) || size < 0) {
    throw new MmseError('ERR_MMSE_BAD_INPUT', 'a streamed part needs its size in bytes', 0, { field: 'size' })
  }
  if (!multipart) return { head: undefined, size, body }
  const entry = entryHead(part)
  const w = new ByteWriter(16)
  uintvar.write(w, entry.length)
  uintvar.write(w, size)
  return { head: w.bytes(entry).toBuffer(), size, body }
}

async function * chunks (head: Uint8Array, parts: Prepared[]): AsyncGenerator<Uint8Array> {
  let offset = head.length
  yield head
  for (const [index, part] of parts.entries()) {
    if (part.head !== undefined) {
      yield part.head
      offset += part.head.length
    }
    let written = 0
    const mismatch = (actual: string) => new MmseError('ERR_MMSE_SIZE_MISMATCH',
      `part ${index} declared ${part.size} bytes but its body has ${actual}`, offset + Math.min(written, part.size), { field: `part ${index}` })
    const source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array> = part.body instanceof Readable ? part.body : [part.body]
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
      if (written + bytes.length > part.size) throw mismatch('more')
      written += bytes.length
      if (bytes.length > 0) yield bytes
    }
    if (written !== part.size) throw mismatch(String(written))
    offset += written
  }
}
