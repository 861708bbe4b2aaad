/**
 * The three ways the throughput harness moves the same chunks into the same kind of sink:
 * through MmseParser (each part piped to its own sink, as a user saving parts would), through
 * one PassThrough (the floor for any stream-shaped parser), and straight into the sink.
 */
import { PassThrough, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { MmsePart } from '../../lib/index.js'
import { MmseParser } from './lib.js'
import type { MemorySampler } from './memory.js'
import type { Sinks } from './sinks.js'
import { chunkSource } from './source.js'

export const CONTENDERS = ['parser', 'passthrough', 'straight'] as const
export type Contender = typeof CONTENDERS[number]

/** The highWaterMark of the source and the PassThrough: the parser's own writable and part buffers are 64 KiB. */
export const STREAM_HIGH_WATER_MARK = 64 * 1024

/**
 * Resolves once every part's sink has closed; returns the number of parts seen. Parts go
 * through `part.pipe(sink)`: `pipeline(part, sink)` from node:stream/promises works the same
 * but costs about 15 µs per call on Node 20 (an AbortController and a DOMException per
 * pipeline), which would bury the parser's own per-part cost in the 1,000-part scenario.
 */
export async function viaParser (chunks: readonly Buffer[], sinks: Sinks, sampler?: MemorySampler): Promise<number> {
  const parser = new MmseParser()
  const saved: Promise<void>[] = []
  parser.on('part', (part: MmsePart) => {
    const sink = sinks.make()
    saved.push(closed(sink))
    part.pipe(sink)
  })
  await pipeline(chunkSource(chunks, STREAM_HIGH_WATER_MARK, sampler), parser)
  await Promise.all(saved)
  return saved.length
}

/** A sink's 'close' (after 'finish', and after the file descriptor is closed for fs streams). */
function closed (sink: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    sink.once('close', resolve)
    sink.once('error', reject)
  })
}

export async function viaPassThrough (chunks: readonly Buffer[], sinks: Sinks, sampler?: MemorySampler): Promise<void> {
  await pipeline(chunkSource(chunks, STREAM_HIGH_WATER_MARK, sampler), new PassThrough({ highWaterMark: STREAM_HIGH_WATER_MARK }), sinks.make())
}

export async function straight (chunks: readonly Buffer[], sinks: Sinks, sampler?: MemorySampler): Promise<void> {
  await pipeline(chunkSource(chunks, STREAM_HIGH_WATER_MARK, sampler), sinks.make())
}

export async function runContender (contender: Contender, chunks: readonly Buffer[], sinks: Sinks, sampler?: MemorySampler): Promise<void> {
  switch (contender) {
    case 'parser':
      await viaParser(chunks, sinks, sampler)
      return
    case 'passthrough':
      await viaPassThrough(chunks, sinks, sampler)
      return
    case 'straight':
      await straight(chunks, sinks, sampler)
  }
}
