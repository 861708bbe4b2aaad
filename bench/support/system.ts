/**
 * The banner every result carries: versions, CPU, cores, memory, date,
 * so a number is never read apart from the machine that produced it.
 */
import { cpus, loadavg, totalmem } from 'node:os'
import { LIBRARY } from './lib.js'

export interface SystemInfo {
  node: string
  v8: string
  cpu: string
  cores: number
  totalMemoryGiB: number
  platform: string
  date: string
  /** Whether heap figures were taken after a forced GC (node --expose-gc). */
  exposeGc: boolean
  /** How the harness was loaded: 'tsx' or 'compiled'. */
  loader: string
  /** The library under test: lib/ through tsx, or the compiled dist/. */
  library: string
  /** 1-minute load average when the run began: other work on the machine skews every figure. */
  loadAverage: number
  /** 1-, 5- and 15-minute load averages when the run began. */
  loadAverages: number[]
}

/** The 1-, 5- and 15-minute load averages, rounded. */
export function loadAverages (): number[] {
  return loadavg().map(load => Math.round(load * 100) / 100)
}

export function systemInfo (): SystemInfo {
  const list = cpus()
  return {
    node: process.version,
    v8: process.versions.v8,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    totalMemoryGiB: Math.round(totalmem() / 2 ** 30 * 10) / 10,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    exposeGc: typeof (globalThis as { gc?: unknown }).gc === 'function',
    loader: import.meta.url.endsWith('.ts') ? 'tsx' : 'compiled',
    library: LIBRARY,
    loadAverage: loadavg()[0] ?? 0,
    loadAverages: loadAverages(),
  }
}

export function banner (info: SystemInfo): string {
  return [
    `mmse benchmarks  ${info.date}`,
    `Node ${info.node}  V8 ${info.v8}  ${info.platform}  (harness: ${info.loader}${info.exposeGc ? ', --expose-gc' : ''}; library: ${info.library})`,
    `CPU ${info.cpu}  x${info.cores}  ${info.totalMemoryGiB} GiB  load ${info.loadAverages.map(load => load.toFixed(2)).join(' ')} (1, 5, 15 min, at the start)`,
  ].join('\n')
}
