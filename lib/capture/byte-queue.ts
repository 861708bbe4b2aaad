/**
 * The bytes of a file arriving in chunks split anywhere, read as records: a record lying inside
 * one chunk is a view of it (no copy); one that straddles chunks is copied together once, when
 * all of its bytes are there (the caller waits for `length` to reach it first).
 */
import { viewOf } from '../bytes/octets.js'

export class ByteQueue {
  #chunks: Uint8Array[] = []
  /** Where the unread bytes of the first chunk begin. */
  #pos = 0
  /** Bytes not yet read. */
  length = 0
  /** Bytes read (skipped) since the start: the file offset of the next byte. */
  offset = 0
  /** The chunk `view` was made of, and the view. */
  #viewed: Uint8Array | undefined
  #view: DataView | undefined

  push (chunk: Uint8Array): void {
    if (chunk.length === 0) return
    // A plain Uint8Array view: a Buffer's subarray() makes a Buffer, which costs more for each record.
    this.#chunks.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
    this.length += chunk.length
  }

  /** The next `n` bytes, contiguous; the caller has checked that `length >= n`. */
  peek (n: number): Uint8Array {
    this.window(n)
    return this.chunk.subarray(this.#pos, this.#pos + n)
  }

  /**
   * Makes the next `n` bytes contiguous, from `start` in `chunk`, without a view of them made
   * (a reader of fixed fields reads them there); the caller has checked that `length >= n`.
   */
  window (n: number): void {
    const first = this.#chunks[0] as Uint8Array
    if (first.length - this.#pos >= n) return
    // Copy just the record's bytes into one array, which takes their place; the rest of the
    // last chunk they reach into stays a view.
    const joined = new Uint8Array(n)
    let have = 0
    while (have < n) {
      const chunk = this.#chunks[0] as Uint8Array
      const from = have === 0 ? this.#pos : 0
      const take = Math.min(n - have, chunk.length - from)
      joined.set(chunk.subarray(from, from + take), have)
      have += take
      if (from + take === chunk.length) this.#chunks.shift()
      else this.#chunks[0] = chunk.subarray(from + take)
    }
    this.#chunks.unshift(joined)
    this.#pos = 0
  }

  /** The chunk the next bytes are in (after `window`, all `n` of them). */
  get chunk (): Uint8Array {
    return this.#chunks[0] as Uint8Array
  }

  /** A DataView of `chunk`, made once per chunk: fixed fields read there, without one made per record. */
  get view (): DataView {
    const chunk = this.#chunks[0] as Uint8Array
    if (this.#viewed !== chunk) {
      this.#viewed = chunk
      this.#view = viewOf(chunk)
    }
    return this.#view as DataView
  }

  /** Where the next bytes start in `chunk`. */
  get start (): number {
    return this.#pos
  }

  /** Reads past `n` bytes; the caller has checked that `length >= n`. */
  skip (n: number): void {
    this.length -= n
    this.offset += n
    let pos = this.#pos + n
    while (this.#chunks.length > 0 && pos >= (this.#chunks[0] as Uint8Array).length) pos -= (this.#chunks.shift() as Uint8Array).length
    this.#pos = pos
  }
}
