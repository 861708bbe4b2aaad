/**
 * One benchmark case in a loop, for `node --cpu-prof` (to profile a missed target), then
 * the top frames of the profile it wrote. Cases: notification, send-conf, retrieve-conf,
 * typical-decode (sync decode() of the typical 300 KB message), typical-stream, stream-1part
 * (64 MiB, one part, 64 KiB chunks, no-op sink), stream-1000parts.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts notification [seconds] [--dist]
 *   node --import tsx bench/support/top-frames.ts /tmp/prof
 */
import { decode } from './support/lib.js'
import type { SyntheticPart } from '../test/support/synthetic.js'
import { buildMessage, chunked } from './support/containers.js'
import { CONTENDERS } from './support/contenders.js'
import { notificationInd, retrieveConf, sendConf, syntheticMessage, TYPICAL_PARTS } from './support/pdus.js'
import { Sinks } from './support/sinks.js'
import { chunkSource } from './support/source.js'
import { MiB, now } from './support/stats.js'

type Case = () => Promise<void> | void

function decodeCase (pdu: Buffer): Case {
  return () => { decode(pdu) }
}

/** One contender of the throughput harness (mmse unless MMSE_PROFILE_CONTENDER names another) over one message. */
function streamCase (parts: SyntheticPart[], chunkSize: number): Case {
  const id = process.env.MMSE_PROFILE_CONTENDER ?? 'mmse'
  const contender = CONTENDERS.find(c => c.id === id)
  if (contender === undefined) throw new Error(`MMSE_PROFILE_CONTENDER: no contender ${id} (${CONTENDERS.map(c => c.id).join(', ')})`)
  const chunks = chunked(buildMessage(parts).whole[contender.container], chunkSize)
  const sinks = new Sinks('noop')
  return async () => { await contender.run(chunkSource(chunks), sinks, parts.length) }
}

const CASES: Record<string, () => Case> = {
  'notification': () => decodeCase(notificationInd()),
  'send-conf': () => decodeCase(sendConf()),
  'retrieve-conf': () => decodeCase(retrieveConf()),
  'typical-decode': () => decodeCase(syntheticMessage(TYPICAL_PARTS)),
  'typical-stream': () => streamCase(TYPICAL_PARTS, 64 * 1024),
  'stream-1part': () => streamCase([{ size: 64 * MiB }], 64 * 1024),
  'stream-1000parts': () => streamCase(Array.from({ length: 1000 }, () => ({ size: 1024 })), 64 * 1024),
}

const name = process.argv[2] ?? ''
const make = CASES[name]
if (make === undefined) {
  process.stderr.write(`usage: profile.ts <${Object.keys(CASES).join('|')}> [seconds]\n`)
  process.exit(2)
}
const run = make()
const seconds = Number(process.argv[3] ?? 5)
let iterations = 0
const start = now()
const cpu = process.cpuUsage()
while (now() - start < seconds * 1e9) {
  for (let i = 0; i < 100; i++) await run()
  iterations += 100
}
// CPU time as well as wall time: on a shared machine the wall time also counts other processes.
const used = process.cpuUsage(cpu)
process.stdout.write(`${name}: ${iterations} iterations, ${((now() - start) / iterations / 1e3).toFixed(2)} µs wall, ${((used.user + used.system) / iterations).toFixed(2)} µs CPU each\n`)
