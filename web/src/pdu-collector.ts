/**
 * One MMS's own octets, gathered from a capture scan's 'raw' events into a Blob: copies are held
 * in JS only until FOLD_BYTES of them have come, then folded into the Blob (the browser keeps
 * Blob data outside the JS heap, and moves large ones to disk). As `decodeCapture()` keeps them:
 * up to the first octet the capture lost, never across a hole.
 */

/** Octets held in JS before they are folded into the Blob. */
const FOLD_BYTES = 1024 * 1024

export class PduCollector {
  #blob = new Blob([])
  #pending: Array<Uint8Array<ArrayBuffer>> = []
  #pendingBytes = 0
  #size = 0
  #cut = false

  /** Octets gathered so far. */
  get size (): number {
    return this.#size
  }

  /** Adds a 'raw' event's octets (copied: the event's view is reused). */
  add (data: Uint8Array): number {
    if (this.#cut) return 0
    this.#pending.push(data.slice())
    this.#pendingBytes += data.length
    this.#size += data.length
    if (this.#pendingBytes >= FOLD_BYTES) this.#fold()
    return data.length
  }

  /** The capture lost octets of the message: nothing after them is taken. */
  cut (): void {
    this.#cut = true
  }

  blob (): Blob {
    this.#fold()
    return this.#blob
  }

  #fold (): void {
    if (this.#pending.length === 0) return
    this.#blob = new Blob([this.#blob, ...this.#pending], { type: 'application/vnd.wap.mms-message' })
    this.#pending = []
    this.#pendingBytes = 0
  }
}
