/**
 * The capture section of `npm run bench`: a generated pcap of mixed traffic (TLS-like TCP, HTTP
 * pages, DNS-like UDP and MM1 sessions: bench/support/capture-traffic.ts) scanned by
 * CaptureScanner, beside `tshark -r F -Y mmse -T fields -e mmse.message_type` and `cat F >
 * /dev/null` on the same file in the same run; the same with no MMS at all; and the peak RSS of
 * a child scanning FLOWS concurrent connections with one large m-retrieve-conf among them.
 *
 * With --baseline=DIR (a copy of an earlier dist/), that build is measured too, in the same run
 * on the same files: its scans beside this build's, and its memory child's peak RSS.
 *
 * Run alone: node --import tsx bench/capture.ts [--quick] [--bytes=N] [--dist] [--baseline=DIR]
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { CaptureScanner, USE_DIST } from './support/lib.js'
import { build } from 'esbuild'
import { concurrentCapture, mixedCapture, mmsCount } from './support/capture-traffic.js'
import { fmt, table } from './support/markdown.js'
import { MiB, now } from './support/stats.js'
import { findTshark } from '../test/support/tshark.js'

export interface CaptureRow {
  what: string
  bytes: number
  seconds: number
  mbPerSecond: number
  found?: number
}

export interface CaptureResults {
  bytes: number
  rows: CaptureRow[]
  ratioToTshark?: number
  ratioToCat: number
  noMmsRatioToCat: number
  memory: Array<{ flows: number, size: number, peakRss: number, seconds: number, baselinePeakRss?: number }>
  /** The earlier build measured beside this one (--baseline). */
  baseline?: string
  tsharkSkipped?: string
}

async function writeCapture (file: string, bytes: number, mms: boolean): Promise<void> {
  await pipeline(Readable.from(mixedCapture(bytes, mms)), createWriteStream(file))
}

function timed (what: string, bytes: number, run: () => number | undefined): CaptureRow {
  const start = now()
  const found = run()
  const seconds = (now() - start) / 1e9
  const row: CaptureRow = { what, bytes, seconds, mbPerSecond: bytes / MiB / seconds }
  if (found !== undefined) row.found = found
  return row
}

type Scanner = typeof CaptureScanner

async function scan (file: string, Scanner: Scanner = CaptureScanner): Promise<{ seconds: number, found: number }> {
  const start = now()
  const scanner = new Scanner()
  const fed = pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), scanner)
  let found = 0
  for await (const event of scanner.events()) if (event.type === 'mms') found++
  await fed
  return { seconds: (now() - start) / 1e9, found }
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
  const outfile = join(dir, 'capture-rss-child.mjs')
  await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    define: { 'import.meta.url': JSON.stringify(new URL('./support/lib.ts', import.meta.url).href) },
    outfile,
    logLevel: 'warning',
  })
  return [outfile, '--dist']
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

function cat (file: string): void {
  execFileSync('sh', ['-c', 'cat "$1" > /dev/null', 'sh', file])
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
    cat(mixed)
    const rows: CaptureRow[] = []
    rows.push(timed('cat F > /dev/null', size, () => { cat(mixed); return undefined }))
    const ours = await scan(mixed)
    rows.push({ what: `mmse CaptureScanner (${USE_DIST ? 'dist' : 'lib'})`, bytes: size, seconds: ours.seconds, mbPerSecond: size / MiB / ours.seconds, found: ours.found })
    if (Baseline !== undefined) {
      const theirs = await scan(mixed, Baseline)
      rows.push({ what: 'mmse CaptureScanner (baseline)', bytes: size, seconds: theirs.seconds, mbPerSecond: size / MiB / theirs.seconds, found: theirs.found })
    }
    const results: CaptureResults = { bytes: size, rows, ratioToCat: 0, noMmsRatioToCat: 0, memory: [] }
    if (baseline !== undefined) results.baseline = baseline
    const tshark = findTshark()
    if (tshark === null) results.tsharkSkipped = 'tshark is not installed'
    else {
      rows.push(timed('tshark -r F -Y mmse -T fields -e mmse.message_type', size, () =>
        spawnSync(tshark, ['-r', mixed, '-Y', 'mmse', '-T', 'fields', '-e', 'mmse.message_type'], { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout.split('\n').filter((line) => line !== '').length))
    }
    rows.push(timed('cat F > /dev/null (no MMS)', plainSize, () => { cat(plain); return undefined }))
    const none = await scan(plain)
    rows.push({ what: 'mmse CaptureScanner (no MMS)', bytes: plainSize, seconds: none.seconds, mbPerSecond: plainSize / MiB / none.seconds, found: none.found })
    if (Baseline !== undefined) {
      const theirs = await scan(plain, Baseline)
      rows.push({ what: 'mmse CaptureScanner (baseline, no MMS)', bytes: plainSize, seconds: theirs.seconds, mbPerSecond: plainSize / MiB / theirs.seconds, found: theirs.found })
    }
    const speed = (what: string): number => (rows.find((row) => row.what.startsWith(what)) as CaptureRow).mbPerSecond
    results.ratioToCat = rows[1]!.mbPerSecond / rows[0]!.mbPerSecond
    results.noMmsRatioToCat = speed('mmse CaptureScanner (no MMS)') / speed('cat F > /dev/null (no MMS)')
    if (tshark !== null) results.ratioToTshark = rows[1]!.mbPerSecond / speed('tshark')
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
  const speed = (what: string): number | undefined => rows.find((row) => row.what === what)?.mbPerSecond
  const mixed = speed('mmse CaptureScanner (baseline)')
  const none = speed('mmse CaptureScanner (baseline, no MMS)')
  if (mixed === undefined || none === undefined) return []
  return [`This build over the baseline: ${fmt((rows[1] as CaptureRow).mbPerSecond / mixed)}x with MMS, ${fmt((speed('mmse CaptureScanner (no MMS)') as number) / none)}x with none.`, '']
}

export function captureMarkdown (results: CaptureResults): string {
  const lines = [
    '## Captures',
    '',
    `A generated pcap of ${fmt(results.bytes / MiB)} MiB (TLS-like TCP, HTTP pages, DNS-like UDP, MM1 sessions), scanned in one run beside tshark and cat:`,
    '',
    table(['what', 'MiB/s', 's', 'MMS found'], results.rows.map((row) => [row.what, fmt(row.mbPerSecond), fmt(row.seconds), row.found === undefined ? '' : String(row.found)])),
    '',
    ...baselineRatio(results.rows),
    `Ratio to tshark: ${results.ratioToTshark === undefined ? `skipped (${results.tsharkSkipped ?? ''})` : `${fmt(results.ratioToTshark)}x`}; to the file read: ${fmt(results.ratioToCat)}x; with no MMS, to the file read: ${fmt(results.noMmsRatioToCat)}x.`,
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
