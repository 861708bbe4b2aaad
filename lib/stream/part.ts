/**
 * One multipart entry's data as a node:stream Readable (a core Readable, so `instanceof
 * Readable`, `pipeline()`, `Readable.toWeb()` and the AWS SDK's Upload all accept it).
 * Everything known before the data (size, content type, headers) is on the stream itself.
 *
 * Cheap to make, since a message may have a thousand parts: the facts are read through from
 * `info` rather than copied, and the parser's hooks are shared. Data goes through node:stream's
 * own machinery (push(), and its pipe() and iterators), so every way of reading behaves as it
 * does on any Readable: once flowing, push() hands each chunk straight to the 'data' listeners
 * (a pipe's among them), which is what a PassThrough costs too.
 */
import { Buffer } from 'node:buffer'
import { Readable } from 'node:stream'
import { DELIVER, FINISH, type PartSink } from '../decode/sink.js'
import { MmseError } from '../errors.js'
import { integer } from '../options.js'
import { charsetMib, decodeCharset } from '../text/transcode.js'
import type { ContentType, PartHeaders, PartInfo } from '../types.js'
import { UTF_8_MIB } from '../tables/charsets.js'

/** How a part talks back to its parser: one object per parser, shared by its parts. */
export interface PartHooks {
  /** The consumer wants more data. */
  read (): void
  /** The part was destroyed before its data ended: skip the rest. */
  abandoned (part: MmsePart): void
  /** The part is done: ended and auto-destroyed, or destroyed. */
  closed (part: MmsePart): void
}

/** `text()` collects at most this much unless told otherwise. */
const DEFAULT_TEXT_LIMIT = 1024 * 1024
/** `text()`'s bound: a NaN or Infinity would be none, and a negative or fractional one no sense. */
const TEXT_LIMIT = integer(1)

/**
 * Whether a consumer started reading the part: the parser's iterator skips a part nobody
 * started when the next event is asked for. Flowing or paused (pipe(), pipeline(), a 'data' or
 * 'readable' listener, resume(), pause(), iteration, Readable.toWeb()) says so, and so does a
 * read() of the consumer's own, even one that got nothing yet.
 */
export const STARTED: unique symbol = Symbol('started')

export class MmsePart extends Readable implements PartSink {
  /** The part's facts as a plain object, for logging or serialising. */
  readonly info: PartInfo
  readonly #hooks: PartHooks
  #complete = false
  /** A consumer called read(). */
  #read = false

  constructor (info: PartInfo, hooks: PartHooks, highWaterMark: number) {
    super({ highWaterMark })
    this.info = info
    this.#hooks = hooks
  }

  get index (): number { return this.info.index }
  get path (): number[] { return this.info.path }
  get offset (): number { return this.info.offset }
  get size (): number | null { return this.info.size }
  get contentType (): ContentType { return this.info.contentType }
  get headers (): PartHeaders { return this.info.headers }
  get contentId (): string | undefined { return this.info.contentId }
  get contentLocation (): string | undefined { return this.info.contentLocation }
  get filename (): string | undefined { return this.info.filename }
  get transferEncoding (): string | undefined { return this.info.transferEncoding }

  /** True once all of the part's data has been handed to the stream. */
  get complete (): boolean {
    return this.#complete
  }

  get [STARTED] (): boolean {
    return this.#read || this.readableFlowing !== null
  }

  /**
   * The parser's side: data for the part (transfer decoded, which may leave none); false when
   * the consumer asks to wait.
   */
  [DELIVER] (data: Uint8Array): boolean {
    // push() of nothing would ask for more at once (a read(0)), as if the consumer had.
    if (data.length === 0) return this.readableLength < this.readableHighWaterMark
    return this.push(data)
  }

  /** The parser's side: all of the part's data has been delivered. */
  [FINISH] (): void {
    this.#complete = true
    this.push(null)
  }

  /**
   * node:stream itself calls read(0) (to fill the buffer, or to start flowing), and a flowing
   * stream's reads come after it started: any other read() is a consumer's.
   */
  override read (size?: number): unknown {
    if (size !== 0) this.#read = true
    return super.read(size)
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
   * Collects the part as text, decoded with its `charset` parameter (UTF-8 when it has none), up
   * to `maxBytes` (1 MiB by default): a larger part rejects with ERR_MMSE_LIMIT_TEXT_BYTES.
   */
  async text (maxBytes = DEFAULT_TEXT_LIMIT): Promise<string> {
    TEXT_LIMIT(maxBytes, 'maxBytes')
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
