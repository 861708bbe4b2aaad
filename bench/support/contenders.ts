/**
 * Everything the throughput harness times, in one list: mmse, its peers (./peers.ts) and the
 * two baselines, one PassThrough into one sink (the floor for any stream-shaped parser) and
 * the straight pipe of the source into the sink. Each reads one container from a source it is
 * given (`source.pipe(contender)`) and resolves with the number of parts it drained.
 *
 * Another contender is one more entry here; the targets table (./targets.ts) finds a contender
 * by its id (the small-part option's target reads 'mmse-small').
 */
import { PassThrough, type Readable } from 'node:stream'
import type { DecodedPart, MmsePart } from '../../lib/index.js'
import { Completion } from './completion.js'
import type { Container } from './containers.js'
import { DEFAULT_LIMITS, MmseParser } from './lib.js'
import { viaBusboy, viaDicer, viaFastifyBusboy, viaTarStream } from './peers.js'
import type { SinkFactory } from './sinks.js'
import { STREAM_HIGH_WATER_MARK } from './source.js'

export type ContenderId = 'mmse' | 'mmse-small' | 'tar-stream' | 'busboy' | 'fastify-busboy' | 'dicer' | 'passthrough' | 'straight'

export interface Contender {
  id: ContenderId
  label: string
  container: Container
  /** 'mmse': the library (ratios are taken against the first); 'peer' and 'baseline': what it is compared with. */
  role: 'mmse' | 'peer' | 'baseline'
  /** Parses one message of `parts` parts from `source` into per-part sinks; resolves with the parts drained. */
  run (source: Readable, sinks: SinkFactory, parts: number): Promise<number>
}

/**
 * The part limits raised only where a scenario needs it: as many parts, and as many part header
 * fields (one Content-ID each), as it has.
 */
function partLimits (parts: number): { limits?: { maxParts: number, maxPartHeaderFields: number } } {
  return parts > DEFAULT_LIMITS.maxParts ? { limits: { maxParts: parts, maxPartHeaderFields: parts } } : {}
}

/** MmseParser with every part piped into its own sink. */
function viaMmse (source: Readable, sinks: SinkFactory, parts: number): Promise<number> {
  const completion = new Completion()
  const options = partLimits(parts)
  const parser = completion.watch(new MmseParser(options))
  parser.on('part', (part: MmsePart) => { part.pipe(completion.sink(sinks)) })
  source.pipe(parser)
  return completion.done
}

/** The parts a 'smallPart' event delivers whole, as buffers: up to this size (larger parts stream). */
const SMALL_PART_BYTES = 16 * 1024

/** MmseParser with `smallParts`: each small part's data written into its own sink at once. */
function viaMmseSmall (source: Readable, sinks: SinkFactory, parts: number): Promise<number> {
  const completion = new Completion()
  const parser = completion.watch(new MmseParser({ smallParts: SMALL_PART_BYTES, ...partLimits(parts) }))
  parser.on('part', (part: MmsePart) => { part.pipe(completion.sink(sinks)) })
  parser.on('smallPart', (part: DecodedPart) => { completion.sink(sinks).end(part.data) })
  source.pipe(parser)
  return completion.done
}

function viaPassThrough (source: Readable, sinks: SinkFactory): Promise<number> {
  const completion = new Completion()
  source.pipe(new PassThrough({ highWaterMark: STREAM_HIGH_WATER_MARK })).pipe(completion.sink(sinks))
  return completion.done
}

function straight (source: Readable, sinks: SinkFactory): Promise<number> {
  const completion = new Completion()
  source.pipe(completion.sink(sinks))
  return completion.done
}

export const CONTENDERS: readonly Contender[] = [
  { id: 'mmse', label: 'mmse', container: 'mmse', role: 'mmse', run: viaMmse },
  { id: 'mmse-small', label: 'mmse, smallParts 16 KiB', container: 'mmse', role: 'mmse', run: viaMmseSmall },
  { id: 'tar-stream', label: 'tar-stream', container: 'tar', role: 'peer', run: viaTarStream },
  { id: 'busboy', label: 'busboy', container: 'form-data', role: 'peer', run: viaBusboy },
  { id: 'fastify-busboy', label: '@fastify/busboy', container: 'form-data', role: 'peer', run: viaFastifyBusboy },
  { id: 'dicer', label: 'dicer', container: 'form-data', role: 'peer', run: viaDicer },
  { id: 'passthrough', label: 'one PassThrough', container: 'mmse', role: 'baseline', run: viaPassThrough },
  { id: 'straight', label: 'straight pipe', container: 'mmse', role: 'baseline', run: straight },
]
