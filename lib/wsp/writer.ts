/** A growable byte buffer that the codecs' writers append to. */
import { Buffer } from 'node:buffer'

export class ByteWriter {
  #buf: Buffer
  #length = 0

  constructor (capacity = 256) {
    this.#buf = Buffer.allocUnsafe(capacity)
  }

  get length (): number {
    return this.#length
  }

  /** The bytes written so far (a copy, so the writer may go on). */
  toBuffer (): Buffer {
    return Buffer.from(this.written())
  }

  /** The bytes written so far, as a view that the next write may invalidate. */
  written (): Uint8Array {
    return this.#buf.subarray(0, this.#length)
  }

  byte (octet: number): this {
    this.#reserve(1)
    this.#buf[this.#length++] = octet
    return this
  }

  bytes (data: Uint8Array | readonly number[]): this {
    this.#reserve(data.length)
    this.#buf.set(data as ArrayLike<number>, this.#length)
    this.#length += data.length
    return this
  }

  #reserve (n: number): void {
    if (this.#length + n <= this.#buf.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#length + n))
    this.#buf.copy(grown, 0, 0, this.#length)
    this.#buf = grown
  }
}
