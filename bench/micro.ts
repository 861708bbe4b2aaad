/**
 * benchmark.js suites: sync decode() of an m-notification-ind, an m-send-conf,
 * an m-retrieve-conf (realistic headers, small body) and the typical 300 KB message, a
 * streaming parse of a notification through MmseParser (deferred), encode() of each once
 * lib/encode/index.ts exists and gives back what it was given, and JSON.parse of the
 * notification's headers as JSON text. ops/s with the relative margin of error.
 *
 * The target holds decode() of the notification to JSON.parse of the same headers as JSON; that
 * ratio is taken apart from benchmark.js, the two interleaved in one loop (./support/rounds.ts),
 * since two suites run one after the other see different machine load.
 *
 * Run alone: node --import tsx bench/micro.ts [--quick]
 */
import { existsSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { fileURLToPath, pathToFileURL } from 'node:url'
import Benchmark from 'benchmark'
import type { MmseMessage } from '../lib/index.js'
import { decode, MmseParser, USE_DIST } from './support/lib.js'
import { fmt, table } from './support/markdown.js'
import { notificationInd, retrieveConf, sendConf, syntheticMessage, TYPICAL_PARTS } from './support/pdus.js'
import { timeInRounds } from './support/rounds.js'
import { median } from './support/stats.js'

export interface MicroResult {
  name: string
  bytes: number
  opsPerSecond: number
  /** Relative margin of error, percent (95% confidence). */
  rme: number
  meanUs: number
  samples: number
}

/** decode() of the notification against JSON.parse of its headers as JSON, interleaved. */
export interface JsonRatio {
  pduBytes: number
  jsonBytes: number
  decodeNs: number
  parseNs: number
  /** JSON.parse time over decode() time: at or above 1, decode() is as fast or faster. */
  ratio: number
  /** The same in CPU time of the process, which other load on the machine does not inflate. */
  decodeCpuNs: number
  parseCpuNs: number
  cpuRatio: number
  rounds: number
}

export interface MicroResults {
  results: MicroResult[]
  jsonRatio: JsonRatio
  /** Why the encode suites did not run, when they did not. */
  encodeSkipped?: string
}

/** The JSON text a service would exchange for these headers: dates as ISO strings, big integers as decimal strings. */
export function headersJson (pdu: Buffer): string {
  return JSON.stringify(decode(pdu).headers, (_key, value: unknown) => typeof value === 'bigint' ? value.toString() : value)
}

const JSON_ROUNDS = 11
/** Keeps each call's result observable, so no call can be optimised away. */
let retained: unknown

async function jsonRatio (quick: boolean): Promise<JsonRatio> {
  const pdu = notificationInd()
  const json = headersJson(pdu)
  // Each run is a batch of calls: one call is a few µs, far below the timer's useful grain.
  const batch = 1000
  const runs = [
    () => { for (let i = 0; i < batch; i++) retained = decode(pdu); return Promise.resolve() },
    () => { for (let i = 0; i < batch; i++) retained = JSON.parse(json); return Promise.resolve() },
  ]
  const [decoded, parsed] = await timeInRounds(runs, { rounds: quick ? 5 : JSON_ROUNDS, sampleNs: 20e6, warmupNs: quick ? 100e6 : 500e6 })
  const decodeNs = median(decoded?.samples ?? []) / batch
  const parseNs = median(parsed?.samples ?? []) / batch
  const decodeCpuNs = median(decoded?.cpuSamples ?? []) / batch
  const parseCpuNs = median(parsed?.cpuSamples ?? []) / batch
  return {
    pduBytes: pdu.length, jsonBytes: Buffer.byteLength(json),
    decodeNs, parseNs, ratio: parseNs / decodeNs,
    decodeCpuNs, parseCpuNs, cpuRatio: parseCpuNs / decodeCpuNs,
    rounds: quick ? 5 : JSON_ROUNDS,
  }
}

type Encode = (message: MmseMessage) => Uint8Array

/** The encoder is written in parallel with these benchmarks: use it only if it exists and round-trips. */
async function loadEncoder (messages: ReadonlyArray<readonly [string, Buffer]>): Promise<Encode | string> {
  const source = new URL(USE_DIST ? '../dist/encode/index.js' : '../lib/encode/index.ts', import.meta.url)
  const where = USE_DIST ? 'dist/encode/index.js' : 'lib/encode/index.ts'
  if (!existsSync(fileURLToPath(source))) return `${where} does not exist yet`
  const specifier: string = USE_DIST ? source.href : '../lib/encode/index.js'
  let encode: unknown
  try {
    encode = ((await import(specifier)) as { encode?: unknown }).encode
  } catch (err) {
    return `${where} does not load: ${(err as Error).message}`
  }
  if (typeof encode !== 'function') return `${where} exports no encode()`
  for (const [name, pdu] of messages) {
    const message = decode(pdu)
    try {
      const again = decode((encode as Encode)(message))
      if (!isDeepStrictEqual(again.headers, message.headers) || again.parts.length !== message.parts.length) return `encode() of the ${name} does not round-trip`
    } catch (err) {
      return `encode() of the ${name} throws: ${(err as Error).message}`
    }
  }
  return encode as Encode
}

/** Runs one suite to completion and collects its figures. */
function runSuite (suite: Benchmark.Suite): Promise<MicroResult[]> {
  return new Promise((resolve, reject) => {
    const results: MicroResult[] = []
    suite.on('cycle', (event: Benchmark.Event) => {
      const bench = event.target as unknown as Benchmark & { options: { bytes?: number } }
      if (bench.error !== undefined) {
        reject(bench.error)
        return
      }
      results.push({
        name: String(bench.name),
        bytes: bench.options.bytes ?? 0,
        opsPerSecond: bench.hz,
        rme: bench.stats.rme,
        meanUs: bench.stats.mean * 1e6,
        samples: bench.stats.sample.length,
      })
    })
    suite.on('complete', () => resolve(results))
    suite.run({ async: true })
  })
}

export async function runMicro (options: { quick: boolean, log?: (line: string) => void }): Promise<MicroResults> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'))
  const maxTime = options.quick ? 1 : 5
  const messages = [['m-notification-ind', notificationInd()], ['m-send-conf', sendConf()], ['m-retrieve-conf', retrieveConf()]] as const
  // Benchmark.js may compile `fn` apart from this scope: everything it needs travels in closures it is given as a function value.
  const suite = new Benchmark.Suite('mmse')
  for (const [name, pdu] of messages) {
    suite.add(`decode() ${name}`, () => { decode(pdu) }, { maxTime, bytes: pdu.length } as Benchmark.Options)
  }
  const typical = syntheticMessage(TYPICAL_PARTS)
  suite.add('decode() typical 300 KB m-retrieve-conf', () => { decode(typical) }, { maxTime, bytes: typical.length } as Benchmark.Options)
  const notification = notificationInd()
  const notificationJson = headersJson(notification)
  suite.add('JSON.parse m-notification-ind headers as JSON', () => { retained = JSON.parse(notificationJson) }, { maxTime, bytes: Buffer.byteLength(notificationJson) } as Benchmark.Options)
  suite.add('MmseParser m-notification-ind (stream)', {
    defer: true,
    maxTime,
    bytes: notification.length,
    fn (deferred: Benchmark.Deferred) {
      const parser = new MmseParser()
      parser.on('headers', () => {})
      parser.on('end', () => { deferred.resolve() })
      parser.end(notification)
    },
  } as Benchmark.Options)
  const encode = await loadEncoder(messages)
  let encodeSkipped: string | undefined
  if (typeof encode === 'string') {
    encodeSkipped = encode
  } else {
    for (const [name, pdu] of messages) {
      const message = decode(pdu)
      suite.add(`encode() ${name}`, () => { encode(message) }, { maxTime, bytes: pdu.length } as Benchmark.Options)
    }
  }
  const results = await runSuite(suite)
  for (const r of results) log(`${r.name.padEnd(46)} ${fmt(r.opsPerSecond).padStart(9)} ops/s ±${r.rme.toFixed(2)}%`)
  if (encodeSkipped !== undefined) log(`encode suites skipped: ${encodeSkipped}`)
  const ratio = await jsonRatio(options.quick)
  log(`decode() notification ${fmt(ratio.decodeNs)} ns (CPU ${fmt(ratio.decodeCpuNs)}), JSON.parse of its headers ${fmt(ratio.parseNs)} ns (CPU ${fmt(ratio.parseCpuNs)}): decode() at x${ratio.ratio.toFixed(2)} JSON.parse (CPU x${ratio.cpuRatio.toFixed(2)})`)
  return encodeSkipped === undefined ? { results, jsonRatio: ratio } : { results, jsonRatio: ratio, encodeSkipped }
}

export function microMarkdown (micro: MicroResults): string {
  const lines = [table(['benchmark', 'PDU bytes', 'ops/s', '± rme', 'mean µs', 'samples'], micro.results.map(r => [
    r.name, r.bytes, fmt(r.opsPerSecond), `${r.rme.toFixed(2)}%`, fmt(r.meanUs), r.samples,
  ]))]
  if (micro.encodeSkipped !== undefined) lines.push('', `encode() suites not run: ${micro.encodeSkipped}.`)
  const r = micro.jsonRatio
  lines.push('', `decode() of the ${r.pduBytes}-octet m-notification-ind against JSON.parse of its headers as JSON (${r.jsonBytes} octets), interleaved in one process, median of ${r.rounds} rounds: ${fmt(r.decodeNs)} ns against ${fmt(r.parseNs)} ns wall, decode() at x${r.ratio.toFixed(2)} JSON.parse; in CPU time ${fmt(r.decodeCpuNs)} against ${fmt(r.parseCpuNs)} ns, x${r.cpuRatio.toFixed(2)}.`)
  return lines.join('\n')
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(microMarkdown(await runMicro({ quick: process.argv.includes('--quick') })) + '\n')
}
