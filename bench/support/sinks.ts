/**
 * The consumers of the throughput runs: a no-op Writable (what the
 * stream machinery costs), /dev/null through fs (adds the write syscalls) and a temporary
 * file (the realistic ceiling). Every sink has the same explicit highWaterMark, so no
 * Node-version default decides a result. `CountingSinks` checks, outside the timed region,
 * that a contender really delivered every part and every octet.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'

export const SINK_KINDS = ['noop', 'devnull', 'file'] as const
export type SinkKind = typeof SINK_KINDS[number]

export const SINK_LABELS: Record<SinkKind, string> = { noop: 'no-op Writable', devnull: '/dev/null', file: 'temp file' }

export const SINK_HIGH_WATER_MARK = 64 * 1024

/** One fresh sink per part (or per message, for the baselines). */
export interface SinkFactory {
  make (): Writable
}

/** Makes sinks of one kind; file sinks go to a private directory that `clear()` empties. */
export class Sinks implements SinkFactory {
  readonly kind: SinkKind
  #dir: string | null = null
  #files = 0

  constructor (kind: SinkKind) {
    this.kind = kind
  }

  make (): Writable {
    switch (this.kind) {
      case 'noop':
        return new Writable({ highWaterMark: SINK_HIGH_WATER_MARK, write (_chunk, _encoding, callback) { callback() } })
      case 'devnull':
        return createWriteStream('/dev/null', { highWaterMark: SINK_HIGH_WATER_MARK })
      case 'file':
        this.#dir ??= mkdtempSync(join(tmpdir(), 'mmse-bench-'))
        return createWriteStream(join(this.#dir, `out-${this.#files++}`), { highWaterMark: SINK_HIGH_WATER_MARK })
    }
  }

  /** Deletes the files written so far (outside the timed region). */
  clear (): void {
    if (this.#dir === null) return
    rmSync(this.#dir, { recursive: true, force: true })
    this.#dir = null
  }
}

/** No-op sinks that count what reaches them. */
export class CountingSinks implements SinkFactory {
  sinks = 0
  bytes = 0

  make (): Writable {
    this.sinks++
    return new Writable({
      highWaterMark: SINK_HIGH_WATER_MARK,
      write: (chunk: Buffer, _encoding, callback) => {
        this.bytes += chunk.length
        callback()
      },
    })
  }
}
