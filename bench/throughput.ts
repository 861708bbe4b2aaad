/**
 * Peer throughput harness: the same part payloads in each
 * contender's container (./support/containers.ts), cut into the same chunk sizes outside
 * every timed region, fed by `source.pipe(contender)`, every part drained into its own
 * no-op Writable; contenders interleaved by round, median of the rounds (./support/rounds.ts).
 * A few cells are repeated into real sinks (the no-op figures alone would flatter everyone),
 * and the RSS of a 1 GiB message streamed to a file is taken in a child process.
 *
 * Run alone: node --import tsx bench/throughput.ts [--quick] [--dist]
 */
import { execFile } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import type { SyntheticPart } from '../test/support/synthetic.js'
import { buildMessage, chunked, type Message } from './support/containers.js'
import { type Contender, type ContenderId, CONTENDERS } from './support/contenders.js'
import { USE_DIST } from './support/lib.js'
import { fmt, ratioLabel, sizeLabel, table } from './support/markdown.js'
import { TYPICAL_PARTS } from './support/pdus.js'
import { type Timed, timeInRounds } from './support/rounds.js'
import { CountingSinks, SINK_LABELS, type SinkKind, Sinks } from './support/sinks.js'
import { chunkSource } from './support/source.js'
import { collectGarbage, mbPerSecond, median, MiB } from './support/stats.js'

export const CHUNK_SIZES = [1024, 16 * 1024, 64 * 1024, MiB] as const

/** Rounds per cell (the median of at least 5). */
export const ROUNDS = 5
/** The least duration of one timed sample. */
const SAMPLE_NS = 20e6

export type ScenarioId = '1x256MiB' | '5parts' | '1000x1KiB' | '10000x100B' | 'typical'

export interface Scenario {
  id: ScenarioId
  name: string
  parts: SyntheticPart[]
}

/** The scenarios of the targets table; --quick divides the two large ones by 8 and the 10,000 parts by 5 to keep the run short. */
export function scenarios (quick: boolean): Scenario[] {
  const scale = quick ? 8 : 1
  const five = [10, 10, 10, 20, 50]
  const tiny = quick ? 2000 : 10_000
  return [
    { id: '1x256MiB', name: `1 part x ${256 / scale} MiB`, parts: [{ size: 256 * MiB / scale }] },
    { id: '5parts', name: `5 parts, ${five.map(n => n / scale).join('/')} MiB`, parts: five.map(n => ({ size: n * MiB / scale })) },
    { id: '1000x1KiB', name: '1,000 parts x 1 KiB', parts: Array.from({ length: 1000 }, () => ({ size: 1024, contentType: 'text/plain' })) },
    { id: '10000x100B', name: `${tiny.toLocaleString('en')} parts x 100 B`, parts: Array.from({ length: tiny }, () => ({ size: 100, contentType: 'text/plain' })) },
    { id: 'typical', name: 'typical 300 KB, 5 parts', parts: TYPICAL_PARTS },
  ]
}

/** Cells repeated into real sinks, at the chunk size a server reads from a socket or a file. */
const REAL_SINK_CELLS: ReadonlyArray<{ scenario: ScenarioId, chunkSize: number, sink: SinkKind }> = [
  { scenario: '5parts', chunkSize: 64 * 1024, sink: 'devnull' },
  { scenario: 'typical', chunkSize: 64 * 1024, sink: 'file' },
]

export interface ThroughputOptions {
  quick: boolean
  /** Progress lines go here (stderr by default). */
  log?: (line: string) => void
}

export interface ContenderResult {
  id: ContenderId
  label: string
  role: Contender['role']
  /** Octets of this contender's container and the chunks they were cut into. */
  containerBytes: number
  chunks: number
  /** Messages per timed sample. */
  reps: number
  /** ns per message, one per round. */
  samplesNs: number[]
  medianNs: number
  /** Part data (the same in every container) per second, 10^6 octets. */
  mbPerSecond: number
  usPerPart: number
  usPerMessage: number
  /** This contender's median time over mmse's: above 1, mmse is faster. */
  ratio: number
  /** Median CPU time of the process per message and per part, µs, and its ratio to mmse's. */
  cpuUsPerMessage: number
  cpuUsPerPart: number
  cpuRatio: number
}

export interface ThroughputCell {
  scenario: string
  scenarioId: ScenarioId
  parts: number
  payloadBytes: number
  chunkSize: number
  sink: SinkKind
  contenders: ContenderResult[]
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
  rounds: number
  sampleMs: number
  cells: ThroughputCell[]
  rss: RssResult[]
  /** Wall time of the throughput section, s. */
  seconds: number
}

