/**
 * The throughput targets (bench/README.md), checked against one run's figures: each gives the measured value,
 * the case it was measured on (the worst one, where several qualify), and whether it is met
 * ('n/a' where what it measures does not exist yet). Met or not is judged on CPU time, which
 * other work on this shared machine does not inflate (with no-op sinks nothing waits, so on
 * an idle machine CPU and wall time agree); the wall-time figure is given beside it.
 */
import type { MicroResults } from '../micro.js'
import type { ContenderResult, ScenarioId, ThroughputCell, ThroughputResults } from '../throughput.js'
import type { ContenderId } from './contenders.js'
import { fmt, ratioLabel, sizeLabel, table } from './markdown.js'

export interface TargetCheck {
  target: string
  measured: string
  where: string
  met: boolean | 'n/a'
}

/** The chunk sizes the stream targets are held to. */
const TARGET_CHUNKS: readonly number[] = [16 * 1024, 64 * 1024]
const SMALL_PART_SCENARIOS: readonly ScenarioId[] = ['1000x1KiB', '10000x100B']
/** The contender of the small-part option (./contenders.ts): absent until MmseParser has the option. */
const SMALL_PARTS: ContenderId = 'mmse-small'

interface Case {
  cell: ThroughputCell
  contender: ContenderResult
}

function where ({ cell, contender }: Case): string {
  return `${contender.label}, ${cell.scenario}, ${sizeLabel(cell.chunkSize)} chunks`
}

function cases (throughput: ThroughputResults, keep: (cell: ThroughputCell, contender: ContenderResult) => boolean): Case[] {
  return throughput.cells.filter(cell => cell.sink === 'noop' && TARGET_CHUNKS.includes(cell.chunkSize))
    .flatMap(cell => cell.contenders.filter(contender => keep(cell, contender)).map(contender => ({ cell, contender })))
}

/** The case with the lowest `value`. */
function lowest (list: readonly Case[], value: (c: Case) => number): Case | undefined {
  return list.reduce<Case | undefined>((low, c) => low === undefined || value(c) < value(low) ? c : low, undefined)
}

function highest (list: readonly Case[], value: (c: Case) => number): Case | undefined {
  return lowest(list, c => -value(c))
}

/** A ratio target (peer time over mmse time) held by every case in `list`. */
function ratioCheck (target: string, list: readonly Case[], floor: number): TargetCheck | undefined {
  const low = lowest(list, c => c.contender.cpuRatio)
  if (low === undefined) return undefined
  const misses = list.filter(c => c.contender.cpuRatio < floor).length
  const wallMisses = list.filter(c => c.contender.ratio < floor).length
  return {
    target,
    measured: `x${ratioLabel(low.contender.cpuRatio)} CPU (x${ratioLabel(low.contender.ratio)} wall) worst; ${misses} of ${list.length} cases under (wall: ${wallMisses})`,
    where: where(low),
    met: misses === 0,
  }
}

function throughputChecks (throughput: ThroughputResults): TargetCheck[] {
  const checks: Array<TargetCheck | undefined> = []
  const chunkLabel = TARGET_CHUNKS.map(sizeLabel).join(' and ')
  checks.push(ratioCheck(`ahead of every peer in every scenario at ${chunkLabel} chunks`, cases(throughput, (_, c) => c.role === 'peer'), 1))
  checks.push(ratioCheck('>= 0.9x one PassThrough, 1 x 256 MiB at 64 KiB chunks',
    cases(throughput, (cell, c) => cell.scenarioId === '1x256MiB' && cell.chunkSize === 64 * 1024 && c.id === 'passthrough'), 0.9))
  checks.push(ratioCheck(`1,000 x 1 KiB ahead of tar-stream, parts as streams, ${chunkLabel} chunks`,
    cases(throughput, (cell, c) => cell.scenarioId === '1000x1KiB' && c.id === 'tar-stream'), 1))
  const small = cases(throughput, (cell, c) => SMALL_PART_SCENARIOS.includes(cell.scenarioId) && c.id === SMALL_PARTS)
  const worstSmall = highest(small, c => c.contender.cpuUsPerPart)
  checks.push(worstSmall === undefined
    ? { target: '<= 5 µs per part with the small-part option', measured: 'n/a', where: 'not measured (contender mmse-small)', met: 'n/a' }
    : { target: '<= 5 µs per part with the small-part option', measured: `${fmt(worstSmall.contender.cpuUsPerPart)} µs CPU (${fmt(worstSmall.contender.usPerPart)} wall) worst`, where: where(worstSmall), met: small.every(c => c.contender.cpuUsPerPart <= 5) })
  const typical = highest(cases(throughput, (cell, c) => cell.scenarioId === 'typical' && c.id === 'mmse'), c => c.contender.cpuUsPerMessage)
  if (typical !== undefined) {
    checks.push({ target: 'typical 300 KB message streamed end to end < 100 µs', measured: `${fmt(typical.contender.cpuUsPerMessage)} µs CPU (${fmt(typical.contender.usPerMessage)} wall) worst`, where: `${where(typical)}, no-op sinks`, met: typical.contender.cpuUsPerMessage < 100 })
  }
  return checks.filter(c => c !== undefined)
}

export function checkTargets (throughput: ThroughputResults | undefined, micro: MicroResults | undefined): TargetCheck[] {
  const checks = throughput === undefined ? [] : throughputChecks(throughput)
  const json = micro?.jsonRatio
  if (json !== undefined) {
    checks.push({
      target: 'decode() of an m-notification-ind >= 1.0x JSON.parse of its headers as JSON',
      measured: `x${ratioLabel(json.cpuRatio)} CPU (x${ratioLabel(json.ratio)} wall)`,
      where: `${json.pduBytes}-octet PDU, ${json.jsonBytes}-octet JSON; ${fmt(json.decodeCpuNs)} vs ${fmt(json.parseCpuNs)} ns CPU, median of ${json.rounds} interleaved rounds`,
      met: json.cpuRatio >= 1,
    })
  }
  const rss = throughput?.rss.find(r => r.mode === 'parser')
  if (rss !== undefined) {
    checks.push({ target: 'RSS growth < 64 MiB for 1 GiB', measured: `${fmt(rss.rssGrowthMiB)} MiB`, where: `${sizeLabel(rss.bytes)} to a temporary file, child process`, met: rss.rssGrowthMiB < 64 })
  }
  return checks
}

export function targetsMarkdown (checks: TargetCheck[]): string {
  return table(['target', 'measured', 'where', 'met'], checks.map(c => [c.target, c.measured, c.where, c.met === 'n/a' ? 'n/a' : c.met ? 'yes' : '**no**']))
}
