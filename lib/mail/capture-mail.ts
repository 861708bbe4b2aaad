/**
 * One MMS found in a capture, as mail: the CaptureScanner's events of that MMS go in as the scan
 * reports them, toMime()'s octets come out. The scan reports part data as 'data' events, not as
 * a stream per part (lib/capture/scanner.ts says why); here each part becomes a stream of its
 * own again, which toMime() reads while the scan goes on. A part takes a chunk's worth of data
 * ahead of its reader and then makes write() wait, so a 500 MB m-retrieve-conf flows through
 * in bounded memory.
 *
 * Only a complete MMS is mail: when its end says octets are missing (a gap, a carrier that ended
 * early) or its decoding failed, the output fails with that error instead of ending, so that a
 * writer never takes a message cut short for a whole one.
 */
import { PassThrough, Readable } from 'node:stream'
import type { CaptureEvent, MmsEnd } from '../capture/events.js'
import { MmseError } from '../errors.js'
import type { PartInfo } from '../types.js'
import { DEFAULT_HIGH_WATER_MARK, toMime, type ToMimeOptions } from './to-mime.js'

export class CaptureMail {
  /** The mail's octets; it fails with an MmseError when the MMS is not complete. */
  readonly output: Readable
  /** toMime()'s source: the events that shape the mail, and each part's stream. */
  readonly #events = new PassThrough({ objectMode: true })
  readonly #highWaterMark: number
  /** The part receiving data. */
  #part: CapturedPart | undefined

  constructor (options: ToMimeOptions = {}) {
    this.#highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK
    this.output = toMime(this.#events, options)
    // An MMS may end (and so fail) before anyone reads the output: its reader sees the error
    // when it comes (a pipeline takes the error a stream was destroyed with).
    this.output.on('error', () => {})
    // A reader that went away, or a mail that failed, reads no part any more: nothing may wait for it.
    this.output.once('close', () => this.#part?.destroy())
  }

  /**
   * The next event of this MMS, in the scan's order. Resolves when the next may come: a part's
   * data waits while the part is not read. Once the output is done with, events are dropped.
   */
  async write (event: CaptureEvent): Promise<void> {
    if (this.output.destroyed) return
    switch (event.type) {
      case 'headers': case 'nested':
        this.#events.write(event)
        return
      case 'part':
        this.#part = new CapturedPart(event.info, this.#highWaterMark)
        this.#events.write({ type: 'part', path: event.path, part: this.#part })
        return
      case 'data':
        // Data come between their part's 'part' and 'partEnd'.
        await (this.#part as CapturedPart).deliver(event.data)
        return
      case 'partEnd':
        (this.#part as CapturedPart).push(null)
        this.#part = undefined
        return
      case 'end':
        this.#end(event.end)
        return
      default:
        // The PDU's octets, single header fields (they come again in 'headers'), warnings.
    }
  }

  #end (end: MmsEnd): void {
    if (end.complete && end.error === undefined) {
      this.#events.end()
      return
    }
    // The output keeps this error; toMime() stops on the source it loses, and the part that
    // was receiving data goes with the output (the constructor's 'close').
    this.output.destroy(end.error ?? new MmseError('ERR_MMSE_TRUNCATED', `the capture holds ${end.size} octets of the MMS, not all of it`, end.size))
    this.#events.destroy()
  }
}

/** One part's data, as the scan delivers it, for toMime() to read. */
class CapturedPart extends Readable {
  readonly info: PartInfo
  /** write() waiting for the reader to take what is buffered. */
  #resume: (() => void) | undefined

  constructor (info: PartInfo, highWaterMark: number) {
    super({ highWaterMark })
    this.info = info
  }

  /**
   * Takes a copy (the scan's view lasts until its next event); resolves once more may come. A
   * part is destroyed only with the output, after which CaptureMail delivers nothing.
   */
  async deliver (data: Uint8Array): Promise<void> {
    if (this.push(Buffer.from(data))) return
    await new Promise<void>((resolve) => { this.#resume = resolve })
  }

  override _read (): void {
    this.#wake()
  }

  override _destroy (error: Error | null, callback: (error?: Error | null) => void): void {
    this.#wake()
    callback(error)
  }

  #wake (): void {
    const resume = this.#resume
    this.#resume = undefined
    resume?.()
  }
}
