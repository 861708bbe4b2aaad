/**
 * Fuzzing: decode(), MmseParser under random chunking, and the push decoder.
 * Only a result or an MmseError may come out; a stream run must end exactly as decode() does
 * (same error code, or same headers and parts); no input may take more than HANG_MS; memory
 * must not grow beyond a bound. Sized by MMSE_FUZZ_RUNS (default 2,000 mutated inputs, CI sets
 * 12,000), never by a clock: with the fixed seed every run tries the same inputs on any machine.
 * Seeds: PDUs built here from the grammar (test/support/fuzz.ts), the hand-built fixtures, and
 * the corpus read at run time (never committed). Crashers found are kept, derived from our own
 * seeds only, under test/fixtures/crashers/ and replayed first.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import fc from 'fast-check'
import t from 'tap'
import { MmseError } from '../../lib/errors.js'
import { decodePush, MmseParser, parseUserData } from '../../lib/index.js'
import {
  decodeOutcome, HANG_MS, mutate, mutationRun, OutcomeCounts, type Outcome, pduArbitrary, prng, randomChunks, sameOutcome, streamOutcome,
} from '../support/fuzz.js'
import { liveBytes } from '../support/memory.js'
import { syntheticChunks } from '../support/synthetic.js'

/** Mutated inputs through decode(); fast-check tries twice as many, the push decoder 25 times. */
const RUNS = Number(process.env['MMSE_FUZZ_RUNS'] ?? 2000)
const SEED = Number(process.env['MMSE_FUZZ_SEED'] ?? 0x5eed)
const CORPUS = new URL('../../../shared/corpus/', import.meta.url).pathname
const FIXTURES = new URL('../fixtures/pdus/', import.meta.url).pathname
const CRASHERS = new URL('../fixtures/crashers/', import.meta.url).pathname
/** Buffers alive at once may not exceed this (inputs are < 1 MiB: a bigger figure is an allocation off a lying length). */
const BUFFERS_BOUND = 64 * 1024 * 1024
/** Growth of heap and buffers alive after a full GC over the second half of the run: a bigger one is a leak. */
const RETAINED_BOUND = 32 * 1024 * 1024

function files (dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? name === '_expected_parts' ? [] : files(path) : [path]
  })
}

/** Our own seeds: synthetic retrieve-confs and PDUs generated from the grammar (fixed seed). */
function ownSeeds (): Uint8Array[] {
  const synthetic = [[{ size: 10 }], [{ size: 3, contentType: 'text/plain' }, { size: 40 }], []]
    .map((parts) => Buffer.concat([...syntheticChunks(parts, 1 << 16)]))
  return [...synthetic, ...fc.sample(pduArbitrary(), { numRuns: 40, seed: SEED })]
}

const seeds = {
  own: ownSeeds(),
  fixtures: files(FIXTURES).filter((p) => p.endsWith('.mms')).map((p) => readFileSync(p)),
  corpus: files(CORPUS).map((p) => readFileSync(p)).filter((b) => b[0] === 0x8c && b.length <= 256 * 1024),
}
const allSeeds = [...seeds.own, ...seeds.fixtures, ...seeds.corpus]

/** Where new crashers are written for triage (the test fails; a human turns them into fixtures). */
let triage: string | undefined
function keep (kind: string, input: Uint8Array, detail: unknown): string {
  triage ??= mkdtempSync(join(tmpdir(), 'mmse-crashers-'))
  const path = join(triage, `${kind}-${Buffer.from(input.subarray(0, 8)).toString('hex')}-${input.length}.bin`)
  writeFileSync(path, input)
  return `${path}: ${String(detail instanceof Error ? detail.stack : detail)}`
}

const failures: string[] = []
function verdict (what: string, outcome: Outcome, input: Uint8Array): void {
  if (outcome.kind === 'crash') failures.push(`${what} crash: ${keep(what, input, outcome.error)}`)
  if (outcome.kind === 'hang') failures.push(`${what} hang (${Math.round(outcome.ms)} ms): ${keep(what, input, 'hang')}`)
}

/**
 * An async-iterating consumer of MmseParser: the MmseError must come out of the iterator, and
 * nothing may be thrown past it (an 'error' on a part nobody could listen to is an uncaught
 * exception that kills the process).
 */
