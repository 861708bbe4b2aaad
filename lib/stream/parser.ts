/**
 * `MmseParser`: the stream shell around the decoding machine. Bytes in, an object-mode stream
 * of events out; the same events as `'header'`, `'headers'`, `'nested'`, `'part'`,
 * `'smallPart'` and `'warning'` emitter events.
 *
 * Backpressure: when a part's buffer is full, or the readable side's, the write callback is held
 * until it is read, so memory stays within the carry-over, each part's highWaterMark and one
 * chunk. The parser writes itself (its own `_write`, not Transform's `_transform`): one call per
 * chunk into the machine. Consumption rules (documented in the README):
 * - listeners alone (no readable-side consumer) put the readable side in flowing mode;
 * - a part nobody can receive (no 'part' listener, readable side flowing into nothing) is
 *   skipped, not buffered; `part.destroy()` skips the rest of a part;
 * - iterating, asking for the next event skips the previous part if it was never touched;
 * - 'finish' waits until every part stream has ended or been destroyed; 'close' comes last;
 * - `destroy()`, from anywhere (a listener, a part's consumer, the iterator), stops the machine
 *   at once, no event follows, and every part whose data is not all there is destroyed too.
 */
import { nextTick } from 'node:process'
import { Transform, type TransformCallback } from 'node:stream'
import { bytesOf, invalidArgument } from '../bytes/argument.js'
import { type CollectorOwner, PartCollector } from '../decode/part-collector.js'
import { Machine } from '../decode/machine.js'
import { DONE, type MachineSink, type PartSink } from '../decode/sink.js'
import { MmseError } from '../errors.js'
import { DECODE_OPTIONS, type DecodeOptions, integer, type OptionRules, resolveOptions } from '../options.js'
import type { DecodedPart, MmseHead, MmseHeader, MmseHeaders, MmseWarning, NestedInfo, PartInfo } from '../types.js'
import { MmsePart, type PartHooks, STARTED } from './part.js'

export type MmseEvent =
  | { type: 'header', path: number[], header: MmseHeader }
  | { type: 'headers', path: number[], headers: MmseHeaders, headerList: MmseHeader[] }
  | { type: 'nested', path: number[], info: NestedInfo }
  | { type: 'part', path: number[], part: MmsePart }
  | { type: 'smallPart', path: number[], part: DecodedPart }
  | { type: 'warning', path: number[], warning: MmseWarning }

export interface MmseParserOptions extends DecodeOptions {
  /** Events buffered on the readable side (default 16). */
  highWaterMark?: number
  /** Bytes buffered in each part stream (default 64 KiB). */
  partHighWaterMark?: number
  /**
   * Parts of at most this many bytes come whole, with their data, as `'smallPart'` events
   * instead of as streams (default 0: every part is a stream). A stream costs a few
   * microseconds to make and to consume; a message of a thousand tiny parts feels it.
   */
  smallParts?: number
}

/** The emitter events and their arguments. */
export interface MmseParserEvents {
  header: [header: MmseHeader, path: number[]]
  headers: [headers: MmseHeaders, head: MmseHead]
  nested: [info: NestedInfo]
  part: [part: MmsePart]
  smallPart: [part: DecodedPart]
  warning: [warning: MmseWarning]
}

/** The parser's own options, beside the decoding ones. */
const PARSER_OPTIONS: OptionRules = {
  ...DECODE_OPTIONS,
  // Not 0: with no room for one event on the readable side, the parser stalls for good.
  highWaterMark: integer(1),
  partHighWaterMark: integer(0),
  smallParts: integer(0),
}

type WriteCallback = (error?: Error | null) => void

const EVENT_NAMES = new Set<string>(['header', 'headers', 'nested', 'part', 'smallPart', 'warning'] satisfies Array<keyof MmseParserEvents>)

/** Thrown through the machine by the first event after the parser was destroyed: nothing more runs. */
const STOPPED: unique symbol = Symbol('STOPPED')

