/**
 * The warnings of one decoding, and the one owner of limits.maxWarnings. Every decoding context
 * of the machine records its findings here (`add`). A structure cut by a chunk boundary is read
 * again from its start, so what was found since that start (`mark`) is dropped (`rollback`).
 * What is kept is reported by `flush`, which runs before any event leaves the machine: each
 * warning comes before the event of what follows it. Past the limit, findings are only counted
 * (a structure of a million findings costs a counter, not a million objects), and one last
 * warning says how many were dropped.
 */
import { Findings } from '../wsp/context.js'
import type { MmseWarning } from '../types.js'

export class Warnings extends Findings {
  readonly #max: number
  readonly #report: (warning: MmseWarning) => void
  /** Findings flushed: reported, or counted past the limit. */
  #found = 0
  /** Findings held past the limit, not yet flushed. */
  #dropped = 0
  /** What was held when the structure being read began. */
  #markedList = 0
  #markedDropped = 0

  constructor (max: number, report: (warning: MmseWarning) => void) {
    super()
    this.#max = max
    this.#report = report
  }

  override add (warning: MmseWarning): void {
    if (this.#found + this.list.length < this.#max) this.list.push(warning)
    else this.#dropped++
  }

  /** A structure begins here: what it finds is dropped if it is read again. */
  mark (): void {
    this.#markedList = this.list.length
    this.#markedDropped = this.#dropped
  }

  /** The structure begun at the mark was cut short (or failed): forget what it found. */
  rollback (): void {
    this.list.length = this.#markedList
    this.#dropped = this.#markedDropped
  }

  /** Reports what is held, in order. */
  flush (): void {
    if (this.list.length === 0 && this.#dropped === 0) return
    // Taken out first: a report may throw (a destroyed parser stops the machine that way).
    const held = this.list.splice(0)
    this.#found += held.length + this.#dropped
    this.#dropped = 0
    this.#markedList = 0
    this.#markedDropped = 0
    for (const warning of held) this.#report(warning)
  }

  /** After the last warning: how many were dropped, if any. */
  close (offset: number): void {
    this.flush()
    if (this.#found > this.#max) {
      this.#report({ code: 'WARN_MMSE_WARNINGS_DROPPED', message: `${this.#found - this.#max} more warnings dropped (limits.maxWarnings is ${this.#max})`, offset })
    }
  }
}