async function iterate (bytes: Uint8Array): Promise<{ thrown: unknown, uncaught: unknown[] }> {
  const uncaught: unknown[] = []
  const onUncaught = (err: unknown): void => { uncaught.push(err) }
  const listeners = process.listeners('uncaughtException')
  process.removeAllListeners('uncaughtException')
  process.on('uncaughtException', onUncaught)
  let thrown: unknown
  try {
    const parser = new MmseParser()
    Readable.from([Buffer.from(bytes)]).pipe(parser)
    for await (const event of parser) if (event.type === 'part') for await (const _ of event.part) { /* drain */ }
  } catch (err) {
    thrown = err
  } finally {
    await new Promise((resolve) => setTimeout(resolve, 20))
    process.removeListener('uncaughtException', onUncaught)
    for (const l of listeners) process.on('uncaughtException', l)
  }
  return { thrown, uncaught }
}

t.test('crasher fixtures replay cleanly', async (t) => {
  // stream-iterator-queued-part-error.bin (found by this fuzzer): multipart/mixed with one entry
  // whose DataLen (5) overruns the input; the part event is still queued when the parser fails.
  const crashers = files(CRASHERS).filter((p) => p.endsWith('.bin'))
  t.comment(`${crashers.length} crasher fixtures`)
  for (const path of crashers) {
    const bytes = readFileSync(path)
    const whole = decodeOutcome(bytes)
    t.ok(whole.kind === 'result' || whole.kind === 'error', `${path}: decode gives ${whole.kind}`)
    const streamed = await streamOutcome(randomChunks(bytes, prng(1)))
    t.ok(sameOutcome(whole, streamed), `${path}: the stream ends as decode does`)
    const { thrown, uncaught } = await iterate(bytes)
    t.equal(thrown instanceof MmseError ? thrown.code : undefined, whole.kind === 'error' ? whole.code : undefined, `${path}: iteration ends as decode does`)
    t.same(uncaught.map(String), [], `${path}: no uncaught exception`)
  }
})

t.test('seeded mutation fuzz of decode() and MmseParser', async (t) => {
  const rnd = prng(SEED)
  const decodes = new OutcomeCounts()
  const streams = new OutcomeCounts()
  const mismatches: string[] = []
  // The baseline is taken halfway: growth from compiling code and filling caches comes early and
  // once (measured at ~40 MiB under tap's coverage), while a leak grows with every execution and
  // shows in the second half as well.
  let live0 = 0
  let peakBuffers = 0
  const started = performance.now()
  t.comment(`seeds: ${seeds.own.length} own, ${seeds.fixtures.length} fixtures, ${seeds.corpus.length} corpus; ${RUNS} inputs, seed ${SEED}`)
  for (let i = 0; i < RUNS; i++) {
    if (i === RUNS >> 1) live0 = await liveBytes()
    const seed = allSeeds[Math.floor(rnd() * allSeeds.length)] as Uint8Array
    const other = allSeeds[Math.floor(rnd() * allSeeds.length)] as Uint8Array
    const { bytes } = mutate(seed, rnd, other)
    const whole = decodeOutcome(bytes)
    decodes.add(whole, bytes)
    verdict('decode', whole, bytes)
    // The stream is ~20x slower than decode(): run it on every 8th input, with random chunking.
    if (i % 8 === 0) {
      const streamed = await streamOutcome(randomChunks(bytes, rnd))
      streams.add(streamed, bytes)
      verdict('stream', streamed, bytes)
      if (!sameOutcome(whole, streamed) && streamed.kind !== 'crash' && streamed.kind !== 'hang') {
        mismatches.push(keep('mismatch', bytes, `decode ${JSON.stringify(whole)} vs stream ${JSON.stringify(streamed)}`))
      }
    }
    if (i % 64 === 0) peakBuffers = Math.max(peakBuffers, process.memoryUsage().arrayBuffers)
  }
  t.comment(`decode: ${decodes.report()}; ${Math.round(performance.now() - started)} ms`)
  t.comment(`stream: ${streams.report()}`)
  const retained = await liveBytes() - live0
  t.comment(`memory: buffers peak ${(peakBuffers / 2 ** 20).toFixed(1)} MiB; heap + buffers retained after GC ${(retained / 2 ** 20).toFixed(1)} MiB`)
  t.same(failures, [], 'no exception other than MmseError, no hang')
  t.same(mismatches, [], 'the stream ends as decode() does, under any chunking')
  t.ok(peakBuffers < BUFFERS_BOUND, 'no large allocation')
  t.ok(retained < RETAINED_BOUND, 'no leak')
  t.ok(decodes.executions > 0 && decodes.errors.size > 0 && decodes.results > 0, 'the fuzzer reaches both results and errors')
})

