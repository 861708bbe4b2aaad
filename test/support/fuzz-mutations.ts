/**
 * Standalone: N random mutations (default 100,000) of the corpus PDUs through decode(), with the
 * outcome counts (results, MmseError by code, other exceptions, hangs) and the time taken.
 *   node --import tsx test/fuzz-mutations.ts [count] [seed]
 * The corpus is read from ../shared/corpus at run time (GPL/AGPL: never copied into the repo).
 * Exits 1 if any input gave anything but a result or an MmseError.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { mutationRun } from './fuzz.js'

const CORPUS = new URL('../../../shared/corpus/', import.meta.url).pathname

function files (dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? name === '_expected_parts' ? [] : files(path) : [path]
  })
}

if (!existsSync(CORPUS)) {
  console.log(`corpus not found at ${CORPUS}: nothing to mutate`)
} else {
  const count = Number(process.argv[2] ?? 100_000)
  const seed = Number(process.argv[3] ?? 1)
  const seeds = files(CORPUS).map((p) => readFileSync(p)).filter((b) => b[0] === 0x8c)
  const { counts, ms } = mutationRun(seeds, count, seed)
  console.log(`${seeds.length} corpus PDUs, seed ${seed}: ${counts.report()}`)
  console.log(`${count} mutations in ${(ms / 1000).toFixed(1)} s (${Math.round(count / (ms / 1000))} per second)`)
  for (const crash of counts.crashes.slice(0, 10)) console.log('crash', Buffer.from(crash.input).toString('hex').slice(0, 200), crash.error)
  for (const hang of counts.hangs.slice(0, 10)) console.log('hang', Math.round(hang.ms), 'ms', Buffer.from(hang.input).toString('hex').slice(0, 200))
  if (counts.crashes.length > 0 || counts.hangs.length > 0) process.exitCode = 1
}
