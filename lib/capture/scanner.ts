/**
 * `CaptureScanner`: the stream shell around the capture scan. Capture bytes in (pcap, pcapng,
 * either gzip-compressed), an object-mode stream of {@link CaptureEvent}s out: per MMS its
 * context, then its headers, parts and part data as they are reassembled, then its end. One
 * chunk in makes the events it completes; node:stream's own backpressure (the readable side's
 * highWaterMark) holds the next chunk until they are read, so memory stays within a chunk's
 * events, whatever the size of a message.
 *
 * Part data come as 'data' events, not as a stream per part (MmseParser's 'part' streams):
 * the MMS of concurrent connections interleave in a capture, and a consumer that reads one
 * part's stream to its end before the next event would wait forever for bytes queued behind it.
 */
import { Transform, type TransformCallback } from 'node:stream'
import { bytesOf, invalidArgument, toOptions } from '../bytes/argument.js'
import { MmseError } from '../errors.js'
import type { Dissectors } from '../net/carried.js'
import { defaultDissectors } from './dissectors.js'
import { type CaptureOptions, resolveCaptureOptions } from '../options.js'
import { eventIterator } from '../stream/event-iterator.js'
import type { CaptureEvent } from './events.js'
import { gunzipStream } from './gunzip.js'
import { isGzip } from './gzip.js'
import { CaptureScan } from './scan.js'

export interface CaptureScannerOptions extends CaptureOptions {
  /** Events buffered on the readable side (default 64). */
  highWaterMark?: number
}

export class CaptureScanner extends Transform {
  readonly #scan: CaptureScan
  /** The first octet, held until the second tells whether the input is gzip. */
  #first: Uint8Array | null = null
  #decided = false
  #gunzip: Transform | undefined

  constructor (options?: CaptureScannerOptions, dissectors: Dissectors = defaultDissectors()) {
    const { highWaterMark, ...capture } = toOptions<CaptureScannerOptions>(options)
    if (highWaterMark !== undefined && !(Number.isSafeInteger(highWaterMark) && highWaterMark >= 1)) {
      throw new MmseError('ERR_MMSE_BAD_OPTION', `highWaterMark must be an integer >= 1, not ${String(highWaterMark)}`, 0, { field: 'highWaterMark' })
    }
    const resolved = resolveCaptureOptions(capture)
    // Strings stay strings (decodeStrings off), so that _transform refuses them: no capture is text.
    super({ readableObjectMode: true, readableHighWaterMark: highWaterMark ?? 64, decodeStrings: false })
    this.#scan = new CaptureScan(resolved, (event) => this.push(event), dissectors)
  }

  override _transform (chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = bytesOf(chunk)
    if (bytes === undefined) {
      callback(invalidArgument('chunk', 'an ArrayBufferView or ArrayBuffer', chunk))
      return
    }
    if (!this.#decided) {
      const start = this.#first === null ? bytes : Buffer.concat([this.#first, bytes])
      if (start.length < 2) {
        this.#first = start
        callback()
        return
      }
      this.#decide(start)
      this.#first = null
      this.#feed(start, callback)
      return
    }
    this.#feed(bytes, callback)
  }

  #decide (start: Uint8Array): void {
    this.#decided = true
    if (!isGzip(start)) return
    const gunzip = gunzipStream()
    gunzip.on('data', (data: Buffer) => {
      this.#write(data)
      // The readable side is full: the gunzip waits, and so (through it) does the input.
      if (this.readableLength >= this.readableHighWaterMark) gunzip.pause()
    })
    gunzip.on('error', (err: Error) => this.destroy(new MmseError('ERR_MMSE_BAD_CAPTURE', `gzip: ${err.message}`, 0, { cause: err })))
    this.#gunzip = gunzip
  }

  #feed (bytes: Uint8Array, callback: TransformCallback): void {
    if (this.#gunzip !== undefined) {
      this.#gunzip.write(bytes, () => callback())
      return
    }
    callback(this.#write(bytes))
  }

  /** Scans decompressed octets; the error that ends the scan, if any. */
  #write (bytes: Uint8Array): Error | undefined {
    try {
      this.#scan.write(bytes)
      return undefined
    } catch (err) {
      if (this.#gunzip !== undefined) this.destroy(err as Error)
      return err as Error
    }
  }

  override _read (size: number): void {
    this.#gunzip?.resume()
    super._read(size)
  }

  override _flush (callback: TransformCallback): void {
    const gunzip = this.#gunzip
    if (gunzip === undefined) {
      // A lone first octet (the whole input) goes to the reader, which waits for four: at its end it finds no capture.
      if (this.#first !== null) this.#scan.write(this.#first)
      callback(this.#end())
      return
    }
    gunzip.once('end', () => callback(this.#end()))
    gunzip.end()
  }

  #end (): Error | undefined {
    try {
      this.#scan.end()
      return undefined
    } catch (err) {
      return err as Error
    }
  }

  override _destroy (error: Error | null, callback: (error?: Error | null) => void): void {
    this.#gunzip?.destroy()
    callback(error)
  }

  /** The events, typed: `for await (const event of scanner.events())`. */
  events (): AsyncIterableIterator<CaptureEvent> {
    return eventIterator<CaptureEvent>(this)
  }
}
