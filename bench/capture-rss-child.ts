/**
 * Child process of the capture benchmark: scans the memory test's capture (bench/support/
 * capture-traffic.ts concurrentCapture: FLOWS connections open at once, an m-retrieve-conf of
 * SIZE octets among them), made as it is read, every event consumed, part data counted and let
 * go, and prints its figures as one JSON line. It runs alone so that its peak RSS is its own.
 * Usage: capture-rss-child <flows> <size> [--dist].
 */
import { readFileSync } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { CaptureScanner } from './support/lib.js'
import { concurrentCapture } from './support/capture-traffic.js'

const flows = Number(process.argv[2])
const size = Number(process.argv[3])

function highWaterMark (): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'latin1'))
  return match === null ? 0 : Number(match[1]) * 1024
}

const start = process.hrtime.bigint()
const scanner = new CaptureScanner()
const fed = pipeline(concurrentCapture(flows, size), scanner)
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
process.stdout.write(`${JSON.stringify({ flows, size, messages, ends, partBytes: data, seconds, peakRss: highWaterMark() })}\n`)
