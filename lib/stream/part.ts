/**
 * One multipart entry's data as a node:stream Readable (a core Readable, so `instanceof
 * Readable`, `pipeline()`, `Readable.toWeb()` and the AWS SDK's Upload all accept it).
 * Everything known before the data (size, content type, headers) is on the stream itself.
 *
 * Cheap to make, since a message may have a thousand parts: the facts are read through from
 * `info` rather than copied, and the parser's hooks are shared. `pipe()` into a single
 * destination before any data flows forwards each chunk straight to it (`dest.write()`, whose
 * backpressure holds the parser), without the half a dozen listeners and the flowing-mode
 * machinery node:stream's pipe() sets up per source: for many small parts that setup, not the
 * data, is the cost. Anything else a consumer does (a 'data' or 'readable' listener, `read()`,
 * `pause()`, a second `pipe()`, iteration) first turns the forwarding into node:stream's own
 * pipe(), which loses nothing: nothing is buffered while forwarding. Every other way of reading
 * is node:stream's own.
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
  /** The consumer wants more data: the parser resumes. */
  resume (): void
  /** The part was destroyed before its data ended: skip the rest. */
  abandoned (part: MmsePart): void
  /** The part is done: ended and auto-destroyed, or destroyed. */
  closed (part: MmsePart): void
}

/** The destination of a `pipe()` that forwards directly. */
interface Direct {
  dest: NodeJS.WritableStream
  end: boolean
  /** Set while `dest` asked to wait: its 'drain' listener. */
  drain: (() => void) | null
  onError: (err: Error) => void
  onClose: () => void
}

/** `text()` collects at most this much unless told otherwise. */
const DEFAULT_TEXT_LIMIT = 1024 * 1024
/** `text()`'s bound: a NaN or Infinity would be none, and a negative or fractional one no sense. */
const TEXT_LIMIT = integer(1)

/**
 * Whether a consumer started reading the part: the parser's iterator skips a part nobody
 * started when the next event is asked for. Flowing or paused (pipe(), pipeline(), a 'data' or
 * 'readable' listener, resume(), pause(), iteration, Readable.toWeb()) says so, and so do a
 * read() of the consumer's own, even one that got nothing yet, and a pipe() forwarding directly.
 */
export const STARTED: unique symbol = Symbol('started')

export class MmsePart extends Readable implements PartSink {
  /** The part's facts as a plain object, for logging or serialising. */
  readonly info: PartInfo
  readonly #hooks: PartHooks
  #complete = false
  /** A consumer called read(), or piped the part. */
  #started = false
  #direct: Direct | null = null

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
    return this.#started || this.readableFlowing !== null
  }

  /**
   * The parser's side: data for the part (transfer decoded, which may leave none); false when
   * the consumer asks to wait.
   */
  [DELIVER] (data: Uint8Array): boolean {
    // push() of nothing would ask for more at once (a read(0)), as if the consumer had.
    if (data.length === 0) return this.readableLength < this.readableHighWaterMark
    const direct = this.#direct
    if (direct === null) return this.push(data)
    if (direct.dest.write(data)) return true
    direct.drain = () => this.#drained()
    direct.dest.once('drain', direct.drain)
    return false
  }

  /** The parser's side: all of the part's data has been delivered. */
  [FINISH] (): void {
    this.#complete = true
    const direct = this.#direct
    if (direct !== null) {
      this.#detach(direct)
      if (direct.end) direct.dest.end()
    }
    this.push(null)
    // Forwarded, the buffer is empty and nobody reads: a read() is what makes a Readable emit 'end'.
    if (direct !== null) super.read(0)
  }

  #drained (): void {
    if (this.#direct !== null) this.#direct.drain = null
    this.#hooks.resume()
  }

  /**
   * node:stream itself calls read(0) (to fill the buffer, or to start flowing), and a flowing
   * stream's reads come after it started: any other read() is a consumer's.
   */
  override read (size?: number): unknown {
    this.#undirect()
    if (size !== 0) this.#started = true
    return super.read(size)
  }

  override _read (): void {
    this.#hooks.resume()
  }

  /** Runs on destroy(), and after 'end' (autoDestroy): one hook instead of listeners per part. */
  override _destroy (error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.#direct !== null) this.#detach(this.#direct)
    if (!this.#complete) this.#hooks.abandoned(this)
    this.#hooks.closed(this)
    callback(error)
  }

  /**
   * Pipes the part into `dest`. Before any data has flowed, and with no other consumer, it
   * forwards directly (the module comment says how); otherwise it is node:stream's pipe().
   */
  override pipe<T extends NodeJS.WritableStream> (dest: T, options?: { end?: boolean }): T {
    this.#started = true
    if (this.#direct !== null || this.readableFlowing !== null || this.readableLength > 0 || this.#complete || this.destroyed || this.listenerCount('data') > 0 || this.listenerCount('readable') > 0) {
      this.#undirect()
      return super.pipe(dest, options)
    }
    const direct: Direct = {
      dest,
      end: options?.end !== false,
      drain: null,
      // As node:stream's pipe(): a failed or closed destination stops the forwarding; an error
      // nobody else listens for is thrown.
      onError: (err: Error) => {
        this.#detach(direct)
        if (dest.listenerCount('error') === 0) throw err
      },
      onClose: () => this.#detach(direct),
    }
    this.#direct = direct
    dest.prependListener('error', direct.onError)
    dest.once('close', direct.onClose)
    dest.emit('pipe', this)
    return dest
  }

  override unpipe (dest?: NodeJS.WritableStream): this {
    const direct = this.#direct
    if (direct !== null && (dest === undefined || dest === direct.dest)) {
      this.#detach(direct)
      direct.dest.emit('unpipe', this)
      return this
    }
    return super.unpipe(dest)
  }

  /**
   * Stops forwarding to the destination, whose listeners are removed; the part is then paused.
   * `direct` is always the current one: the listeners that call this go with it.
   */
  #detach (direct: Direct): void {
    this.#direct = null
    direct.dest.removeListener('error', direct.onError)
    direct.dest.removeListener('close', direct.onClose)
    if (direct.drain !== null) direct.dest.removeListener('drain', direct.drain)
  }

  /** Turns direct forwarding into node:stream's pipe(), before another consumer comes in. */
  #undirect (): void {
    const direct = this.#direct
    if (direct === null) return
    this.#detach(direct)
    super.pipe(direct.dest, { end: direct.end })
    if (direct.drain !== null) direct.dest.once('drain', () => this.#hooks.resume())
  }

  override on (event: string | symbol, listener: (...args: any[]) => void): this { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (event === 'data' || event === 'readable') this.#undirect()
    return super.on(event, listener)
  }

  override addListener (event: string | symbol, listener: (...args: any[]) => void): this { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.on(event, listener)
  }

  override pause (): this {
    this.#undirect()
    return super.pause()
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
