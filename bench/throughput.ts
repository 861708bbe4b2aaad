/**
 * Throughput harness (issue 6; streaming-design §3.7): synthetic m-retrieve-conf messages,
 * pre-chunked in memory outside the timed region, moved into three kinds of sink by the
 * parser and by two baselines in the same run, timed with process.hrtime.bigint(): one
 * warm-up, then the median of RUNS runs, contenders interleaved in rotating order.
 * Also the end-to-end time of a typical 300 KB message and the peak RSS of a 1 GiB message
 * streamed to a file (in a child process, so the RSS is its own).
 *
 * Run alone: node --expose-gc --import tsx bench/throughput.ts [--quick]
 */
import { execFile } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { decode, USE_DIST } from './support/lib.js'
import { syntheticChunks, type SyntheticPart, syntheticSize } from '../test/support/synthetic.js'
import { CONTENDERS, type Contender, runContender } from './support/contenders.js'
import { fmt, sizeLabel, table } from './support/markdown.js'
import { type MemoryPeaks, MemorySampler } from './support/memory.js'
import { syntheticMessage, TYPICAL_PARTS } from './support/pdus.js'
import { SINK_KINDS, SINK_LABELS, type SinkKind, Sinks } from './support/sinks.js'
import { collectGarbage, mbPerSecond, median, MiB, now, percentile } from './support/stats.js'

export const CHUNK_SIZES = [1024, 16 * 1024, 64 * 1024, MiB] as const

export interface Scenario {
  name: string
  parts: SyntheticPart[]
}

export interface ThroughputOptions {
  quick: boolean
  /** Progress lines go here (stderr by default). */
  log?: (line: string) => void
}

/** The scenarios of the issue; --quick divides the large ones by 8 to keep the run short. */
export function scenarios (quick: boolean): Scenario[] {
  const scale = quick ? 8 : 1
  return [
    { name: `1 part x ${256 / scale} MiB`, parts: [{ size: 256 * MiB / scale }] },
    { name: `5 parts, ${[10, 10, 10, 20, 50].map(n => n / scale).join('/')} MiB`, parts: [10, 10, 10, 20, 50].map(n => ({ size: n * MiB / scale })) },
    { name: '1,000 parts x 1 KiB', parts: Array.from({ length: 1000 }, () => ({ size: 1024, contentType: 'text/plain' })) },
    { name: 'typical 300 KB, 5 parts', parts: TYPICAL_PARTS },
  ]
}

export interface ContenderResult {
  /** Every timed run, ns. */
  runsNs: number[]
  medianNs: number
  mbPerSecond: number
  nsPerChunk: number
  memory: MemoryPeaks
}

export interface ThroughputCell {
  scenario: string
  bytes: number
  parts: number
  chunkSize: number
  chunks: number
  sink: SinkKind
  results: Record<Contender, ContenderResult>
  /** Parser MB/s over PassThrough MB/s. */
  ratioPassThrough: number
  /** Parser MB/s over straight-pipe MB/s. */
  ratioStraight: number
  /** Parser time per part, µs. */
  usPerPart: number
}

export interface TypicalResult {
  bytes: number
  chunkSize: number
  iterations: number
  /** MmseParser, source to the last part's no-op sink, median and p99 µs. */
  streamMedianUs: number
  streamP99Us: number
  /** The same chunks through one PassThrough into one no-op sink. */
  passThroughMedianUs: number
  /** Sync decode() of the whole buffer. */
  decodeMedianUs: number
}

export interface RssResult {
  mode: 'parser' | 'passthrough'
  bytes: number
  seconds: number
  rssBeforeMiB: number
  peakRssMiB: number
  rssGrowthMiB: number
  heapGrowthMiB: number
}

export interface ThroughputResults {
  quick: boolean
  runs: number
  cells: ThroughputCell[]
  typical: TypicalResult
  rss: RssResult[]
}

export const RUNS = 5

