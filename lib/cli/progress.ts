/**
 * The progress bar of `extract`: drawn on stderr only when stderr is a terminal and the input
 * is a file of more than 1 MiB; a pipe or a small input gets nothing, so scripts see clean
 * output. Redrawn at most every 100 ms.
 */
import type { Output } from './io.js'

const MIN_BYTES = 1024 * 1024
const WIDTH = 30
const INTERVAL_MS = 100

export class Progress {
  readonly #total: number
  readonly #stderr: Output
  #last = 0

  private constructor (total: number, stderr: Output) {
    this.#total = total
    this.#stderr = stderr
  }

  /** A bar for an input of `size` octets, or undefined when none is to be drawn. */
  static create (size: number | null, stderr: Output): Progress | undefined {
    if (stderr.isTTY !== true || size === null || size <= MIN_BYTES) return undefined
    return new Progress(size, stderr)
  }

  readonly update = (bytes: number): void => {
    const now = Date.now()
    if (now - this.#last < INTERVAL_MS && bytes < this.#total) return
    this.#last = now
    const ratio = Math.min(1, bytes / this.#total)
    const filled = Math.round(ratio * WIDTH)
    const mib = (n: number): string => (n / MIN_BYTES).toFixed(1)
    this.#stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${mib(bytes)}/${mib(this.#total)} MiB`)
  }

  /** Clears the line. */
  done (): void {
    this.#stderr.write('\r\u001b[K')
  }
}
