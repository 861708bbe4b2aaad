/**
 * The byte cursor under the decoding machine: the input chunk being decoded, the position in it,
 * and the carry-over, where the unread tail of one chunk is joined with the head of the next
 * when a structure (a header field, an entry's lengths) is cut by a chunk boundary. Only as many
 * new bytes as a structure may still need are copied (`span`), and a carry-over that keeps
 * growing is appended to, not copied again; decoding moves back onto the chunk itself, zero-copy,
 * as soon as it passes the join. Like tar-stream's BufferList, it knows nothing of the format.
 */
import type { Origin } from '../wsp/context.js'
import { EMPTY } from '../bytes/octets.js'

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
  #carry: Uint8Array = EMPTY
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

  /** Takes a chunk that is consumed whole at once (part data): nothing is carried, nothing left. */
  pass (chunk: Uint8Array): void {
    this.base = this.received
    this.received += chunk.length
    this.buf = chunk
    this.pos = chunk.length
    this.#chunk = null
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
    if (this.#chunk !== null && this.buf.length + take <= this.#carry.length) {
      // Still inside the carry-over, with room after it: append, copying only the new bytes.
      this.#carry.set(chunk.subarray(0, take), this.buf.length)
      this.#split = this.buf.length
      this.buf = this.#carry.subarray(0, this.buf.length + take)
      this.#chunk = chunk
      return
    }
    const joined = this.#carry.length >= carried + take ? this.#carry : new Uint8Array(Math.max(carried + take, 2 * this.#carry.length))
    joined.set(this.buf.subarray(this.pos), 0)
    joined.set(chunk.subarray(0, take), carried)
    this.#carry = joined
    this.base += this.pos
    this.buf = joined.subarray(0, carried + take)
    this.pos = 0
    this.#chunk = chunk
    this.#split = carried
  }

  /**
   * Octets of `buf` before this offset are the cursor's own copy, which the next chunk may
   * overwrite: whatever outlives the call (part data) is copied from there. 0 outside a join.
   */
  get owned (): number {
    return this.#chunk === null ? 0 : this.#split
  }

  /** The octets from the position to the end of what the cursor holds. */
  get remaining (): number {
    return this.buf.length - this.pos
  }

  /** Leaves the carry-over for the chunk itself once the position has passed the join. */
  settle (): void {
    if (this.#chunk === null || this.pos < this.#split) return
    this.pos -= this.#split
    this.base += this.#split
    this.buf = this.#chunk
    this.#chunk = null
  }

  /**
   * Lets go of the chunk once every octet of it has been read: a caller that keeps many
   * machines waiting (a capture's connections) keeps no chunk alive through them.
   */
  release (): void {
    if (this.pos < this.buf.length) return
    this.base += this.pos
    this.buf = EMPTY
    this.pos = 0
    this.#chunk = null
  }

  /** Whether the carry-over holds only part of the latest chunk: a structure that still needs more exceeds `span`. */
  get full (): boolean {
    return this.#chunk !== null && this.buf.length - this.#split < this.#chunk.length
  }
}