export async function runThroughput (options: ThroughputOptions): Promise<ThroughputResults> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'))
  const cells: ThroughputCell[] = []
  for (const scenario of scenarios(options.quick)) {
    for (const chunkSize of CHUNK_SIZES) {
      // Pre-chunked once per chunk size, outside every timed region, shared by all contenders.
      const chunks = [...syntheticChunks(scenario.parts, chunkSize)]
      for (const sink of SINK_KINDS) {
        const cell = await measureCell(scenario, chunks, chunkSize, sink)
        cells.push(cell)
        log(`${scenario.name.padEnd(26)} ${sizeLabel(chunkSize).padStart(7)} ${SINK_LABELS[sink].padEnd(14)} parser ${fmt(cell.results.parser.mbPerSecond).padStart(6)} MB/s  x${cell.ratioPassThrough.toFixed(2)} PassThrough  x${cell.ratioStraight.toFixed(2)} straight`)
      }
    }
  }
  const typical = await typicalEndToEnd(options.quick ? 500 : 3000)
  log(`typical 300 KB end to end: ${fmt(typical.streamMedianUs)} µs stream, ${fmt(typical.decodeMedianUs)} µs decode()`)
  const rssBytes = (options.quick ? 128 : 1024) * MiB
  const rss = [await rssChild('parser', rssBytes), await rssChild('passthrough', rssBytes)]
  for (const r of rss) log(`${sizeLabel(r.bytes)} to a file via ${r.mode}: RSS +${fmt(r.rssGrowthMiB)} MiB (peak ${fmt(r.peakRssMiB)} MiB)`)
  return { quick: options.quick, runs: RUNS, cells, typical, rss }
}

async function measureCell (scenario: Scenario, chunks: readonly Buffer[], chunkSize: number, sink: SinkKind): Promise<ThroughputCell> {
  const bytes = syntheticSize(scenario.parts)
  const sinks = new Sinks(sink)
  const samplers = { parser: new MemorySampler(), passthrough: new MemorySampler(), straight: new MemorySampler() }
  const runs: Record<Contender, number[]> = { parser: [], passthrough: [], straight: [] }
  try {
    for (const contender of CONTENDERS) {
      await runContender(contender, chunks, sinks)
      sinks.clear()
    }
    for (let run = 0; run < RUNS; run++) {
      for (let k = 0; k < CONTENDERS.length; k++) {
        // Rotate the order so no contender always runs first after a GC or a file deletion.
        const contender = CONTENDERS[(run + k) % CONTENDERS.length] as Contender
        collectGarbage()
        const sampler = samplers[contender]
        sampler.begin()
        const start = now()
        await runContender(contender, chunks, sinks, sampler)
        runs[contender].push(now() - start)
        sampler.end()
        sinks.clear()
      }
    }
  } finally {
    sinks.clear()
  }
  const result = (contender: Contender): ContenderResult => {
    const medianNs = median(runs[contender])
    return { runsNs: runs[contender], medianNs, mbPerSecond: mbPerSecond(bytes, medianNs), nsPerChunk: medianNs / chunks.length, memory: samplers[contender].peaks() }
  }
  const results = { parser: result('parser'), passthrough: result('passthrough'), straight: result('straight') }
  return {
    scenario: scenario.name,
    bytes,
    parts: scenario.parts.length,
    chunkSize,
    chunks: chunks.length,
    sink,
    results,
    ratioPassThrough: results.parser.mbPerSecond / results.passthrough.mbPerSecond,
    ratioStraight: results.parser.mbPerSecond / results.straight.mbPerSecond,
    usPerPart: results.parser.medianNs / scenario.parts.length / 1e3,
  }
}

