/**
 * The capture section of `npm run bench`: a generated pcap of mixed traffic (TLS-like TCP, HTTP
 * pages, DNS-like UDP and MM1 sessions: bench/support/capture-traffic.ts) scanned by
 * CaptureScanner, beside `tshark -r F -Y mmse -T fields -e mmse.message_type` and `cat F >
 * /dev/null` on the same file in the same run; the same with no MMS at all, beside the floors
 * of what Node pays to read it (bench/support/capture-floor.ts); and the peak RSS of a child
 * scanning FLOWS concurrent connections with one large m-retrieve-conf among them.
 *
 * With --baseline=DIR (a copy of an earlier dist/), that build is measured too, in the same run
 * on the same files: its scans beside this build's, and its memory child's peak RSS.
 *
 * Run alone: node --import tsx bench/capture.ts [--quick] [--bytes=N] [--dist] [--baseline=DIR]
 */
import { spawn, spawnSync } from 'node:child_process'
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { READ_CHUNK_BYTES } from '../lib/cli/input.js'
import { bundleChild } from './support/bundle-child.js'
import { floor, type FloorRead, RecordWalker } from './support/capture-floor.js'
import { CaptureScanner, USE_DIST } from './support/lib.js'
import { concurrentCapture, mixedCapture, mmsCount } from './support/capture-traffic.js'
import { fmt, table } from './support/markdown.js'
import { MiB, now } from './support/stats.js'
import { findTshark } from '../test/support/tshark.js'

export interface CaptureRow {
  what: string
  bytes: number
  seconds: number
  mbPerSecond: number
  /** CPU time (user + system, every thread: the file's reads too) and the speed by it. */
  cpuSeconds: number
  cpuMbPerSecond: number
  found?: number
}

export interface CaptureResults {
  bytes: number
  rows: CaptureRow[]
  ratioToTshark?: number
  /** By CPU time, as the targets are judged; the wall-time ratios beside. */
  ratioToCat: number
  noMmsRatioToCat: number
  wallRatioToTshark?: number
  wallRatioToCat: number
  wallNoMmsRatioToCat: number
  /** The floors of capture-floor.ts over the file read (no MMS), by CPU time. */
  floors: Array<{ what: string, ratioToCat: number }>
  memory: Array<{ flows: number, size: number, peakRss: number, seconds: number, baselinePeakRss?: number }>
  /** The earlier build measured beside this one (--baseline). */
  baseline?: string
  tsharkSkipped?: string
}

async function writeCapture (file: string, bytes: number, mms: boolean): Promise<void> {
  await pipeline(Readable.from(mixedCapture(bytes, mms)), createWriteStream(file))
}

function row (what: string, bytes: number, seconds: number, cpuSeconds: number, found?: number): CaptureRow {
  const out: CaptureRow = { what, bytes, seconds, mbPerSecond: bytes / MiB / seconds, cpuSeconds, cpuMbPerSecond: bytes / MiB / cpuSeconds }
  if (found !== undefined) out.found = found
  return out
}

/**
 * A command through sh, timed: wall time, and the CPU time of sh's children from its `times`
 * (the second line: children's user and system time, in clock ticks of 10 ms: enough for a file
 * of hundreds of MB, not for a small one). Its standard output, for what it found.
 */
function command (what: string, bytes: number, script: string, args: string[], found?: (stdout: string) => number): CaptureRow {
  const start = now()
  const ran = spawnSync('sh', ['-c', `${script}; times >&2`, 'sh', ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
  const seconds = (now() - start) / 1e9
  const times = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(ran.stderr)
  if (ran.status !== 0 || times === null) throw new Error(`${what}: exit ${String(ran.status)}, ${ran.stderr.slice(-500)}`)
  const [, um, us, sm, ss] = times.map(Number) as [number, number, number, number, number]
  return row(what, bytes, seconds, um * 60 + us + sm * 60 + ss, found?.(ran.stdout))
}

type Scanner = typeof CaptureScanner

async function scan (what: string, file: string, Scanner: Scanner = CaptureScanner): Promise<CaptureRow> {
  const start = now()
  const cpu = process.cpuUsage()
  const scanner = new Scanner()
  const fed = pipeline(createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }), scanner)
  let found = 0
  for await (const event of scanner.events()) if (event.type === 'mms') found++
  await fed
  const used = process.cpuUsage(cpu)
  return row(what, statSync(file).size, (now() - start) / 1e9, (used.user + used.system) / 1e6, found)
}

