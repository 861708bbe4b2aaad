/**
 * The warnings of one decoding, within limits.maxWarnings: past it they are counted, and one
 * last warning says how many were dropped. Findings of a structure wait in `pending` until the
 * structure is complete (it may be read again when a chunk cut it).
 */
import { Findings } from '../wsp/context.js'
import type { MmseWarning } from '../types.js'

export class WarningBudget {
  /** Shared by every decoding context of the machine; one structure cannot report more than all. */
  readonly pending: Findings
  readonly #max: number
  readonly #report: (warning: MmseWarning) => void
  #found = 0

  constructor (max: number, report: (warning: MmseWarning) => void) {
    this.#max = max
    this.#report = report
    this.pending = new Findings(max)
  }

  /** One warning, reported while within the limit. */
  add (warning: MmseWarning): void {
    if (++this.#found <= this.#max) this.#report(warning)
  }

  /** The pending findings of the structure just read. */
  flush (): void {
    const pending = this.pending
    if (pending.list.length === 0 && pending.dropped === 0) return
    for (const warning of pending.list) this.add(warning)
    this.#found += pending.dropped
    pending.clear()
  }

  /** After the last warning: how many were dropped, if any. */
  close (offset: number): void {
    if (this.#found > this.#max) {
      this.#report({ code: 'WARN_MMSE_WARNINGS_DROPPED', message: `${this.#found - this.#max} more warnings dropped (limits.maxWarnings is ${this.#max})`, offset })
    }
  }
}
