/**
 * The bytes of a file arriving in chunks split anywhere, read as records: a record lying inside
 * one chunk is a view of it (no copy); one that straddles chunks is copied together once, when
 * all of its bytes are there (the caller waits for `length` to reach it first).
 */
import { concatBytes } from '../bytes/octets.js'

export class ByteQueue {
  #chunks: Uint8Array[] = []
  /** Where the unread bytes of the first chunk begin. */
  #pos = 0
  /** Bytes not yet read. */
  length = 0
  /** Bytes read (skipped) since the start: the file offset of the next byte. */
  offset = 0

  push (chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.#chunks.push(chunk)
    this.length += chunk.length
  }

  /** The next `n` bytes, contiguous; the caller has checked that `length >= n`. */
  peek (n: number): Uint8Array {
    const first = this.#chunks[0] as Uint8Array
    if (first.length - this.#pos >= n) return first.subarray(this.#pos, this.#pos + n)
    // Join the chunks the record spans into one, which replaces them.
    let count = 0
    let have = 0
    while (have < n + this.#pos) have += (this.#chunks[count++] as Uint8Array).length
    const joined = concatBytes(this.#chunks.slice(0, count)).subarray(this.#pos)
    this.#chunks.splice(0, count, joined)
    this.#pos = 0
    return joined.subarray(0, n)
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
