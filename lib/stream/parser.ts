/**
 * `MmseParser`: the stream shell around the decoding machine. Bytes in, an object-mode stream
 * of events out; the same events as `'header'`, `'headers'`, `'nested'`, `'part'` and
 * `'warning'` emitter events.
 *
 * Backpressure: when a part's buffer is full the write callback is held until the part is
 * read, so memory stays within the carry-over, each part's highWaterMark and one chunk.
 * Consumption rules (documented in the README):
 * - listeners alone (no readable-side consumer) put the readable side in flowing mode;
 * - a part nobody can receive (no 'part' listener, readable side flowing into nothing) is
 *   skipped, not buffered; `part.destroy()` skips the rest of a part;
 * - iterating, asking for the next event skips the previous part if it was never touched;
 * - 'finish' waits until every part stream has ended or been destroyed; 'close' comes last.
 */
import { Transform, type TransformCallback } from 'node:stream'
import { Machine } from '../decode/machine.js'
import { DONE, type MachineSink, type PartSink } from '../decode/sink.js'
import type { MmseWarning } from '../errors.js'
import { type DecodeOptions, resolveOptions, type ResolvedOptions } from '../options.js'
import { unfinishedTransferEncoding } from '../transfer/codec.js'
import type { MmseHead, MmseHeader, MmseHeaders, NestedInfo } from '../types.js'
import { MmsePart } from './part.js'

export type MmseEvent =
  | { type: 'header', path: number[], header: MmseHeader }
  | { type: 'headers', path: number[], headers: MmseHeaders, headerList: MmseHeader[] }
  | { type: 'nested', path: number[], info: NestedInfo }
  | { type: 'part', path: number[], part: MmsePart }
  | { type: 'warning', path: number[], warning: MmseWarning }

export interface MmseParserOptions extends DecodeOptions {
  /** Events buffered on the readable side (default 16). */
  highWaterMark?: number
  /** Bytes buffered in each part stream (default 64 KiB). */
  partHighWaterMark?: number
}

/** The emitter events and their arguments. */
export interface MmseParserEvents {
  header: [header: MmseHeader, path: number[]]
  headers: [headers: MmseHeaders, head: MmseHead]
  nested: [info: NestedInfo]
  part: [part: MmsePart]
  warning: [warning: MmseWarning]
}

const EVENT_NAMES = new Set<string>(['header', 'headers', 'nested', 'part', 'warning'] satisfies Array<keyof MmseParserEvents>)

/* eslint-disable @typescript-eslint/no-explicit-any -- the catch-all overloads mirror node:stream's */
export interface MmseParser {
  on<K extends keyof MmseParserEvents> (event: K, listener: (...args: MmseParserEvents[K]) => void): this
  on (event: string | symbol, listener: (...args: any[]) => void): this
  once<K extends keyof MmseParserEvents> (event: K, listener: (...args: MmseParserEvents[K]) => void): this
  once (event: string | symbol, listener: (...args: any[]) => void): this
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export class MmseParser extends Transform {
  readonly #options: ResolvedOptions
  readonly #partHighWaterMark: number
  readonly #machine: Machine
  /** The write callback, held while a part's buffer is full. */
  #held: TransformCallback | null = null
  /** The flush callback, held until every part has ended. */
  #flushed: TransformCallback | null = null
  /** Parts not yet ended or destroyed. */
  readonly #open = new Set<MmsePart>()
  /** The part receiving data, if any. */
  #current: MmsePart | null = null

  constructor (options: MmseParserOptions = {}) {
    super({ readableObjectMode: true, readableHighWaterMark: options.highWaterMark ?? 16, writableHighWaterMark: 64 * 1024 })
    this.#options = resolveOptions(options)
    this.#partHighWaterMark = options.partHighWaterMark ?? 64 * 1024
    this.#machine = new Machine(this.#options, this.#sink())
    // Listeners alone must not stall the parser on an unread readable side.
    this.on('newListener', (name: string) => {
      if (EVENT_NAMES.has(name) && this.readableFlowing === null) queueMicrotask(() => { if (this.readableFlowing === null) this.resume() })
    })
  }

  #sink (): MachineSink {
    return {
      header: (header, path) => this.#event({ type: 'header', path, header }, 'header', header, path),
      headers: (head: MmseHead) => this.#event({ type: 'headers', ...head }, 'headers', head.headers, head),
      nested: (info) => this.#event({ type: 'nested', path: info.path, info }, 'nested', info),
      warning: (warning) => this.#event({ type: 'warning', path: [], warning }, 'warning', warning),
      part: (info): PartSink | null => {
        const part = new MmsePart(info, {
          read: () => this.#continue(),
          abandoned: (part) => this.#abandoned(part),
          closed: (part) => this.#closed(part),
          badTransferEncoding: (part) => this.#badTransferEncoding(part),
        }, this.#partHighWaterMark, this.#options.decodeTransferEncoding)
        this.#open.add(part)
        this.#event({ type: 'part', path: info.path, part }, 'part', part)
        if (!this.#wanted()) {
          part.destroy()
          return null
        }
        this.#current = part
        return part.sink
      },
    }
  }

  #event (event: MmseEvent, name: string, ...args: unknown[]): void {
    // Flowing into nothing (listener style): an object pushed there would only be dropped.
    if (this.readableFlowing !== true || this.listenerCount('data') > 0) this.push(event)
    this.emit(name, ...args)
  }