export async function runThroughput (options: ThroughputOptions): Promise<ThroughputResults> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'))
  const began = performance.now()
  const cells: ThroughputCell[] = []
  for (const scenario of scenarios(options.quick)) {
    // Built once per scenario, outside every timed region; dropped before the next is built.
    const message = buildMessage(scenario.parts)
    const sinkCells = REAL_SINK_CELLS.filter(c => c.scenario === scenario.id)
    for (const chunkSize of CHUNK_SIZES) {
      for (const sink of ['noop' as const, ...sinkCells.filter(c => c.chunkSize === chunkSize).map(c => c.sink)]) {
        const cell = await measureCell(scenario, message, chunkSize, sink, options.quick)
        cells.push(cell)
        log(cellLine(cell))
      }
    }
  }
  const rssBytes = (options.quick ? 128 : 1024) * MiB
  const rss = [await rssChild('parser', rssBytes), await rssChild('passthrough', rssBytes)]
  for (const r of rss) log(`${sizeLabel(r.bytes)} to a file via ${r.mode}: RSS +${fmt(r.rssGrowthMiB)} MiB (peak ${fmt(r.peakRssMiB)} MiB)`)
  return { quick: options.quick, rounds: ROUNDS, sampleMs: SAMPLE_NS / 1e6, cells, rss, seconds: (performance.now() - began) / 1e3 }
}

function cellLine (cell: ThroughputCell): string {
  const mmse = cell.contenders[0] as ContenderResult
  const others = cell.contenders.slice(1).map(c => `${c.label} x${ratioLabel(c.ratio)}`).join('  ')
  return `${cell.scenario.padEnd(28)} ${sizeLabel(cell.chunkSize).padStart(7)} ${SINK_LABELS[cell.sink].padEnd(14)} mmse ${fmt(mmse.mbPerSecond).padStart(6)} MB/s ${fmt(mmse.usPerPart).padStart(6)} µs/part  ${others}`
}

/**
 * Checks, outside the timed region, that a contender delivers every part and every octet:
 * a peer that silently stopped early would look fast.
 */
async function verify (contender: Contender, chunks: readonly Buffer[], message: Message): Promise<void> {
  const counting = new CountingSinks()
  const parts = await contender.run(chunkSource(chunks), counting, message.parts)
  const baseline = contender.role === 'baseline'
  const wantParts = baseline ? 1 : message.parts
  const wantBytes = baseline ? message.whole[contender.container].length : message.payloadBytes
  if (parts !== wantParts || counting.sinks !== wantParts || counting.bytes !== wantBytes) {
    throw new Error(`${contender.label}: ${parts} parts (${counting.sinks} sinks), ${counting.bytes} octets; expected ${wantParts} parts, ${wantBytes} octets`)
  }
}