/**
 * The command line of the memory child: with --dist, bundled with esbuild into `dir` (Node
 * still finds the packages from there, and bench/support/lib.ts's own URL is its
 * `import.meta.url`, so it finds dist/), run by a plain Node: the process is a scanner and
 * nothing else. Without --dist, the TypeScript under tsx.
 */
async function rssChild (dir: string): Promise<string[]> {
  const source = fileURLToPath(new URL('./capture-rss-child.ts', import.meta.url))
  if (!USE_DIST) return ['--import', 'tsx', source]
  return [await bundleChild(source, dir), '--dist']
}

/** Runs the memory child with `capture` piped into its standard input; its figures. */
async function runRssChild (args: string[], capture: Readable, library?: string): Promise<{ messages: number, partBytes: number, peakRss: number, seconds: number }> {
  const env = library === undefined ? process.env : { ...process.env, MMSE_BENCH_DIST: library }
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'], env })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (text: string) => { out += text })
  const exited = new Promise<number | null>((resolve, reject) => { child.once('error', reject).once('close', resolve) })
  await pipeline(capture, child.stdin)
  const code = await exited
  if (code !== 0) throw new Error(`capture memory child exited with ${String(code)}`)
  return JSON.parse(out) as { messages: number, partBytes: number, peakRss: number, seconds: number }
}

/** The name of a floor's row (capture-floor.ts). */
function floorName (read: FloorRead, walk: boolean): string {
  return `Node floor: ${read === 'stream' ? 'a read stream' : 'readSync into one buffer'}${walk ? ', records walked, a Map lookup per TCP packet' : ' alone'} (no MMS)`
}

/**
 * The floors of capture-floor.ts, each timed as a scan is, in three interleaved rounds (the
 * VM's memory moves a read's system time by 2x from one minute to the next): the median of
 * each by CPU time.
 */
async function floorRows (file: string): Promise<CaptureRow[]> {
  const kinds = (['stream', 'reused buffer'] as const).flatMap((read) => [false, true].map((walk) => ({ read, walk, runs: [] as CaptureRow[] })))
  for (let round = 0; round < 3; round++) {
    for (const { read, walk, runs } of kinds) {
      const start = now()
      const cpu = process.cpuUsage()
      await floor(file, read, walk ? new RecordWalker() : undefined)
      const used = process.cpuUsage(cpu)
      runs.push(row(floorName(read, walk), statSync(file).size, (now() - start) / 1e9, (used.user + used.system) / 1e6))
    }
  }
  return kinds.map(({ runs }) => runs.sort((a, b) => a.cpuSeconds - b.cpuSeconds)[1] as CaptureRow)
}

function cat (what: string, file: string): CaptureRow {
  return command(what, statSync(file).size, 'cat "$1" > /dev/null', [file])
}

