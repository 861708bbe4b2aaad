/**
 * The peer in the same run: Wireshark's tshark dissecting the same PDUs in one batch,
 * through the pcap wrapper of test/support/tshark.ts, next to our decode() over the same set.
 * The set: 200 copies of the typical 300 KB m-retrieve-conf and 200 m-notification-ind.
 * tshark's figure includes its start-up, the pcap and the PDML it prints (what a batch run
 * costs); a one-PDU batch is timed too, to show the fixed part of that cost.
 *
 * Run alone: node --import tsx bench/tshark.ts [--quick]
 */
import { pathToFileURL } from 'node:url'
import { decode } from './support/lib.js'
import { findTshark, runTshark } from '../test/support/tshark.js'
import { fmt, table } from './support/markdown.js'
import { notificationInd, syntheticMessage, TYPICAL_PARTS } from './support/pdus.js'
import { median, now } from './support/stats.js'

export interface PeerRow {
  set: string
  pdus: number
  bytes: number
  tsharkSeconds: number
  tsharkPdusPerSecond: number
  decodeSeconds: number
  decodePdusPerSecond: number
  /** decode() PDUs/s over tshark PDUs/s. */
  ratio: number
}

export interface PeerResults {
  tshark?: string
  skipped?: string
  /** Wall time of a one-notification batch: start-up and fixed costs. */
  singlePduSeconds?: number
  rows: PeerRow[]
}

const COPIES = 200

export async function runPeer (options: { quick: boolean, log?: (line: string) => void }): Promise<PeerResults> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'))
  const tshark = findTshark()
  if (tshark === null) {
    log('tshark peer skipped: tshark is not installed (.ci/install-debian.sh installs it)')
    return { skipped: 'tshark is not installed', rows: [] }
  }
  const copies = options.quick ? COPIES / 4 : COPIES
  const typical = syntheticMessage(TYPICAL_PARTS)
  const notification = notificationInd()
  const sets: Array<[string, Buffer[]]> = [
    [`typical 300 KB m-retrieve-conf x ${copies}`, Array.from({ length: copies }, () => typical)],
    [`m-notification-ind x ${copies}`, Array.from({ length: copies }, () => notification)],
  ]
  const start = now()
  await runTshark([notification], { tsharkPath: tshark })
  const singlePduSeconds = (now() - start) / 1e9
  const rows: PeerRow[] = []
  for (const [set, pdus] of sets) {
    const begin = now()
    const dissected = await runTshark(pdus, { tsharkPath: tshark })
    const tsharkSeconds = (now() - begin) / 1e9
    // A peer that silently failed would look fast: every PDU must come back dissected and clean.
    const bad = dissected.filter(pdu => pdu.fields.length === 0 || pdu.malformed)
    if (bad.length > 0) throw new Error(`tshark did not dissect ${bad.length} of ${pdus.length} PDUs of ${set}`)
    const decodeSeconds = timeDecode(pdus)
    const bytes = pdus.reduce((sum, pdu) => sum + pdu.length, 0)
    const row: PeerRow = {
      set, pdus: pdus.length, bytes,
      tsharkSeconds, tsharkPdusPerSecond: pdus.length / tsharkSeconds,
      decodeSeconds, decodePdusPerSecond: pdus.length / decodeSeconds,
      ratio: tsharkSeconds / decodeSeconds,
    }
    rows.push(row)
    log(`${set.padEnd(40)} tshark ${fmt(row.tsharkPdusPerSecond).padStart(7)} PDUs/s  decode() ${fmt(row.decodePdusPerSecond).padStart(8)} PDUs/s  x${fmt(row.ratio)}`)
  }
  return { tshark, singlePduSeconds, rows }
}

/**
 * Seconds decode() takes over the whole set: the median of five rounds after a warm-up, each
 * round repeating the set often enough to last at least 50 ms (a set of notifications alone
 * decodes in about a millisecond, too short to time once).
 */
function timeDecode (pdus: readonly Buffer[]): number {
  let repeats = 1
  for (;;) {
    const start = now()
    for (let r = 0; r < repeats; r++) for (const pdu of pdus) decode(pdu)
    if (now() - start >= 50e6) break
    repeats *= 2
  }
  const rounds: number[] = []
  for (let round = 0; round < 5; round++) {
    const start = now()
    for (let r = 0; r < repeats; r++) for (const pdu of pdus) decode(pdu)
    rounds.push((now() - start) / repeats)
  }
  return median(rounds) / 1e9
}

export function peerMarkdown (peer: PeerResults): string {
  if (peer.skipped !== undefined) return `tshark peer skipped: ${peer.skipped}.`
  return [
    `tshark: ${peer.tshark ?? ''}, one batch per set (pcap of HTTP responses, PDML read back); a one-PDU batch takes ${fmt(peer.singlePduSeconds ?? 0)} s (start-up). decode(): the same PDUs, median of 5 rounds of at least 50 ms.`,
    '',
    table(['set', 'PDUs', 'MB', 'tshark s', 'tshark PDUs/s', 'decode() s', 'decode() PDUs/s', 'decode() x tshark'], peer.rows.map(r => [
      r.set, r.pdus, fmt(r.bytes / 1e6), fmt(r.tsharkSeconds), fmt(r.tsharkPdusPerSecond), fmt(r.decodeSeconds), fmt(r.decodePdusPerSecond), fmt(r.ratio),
    ])),
  ].join('\n')
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(peerMarkdown(await runPeer({ quick: process.argv.includes('--quick') })) + '\n')
}
