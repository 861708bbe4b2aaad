/**
 * Linear time on hostile shapes: for each, the input is made four times larger and the time may
 * grow about four times, never sixteen (a quadratic accumulation would). Times are process CPU
 * time, the median of five runs, so that other load on the machine counts little; the bound, 8x
 * for 4x the input, is twice the linear ratio and half the quadratic one.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import t from 'tap'
import { decode, type DecodeOptions, MmseParser, type MmsePart } from '../lib/index.js'
import { bytes, hex } from './support/bytes.js'
import { chunk, multipart, retrieveConf } from './support/pdu.js'

const RUNS = 5
const BOUND = 8
const HUGE = 1 << 30

function cpuMs (run: () => void): number {
  const start = process.cpuUsage()
  run()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

async function cpuMsAsync (run: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage()
  await run()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

function median (values: number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1] as number
}

interface Shape {
  name: string
  /** The input of size factor `n`. */
  build: (n: number) => Uint8Array
  options: DecodeOptions
  /** A size factor large enough that one run takes some milliseconds. */
  n: number
}

const shapes: Shape[] = [
  {
    name: 'a part header repeated',
    build: (n) => retrieveConf(multipart([{ type: hex('83'), headers: bytes(...Array.from({ length: n }, () => bytes('X-A', 'v'))), data: 'x' }])),
    options: { limits: { maxPartHeaderBytes: HUGE } },
    n: 20_000,
  },
  {
    name: 'an application header repeated',
    build: (n) => bytes(0x8c, 0x84, 0x98, 't', 0x8d, 0x92, ...Array.from({ length: n }, () => bytes('X-A', 'v'))),
    options: { limits: { maxHeaderBytes: HUGE, maxHeaderFields: HUGE } },
    n: 20_000,
  },
  {
    name: 'many tiny parts',
    build: (n) => retrieveConf(multipart(Array.from({ length: n }, () => ({ type: hex('83'), data: 'x' })))),
    options: { limits: { maxParts: HUGE } },
    n: 5_000,
  },
  {
    name: 'a code-page shift per octet (a warning each)',
    build: (n) => retrieveConf(multipart([{ type: hex('83'), headers: new Uint8Array(n).fill(0x02), data: 'x' }])),
    options: { limits: { maxPartHeaderBytes: HUGE } },
    n: 100_000,
  },
  {
    name: 'nesting deeper than the limit',
    build: (n) => {
      let inner: Uint8Array = multipart([{ type: hex('83'), data: 'x' }])
      for (let i = 0; i < n; i++) inner = multipart([{ type: hex('b3'), data: inner }])
      return retrieveConf(inner)
    },
    options: {},
    n: 2_000,
  },
  {
    name: 'a long Subject',
    build: (n) => bytes(0x8c, 0x84, 0x98, 't', 0x8d, 0x92, 0x96, 'x'.repeat(n)),
    options: { limits: { maxHeaderBytes: HUGE } },
    n: 1_600_000,
  },
]

function outcome (input: Uint8Array, options: DecodeOptions): void {
  try {
    decode(input, options)
  } catch {}
}

async function streamed (input: Uint8Array, options: DecodeOptions, size: number): Promise<void> {
  const parser = new MmseParser(options)
  parser.on('part', (part: MmsePart) => { part.resume() })
  await pipeline(Readable.from(chunk(input, size)), parser).catch(() => {})
}

t.test('decode(): four times the input, at most about four times the time', async (t) => {
  for (const shape of shapes) {
    const small = shape.build(shape.n)
    const large = shape.build(4 * shape.n)
    outcome(small, shape.options)
    const times = { small: [] as number[], large: [] as number[] }
    for (let i = 0; i < RUNS; i++) {
      times.small.push(cpuMs(() => outcome(small, shape.options)))
      times.large.push(cpuMs(() => outcome(large, shape.options)))
    }
    const ratio = median(times.large) / Math.max(median(times.small), 0.5)
    t.ok(ratio < BOUND, `${shape.name}: ${median(times.small).toFixed(1)} ms -> ${median(times.large).toFixed(1)} ms (${ratio.toFixed(1)}x for 4x the input)`)
  }
})

t.test('MmseParser in 1 KiB chunks: four times the input, at most about four times the time', async (t) => {
  for (const shape of shapes) {
    const small = shape.build(shape.n / 4)
    const large = shape.build(shape.n)
    await streamed(small, shape.options, 1024)
    const times = { small: [] as number[], large: [] as number[] }
    for (let i = 0; i < RUNS; i++) {
      times.small.push(await cpuMsAsync(() => streamed(small, shape.options, 1024)))
      times.large.push(await cpuMsAsync(() => streamed(large, shape.options, 1024)))
    }
    const ratio = median(times.large) / Math.max(median(times.small), 0.5)
    t.ok(ratio < BOUND, `${shape.name}: ${median(times.small).toFixed(1)} ms -> ${median(times.large).toFixed(1)} ms (${ratio.toFixed(1)}x for 4x the input)`)
  }
})

t.test('warnings stay within limits.maxWarnings, with one that counts the rest', async (t) => {
  const flood = retrieveConf(multipart([{ type: hex('83'), headers: new Uint8Array(200_000).fill(0x02), data: 'x' }]))
  const message = decode(flood, { limits: { maxPartHeaderBytes: HUGE } })
  t.equal(message.warnings.length, 1001)
  t.match(message.warnings.at(-1), { code: 'WARN_MMSE_WARNINGS_DROPPED', message: /^199000 more warnings dropped/ })
  const few = decode(flood, { limits: { maxPartHeaderBytes: HUGE, maxWarnings: 3 } })
  t.same(few.warnings.map((w) => w.code), ['WARN_MMSE_UNKNOWN_FIELD', 'WARN_MMSE_UNKNOWN_FIELD', 'WARN_MMSE_UNKNOWN_FIELD', 'WARN_MMSE_WARNINGS_DROPPED'])
  const parser = new MmseParser({ limits: { maxPartHeaderBytes: HUGE, maxWarnings: 10 } })
  const codes: string[] = []
  parser.on('warning', (w) => codes.push(w.code))
  parser.on('part', (part: MmsePart) => { part.resume() })
  await pipeline(Readable.from(chunk(flood, 4096)), parser)
  t.equal(codes.length, 11, 'the stream counts the same way')
})
