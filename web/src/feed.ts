/**
 * A Blob's bytes (or a stream of them) into a parser or a capture scanner, with backpressure:
 * the next chunk is read only when the parser has taken the last one, so memory holds about
 * one chunk of the file, never the file. Settles when the parser has finished (every part
 * ended), failed, or was destroyed by the caller (who then has what it wanted).
 */
import type { Writable } from 'node:stream'

export function feed (source: Blob | ReadableStream<Uint8Array>, parser: Writable, progress?: (bytes: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const reader = (source instanceof Blob ? source.stream() : source).getReader()
    let failed = false
    parser.once('error', (err: Error) => {
      failed = true
      reader.cancel().catch(() => {})
      reject(err)
    })
    parser.once('finish', () => resolve())
    parser.once('close', () => resolve())
    const writable = (): Promise<void> => new Promise(ready => {
      const go = (): void => {
        parser.off('drain', go)
        parser.off('close', go)
        ready()
      }
      parser.on('drain', go)
      parser.on('close', go)
    })
    const pump = async (): Promise<void> => {
      let read = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (failed || parser.destroyed) {
          await reader.cancel()
          return
        }
        if (done) {
          parser.end()
          return
        }
        read += value.byteLength
        progress?.(read)
        if (!parser.write(value)) await writable()
      }
    }
    pump().catch((err: unknown) => {
      parser.destroy(err instanceof Error ? err : new Error(String(err)))
    })
  })
}
