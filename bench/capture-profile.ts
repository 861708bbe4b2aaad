/**
 * The capture scan over a generated capture held in memory, in a loop, for `node --cpu-prof`:
 * the CPU time per pass and MiB/s, without the file reads and with the compiler warmed up.
 *
 *   node --import tsx bench/capture-profile.ts [mixed|plain] [MiB] [passes] [--dist]
 */
import { CaptureScanner } from './support/lib.js'
import { mixedCapture } from './support/capture-traffic.js'
import { MiB } from './support/stats.js'

const [kind = 'plain', size = '256', passes = '5'] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'))
const chunks: Buffer[] = []
let held: Buffer[] = []
let heldBytes = 0
for (const chunk of mixedCapture(Number(size) * MiB, kind === 'mixed')) {
  held.push(Buffer.from(chunk))
  heldBytes += chunk.length
  if (heldBytes >= 256 * 1024) {
    chunks.push(Buffer.concat(held))
    held = []
    heldBytes = 0
  }
}
chunks.push(Buffer.concat(held))
const bytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0)
for (let pass = 0; pass < Number(passes); pass++) {
  const cpu = process.cpuUsage()
  const scanner = new CaptureScanner()
  let found = 0
  const events = (async () => { for await (const event of scanner.events()) if (event.type === 'mms') found++ })()
  for (const chunk of chunks) if (!scanner.write(chunk)) await new Promise((resolve) => scanner.once('drain', resolve))
  scanner.end()
  await events
  const used = process.cpuUsage(cpu)
  const seconds = (used.user + used.system) / 1e6
  console.log(`pass ${pass + 1}: ${(bytes / MiB).toFixed(0)} MiB, ${found} MMS, ${seconds.toFixed(3)} s CPU, ${(bytes / MiB / seconds).toFixed(0)} MiB/s`)
}
