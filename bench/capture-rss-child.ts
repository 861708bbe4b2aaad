/**
 * Child process of the capture benchmark: scans the capture on its standard input (the parent
 * makes the memory test's capture, bench/support/capture-traffic.ts concurrentCapture, as the
 * pipe asks for it), every event consumed, part data counted and let go, and prints its figures
 * as one JSON line. It runs alone so that its peak RSS is its own: a scanner reading a pipe, as
 * `mmse inspect -` does, with nothing else in it (with --dist the parent bundles it with esbuild,
 * so neither tsx nor the capture generator is loaded).
 * Usage: capture-rss-child [--dist] < capture.
 */
import { readFileSync } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { CaptureScanner } from './support/lib.js'

/** Peak RSS of this process image (VmHWM), as bench/rss-child.ts measures it. */
function highWaterMark (): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'latin1'))
  return match === null ? 0 : Number(match[1]) * 1024
}

const start = process.hrtime.bigint()
const scanner = new CaptureScanner()
const fed = pipeline(process.stdin, scanner)
let data = 0
let messages = 0
let ends = 0
for await (const event of scanner.events()) {
  if (event.type === 'data') data += event.data.length
  else if (event.type === 'mms') messages++
  else if (event.type === 'end') ends++
}
await fed
const seconds = Number(process.hrtime.bigint() - start) / 1e9
process.stdout.write(`${JSON.stringify({ messages, ends, partBytes: data, seconds, peakRss: highWaterMark() })}\n`)
