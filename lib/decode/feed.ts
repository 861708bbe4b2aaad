/**
 * Part data on its way to the part's sink: the octets still due, forwarded as views of the input
 * chunks (zero-copy), copied only from the carry-over, which the next chunk may overwrite.
 * The feed decodes the part's Content-Transfer-Encoding (RFC 2045 §6.7-6.8) on the way, for
 * decode() and the stream alike, and reports an encoding cut short to the machine's warnings.
 */
import type { PartInfo } from '../types.js'
import { type TransferDecoder, unfinishedTransferEncoding } from '../transfer/codec.js'
import { transferDecoder } from '../transfer/encodings.js'
import type { DecodeContext } from '../wsp/context.js'
import { copyBytes } from '../bytes/octets.js'
import type { ByteCursor } from './cursor.js'
import { DELIVER, FINISH, type PartSink } from './sink.js'
import type { Warnings } from './warnings.js'

export class PartFeed {
  /** Where the data goes; null when nobody receives it (it is skipped). */
  #sink: PartSink | null = null
  /** Octets still due: Infinity for a body that runs to the end of the input. */
  remaining = 0
  #info: PartInfo | null = null
  /** The part's transfer decoder, if its data is to be decoded. */
  #decoder: TransferDecoder | undefined
  readonly #decodeTransferEncoding: boolean
  readonly #warnings: Warnings
  /** Where a transfer encoding cut short is reported (an error in strict mode). */
  readonly #ctx: DecodeContext

  constructor (decodeTransferEncoding: boolean, warnings: Warnings, ctx: DecodeContext) {
    this.#decodeTransferEncoding = decodeTransferEncoding
    this.#warnings = warnings
    this.#ctx = ctx
  }

  start (sink: PartSink | null, info: PartInfo, size: number): void {
    this.#sink = sink
    this.#info = info
    this.remaining = size
    this.#decoder = sink !== null && this.#decodeTransferEncoding ? transferDecoder(info.transferEncoding) : undefined
  }

  /** Nobody receives the rest of the data: it is skipped. */
  skip (): void {
    this.#sink = null
    this.#decoder = undefined
  }

  /** Whether a whole chunk lies inside the data, the part not ending in it. */
  holds (chunk: Uint8Array): boolean {
    return chunk.length < this.remaining
  }

  /** A chunk that lies wholly inside the data, as it is; false when the sink asks to wait. */
  pass (chunk: Uint8Array): boolean {
    this.remaining -= chunk.length
    return this.#deliver(chunk)
  }

  /**
   * Forwards what the cursor holds of the data; false when the sink asks to wait. A part never
   * runs past its container (its lengths were checked), so the cursor's end bounds it.
   */
  forward (cursor: ByteCursor): boolean {
    const buf = cursor.buf
    const owned = cursor.owned
    const copy = cursor.pos < owned
    const n = Math.min(this.remaining, (copy ? owned : buf.length) - cursor.pos)
    if (n === 0) return true
    // A part that takes a whole chunk gets the chunk itself: no view to allocate.
    const data = n === buf.length ? buf : copy ? copyBytes(buf.subarray(cursor.pos, cursor.pos + n)) : buf.subarray(cursor.pos, cursor.pos + n)
    cursor.pos += n
    this.remaining -= n
    return this.#deliver(data)
  }

  #deliver (data: Uint8Array): boolean {
    const sink = this.#sink
    if (sink === null) return true
    return sink[DELIVER](this.#decoder === undefined ? data : this.#decoder.write(data))
  }

  /** All of the data has been forwarded: the decoder's tail and the end go to the sink, which is let go. */
  finish (): void {
    const sink = this.#sink
    const decoder = this.#decoder
    this.#sink = null
    this.#decoder = undefined
    if (sink === null) return
    if (decoder !== undefined) {
      const { tail, clean } = decoder.end()
      if (!clean) {
        unfinishedTransferEncoding(this.#info as PartInfo, this.#ctx)
        // The warning comes before the part's end (and a small part's event).
        this.#warnings.flush()
      }
      sink[DELIVER](tail)
    }
    sink[FINISH]()
  }
}
