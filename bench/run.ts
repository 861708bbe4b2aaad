/**
 * `npm run bench` (issue 6): the micro suites, the tshark peer and the throughput harness in
 * one run, under one banner; the figures go to bench/results/<date>-node<version>.json and a
 * summary to bench/results/latest.md.
 *
 * Flags: --quick (short run: smaller messages, shorter suites; results get a -quick suffix and
 * leave latest.md alone), --only=micro,tshark,throughput (a subset), --no-save (print only),
 * --dist (measure the compiled dist/ of `npm run build` instead of lib/ through tsx).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { microMarkdown, type MicroResults, runMicro } from './micro.js'
import { banner, systemInfo } from './support/system.js'
import { checkTargets, targetsMarkdown } from './support/targets.js'
import { throughputMarkdown, type ThroughputResults, runThroughput } from './throughput.js'
import { peerMarkdown, type PeerResults, runPeer } from './tshark.js'

const SECTIONS = ['micro', 'tshark', 'throughput'] as const
type Section = typeof SECTIONS[number]

function parseArgs (argv: string[]): { quick: boolean, save: boolean, only: Set<Section> } {
  const only = argv.find(arg => arg.startsWith('--only='))?.slice('--only='.length).split(',')
  for (const name of only ?? []) {
    if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only: unknown section ${name} (${SECTIONS.join(', ')})`)
  }
  return { quick: argv.includes('--quick'), save: !argv.includes('--no-save'), only: new Set((only ?? SECTIONS) as Section[]) }
}

const args = parseArgs(process.argv.slice(2))
const system = systemInfo()
const log = (line: string): void => { process.stderr.write(line + '\n') }
log(banner(system) + (args.quick ? '\n--quick: reduced sizes, not for comparison' : '') + '\n')
if (!system.exposeGc) log('note: run with node --expose-gc for heap figures taken after a full GC\n')

// Micro suites first, while the heap is small; the throughput harness holds up to 256 MiB of chunks.
const micro: MicroResults | undefined = args.only.has('micro') ? await runMicro({ quick: args.quick, log }) : undefined
const peer: PeerResults | undefined = args.only.has('tshark') ? await runPeer({ quick: args.quick, log }) : undefined
const throughput: ThroughputResults | undefined = args.only.has('throughput') ? await runThroughput({ quick: args.quick, log }) : undefined
const targets = checkTargets(throughput, micro)

const markdown = [
  '# mmse benchmark results',
  '',
  '```',
  banner(system),
  '```',
  '',
  args.quick ? '**Quick run: reduced sizes, not for comparison.**\n' : '',
  '## Targets',
  '',
  targetsMarkdown(targets),
  ...(micro === undefined ? [] : ['', '## decode() and encode() (benchmark.js)', '', microMarkdown(micro)]),
  ...(peer === undefined ? [] : ['', '## Peer: tshark, same PDUs', '', peerMarkdown(peer)]),
  ...(throughput === undefined ? [] : ['', '## Throughput', '', throughputMarkdown(throughput)]),
  '',
].join('\n')
process.stdout.write(markdown)

if (args.save) {
  const dir = new URL('./results/', import.meta.url)
  mkdirSync(dir, { recursive: true })
  const name = `${system.date.slice(0, 10)}-node${process.versions.node}${args.quick ? '-quick' : ''}.json`
  const json = new URL(name, dir)
  writeFileSync(json, JSON.stringify({ system, quick: args.quick, targets, micro, peer, throughput }, null, 2) + '\n')
  log(`\nwrote ${fileURLToPath(json)}`)
  if (!args.quick) {
    const latest = new URL('latest.md', dir)
    writeFileSync(latest, markdown)
    log(`wrote ${fileURLToPath(latest)}`)
  }
}
