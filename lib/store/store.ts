/**
 * The message store: where an MMSC keeps the parts of a message between m-send-req and
 * m-retrieve-conf (OMA-MMS-CTR 1.3: the MMS Proxy-Relay stores the MM until it is retrieved
 * or expires), and where `mmse extract` can write parts.
 *
 * A message is a set of named entries under one key, written as one transaction: every entry
 * is spooled where no reader looks, and only `commit()` makes the set visible, whole. A failed
 * or aborted transaction leaves nothing behind. Entries stream in and out; nothing holds a
 * whole entry in memory. Keys and names are checked by {@link checkName}: they are the
 * program's, never a sender's file names.
 */
import type { Readable } from 'node:stream'
import { toOptions } from '../bytes/argument.js'
import { checkOptions, integer, type OptionRules } from '../options.js'

/** Data for one entry: a stream (a part as it arrives), or bytes or text (small records). */
export type EntryData = Readable | Uint8Array | string

export interface SweepOptions {
  /**
   * Only what was last written more than this long ago, in milliseconds (default 0: all of it).
   * Longer than any transaction takes, it makes a sweep safe while other processes write to the
   * same store: what they are writing now is younger.
   */
  olderThanMs?: number
}

export interface WriteOptions {
  /** Media type to record with the entry where the backend keeps one (S3 Content-Type). */
  contentType?: string
}

/** One message being written. */
export interface StoreWriter {
  readonly key: string
  /**
   * Streams one entry into the spool; resolves with the bytes stored once they are safely
   * there, rejects when the data fails or the transaction is aborted. Names are unique
   * within a transaction.
   */
  write (name: string, data: EntryData, options?: WriteOptions): Promise<number>
  /**
   * Waits for the writes still running and makes the entries visible under the key, all at
   * once. Rejects, leaving nothing behind after `abort()`, if any write failed or the key is
   * already taken ({@link keyTaken}); a taken key's message is never touched. One key has one
   * writer at a time: two transactions of the same key at once are not supported (an MMSC's
   * keys are random; `mmse extract --to` is one run per key).
   */
  commit (): Promise<void>
  /** Stops the writes still running and removes everything the transaction wrote. Idempotent. */
  abort (): Promise<void>
}

export interface MessageStore {
  /** Starts a transaction for a new key (nothing is touched before the first write). */
  begin (key: string): StoreWriter
  /** The size in bytes of a committed entry, or undefined when the key or the entry is not committed. */
  size (key: string, name: string): Promise<number | undefined>
  /**
   * A committed entry's bytes. The stream opens its source on its first read, so a caller may
   * hold many (one per part of a message) without holding files or connections open.
   */
  read (key: string, name: string): Readable
  /** The committed keys, in no particular order. */
  keys (): AsyncIterable<string>
  /** Removes a committed key and its entries (no error when it is absent). */
  remove (key: string): Promise<void>
  /**
   * Removes what a stopped process left in the spool (uncommitted entries, unfinished
   * uploads); returns how many it removed. Without `olderThanMs`, only safe while no other
   * process writes to the same store: call it at start-up.
   */
  sweep (options?: SweepOptions): Promise<number>
}

/** The cut-off of a sweep: what was written before it goes (undefined: everything). */
export function sweepCutoff (options: SweepOptions = {}): number | undefined {
  checkOptions(toOptions<SweepOptions>(options), SWEEP_OPTIONS)
  return options.olderThanMs === undefined || options.olderThanMs === 0 ? undefined : Date.now() - options.olderThanMs
}

const SWEEP_OPTIONS: OptionRules = { olderThanMs: integer(0) }

/** The failure of a transaction whose key is already committed. */
export function keyTaken (key: string): Error {
  return Object.assign(new Error(`store key ${key} is already taken`), { code: 'EEXIST' })
}
