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
import { bytesOf, type BytesLike, toObject, toOptions } from '../bytes/argument.js'
import { ENCODE_OPTIONS } from '../encode/encode.js'
import { MmseError } from '../errors.js'
import { checkOptions, integer, type OptionRules, rule } from '../options.js'
import { type PartData, writePdu } from '../encode/pdu-writer.js'
import type { EncodeHeaders, EncodeOptions, EncodePartHeaders } from '../encode/input.js'
import type { ContentType } from '../types.js'
import { ByteWriter } from '../wsp/writer.js'

export interface StreamPart {
  contentType: ContentType | string
  headers?: EncodePartHeaders
  /** Bytes of `body`; optional when the body is bytes or a string (their length). */
  size?: number
  /** Bytes in any form (an ArrayBufferView, an ArrayBuffer); a string is written as UTF-8. */
  body: Readable | BytesLike | string
}

export interface MmseEncoderOptions extends EncodeOptions {
  parts?: StreamPart[]
  /** Bytes buffered on the readable side (default 64 KiB). */
  highWaterMark?: number
}

/** The encoder's own options, beside encode()'s. */
const ENCODER_OPTIONS: OptionRules = {
  ...ENCODE_OPTIONS,
  parts: rule('an array', Array.isArray),
  highWaterMark: integer(0),
}

/** Content type of a PDU with parts but none given: the multipart that says nothing about its parts. */
const DEFAULT_MULTIPART = 'application/vnd.wap.multipart.mixed'

type Body = Readable | Uint8Array

/** A part's body and where it goes: after the first `at` octets of the framing. */
interface Placed extends PartData<Body> {
  readonly at: number
}

export class MmseEncoder extends Readable {
  readonly #chunks: AsyncGenerator<Uint8Array>
  readonly #bodies: Readable[]
  #pulling = false

  constructor (headers: EncodeHeaders, options: MmseEncoderOptions = {}) {
    toObject(headers, 'headers')
    checkOptions(toOptions(options), ENCODER_OPTIONS)
    const { parts = [], highWaterMark = 64 * 1024, ...encodeOptions } = options
    super({ highWaterMark } satisfies ReadableOptions)
    const withType = parts.length > 0 && headers.contentType === undefined ? { ...headers, contentType: DEFAULT_MULTIPART } : headers
    // Every octet but the bodies is written here, so header and part errors are thrown before any byte flows.
    const framing = new ByteWriter(1024)
    const placed: Placed[] = []
    writePdu(framing, withType, parts, encodeOptions, {
      take: sized,
      put: (part) => { placed.push({ ...part, at: framing.length }) },
    })
    this.#bodies = placed.flatMap((part) => part.data instanceof Readable ? [part.data] : [])
    this.#chunks = chunks(framing.toBuffer(), placed)
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

/** A part's body with its size, checked. */
function sized (part: StreamPart): PartData<Body> {
  if (typeof part !== 'object' || part === null) throw new MmseError('ERR_MMSE_BAD_INPUT', 'a part must be an object', 0)
  const body: unknown = part.body
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body instanceof Readable ? body : bytesOf(body)
  if (data === undefined) throw new MmseError('ERR_MMSE_BAD_INPUT', 'a part body must be a Readable, bytes or a string', 0, { field: 'body' })
  const size = part.size ?? (data instanceof Readable ? undefined : data.length)
  if (size === undefined || !Number.isSafeInteger(size) || size < 0) {
    throw new MmseError('ERR_MMSE_BAD_INPUT', 'a streamed part needs its size in bytes', 0, { field: 'size' })
  }
  return { size, data }
}

/** The framing up to each body, then the body, checked against its size; then the rest of the framing. */
async function * chunks (framing: Buffer, parts: Placed[]): AsyncGenerator<Uint8Array> {
  let from = 0
  let offset = 0
  for (const [index, part] of parts.entries()) {
    // Never empty: a body follows its entry head, or the header section of a single-part PDU.
    yield framing.subarray(from, part.at)
    offset += part.at - from
    from = part.at
    let written = 0
    const mismatch = (actual: string) => new MmseError('ERR_MMSE_SIZE_MISMATCH',
      `part ${index} declared ${part.size} bytes but its body has ${actual}`, offset + Math.min(written, part.size), { field: `part ${index}` })
    const source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array> = part.data instanceof Readable ? part.data : [part.data]
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
      if (written + bytes.length > part.size) throw mismatch('more')
      written += bytes.length
      if (bytes.length > 0) yield bytes
    }
    if (written !== part.size) throw mismatch(String(written))
    offset += written
  }
  if (framing.length > from) yield framing.subarray(from)
}