t.test('fast-check: PDUs from the grammar, mutated, decode and stream alike', async (t) => {
  const counts = new OutcomeCounts()
  const mutation = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 })
  const started = performance.now()
  await fc.assert(fc.asyncProperty(pduArbitrary(), mutation, fc.integer({ min: 0, max: 2 ** 31 }), async (pdu, edits, chunkSeed) => {
    const bytes = pdu.slice()
    for (const [at, octet] of edits) if (bytes.length > 0) bytes[at % bytes.length] = octet
    const whole = decodeOutcome(bytes)
    counts.add(whole, bytes)
    const streamed = await streamOutcome(randomChunks(bytes, prng(chunkSeed)))
    if (whole.kind === 'crash' || whole.kind === 'hang') return false
    return sameOutcome(whole, streamed)
  }), { seed: SEED, numRuns: 2 * RUNS })
  t.comment(`fast-check: ${counts.report()} in ${Math.round(performance.now() - started)} ms`)
  t.ok(counts.executions > 0)
})

t.test('push decoder fuzz', async (t) => {
  const rnd = prng(SEED + 1)
  // WSP Push PDU (WAP-230 §8.2.4): TID, 0x06, HeadersLen, Content-Type 0xBE (mms-message), X-Wap-Application-Id 0x84, body.
  const wrap = (pdu: Uint8Array): Uint8Array => Uint8Array.from([0x01, 0x06, 0x03, 0xbe, 0xaf, 0x84, ...pdu])
  const pushSeeds = [...seeds.own.slice(0, 20).map(wrap), ...files(CORPUS).filter((p) => p.endsWith('.wsppush')).map((p) => readFileSync(p))]
  // SMS user data (3GPP TS 23.040 §9.2.3.24): UDH with 16-bit ports (IEI 05) and concatenation (IEI 00).
  const userData = pushSeeds.slice(0, 10).map((p) => Uint8Array.from([0x0b, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0, 0x00, 0x03, 0x2a, 0x01, 0x01, ...p]))
  const counts = new OutcomeCounts()
  const run = (fn: () => unknown): Outcome => {
    const started = performance.now()
    try {
      fn()
      return { kind: 'result', summary: '', warnings: [] }
    } catch (err) {
      return performance.now() - started > HANG_MS ? { kind: 'hang', ms: performance.now() - started } : err instanceof MmseError ? { kind: 'error', code: err.code } : { kind: 'crash', error: err }
    }
  }
  const started = performance.now()
  for (let i = 0; i < 25 * RUNS; i++) {
    const pool = rnd() < 0.7 ? pushSeeds : userData
    const seed = pool[Math.floor(rnd() * pool.length)] as Uint8Array
    const { bytes } = mutate(seed, rnd, pool[Math.floor(rnd() * pool.length)] as Uint8Array)
    const outcome = pool === pushSeeds ? run(() => decodePush(bytes)) : run(() => parseUserData(bytes))
    counts.add(outcome, bytes)
    verdict(pool === pushSeeds ? 'push' : 'user-data', outcome, bytes)
  }
  t.comment(`push: ${counts.report()}; ${Math.round(performance.now() - started)} ms`)
  t.same(failures, [], 'no exception other than MmseError, no hang')
})

t.test('random mutations of the corpus give only results or MmseError', { skip: seeds.corpus.length === 0 ? `corpus not found at ${CORPUS}` : false }, async (t) => {
  // The full run is 100,000 mutations (MMSE_FUZZ_FULL=1, or test/support/fuzz-mutations.ts).
  const count = process.env['MMSE_FUZZ_FULL'] === '1' ? 100_000 : 5_000
  const { counts, ms } = mutationRun(seeds.corpus, count, SEED)
  t.comment(`corpus mutations: ${counts.report()}; ${count} in ${(ms / 1000).toFixed(1)} s`)
  t.equal(counts.crashes.length, 0, 'no other exception')
  t.equal(counts.hangs.length, 0, 'no hang')
})
