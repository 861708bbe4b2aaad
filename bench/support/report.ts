/**
 * One run's record (what bench/results/<date>-node<version>.json holds) and its markdown
 * summary (bench/results/latest.md), so a summary can be rendered again from a saved record.
 */
import { microMarkdown, type MicroResults } from '../micro.js'
import { throughputMarkdown, type ThroughputResults } from '../throughput.js'
import { peerMarkdown, type PeerResults } from '../tshark.js'
import { banner, type SystemInfo } from './system.js'
import { checkTargets, type TargetCheck, targetsMarkdown } from './targets.js'

export interface RunRecord {
  system: SystemInfo
  /** Load averages when the run ended. */
  loadAtEnd: number[]
  elapsedSeconds: number
  quick: boolean
  targets: TargetCheck[]
  micro?: MicroResults
  peer?: PeerResults
  throughput?: ThroughputResults
}

export function renderReport (record: RunRecord): string {
  const { micro, peer, throughput } = record
  return [
    '# mmse benchmark results',
    '',
    '```',
    banner(record.system),
    `load ${record.loadAtEnd.map(load => load.toFixed(2)).join(' ')} at the end; the run took ${record.elapsedSeconds} s`,
    '```',
    '',
    record.quick ? '**Quick run: reduced sizes, not for comparison.**\n' : '',
    '## Targets',
    '',
    targetsMarkdown(checkTargets(throughput, micro)),
    ...(micro === undefined ? [] : ['', '## decode() and encode() (benchmark.js)', '', microMarkdown(micro)]),
    ...(peer === undefined ? [] : ['', '## Peer: tshark, same PDUs', '', peerMarkdown(peer)]),
    ...(throughput === undefined ? [] : ['', '## Throughput against peers', '', throughputMarkdown(throughput)]),
    '',
  ].join('\n')
}
