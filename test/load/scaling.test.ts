/**
 * Linear time on hostile shapes (test/support/scaling.ts says how it is measured): for each,
 * decode() and MmseParser given sixteen times the input take about sixteen times as long.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import t from 'tap'
import { decode, type DecodeOptions, MAX_DEPTH, MmseParser, type MmsePart } from '../../lib/index.js'
import { bytes, hex, multipart, retrieveConf, entry } from '../support/wire.js'
import { chunk } from '../support/transcript.js'
import { checkLinear, FACTOR } from '../support/scaling.js'

const HUGE = 1 << 30

interface Shape {
  name: string
  /** The input of size factor `n`. */
  build: (n: number) => Uint8Array
  options: DecodeOptions
  /** A size factor for which a run takes some milliseconds; the runs are of n / 4 and 4n. */
  n: number
}

const shapes: Shape[] = [
  {
    name: 'a part header repeated',
    build: (n) => retrieveConf(multipart([entry(hex('83'), bytes(...Array.from({ length: n }, () => bytes('X-A', 'v'))), 'x')])),
    options: { limits: { maxPartHeaderBytes: HUGE, maxPartHeaderFields: HUGE } },
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
    build: (n) => retrieveConf(multipart(Array.from({ length: n }, () => (entry(hex('83'), [], 'x'))))),
    options: { limits: { maxParts: HUGE } },
    n: 5_000,
  },
  {
    name: 'a code-page shift per octet (a warning each)',
    build: (n) => retrieveConf(multipart([entry(hex('83'), new Uint8Array(n).fill(0x02), 'x')])),
    options: { limits: { maxPartHeaderBytes: HUGE } },
    n: 100_000,
  },
  {
    name: 'nesting deeper than the limit',
    build: (n) => {
      let inner: Uint8Array = multipart([entry(hex('83'), [], 'x')])
      for (let i = 0; i < n; i++) inner = multipart([entry(hex('b3'), [], inner)])
      return retrieveConf(inner)
    },
    options: {},
    n: 2_000,
  },
  {
    // A node is found by its depth, not its joined path: a chain of n levels costs n, bar the
    // paths themselves (n * n / 2 indexes, hence the ceiling MAX_DEPTH).
    name: 'nesting with raised limits, up to MAX_DEPTH',
    build: (n) => {
      let chain: Uint8Array = multipart([entry(hex('83'), [], 'x')])
      for (let i = 1; i < n; i++) chain = multipart([entry(hex('a3'), [], chain)])
      return retrieveConf(multipart(Array.from({ length: 200 }, () => entry(hex('a3'), [], chain))))
    },
    options: { limits: { maxDepth: MAX_DEPTH, maxParts: HUGE } },
    n: MAX_DEPTH / 4,
  },
  {
    name: 'many parts of tiny part headers, limits raised',
    build: (n) => retrieveConf(multipart(Array.from({ length: n }, () => entry(hex('83'), Array.from({ length: 8 }, () => hex('ff 00')), 'x')))),
    options: { limits: { maxParts: HUGE, maxPartHeaderFields: HUGE } },
    n: 4_000,
  },
  {
    name: 'a long Subject',
    build: (n) => bytes(0x8c, 0x84, 0x98, 't', 0x8d, 0x92, 0x96, 'x'.repeat(n)),
    options: { limits: { maxHeaderBytes: HUGE } },
    n: 1_600_000,
  },
]

async function decoded (input: Uint8Array, options: DecodeOptions): Promise<void> {
  try {
    decode(input, options)
  } catch {}
}

async function streamed (input: Uint8Array, options: DecodeOptions): Promise<void> {
  const parser = new MmseParser(options)
  parser.on('part', (part: MmsePart) => { part.resume() })
  await pipeline(Readable.from(chunk(input, 1024)), parser).catch(() => {})
}

for (const [name, run] of [['decode()', decoded], ['MmseParser in 1 KiB chunks', streamed]] as const) {
  t.test(`${name}: ${FACTOR} times the input, at most about ${FACTOR} times the time`, async (t) => {
    for (const shape of shapes) {
      await checkLinear(t, shape.name, shape.build(shape.n / 4), shape.build(shape.n * 4), input => run(input, shape.options))
    }
  })
}

t.test('warnings stay within limits.maxWarnings, with one that counts the rest', async (t) => {
  const flood = retrieveConf(multipart([entry(hex('83'), new Uint8Array(200_000).fill(0x02), 'x')]))
  const message = decode(flood, { limits: { maxPartHeaderBytes: HUGE } })
  t.equal(message.warnings.length, 1001)
  t.match(message.warnings.at(-1), { code: 'WARN_MMSE_WARNINGS_DROPPED', message: /^199000 more warnings dropped/ })
  const few = decode(flood, { limits: { maxPartHeaderBytes: HUGE, maxWarnings: 3 } })
  t.same(few.warnings.map((w) => w.code), ['WARN_MMSE_UNKNOWN_FIELD', 'WARN_MMSE_UNKNOWN_FIELD', 'WARN_MMSE_UNKNOWN_FIELD', 'WARN_MMSE_WARNINGS_DROPPED'])
  t.match(decode(flood, { limits: { maxPartHeaderBytes: HUGE, maxWarnings: 0 } }).warnings, [{ code: 'WARN_MMSE_WARNINGS_DROPPED', message: /^200000 more/ }], 'none kept, all counted')
  const parser = new MmseParser({ limits: { maxPartHeaderBytes: HUGE, maxWarnings: 10 } })
  const codes: string[] = []
  parser.on('warning', (w) => codes.push(w.code))
  parser.on('part', (part: MmsePart) => { part.resume() })
  await pipeline(Readable.from(chunk(flood, 4096)), parser)
  t.equal(codes.length, 11, 'the stream counts the same way')
})
