/**
 * `npm run bench` (issues 6 and 11): the micro suites, the tshark peer and the peer
 * throughput harness in one run, under one banner, then the targets table from the same
 * figures; the figures go to bench/results/<date>-node<version>.json and a summary to
 * bench/results/latest.md. How to read them: bench/README.md.
 *
 * Flags: --quick (short run: smaller messages, shorter suites; results get a -quick suffix and
 * leave latest.md alone), --only=micro,tshark,throughput (a subset), --no-save (print only),
 * --dist (measure the compiled dist/ of `npm run build` instead of lib/ through tsx),
 * --render=<record.json> (no measuring: the summary of a saved record, written to latest.md
 * unless --no-save or the record is a quick run).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type MicroResults, runMicro } from './micro.js'
import { renderReport, type RunRecord } from './support/report.js'
import { banner, loadAverages, systemInfo } from './support/system.js'
import { checkTargets } from './support/targets.js'
import { type ThroughputResults, runThroughput } from './throughput.js'
import { type PeerResults, runPeer } from './tshark.js'
import { captureMarkdown, type CaptureResults, runCapture } from './capture.js'

const SECTIONS = ['micro', 'tshark', 'throughput', 'capture'] as const
type Section = typeof SECTIONS[number]

interface Args {
  quick: boolean
  save: boolean
  only: Set<Section>
  /** A saved record to render the summary of, instead of measuring. */
  render?: string
}

function parseArgs (argv: string[]): Args {
  const only = argv.find(arg => arg.startsWith('--only='))?.slice('--only='.length).split(',')
  for (const name of only ?? []) {
    if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only: unknown section ${name} (${SECTIONS.join(', ')})`)
  }
  const render = argv.find(arg => arg.startsWith('--render='))?.slice('--render='.length)
  const args: Args = { quick: argv.includes('--quick'), save: !argv.includes('--no-save'), only: new Set((only ?? SECTIONS) as Section[]) }
  return render === undefined ? args : { ...args, render }
}

const args = parseArgs(process.argv.slice(2))
const log = (line: string): void => { process.stderr.write(line + '\n') }
const results = new URL('./results/', import.meta.url)

if (args.render !== undefined) {
  // Only the summary again, from a saved record: no measuring.
  const record = JSON.parse(readFileSync(args.render, 'utf8')) as RunRecord
  const markdown = renderReport(record)
  process.stdout.write(markdown)
  if (args.save && !record.quick) {
    const latest = new URL('latest.md', results)
    writeFileSync(latest, markdown)
    log(`wrote ${fileURLToPath(latest)}`)
  }
  process.exit(0)
}

const system = systemInfo()
log(banner(system) + (args.quick ? '\n--quick: reduced sizes, not for comparison' : '') + '\n')
if (!system.exposeGc) log('note: run with node --expose-gc for heap figures taken after a full GC\n')

// Micro suites first, while the heap is small; the throughput harness holds about 1 GiB of messages.
const micro: MicroResults | undefined = args.only.has('micro') ? await runMicro({ quick: args.quick, log }) : undefined
const peer: PeerResults | undefined = args.only.has('tshark') ? await runPeer({ quick: args.quick, log }) : undefined
const throughput: ThroughputResults | undefined = args.only.has('throughput') ? await runThroughput({ quick: args.quick, log }) : undefined
const capture: CaptureResults | undefined = args.only.has('capture') ? await runCapture({ quick: args.quick, log }) : undefined
const record: RunRecord = {
  system,
  loadAtEnd: loadAverages(),
  elapsedSeconds: Math.round(process.uptime()),
  quick: args.quick,
  targets: checkTargets(throughput, micro),
  ...(micro === undefined ? {} : { micro }),
  ...(peer === undefined ? {} : { peer }),
  ...(throughput === undefined ? {} : { throughput }),
}
const markdown = renderReport(record) + (capture === undefined ? '' : `\n${captureMarkdown(capture)}`)
process.stdout.write(markdown)

if (args.save) {
  mkdirSync(results, { recursive: true })
  const name = `${system.date.slice(0, 10)}-node${process.versions.node}${args.quick ? '-quick' : ''}.json`
  const json = new URL(name, results)
  writeFileSync(json, JSON.stringify(capture === undefined ? record : { ...record, capture }, null, 2) + '\n')
  log(`\nwrote ${fileURLToPath(json)}`)
  if (!args.quick) {
    const latest = new URL('latest.md', results)
    writeFileSync(latest, markdown)
    log(`wrote ${fileURLToPath(latest)}`)
  }
}