/* eslint-disable @typescript-eslint/no-explicit-any -- the catch-all overloads mirror node:stream's */
export interface MmseParser {
  on<K extends keyof MmseParserEvents> (event: K, listener: (...args: MmseParserEvents[K]) => void): this
  on (event: string | symbol, listener: (...args: any[]) => void): this
  once<K extends keyof MmseParserEvents> (event: K, listener: (...args: MmseParserEvents[K]) => void): this
  once (event: string | symbol, listener: (...args: any[]) => void): this
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export class MmseParser extends Transform {
  readonly #partHighWaterMark: number
  readonly #smallParts: number
  readonly #machine: Machine
  readonly #hooks: PartHooks
  readonly #collector: CollectorOwner
  /** The write callback, held while a part's buffer or the readable side is full. */
  #held: TransformCallback | null = null
  /** The part receiving data asked to wait. */
  #paused = false
  /** The readable side was full after the last chunk: wait until it is read from. */
  #unread = false
  /** The flush callback, held until every part has ended. */
  #flushed: TransformCallback | null = null
  /** Parts not yet ended or destroyed. */
  readonly #open = new Set<MmsePart>()
  /** The part receiving data, if any. */
  #current: MmsePart | null = null
  /** Parts announced while the current chunk was decoded. */
  #announced = 0

  constructor (options: MmseParserOptions = {}) {
    const resolved = resolveOptions(options, PARSER_OPTIONS)
    super({ readableObjectMode: true, readableHighWaterMark: options.highWaterMark ?? 16, writableHighWaterMark: 64 * 1024 })
    this.#partHighWaterMark = options.partHighWaterMark ?? 64 * 1024
    this.#smallParts = options.smallParts ?? 0
    this.#hooks = {
      resume: () => { this.#paused = false; this.#release() },
      abandoned: (part) => this.#abandoned(part),
      closed: (part) => this.#closed(part),
    }
    this.#collector = { collected: (part) => this.#event({ type: 'smallPart', path: part.path, part }, 'smallPart', part) }
    this.#machine = new Machine(resolved, this.#sink())
    // Listeners alone must not stall the parser on an unread readable side.
    this.on('newListener', (name: string) => {
      if (EVENT_NAMES.has(name) && this.readableFlowing === null) queueMicrotask(() => { if (this.readableFlowing === null) this.resume() })
    })
  }

  /**
   * Takes bytes in every form (any ArrayBufferView, an ArrayBuffer); anything else, a string
   * too (its octets would depend on an encoding, and no MMSE PDU is text), destroys the parser
   * with ERR_MMSE_INVALID_ARGUMENT, which the write's callback gets as well.
   */
  override write (chunk: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean {
    const bytes = bytesOf(chunk)
    if (bytes !== undefined) return super.write(bytes, encoding as BufferEncoding, callback)
    this.#refuse(chunk, typeof encoding === 'function' ? encoding : callback)
    return false
  }

  /** As write(), for a last chunk. */
  override end (chunk?: unknown, encoding?: BufferEncoding | (() => void), callback?: () => void): this {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return super.end(chunk as never, encoding as never, callback)
    const bytes = bytesOf(chunk)
    if (bytes !== undefined) return super.end(bytes, encoding as BufferEncoding, callback)
    this.#refuse(chunk, typeof encoding === 'function' ? encoding : callback)
    return this
  }

  #refuse (chunk: unknown, callback: WriteCallback | undefined): void {
    const error = invalidArgument('chunk', 'an ArrayBufferView or ArrayBuffer', chunk)
    this.destroy(error)
    if (callback !== undefined) nextTick(callback, error)
  }

  /** What the machine reports to: one object per parser. */
  #sink (): MachineSink {
    return {
      header: (header, path) => this.#event({ type: 'header', path, header }, 'header', header, path),
      headers: (head) => this.#event({ type: 'headers', ...head }, 'headers', head.headers, head),
      nested: (info) => this.#event({ type: 'nested', path: info.path, info }, 'nested', info),
      warning: (warning) => this.#event({ type: 'warning', path: [], warning }, 'warning', warning),
      part: (info) => this.#part(info),
    }
  }

