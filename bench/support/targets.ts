/**
 * The targets of issue 6 (streaming-design §5.3), checked against one run's figures: each
 * gives the measured value, the case it was measured on (the worst one, where several
 * qualify), and whether it is met.
 */
import type { MicroResults } from '../micro.js'
import type { ThroughputCell, ThroughputResults } from '../throughput.js'
import { fmt, sizeLabel, table } from './markdown.js'
import { SINK_LABELS } from './sinks.js'

export interface TargetCheck {
  target: string
  measured: string
  where: string
  met: boolean
}

const LARGE_CHUNK = 16 * 1024

function worst (cells: ThroughputCell[], ratio: (cell: ThroughputCell) => number): ThroughputCell | undefined {
  return cells.reduce<ThroughputCell | undefined>((low, cell) => low === undefined || ratio(cell) < ratio(low) ? cell : low, undefined)
}

function cellName (cell: ThroughputCell): string {
  return `${cell.scenario}, ${sizeLabel(cell.chunkSize)} chunks, ${SINK_LABELS[cell.sink]}`
}

export function checkTargets (throughput: ThroughputResults | undefined, micro: MicroResults | undefined): TargetCheck[] {
  const checks: TargetCheck[] = []
  if (throughput !== undefined) {
    const ratioTarget = (label: string, sink: ThroughputCell['sink'], ratio: (cell: ThroughputCell) => number, floor: number): void => {
      const cells = throughput.cells.filter(cell => cell.sink === sink && cell.chunkSize >= LARGE_CHUNK)
      const low = worst(cells, ratio)
      if (low === undefined) return
      const misses = cells.filter(cell => ratio(cell) < floor).length
      checks.push({ target: label, measured: `x${ratio(low).toFixed(2)} (${misses} of ${cells.length} cases under)`, where: cellName(low), met: misses === 0 })
    }
    ratioTarget('parser >= 0.9x PassThrough, chunks >= 16 KiB, no-op sink', 'noop', cell => cell.ratioPassThrough, 0.9)
    ratioTarget('parser >= 0.95x straight pipe into a file, chunks >= 16 KiB', 'file', cell => cell.ratioStraight, 0.95)
    const typical = throughput.typical
    checks.push({ target: 'typical 300 KB message end to end < 100 µs', measured: `${fmt(typical.streamMedianUs)} µs`, where: `MmseParser, ${sizeLabel(typical.chunkSize)} chunks, no-op sinks, median of ${typical.iterations}`, met: typical.streamMedianUs < 100 })
    const rss = throughput.rss.find(r => r.mode === 'parser')
    if (rss !== undefined) {
      checks.push({ target: 'RSS growth < 64 MiB for 1 GiB', measured: `${fmt(rss.rssGrowthMiB)} MiB`, where: `${sizeLabel(rss.bytes)} to a temporary file, child process`, met: rss.rssGrowthMiB < 64 })
    }
  }
  const notification = micro?.results.find(r => r.name === 'decode() m-notification-ind')
  if (notification !== undefined) {
    checks.push({ target: 'sync decode of an m-notification-ind >= 500,000/s', measured: `${fmt(notification.opsPerSecond)}/s ±${notification.rme.toFixed(1)}%`, where: 'benchmark.js', met: notification.opsPerSecond >= 500_000 })
  }
  return checks
}

export function targetsMarkdown (checks: TargetCheck[]): string {
  return table(['target', 'measured', 'where', 'met'], checks.map(c => [c.target, c.measured, c.where, c.met ? 'yes' : '**no**']))
}