  /** Whether anyone can receive a part: a 'part' listener, or a consumer of the readable side. */
  #wanted (): boolean {
    return this.listenerCount('part') > 0 || this.listenerCount('data') > 0 || this.readableFlowing !== true
  }

  override _transform (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let result
    try {
      result = this.#machine.write(chunk)
    } catch (err) {
      callback(err as Error)
      return
    }
    if (result === DONE) callback()
    else this.#held = callback
  }

  /** A part was read from or given up: accept the next chunk. */
  #continue (): void {
    const held = this.#held
    if (held === null) return
    this.#held = null
    held()
  }

  #abandoned (part: MmsePart): void {
    if (part !== this.#current) return
    this.#current = null
    this.#machine.skipPart()
    queueMicrotask(() => this.#continue())
  }

  #badTransferEncoding (part: MmsePart): void {
    const warning = unfinishedTransferEncoding(part, this.#options.strict)
    this.#event({ type: 'warning', path: part.path, warning }, 'warning', warning)
  }

  #closed (part: MmsePart): void {
    if (part === this.#current) this.#current = null
    this.#open.delete(part)
    this.#maybeFinish()
  }

  override _flush (callback: TransformCallback): void {
    try {
      this.#machine.end()
    } catch (err) {
      callback(err as Error)
      return
    }
    this.#flushed = callback
    this.#maybeFinish()
  }

  #maybeFinish (): void {
    const flushed = this.#flushed
    if (flushed === null || this.#open.size > 0) return
    this.#flushed = null
    flushed()
  }

  override _destroy (error: Error | null, callback: (error?: Error | null) => void): void {
    const current = this.#current
    this.#current = null
    if (current !== null && !current.complete) current.destroy(error ?? undefined)
    callback(error)
  }

  /** The events, typed: `for await (const event of parser.events())`. */
  events (): AsyncIterableIterator<MmseEvent> {
    return this[Symbol.asyncIterator]()
  }

  /**
   * Async iteration over the events. Asking for the next event skips the previous part if
   * nobody started reading it, so an ignored part never holds the parser up. Typed `any`
   * like node:stream's own, so that the parser fits `stream.pipeline()`'s types; use
   * `events()` for typed iteration.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async * [Symbol.asyncIterator] (): AsyncGenerator<any, void, undefined> {
    const events = super[Symbol.asyncIterator]() as AsyncIterator<MmseEvent>
    let previous: MmsePart | undefined
    try {
      for (;;) {
        if (previous !== undefined && previous.readableFlowing === null && !previous.readableEnded) previous.destroy()
        const next = await events.next()
        if (next.done === true) return
        previous = next.value.type === 'part' ? next.value.part : undefined
        yield next.value
      }
    } finally {
      await events.return?.()
    }
  }
}
