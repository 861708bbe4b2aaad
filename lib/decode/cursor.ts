/**
 * The byte cursor under the decoding machine: the input chunk being decoded, the position in it,
 * and the carry-over, where the unread tail of one chunk is joined with the head of the next
 * when a structure (a header field, an entry's lengths) is cut by a chunk boundary. Only as many
 * new bytes as a structure may still need are copied (`span`); decoding moves back onto the chunk
 * itself, zero-copy, as soon as it passes the join. Like tar-stream's BufferList, it knows
 * nothing of the format.
 */
import { Buffer } from 'node:buffer'
import type { Origin } from '../wsp/context.js'
import { EMPTY } from '../wsp/octets.js'

export class ByteCursor implements Origin {
  /** The bytes being decoded: a chunk, or the carry-over joined with the head of one. */
  buf: Uint8Array = EMPTY
  /** The position in `buf`. */
  pos = 0
  /** The absolute input offset of `buf[0]`. */
  base = 0
  /** Octets received so far. */
  received = 0
  /** The largest structure the carry-over must hold; anything longer is some limit's business. */
  readonly #span: number
  #carry: Buffer = Buffer.alloc(0)
  /** Set while `buf` is the carry-over: the chunk it was joined with, and where that chunk starts in `buf`. */
  #chunk: Uint8Array | null = null
  #split = 0

  constructor (span: number) {
    this.#span = span
  }

  /** The absolute input offset of the position. */
  get offset (): number {
    return this.base + this.pos
  }

  /** Takes the next chunk; what the last one left unread comes first. */
  push (chunk: Uint8Array): void {
    const start = this.received
    this.received += chunk.length
    const carried = this.buf.length - this.pos
    if (carried === 0) {
      this.buf = chunk
      this.pos = 0
      this.base = start
      this.#chunk = null
      return
    }
    const take = Math.min(chunk.length, this.#span - carried + 1)
    const joined = this.#carry.length >= carried + take ? this.#carry : Buffer.allocUnsafe(Math.max(carried + take, 2 * this.#carry.length))
    joined.set(this.buf.subarray(this.pos), 0)
    joined.set(chunk.subarray(0, take), carried)
    this.#carry = joined
    this.base += this.pos
    this.buf = joined.subarray(0, carried + take)
    this.pos = 0
    this.#chunk = chunk
    this.#split = carried
  }

  /** Leaves the carry-over for the chunk itself once the position has passed the join. */
  settle (): void {
    if (this.#chunk === null || this.pos < this.#split) return
    this.pos -= this.#split
    this.base += this.#split
    this.buf = this.#chunk
    this.#chunk = null
  }

  /** Whether the carry-over holds only part of the latest chunk: a structure that still needs more exceeds `span`. */
  get full (): boolean {
    return this.#chunk !== null && this.buf.length - this.#split < this.#chunk.length
  }
}
