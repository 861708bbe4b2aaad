/**
 * Child process of the throughput harness: streams one generated message of the given size
 * (a single part) to a temporary file and prints its memory figures as one JSON line. It runs
 * alone so its RSS is its own. Usage: rss-child <parser|passthrough> <bytes> [--dist].
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { MmsePart } from '../lib/index.js'
import { MmseParser } from './support/lib.js'
import { syntheticStream } from '../test/support/synthetic.js'
import { MemorySampler } from './support/memory.js'
import { collectGarbage, MiB, now } from './support/stats.js'

const CHUNK = 64 * 1024
const mode = process.argv[2]
const size = Number(process.argv[3])
if ((mode !== 'parser' && mode !== 'passthrough') || !(size > 0)) {
  process.stderr.write('usage: rss-child <parser|passthrough> <bytes>\n')
  process.exit(2)
}

/**
 * Peak RSS of this process image in bytes: VmHWM on Linux. Not `process.resourceUsage().maxRSS`:
 * Linux carries the forked parent's high-water mark over exec, so a child of a parent holding
 * 500 MiB reports at least 500 MiB whatever it does itself.
 */
function highWaterMark (): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'latin1'))
    return match === null ? undefined : Number(match[1]) * 1024
  } catch {
    return undefined
  }
}

const dir = mkdtempSync(join(tmpdir(), 'mmse-rss-'))
const file = join(dir, 'message.part')
try {
  collectGarbage()
  const rssBefore = process.memoryUsage.rss()
  const sampler = new MemorySampler()
  sampler.begin()
  const start = now()
  const source = syntheticStream([{ size }], CHUNK)
  // Sample every MiB too: the timer alone may miss the peak of a busy stretch.
  let chunks = 0
  source.on('data', () => { if (++chunks % 16 === 0) sampler.poll() })
  if (mode === 'parser') {
    const parser = new MmseParser()
    const saved: Promise<void>[] = []
    parser.on('part', (part: MmsePart) => { saved.push(pipeline(part, createWriteStream(file, { highWaterMark: CHUNK }))) })
    await pipeline(source, parser)
    await Promise.all(saved)
  } else {
    await pipeline(source, new PassThrough({ highWaterMark: CHUNK }), createWriteStream(file, { highWaterMark: CHUNK }))
  }
  const seconds = (now() - start) / 1e9
  sampler.end()
  const written = statSync(file).size
  // The parser writes the part's data only; the PassThrough writes the whole message.
  if (mode === 'parser' ? written !== size : written < size) throw new Error(`wrote ${written} bytes of ${size}`)
  const peaks = sampler.peaks()
  const hwm = highWaterMark() ?? 0
  process.stdout.write(JSON.stringify({
    mode,
    bytes: size,
    seconds,
    rssBeforeMiB: rssBefore / MiB,
    peakRssMiB: Math.max(peaks.peakRss, hwm / MiB),
    rssGrowthMiB: Math.max(peaks.rssGrowth, (hwm - rssBefore) / MiB),
    heapGrowthMiB: peaks.heapGrowth,
  }) + '\n')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
