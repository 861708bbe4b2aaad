/**
 * Instruction counts: wall time on a shared 2-core VM is noisy, the instructions a
 * message costs are not. Runs bench/instructions-child.ts under valgrind's callgrind on
 * `node --predictable` (no concurrent compiler or GC threads, so the same work every run)
 * twice, with `count` and with `2 x count` messages after the same warm-up, and prints the
 * difference over `count`: the instructions of one message in steady state, start-up,
 * building the message and the warm-up cancelled out. The child is bundled with esbuild
 * first, into a temporary folder in bench/ that is removed at the end (the library stays the
 * compiled dist/, the packages stay in node_modules), since tsx under valgrind takes most of
 * a minute just to start.
 *
 *   npm run build && node --import tsx bench/instructions.ts <scenario> <contender>... [--chunk=16384] [--count=100] [--warmup=50] [--quick]
 *   scenarios: 1x256MiB 5parts 1000x1KiB 10000x100B typical (--quick: the smaller sizes of bench --quick)
 *   contenders: mmse tar-stream busboy fastify-busboy dicer passthrough straight
 *
 * Each child takes from seconds (typical) to minutes (the large scenarios: use --quick).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { bundleChild } from './support/bundle-child.js'
import { CONTENDERS } from './support/contenders.js'
import { fmt } from './support/markdown.js'
import { scenarios } from './throughput.js'

function flag (name: string, fallback: number): number {
  const arg = process.argv.find(a => a.startsWith(`--${name}=`))
  return arg === undefined ? fallback : Number(arg.slice(name.length + 3))
}

const positional = process.argv.slice(2).filter(a => !a.startsWith('--'))
const [scenarioId, ...contenderIds] = positional
const quick = process.argv.includes('--quick')
const scenario = scenarios(quick).find(s => s.id === scenarioId)
const unknown = contenderIds.filter(id => !CONTENDERS.some(c => c.id === id))
if (scenario === undefined || contenderIds.length === 0 || unknown.length > 0) {
  process.stderr.write(`usage: instructions.ts <${scenarios(quick).map(s => s.id).join('|')}> <${CONTENDERS.map(c => c.id).join('|')}>... [--chunk=N] [--count=N] [--warmup=N] [--quick]\n`)
  process.exit(2)
}
const chunk = flag('chunk', 16 * 1024)
const count = flag('count', 100)
const warmup = flag('warmup', 50)

/** Ends the running valgrind child when this process is interrupted. */
const interrupted = new AbortController()

/** Instructions executed (callgrind's "Collected" Ir) by one child run of `messages` messages. */
async function instructions (child: string, contender: string, messages: number): Promise<number> {
  const args = [
    '--tool=callgrind', '--callgrind-out-file=/dev/null',
    process.execPath, '--predictable', child,
    scenarioId as string, contender, String(chunk), String(warmup), String(messages),
    ...(quick ? ['--quick'] : []), '--dist',
  ]
  const { stderr } = await promisify(execFile)('valgrind', args, { maxBuffer: 16 * 1024 * 1024, signal: interrupted.signal })
  const collected = /Collected : (\d+)/.exec(stderr)
  if (collected === null) throw new Error(`valgrind printed no instruction count:\n${stderr.slice(-2000)}`)
  return Number(collected[1])
}

const dir = mkdtempSync(fileURLToPath(new URL('./.instructions-', import.meta.url)))
// An interrupted run ends its child and removes its bundle too (a signal skips the finally below).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted.abort()
    rmSync(dir, { recursive: true, force: true })
    process.exit(130)
  })
}
try {
  const child = await bundleChild(fileURLToPath(new URL('./instructions-child.ts', import.meta.url)), dir)
  process.stdout.write(`${scenario.name}, ${chunk}-octet chunks, ${count} messages after ${warmup} (callgrind, node --predictable)\n`)
  for (const id of contenderIds) {
    const once = await instructions(child, id, count)
    const twice = await instructions(child, id, 2 * count)
    const perMessage = (twice - once) / count
    process.stdout.write(`${id.padEnd(16)} ${fmt(perMessage / 1e3).padStart(9)} k instructions per message  ${fmt(perMessage / scenario.parts.length / 1e3).padStart(7)} k per part\n`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
