/**
 * The input side of every throughput contender: a Readable over chunks held in memory, so
 * the timed region holds no generation or copying, and the parser, the PassThrough baseline
 * and the straight pipe all read through exactly the same code.
 */
import { Readable } from 'node:stream'
import type { MemorySampler } from './memory.js'
import { MiB } from './stats.js'

export function chunkSource (chunks: readonly Buffer[], highWaterMark: number, sampler?: MemorySampler): Readable {
  let index = 0
  let sinceSample = 0
  return new Readable({
    highWaterMark,
    read () {
      while (index < chunks.length) {
        const chunk = chunks[index++] as Buffer
        sinceSample += chunk.length
        if (sampler !== undefined && sinceSample >= MiB) {
          sinceSample = 0
          sampler.poll()
        }
        if (!this.push(chunk)) return
      }
      this.push(null)
    },
  })
}