/** The typical message, one iteration at a time: what one MMS costs a server that parses it on arrival. */
async function typicalEndToEnd (iterations: number): Promise<TypicalResult> {
  const chunkSize = 64 * 1024
  const chunks = [...syntheticChunks(TYPICAL_PARTS, chunkSize)]
  const whole = syntheticMessage(TYPICAL_PARTS)
  const sinks = new Sinks('noop')
  const stream: number[] = []
  const passThrough: number[] = []
  const decoded: number[] = []
  for (let i = 0; i < iterations / 5; i++) {
    await runContender('parser', chunks, sinks)
    await runContender('passthrough', chunks, sinks)
    decode(whole)
  }
  for (let i = 0; i < iterations; i++) {
    let start = now()
    await runContender('parser', chunks, sinks)
    stream.push(now() - start)
    start = now()
    await runContender('passthrough', chunks, sinks)
    passThrough.push(now() - start)
    start = now()
    decode(whole)
    decoded.push(now() - start)
  }
  return {
    bytes: whole.length,
    chunkSize,
    iterations,
    streamMedianUs: median(stream) / 1e3,
    streamP99Us: percentile(stream, 0.99) / 1e3,
    passThroughMedianUs: median(passThrough) / 1e3,
    decodeMedianUs: median(decoded) / 1e3,
  }
}

/** Runs bench/rss-child in a fresh Node with the same loader flags (tsx or none). */
async function rssChild (mode: RssResult['mode'], bytes: number): Promise<RssResult> {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
  const child = fileURLToPath(new URL(`./rss-child${extension}`, import.meta.url))
  const flags = process.execArgv.filter(flag => flag !== '--expose-gc')
  const args = [...flags, '--expose-gc', child, mode, String(bytes), ...(USE_DIST ? ['--dist'] : [])]
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1024 * 1024 })
  return JSON.parse(stdout) as RssResult
}

export function throughputMarkdown (results: ThroughputResults): string {
  const rows = results.cells.map(cell => [
    cell.scenario, sizeLabel(cell.chunkSize), SINK_LABELS[cell.sink],
    fmt(cell.results.parser.mbPerSecond), fmt(cell.results.passthrough.mbPerSecond), fmt(cell.results.straight.mbPerSecond),
    cell.ratioPassThrough.toFixed(2), cell.ratioStraight.toFixed(2),
    fmt(cell.results.parser.nsPerChunk), fmt(cell.results.passthrough.nsPerChunk), fmt(cell.usPerPart),
    fmt(cell.results.parser.memory.peakRss), fmt(cell.results.parser.memory.rssGrowth), fmt(cell.results.parser.memory.heapGrowth),
  ])
  const { typical } = results
  return [
    `Median of ${results.runs} runs after one warm-up; MB = 10^6 bytes. Ratios are parser MB/s over baseline MB/s. Memory columns are the parser's: peak RSS of the process (it holds the pre-chunked input), and growth of RSS and V8 heapUsed over the start of a run.`,
    '',
    table(['scenario', 'chunk', 'sink', 'parser MB/s', 'PassThrough MB/s', 'straight MB/s', 'x PassThrough', 'x straight', 'parser ns/chunk', 'PassThrough ns/chunk', 'parser µs/part', 'peak RSS MiB', 'RSS growth MiB', 'heap growth MiB'], rows),
    '',
    `Typical ${fmt(typical.bytes / 1000)} KB message, ${sizeLabel(typical.chunkSize)} chunks, no-op sinks, median of ${typical.iterations} iterations:`,
    '',
    table(['path', 'median µs', 'p99 µs'], [
      ['MmseParser, every part piped to a sink', fmt(typical.streamMedianUs), fmt(typical.streamP99Us)],
      ['PassThrough baseline', fmt(typical.passThroughMedianUs), ''],
      ['decode() of the whole buffer', fmt(typical.decodeMedianUs), ''],
    ]),
    '',
    'A single-part message streamed to a temporary file (64 KiB chunks, generated on the fly), each in its own child process:',
    '',
    table(['path', 'size', 'seconds', 'RSS before MiB', 'peak RSS MiB', 'RSS growth MiB', 'heap growth MiB'], results.rss.map(r => [
      r.mode === 'parser' ? 'MmseParser' : 'PassThrough', sizeLabel(r.bytes), fmt(r.seconds), fmt(r.rssBeforeMiB), fmt(r.peakRssMiB), fmt(r.rssGrowthMiB), fmt(r.heapGrowthMiB),
    ])),
  ].join('\n')
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runThroughput({ quick: process.argv.includes('--quick') })
  process.stdout.write(throughputMarkdown(results) + '\n')
}
