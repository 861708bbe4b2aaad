/**
 * A capture streamed from a Blob through the library's `CaptureScanner`: `File.stream()`, a
 * chunk at a time with backpressure (feed.ts), never the file whole. A gzip-compressed capture
 * is undone by the browser's `DecompressionStream` on the way (the library's browser bundle has
 * no zlib); where the gzip stream breaks off (a file cut short), what came before it is scanned
 * to its end, as the library reads such a file in Node and as Wireshark does. Each event is
 * handed over as it comes; a 'raw' or 'data' event's octets are a view valid only during the call.
 */
import { type CaptureEvent, type CaptureOptions, CaptureScanner, isGzip } from '../../lib/index.js'
import { feed } from './feed.js'

/** What `onEvent` returns to end the scan early (it has what it wanted). */
export const STOP = Symbol('stop')

/** Scans `source`; returns why its gzip stream broke off, if it did. */
export async function scanCapture (source: Blob, options: CaptureOptions, onEvent: (event: CaptureEvent) => typeof STOP | undefined, progress?: (bytes: number) => void): Promise<string | undefined> {
  const head = new Uint8Array(await source.slice(0, 2).arrayBuffer())
  let read = 0
  // Progress counts the file's octets, compressed or not, so that it ends at the file's size.
  const counted = source.stream().pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform (chunk, controller) {
      read += chunk.byteLength
      progress?.(read)
      controller.enqueue(chunk)
    },
  }))
  // DOM's typing of DecompressionStream takes any BufferSource; the chunks here are Uint8Arrays.
  const gunzip = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>
  let broken: string | undefined
  const octets = isGzip(head) ? untilBroken(counted.pipeThrough(gunzip), err => { broken = err instanceof Error ? err.message : String(err) }) : counted
  const scanner = new CaptureScanner({ ...options, raw: true })
  const ended = new Promise<void>((resolve, reject) => {
    scanner.on('data', (event: CaptureEvent) => {
      if (onEvent(event) === STOP) scanner.destroy()
    })
    scanner.once('end', resolve)
    scanner.once('close', resolve)
    scanner.once('error', reject)
  })
  await Promise.all([feed(octets, scanner), ended])
  return broken
}

/** `stream`'s chunks, ended cleanly where reading it fails; `failed` is told why. */
function untilBroken (stream: ReadableStream<Uint8Array>, failed: (err: unknown) => void): ReadableStream<Uint8Array> {
  const reader = stream.getReader()
  return new ReadableStream<Uint8Array>({
    async pull (controller) {
      try {
        const { done, value } = await reader.read()
        if (done) controller.close()
        else controller.enqueue(value)
      } catch (err) {
        failed(err)
        controller.close()
      }
    },
    cancel: reason => reader.cancel(reason),
  })
}
