/**
 * benchmark.js suites (issue 6): sync decode() of an m-notification-ind, an m-send-conf and
 * an m-retrieve-conf (realistic headers, small body), a streaming parse of a notification
 * through MmseParser (deferred), and encode() of each once lib/encode/index.ts exists and
 * gives back what it was given. ops/s with the relative margin of error.
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
import { notificationInd, retrieveConf, sendConf } from './support/pdus.js'

export interface MicroResult {
  name: string
  bytes: number
  opsPerSecond: number
  /** Relative margin of error, percent (95% confidence). */
  rme: number
  meanUs: number
  samples: number
}

export interface MicroResults {
  results: MicroResult[]
  /** Why the encode suites did not run, when they did not. */
  encodeSkipped?: string
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
  const notification = notificationInd()
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
  for (const r of results) log(`${r.name.padEnd(40)} ${fmt(r.opsPerSecond).padStart(9)} ops/s ±${r.rme.toFixed(2)}%`)
  if (encodeSkipped !== undefined) log(`encode suites skipped: ${encodeSkipped}`)
  return encodeSkipped === undefined ? { results } : { results, encodeSkipped }
}

export function microMarkdown (micro: MicroResults): string {
  const lines = [table(['benchmark', 'PDU bytes', 'ops/s', '± rme', 'mean µs', 'samples'], micro.results.map(r => [
    r.name, r.bytes, fmt(r.opsPerSecond), `${r.rme.toFixed(2)}%`, fmt(r.meanUs), r.samples,
  ]))]
  if (micro.encodeSkipped !== undefined) lines.push('', `encode() suites not run: ${micro.encodeSkipped}.`)
  return lines.join('\n')
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(microMarkdown(await runMicro({ quick: process.argv.includes('--quick') })) + '\n')
}
