/**
 * One MMS being read out of a capture: its octets fed to the decoding machine as they are
 * reassembled, its events reported as the machine finds them, part data passed on as it comes.
 * Nothing of it is held here: a 500 MB m-retrieve-conf flows through. Bytes the capture lost
 * end it (a PDU cannot be read across a hole without guessing the bytes): what came before is
 * reported, then ERR_MMSE_TRUNCATED, and a warning says which octets were missing and why, or,
 * when its carrier ended it early, where it was cut and why.
 */
import { Machine } from '../decode/machine.js'
import { DELIVER, FINISH, type MachineSink, type PartSink } from '../decode/sink.js'
import { MmseError } from '../errors.js'
import type { HttpBody } from '../http/framing.js'
import type { ResolvedOptions } from '../options.js'
import type { MmseHead, MmseHeader, MmseWarning, NestedInfo, PartInfo } from '../types.js'
import type { CaptureEvent } from './events.js'

export class ScannedMessage implements HttpBody {
  readonly #id: number
  readonly #emit: (event: CaptureEvent) => void
  readonly #raw: boolean
  readonly #machine: Machine
  readonly #frames: number[] = []
  #size = 0
  #complete = true
  #error: MmseError | undefined
  /** Fed no more: the PDU ended in an error, or bytes went missing. */
  #stopped = false

  constructor (id: number, options: ResolvedOptions, raw: boolean, emit: (event: CaptureEvent) => void) {
    this.#id = id
    this.#emit = emit
    this.#raw = raw
    this.#machine = new Machine(options, new MessageEvents(id, emit))
  }

  data (bytes: Uint8Array, frame: number): void {
    this.frame(frame)
    this.#size += bytes.length
    if (this.#raw) this.#emit({ type: 'raw', id: this.#id, data: bytes })
    if (this.#stopped) return
    try {
      this.#machine.write(bytes)
      // A view of a segment kept by the machine would keep the whole read buffer under it alive
      // for as long as this message waits (thousands of connections may each wait on another one).
      this.#machine.release()
    } catch (err) {
      this.#fail(err)
    }
  }

  gap (bytes: number, frame: number, why: string): void {
    this.frame(frame)
    this.#complete = false
    this.#emit({
      type: 'warning',
      id: this.#id,
      warning: { code: 'WARN_CAPTURE_GAP', message: `octets ${this.#size} to ${this.#size + bytes - 1} of the MMS are missing: ${why}`, frame },
    })
    this.#size += bytes
    this.#stop()
  }

  end (frame: number, cut?: string): void {
    this.frame(frame)
    // A gap already said what is missing.
    if (cut !== undefined && this.#complete) {
      this.#complete = false
      this.#emit({ type: 'warning', id: this.#id, warning: { code: 'WARN_CAPTURE_INCOMPLETE', message: `the MMS ends after ${this.#size} octets: ${cut}`, frame } })
    }
    this.#stop()
    const end = { size: this.#size, frames: this.#frames, complete: this.#complete }
    this.#emit({ type: 'end', id: this.#id, end: this.#error === undefined ? end : { ...end, error: this.#error } })
  }

  #stop (): void {
    if (this.#stopped) return
    this.#stopped = true
    try {
      this.#machine.end()
    } catch (err) {
      this.#fail(err)
    }
  }

  #fail (err: unknown): void {
    this.#stopped = true
    /* c8 ignore next -- the machine throws nothing but MmseError (its own contract) */
    if (!(err instanceof MmseError)) throw err
    this.#error = err
  }

  /** A frame that carried some of it (its carrier's head, a segment), counted once. */
  frame (frame: number): void {
    if (this.#frames[this.#frames.length - 1] !== frame) this.#frames.push(frame)
  }
}

/**
 * What the machine finds, as capture events of message `id`. Classes, not closures: thousands
 * of messages may be open at once, and their methods are shared.
 */
class MessageEvents implements MachineSink {
  readonly #id: number
  readonly #emit: (event: CaptureEvent) => void

  constructor (id: number, emit: (event: CaptureEvent) => void) {
    this.#id = id
    this.#emit = emit
  }

  header (header: MmseHeader, path: number[]): void {
    this.#emit({ type: 'header', id: this.#id, path, header })
  }

  headers (head: MmseHead): void {
    this.#emit({ type: 'headers', id: this.#id, ...head })
  }

  nested (info: NestedInfo): void {
    this.#emit({ type: 'nested', id: this.#id, path: info.path, info })
  }

  warning (warning: MmseWarning): void {
    this.#emit({ type: 'warning', id: this.#id, warning })
  }

  part (info: PartInfo): PartSink {
    this.#emit({ type: 'part', id: this.#id, path: info.path, info })
    return new PartEvents(this.#id, info.path, this.#emit)
  }
}

/** A part's data and end, as capture events. */
class PartEvents implements PartSink {
  readonly #id: number
  readonly #path: number[]
  readonly #emit: (event: CaptureEvent) => void

  constructor (id: number, path: number[], emit: (event: CaptureEvent) => void) {
    this.#id = id
    this.#path = path
    this.#emit = emit
  }

  [DELIVER] (data: Uint8Array): boolean {
    if (data.length > 0) this.#emit({ type: 'data', id: this.#id, path: this.#path, data })
    return true
  }

  [FINISH] (): void {
    this.#emit({ type: 'partEnd', id: this.#id, path: this.#path })
  }
}