  /** A leaf part begins: a stream, or a small part collected whole; null to skip its data. */
  #part (info: PartInfo): PartSink | null {
    if (this.destroyed) throw STOPPED
    if (info.size !== null && info.size <= this.#smallParts && this.#smallParts > 0) return new PartCollector(info, this.#collector)
    const part = new MmsePart(info, this.#hooks, this.#partHighWaterMark)
    this.#announced++
    this.#open.add(part)
    this.#current = part
    this.#event({ type: 'part', path: info.path, part }, 'part', part)
    if (part !== this.#current) return null
    if (!this.#wanted()) {
      part.destroy()
      return null
    }
    return part
  }

  #event (event: MmseEvent, name: string, ...args: unknown[]): void {
    if (this.destroyed) throw STOPPED
    // Flowing into nothing (listener style): an object pushed there would only be dropped.
    if (this.readableFlowing !== true || this.listenerCount('data') > 0) this.push(event)
    this.emit(name, ...args)
    if (this.destroyed) throw STOPPED
  }

  /** Whether anyone can receive a part: a 'part' listener, or a consumer of the readable side. */
  #wanted (): boolean {
    return this.listenerCount('part') > 0 || this.listenerCount('data') > 0 || this.readableFlowing !== true
  }

  override _write (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const events = this.readableLength
    this.#announced = 0
    let paused
    try {
      paused = this.#machine.write(chunk) !== DONE
    } catch (err) {
      this.#fail(err, callback)
      return
    }
    this.#held = callback
    this.#paused = paused
    // As Transform does: wait for a reader only when this chunk added events to a full readable side
    // (a reader that already asked, and got nothing new, will not ask again).
    this.#unread = this.readableLength > events && this.readableLength >= this.readableHighWaterMark
    // A chunk that announced parts lets them end (their 'end' and 'close' come in ticks) before
    // the next one: a source that writes synchronously would otherwise keep every part of a
    // large message alive at once, which V8's young generation pays for, superlinearly. A tick,
    // queued after theirs: a microtask would run before any of them.
    if (this.#announced > 0) nextTick(() => this.#release())
    else this.#release()
  }

  /** Accepts the next chunk once neither the part receiving data nor the readable side asks to wait. */
  #release (): void {
    const held = this.#held
    if (held === null || this.#paused || this.#unread) return
    this.#held = null
    held()
  }

  /** The readable side wants more events. */
  override _read (): void {
    this.#unread = false
    this.#release()
  }

  #abandoned (part: MmsePart): void {
    if (part !== this.#current) return
    this.#current = null
    this.#machine.skipPart()
    queueMicrotask(() => this.#hooks.resume())
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
      this.#fail(err, callback)
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

  /** The machine threw: a decode error ends the parser (STOPPED only unwinds a destroyed one). */
  #fail (err: unknown, callback: TransformCallback): void {
    callback(err === STOPPED ? null : err as Error)
  }

  /**
   * Destroyed, by its user or by a decode error, the parser takes with it every part whose data
   * is not all there. A part whose data is complete stays readable: it costs no more than its
   * buffer, and destroying it would be a trap, since node:stream's pipeline() never settles on
   * a Readable destroyed between its push(null) and its 'end'. A part gets an error where
   * someone listens for it (a pipeline does, and would wait for 'end' forever after a plain
   * destroy); else it is just destroyed.
   */
  override _destroy (error: Error | null, callback: (error?: Error | null) => void): void {
    this.#current = null
    for (const part of [...this.#open]) {
      if (part.complete) continue
      if (part.listenerCount('error') === 0) part.destroy()
      else part.destroy(error ?? new MmseError('ERR_MMSE_ABORTED', `the parser was destroyed before part ${JSON.stringify(part.path)} was read`, part.offset))
    }
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
        if (previous !== undefined && !previous[STARTED] && !previous.readableEnded) skip(previous)
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

/**
 * Skips a part nobody touched: one whose data is all there is drained, so that it ends as a
 * stream should (see _destroy); one still receiving data is destroyed, which skips the rest.
 */
function skip (part: MmsePart): void {
  if (part.complete) part.resume()
  else part.destroy()
}
