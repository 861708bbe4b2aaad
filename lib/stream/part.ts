/**
 * One multipart entry's data as a node:stream Readable (a core Readable, so `instanceof
 * Readable`, `pipeline()`, `Readable.toWeb()` and the AWS SDK's Upload all accept it).
 * Everything known before the data (size, content type, headers) is on the stream itself.
 */
import { Buffer } from 'node:buffer'
import { Readable } from 'node:stream'
import type { PartSink } from '../decode/sink.js'
import { MmseError } from '../errors.js'
import { charsetMib, decodeCharset } from '../text/charsets.js'
import type { TransferDecoder } from '../transfer/codec.js'
import { transferDecoder } from '../transfer/encodings.js'
import type { ContentType, PartHeaders, PartInfo } from '../types.js'
import { UTF_8_MIB } from '../wsp/constants.js'

/** How a part talks back to its parser. */
export interface PartHooks {
  /** The consumer wants more data. */
  read (): void
  /** The part was destroyed before its data ended: skip the rest. */
  abandoned (part: MmsePart): void
  /** The part is done: ended and auto-destroyed, or destroyed. */
  closed (part: MmsePart): void
  /** The transfer encoding ended mid-unit. */
  badTransferEncoding (part: MmsePart): void
}

/** `text()` collects at most this much unless told otherwise. */
const DEFAULT_TEXT_LIMIT = 1024 * 1024

export class MmsePart extends Readable implements PartInfo {
  readonly index: number
  readonly path: number[]
  readonly offset: number
  readonly size: number | null
  readonly contentType: ContentType
  readonly headers: PartHeaders
  readonly contentId?: string
  readonly contentLocation?: string
  readonly filename?: string
  readonly transferEncoding?: string
  /** The same facts as a plain object, for logging or serialising. */
  readonly info: PartInfo
  readonly #hooks: PartHooks
  readonly #decoder: TransferDecoder | undefined
  #complete = false

  constructor (info: PartInfo, hooks: PartHooks, highWaterMark: number, decodeTransferEncoding: boolean) {
    super({ highWaterMark })
    this.info = info
    this.index = info.index
    this.path = info.path
    this.offset = info.offset
    this.size = info.size
    this.contentType = info.contentType
    this.headers = info.headers
    if (info.contentId !== undefined) this.contentId = info.contentId
    if (info.contentLocation !== undefined) this.contentLocation = info.contentLocation
    if (info.filename !== undefined) this.filename = info.filename
    if (info.transferEncoding !== undefined) this.transferEncoding = info.transferEncoding
    this.#hooks = hooks
    this.#decoder = decodeTransferEncoding ? transferDecoder(info.transferEncoding) : undefined
    // The parser's 'error' is the authoritative one; the same error on a part (input cut
    // inside it, a limit) must not crash the process when nobody listens on the part, which
    // can be before its 'part' event has even reached the consumer.
    this.on('error', ignore)
  }

  /** True once all of the part's data has been handed to the stream. */
  get complete (): boolean {
    return this.#complete
  }

  /** The parser's side: where the machine delivers this part's bytes. */
  readonly sink: PartSink = {
    write: (bytes) => {
      const data = this.#decoder === undefined ? bytes : this.#decoder.write(bytes)
      return data.length === 0 ? this.readableLength < this.readableHighWaterMark : this.push(data)
    },
    end: () => {
      this.#complete = true
      if (this.#decoder !== undefined) {
        const { tail, clean } = this.#decoder.end()
        if (!clean) this.#hooks.badTransferEncoding(this)
        if (tail.length > 0) this.push(tail)
      }
      this.push(null)
    },
  }

  override _read (): void {
    this.#hooks.read()
  }

  /** Runs on destroy(), and after 'end' (autoDestroy): one hook instead of listeners per part. */
  override _destroy (error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#complete) this.#hooks.abandoned(this)
    this.#hooks.closed(this)
    callback(error)
  }

  /**
   * Collects the part as text, decoded with its `charset` parameter (UTF-8 when it has none),
   * up to `maxBytes` (1 MiB by default): a larger part rejects with ERR_MMSE_LIMIT_TEXT_BYTES.
   */
  async text (maxBytes = DEFAULT_TEXT_LIMIT): Promise<string> {
    const chunks: Buffer[] = []
    let length = 0
    for await (const chunk of this) {
      length += (chunk as Buffer).length
      if (length > maxBytes) {
        const error = new MmseError('ERR_MMSE_LIMIT_TEXT_BYTES', `part text exceeds ${maxBytes} bytes`, this.offset, { limit: maxBytes })
        this.destroy(error)
        throw error
      }
      chunks.push(chunk as Buffer)
    }
    const charset = this.contentType.params.charset
    const mib = typeof charset === 'string' ? charsetMib(charset) : undefined
    return decodeCharset(Buffer.concat(chunks), mib ?? UTF_8_MIB).text
  }
}

function ignore (): void {}
