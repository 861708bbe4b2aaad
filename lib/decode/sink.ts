/** What the decoding machine reports to, and what a run of it returns. */
import type { MmseHead, MmseHeader, MmseWarning, NestedInfo, PartInfo } from '../types.js'

/** The methods of a part sink, under symbols: a part stream must not show write() and end(). */
export const DELIVER: unique symbol = Symbol('deliver')
export const FINISH: unique symbol = Symbol('finish')

/** Receives a part's data; `[DELIVER]` returns false when the consumer's buffer is full. */
export interface PartSink {
  [DELIVER] (bytes: Uint8Array): boolean
  [FINISH] (): void
}

export interface MachineSink {
  header (header: MmseHeader, path: number[]): void
  headers (head: MmseHead): void
  warning (warning: MmseWarning): void
  nested (info: NestedInfo): void
  /** A leaf part begins; return null to have its data skipped. */
  part (info: PartInfo): PartSink | null
}

export const DONE = 0 // the chunk is consumed: more input is welcome
/**
 * The chunk is consumed, but the part it filled has a full buffer: hold further input until the
 * part is read. A part is handed all of its bytes a chunk holds at once, so a pause always comes
 * at the end of a chunk and there is nothing left to resume inside it.
 */
export const PAUSED = 1
export type RunResult = typeof DONE | typeof PAUSED

