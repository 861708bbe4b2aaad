/**
 * Part data on its way to the part's sink: the octets still due, forwarded as views of the input
 * chunks (zero-copy), copied only from the carry-over, which the next chunk may overwrite.
 */
import { copyBytes } from '../bytes/octets.js'
import type { ByteCursor } from './cursor.js'
import { DELIVER, FINISH, type PartSink } from './sink.js'

export class PartFeed {
  /** Where the data goes; null when nobody receives it (it is skipped). */
  sink: PartSink | null = null
  /** Octets still due: Infinity for a body that runs to the end of the input. */
  remaining = 0

  start (sink: PartSink | null, size: number): void {
    this.sink = sink
    this.remaining = size
  }

  /** Whether a whole chunk lies inside the data, the part not ending in it. */
  holds (chunk: Uint8Array): boolean {
    return chunk.length < this.remaining
  }

  /** A chunk that lies wholly inside the data, as it is; false when the sink asks to wait. */
  pass (chunk: Uint8Array): boolean {
    this.remaining -= chunk.length
    return this.sink === null || this.sink[DELIVER](chunk)
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
    return this.sink === null || this.sink[DELIVER](data)
  }

  /** All of the data has been forwarded: the sink is told, and let go. */
  finish (): void {
    const sink = this.sink
    this.sink = null
    sink?.[FINISH]()
  }
}