export async function runCapture (options: { quick: boolean, bytes?: number, baseline?: string, log?: (line: string) => void }): Promise<CaptureResults> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'))
  const bytes = options.bytes ?? (options.quick ? 64 * MiB : 1024 * MiB)
  const baseline = options.baseline === undefined ? undefined : resolve(options.baseline)
  if (baseline !== undefined && !USE_DIST) throw new Error('--baseline compares builds: give --dist too')
  const Baseline = baseline === undefined ? undefined : (await import(pathToFileURL(join(baseline, 'index.js')).href) as { CaptureScanner: Scanner }).CaptureScanner
  const dir = mkdtempSync(join(tmpdir(), 'mmse-bench-capture-'))
  try {
    const mixed = join(dir, 'mixed.pcap')
    const plain = join(dir, 'no-mms.pcap')
    await writeCapture(mixed, bytes, true)
    await writeCapture(plain, bytes, false)
    const size = statSync(mixed).size
    const plainSize = statSync(plain).size
    log(`capture: ${fmt(size / MiB)} MiB of mixed traffic, ${mmsCount(bytes)} MMS in it`)
    cat('warm-up', mixed)
    const rows: CaptureRow[] = []
    rows.push(cat('cat F > /dev/null', mixed))
    rows.push(await scan(`mmse CaptureScanner (${USE_DIST ? 'dist' : 'lib'})`, mixed))
    if (Baseline !== undefined) rows.push(await scan('mmse CaptureScanner (baseline)', mixed, Baseline))
    const results: CaptureResults = { bytes: size, rows, ratioToCat: 0, noMmsRatioToCat: 0, wallRatioToCat: 0, wallNoMmsRatioToCat: 0, floors: [], memory: [] }
    if (baseline !== undefined) results.baseline = baseline
    const tshark = findTshark()
    if (tshark === null) results.tsharkSkipped = 'tshark is not installed'
    else {
      rows.push(command('tshark -r F -Y mmse -T fields -e mmse.message_type', size, '"$1" -r "$2" -Y mmse -T fields -e mmse.message_type', [tshark, mixed],
        (stdout) => stdout.split('\n').filter((line) => line !== '').length))
    }
    rows.push(cat('cat F > /dev/null (no MMS)', plain))
    const floors = await floorRows(plain)
    rows.push(...floors)
    rows.push(await scan('mmse CaptureScanner (no MMS)', plain))
    if (Baseline !== undefined) rows.push(await scan('mmse CaptureScanner (baseline, no MMS)', plain, Baseline))
    const find = (what: string): CaptureRow => rows.find((r) => r.what.startsWith(what)) as CaptureRow
    const ours = rows[1] as CaptureRow
    results.ratioToCat = ours.cpuMbPerSecond / (rows[0] as CaptureRow).cpuMbPerSecond
    results.wallRatioToCat = ours.mbPerSecond / (rows[0] as CaptureRow).mbPerSecond
    results.noMmsRatioToCat = find('mmse CaptureScanner (no MMS)').cpuMbPerSecond / find('cat F > /dev/null (no MMS)').cpuMbPerSecond
    results.wallNoMmsRatioToCat = find('mmse CaptureScanner (no MMS)').mbPerSecond / find('cat F > /dev/null (no MMS)').mbPerSecond
    results.floors = floors.map((floor) => ({ what: floor.what, ratioToCat: floor.cpuMbPerSecond / find('cat F > /dev/null (no MMS)').cpuMbPerSecond }))
    if (tshark !== null) {
      results.ratioToTshark = ours.cpuMbPerSecond / find('tshark').cpuMbPerSecond
      results.wallRatioToTshark = ours.mbPerSecond / find('tshark').mbPerSecond
    }
    const child = await rssChild(dir)
    for (const [flows, size] of options.quick ? [[1000, 50_000_000]] : [[1, 500_000_000], [10_000, 1_000_000], [10_000, 500_000_000]]) {
      const figures = await runRssChild(child, concurrentCapture(flows as number, size as number))
      if (figures.messages !== (flows as number) + 1 || figures.partBytes < (size as number)) throw new Error(`capture memory: the child found ${figures.messages} MMS and ${figures.partBytes} octets of part data, not ${flows as number + 1} and ${size}`)
      const row: CaptureResults['memory'][number] = { flows: flows as number, size: size as number, peakRss: figures.peakRss, seconds: figures.seconds }
      if (baseline !== undefined) row.baselinePeakRss = (await runRssChild(child, concurrentCapture(flows as number, size as number), baseline)).peakRss
      results.memory.push(row)
      log(`capture memory: ${flows} flows + a ${fmt((size as number) / 1e6)} MB m-retrieve-conf: peak RSS ${fmt(figures.peakRss / MiB)} MiB`)
    }
    return results
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** This build's speed over the baseline's, when one was measured. */
function baselineRatio (rows: CaptureRow[]): string[] {
  const speed = (what: string): number | undefined => rows.find((r) => r.what === what)?.cpuMbPerSecond
  const mixed = speed('mmse CaptureScanner (baseline)')
  const none = speed('mmse CaptureScanner (baseline, no MMS)')
  if (mixed === undefined || none === undefined) return []
  return [`This build over the baseline, by CPU time: ${fmt((rows[1] as CaptureRow).cpuMbPerSecond / mixed)}x with MMS, ${fmt((speed('mmse CaptureScanner (no MMS)') as number) / none)}x with none.`, '']
}

export function captureMarkdown (results: CaptureResults): string {
  const lines = [
    '## Captures',
    '',
    `A generated pcap of ${fmt(results.bytes / MiB)} MiB (TLS-like TCP, HTTP pages, DNS-like UDP, MM1 sessions), scanned in one run beside tshark and cat:`,
    '',
    table(['what', 'MiB/s by CPU time', 'CPU s', 'MiB/s by wall time', 'wall s', 'MMS found'], results.rows.map((r) => [r.what, r.cpuSeconds > 0 ? fmt(r.cpuMbPerSecond) : 'n/a', r.cpuSeconds > 0 ? fmt(r.cpuSeconds) : 'under 0.01', fmt(r.mbPerSecond), fmt(r.seconds), r.found === undefined ? '' : String(r.found)])),
    '',
    ...baselineRatio(results.rows),
    `By CPU time (wall time in brackets): ratio to tshark ${results.ratioToTshark === undefined ? `skipped (${results.tsharkSkipped ?? ''})` : `${fmt(results.ratioToTshark)}x (${fmt(results.wallRatioToTshark as number)}x)`}; to the file read ${fmt(results.ratioToCat)}x (${fmt(results.wallRatioToCat)}x); with no MMS, to the file read ${fmt(results.noMmsRatioToCat)}x (${fmt(results.wallNoMmsRatioToCat)}x).`,
    '',
    `What Node pays before any scanning (bench/support/capture-floor.ts; the median of three interleaved rounds), by CPU time over the file read (no MMS): ${results.floors.map((f) => `${f.what.slice('Node floor: '.length, -' (no MMS)'.length)} ${fmt(f.ratioToCat)}x`).join('; ')}.`,
    '',
    ...(results.baseline === undefined ? [] : [`Baseline: the build in ${results.baseline}, on the same files in the same run.`, '']),
    table(['connections open at once', 'm-retrieve-conf', 'peak RSS', 's', ...(results.baseline === undefined ? [] : ['baseline peak RSS'])], results.memory.map((m) => [String(m.flows), `${fmt(m.size / 1e6)} MB`, `${fmt(m.peakRss / MiB)} MiB`, fmt(m.seconds), ...(m.baselinePeakRss === undefined ? [] : [`${fmt(m.baselinePeakRss / MiB)} MiB`])])),
    '',
  ]
  return lines.join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const bytesArg = process.argv.find((arg) => arg.startsWith('--bytes='))
  const baselineArg = process.argv.find((arg) => arg.startsWith('--baseline='))
  const results = await runCapture({
    quick: process.argv.includes('--quick'),
    ...(bytesArg === undefined ? {} : { bytes: Number(bytesArg.slice('--bytes='.length)) }),
    ...(baselineArg === undefined ? {} : { baseline: baselineArg.slice('--baseline='.length) }),
  })
  process.stdout.write(captureMarkdown(results))
}