async function measureCell (scenario: Scenario, message: Message, chunkSize: number, sink: SinkKind, quick: boolean): Promise<ThroughputCell> {
  const sinks = new Sinks(sink)
  const chunks = Object.fromEntries(Object.entries(message.whole).map(([container, whole]) => [container, chunked(whole, chunkSize)])) as Record<keyof Message['whole'], Buffer[]>
  // The one GC of a cell, before its warm-up (never between timed runs: see ./support/rounds.ts).
  collectGarbage()
  try {
    for (const contender of CONTENDERS) await verify(contender, chunks[contender.container], message)
    const runs = CONTENDERS.map(contender => () => contender.run(chunkSource(chunks[contender.container]), sinks, message.parts))
    const timed = await timeInRounds(runs, { rounds: ROUNDS, sampleNs: SAMPLE_NS, warmupNs: quick ? 20e6 : 50e6, afterSample: () => { sinks.clear() } })
    const mmse = timed[0] as Timed
    const mmseNs = median(mmse.samples)
    const mmseCpuNs = median(mmse.cpuSamples)
    return {
      scenario: scenario.name,
      scenarioId: scenario.id,
      parts: message.parts,
      payloadBytes: message.payloadBytes,
      chunkSize,
      sink,
      contenders: CONTENDERS.map((contender, i) => {
        const { reps, samples, cpuSamples } = timed[i] as Timed
        const medianNs = median(samples)
        const cpuNs = median(cpuSamples)
        return {
          id: contender.id,
          label: contender.label,
          role: contender.role,
          containerBytes: message.whole[contender.container].length,
          chunks: chunks[contender.container].length,
          reps,
          samplesNs: samples,
          medianNs,
          mbPerSecond: mbPerSecond(message.payloadBytes, medianNs),
          usPerPart: medianNs / message.parts / 1e3,
          usPerMessage: medianNs / 1e3,
          ratio: medianNs / mmseNs,
          cpuUsPerMessage: cpuNs / 1e3,
          cpuUsPerPart: cpuNs / message.parts / 1e3,
          cpuRatio: cpuNs / mmseCpuNs,
        }
      }),
    }
  } finally {
    sinks.clear()
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

/** The rows of the targets table: each scenario at the chunk size it is quoted at. */
const SUMMARY_ROWS: ReadonlyArray<{ scenario: ScenarioId, chunkSize: number }> = [
  { scenario: '1x256MiB', chunkSize: 64 * 1024 },
  { scenario: '5parts', chunkSize: 64 * 1024 },
  { scenario: '1000x1KiB', chunkSize: 16 * 1024 },
  { scenario: '10000x100B', chunkSize: 16 * 1024 },
  { scenario: 'typical', chunkSize: 16 * 1024 },
]

/** The targets table from this run: every peer's and PassThrough's time over mmse's, CPU (wall). */
function summaryTable (cells: readonly ThroughputCell[]): string {
  const rows = SUMMARY_ROWS.map(row => cells.find(cell => cell.sink === 'noop' && cell.scenarioId === row.scenario && cell.chunkSize === row.chunkSize))
    .filter(cell => cell !== undefined)
  const first = rows[0]
  if (first === undefined) return ''
  const others = first.contenders.filter(c => c.role === 'peer' || c.id === 'passthrough')
  return table(['scenario', 'chunk', 'mmse µs/part CPU (wall)', ...others.map(c => `vs ${c.label}`)], rows.map(cell => {
    const mmse = cell.contenders[0] as ContenderResult
    return [cell.scenario, sizeLabel(cell.chunkSize), `${fmt(mmse.cpuUsPerPart)} (${fmt(mmse.usPerPart)})`,
      ...others.map(o => cell.contenders.find(c => c.id === o.id)).map(c => c === undefined ? '' : `${ratioLabel(c.cpuRatio)}x (${ratioLabel(c.ratio)}x)`)]
  }))
}

/** One table per scenario: mmse's figures, then every other contender's time over mmse's, wall / CPU. */
function ratioTable (cells: readonly ThroughputCell[]): string {
  const labels = (cells[0] as ThroughputCell).contenders.slice(1).map(c => c.label)
  return table(['chunk', 'sink', 'mmse MB/s', 'mmse µs/part', 'mmse µs/message (CPU)', ...labels.map(l => `${l} x wall / CPU`)], cells.map(cell => {
    const mmse = cell.contenders[0] as ContenderResult
    return [sizeLabel(cell.chunkSize), SINK_LABELS[cell.sink], fmt(mmse.mbPerSecond), fmt(mmse.usPerPart), `${fmt(mmse.usPerMessage)} (${fmt(mmse.cpuUsPerMessage)})`,
      ...cell.contenders.slice(1).map(c => `${ratioLabel(c.ratio)} / ${ratioLabel(c.cpuRatio)}`)]
  }))
}

function detailTable (cells: readonly ThroughputCell[]): string {
  return table(['scenario', 'chunk', 'sink', 'contender', 'container octets', 'chunks', 'MB/s', 'µs/part', 'µs/message', 'x mmse time', 'rounds min-max µs', 'messages/sample', 'CPU µs/message', 'x mmse CPU'], cells.flatMap(cell => cell.contenders.map(c => [
    cell.scenario, sizeLabel(cell.chunkSize), SINK_LABELS[cell.sink], c.label, c.containerBytes, c.chunks, fmt(c.mbPerSecond), fmt(c.usPerPart), fmt(c.usPerMessage), ratioLabel(c.ratio),
    `${fmt(Math.min(...c.samplesNs) / 1e3)}-${fmt(Math.max(...c.samplesNs) / 1e3)}`, c.reps, fmt(c.cpuUsPerMessage), ratioLabel(c.cpuRatio),
  ])))
}

export function throughputMarkdown (results: ThroughputResults): string {
  const byScenario = new Map<string, ThroughputCell[]>()
  for (const cell of results.cells) byScenario.set(cell.scenario, [...byScenario.get(cell.scenario) ?? [], cell])
  return [
    `Every contender reads the same part payloads in its own container (MMSE for mmse and the baselines, a tar for tar-stream, multipart/form-data for the busboy family), cut into the same chunk size, fed by \`source.pipe()\`; each part drains into its own sink. Median of ${results.rounds} interleaved rounds, each sample at least ${results.sampleMs} ms (several messages per sample where one is short), no GC forced in between. MB/s = 10^6 octets of part data per second (container overhead not counted). "x" columns: that contender's time over mmse's (above 1, mmse is faster), in wall time and in CPU time (the process's user + system time, every thread), which other work on a shared machine does not inflate the way it inflates wall time; the targets are judged on CPU time. Section time: ${fmt(results.seconds)} s.`,
    '',
    '### Summary, in the shape of the targets table',
    '',
    'Each peer\'s time over mmse\'s, CPU time (wall time in brackets): above 1x, mmse is faster.',
    '',
    summaryTable(results.cells),
    ...[...byScenario].flatMap(([scenario, cells]) => ['', `### ${scenario}`, '', ratioTable(cells)]),
    '',
    '### Every contender',
    '',
    detailTable(results.cells),
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
