/**
 * The input side of every throughput contender: a Readable over chunks held in memory, so
 * the timed region holds no generation or copying, and every contender reads through exactly
 * the same code, fed by `source.pipe(contender)`.
 */
import { Readable } from 'node:stream'

/** The highWaterMark of the source, the PassThrough baseline and every parser's writable side. */
export const STREAM_HIGH_WATER_MARK = 64 * 1024

export function chunkSource (chunks: readonly Buffer[]): Readable {
  let index = 0
  return new Readable({
    highWaterMark: STREAM_HIGH_WATER_MARK,
    read () {
      while (index < chunks.length) {
        if (!this.push(chunks[index++])) return
      }
      this.push(null)
    },
  })
}
