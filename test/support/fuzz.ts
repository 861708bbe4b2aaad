/**
 * Fuzzing support: a seeded PRNG, byte-level and WSP-aware mutators (uintvar
 * and Value-length fields, splices of two PDUs), and runners that classify what `decode()` and
 * `MmseParser` do with an input: a result, an `MmseError`, anything else (a crash), or a hang.
 * jazzer.js cannot run on this machine (its addon needs GLIBC 2.38), so coverage guidance is
 * replaced by structure: the seeds are valid PDUs and the mutations target the length fields
 * that every crash in the anchors' history came from (WAP-230 §8.4.2, WAP-230 §8.5).
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import fc, { type Arbitrary } from 'fast-check'
import { decode } from '../../lib/index.js'
import { MmseError } from '../../lib/errors.js'
import { MmseParser } from '../../lib/index.js'
import type { DecodeOptions } from '../../lib/options.js'
import type { MmseHead } from '../../lib/index.js'
import type { MmsePart } from '../../lib/index.js'
import { prng } from './transcript.js'
import { cat, lengthPrefixed, longInteger, str, uintvar } from './wire.js'
import type { MmseWarning } from '../../lib/types.js'

/** The seeded PRNG of the transcripts (mulberry32): every run with the same seed replays the same inputs. */
export { prng }

export type Random = () => number
const int = (rnd: Random, n: number): number => Math.floor(rnd() * n)
const pick = <T>(rnd: Random, items: readonly T[]): T => items[int(rnd, items.length)] as T

/** Octets with a meaning in MMSE: NUL, Value-length bounds, Quote, tokens, Content-Type, Message-Type. */
const INTERESTING = [0x00, 0x01, 0x1e, 0x1f, 0x20, 0x22, 0x7f, 0x80, 0x81, 0x84, 0x8c, 0xa3, 0xb3, 0xbe, 0xff]

/** Uintvars that stress limits: 0, 1, 127, 128, 2^28, 2^32-1, and over-long encodings (6 octets, padded). */
const UINTVARS: number[][] = [
  [0x00], [0x01], [0x7f], [0x81, 0x00], [0x8f, 0xff, 0xff, 0xff, 0x7f], [0x81, 0x80, 0x80, 0x80, 0x00],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x01], [0x80, 0x05], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
]

export interface Mutator { name: string, apply (input: Uint8Array, rnd: Random, other: Uint8Array): Uint8Array }

/**
 * A position to mutate: more often near the start, where headers and entry lengths are; octet 0
 * (X-Mms-Message-Type) only rarely, or most inputs would just be ERR_MMSE_NOT_MMSE.
 */
function where (rnd: Random, length: number): number {
  if (length <= 1 || rnd() < 0.01) return 0
  return 1 + (rnd() < 0.5 ? int(rnd, Math.min(length - 1, 256)) : int(rnd, length - 1))
}

export const MUTATORS: Mutator[] = [
  { name: 'flip-bit', apply: (b, rnd) => { const c = Uint8Array.from(b); const i = where(rnd, c.length); if (c.length > 0) c[i] = (c[i] as number) ^ (1 << int(rnd, 8)); return c } },
  { name: 'random-byte', apply: (b, rnd) => { const c = Uint8Array.from(b); if (c.length > 0) c[where(rnd, c.length)] = int(rnd, 256); return c } },
  { name: 'interesting-byte', apply: (b, rnd) => { const c = Uint8Array.from(b); if (c.length > 0) c[where(rnd, c.length)] = pick(rnd, INTERESTING); return c } },
  {
    name: 'insert',
    apply: (b, rnd) => {
      const i = where(rnd, b.length)
      const bytes = Array.from({ length: 1 + int(rnd, 8) }, () => rnd() < 0.5 ? pick(rnd, INTERESTING) : int(rnd, 256))
      return cat(b.subarray(0, i), bytes, b.subarray(i))
    },
  },
  { name: 'delete', apply: (b, rnd) => { const i = where(rnd, b.length); return cat(b.subarray(0, i), b.subarray(Math.min(b.length, i + 1 + int(rnd, 16)))) } },
  {
    name: 'duplicate',
    apply: (b, rnd) => {
      const i = where(rnd, b.length)
      const j = Math.min(b.length, i + 1 + int(rnd, 32))
      return cat(b.subarray(0, j), b.subarray(i, j), b.subarray(j))
    },
  },
  { name: 'truncate', apply: (b, rnd) => b.subarray(0, where(rnd, b.length + 1)) },
  { name: 'splice', apply: (b, rnd, other) => cat(b.subarray(0, where(rnd, b.length)), other.subarray(where(rnd, other.length))) },
  {
    // A uintvar (HeadersLen, DataLen, nEntries, Value-length 31 ...) replaced by an extreme one.
    name: 'uintvar',
    apply: (b, rnd) => {
      const i = where(rnd, b.length)
      let j = i
      while (j < b.length && ((b[j] as number) & 0x80) !== 0 && j - i < 5) j++
      return cat(b.subarray(0, i), pick(rnd, UINTVARS), b.subarray(Math.min(b.length, j + 1)))
    },
  },
  {
    // A Short-length (0-30) made longer or shorter, or turned into Length-quote + uintvar.
    name: 'value-length',
    apply: (b, rnd) => {
      const candidates: number[] = []
      for (let i = 0; i < b.length; i++) if ((b[i] as number) <= 0x1f) candidates.push(i)
      if (candidates.length === 0) return b
      const i = pick(rnd, candidates)
      const replacement = rnd() < 0.3 ? [0x1f, ...pick(rnd, UINTVARS)] : [Math.max(0, Math.min(0x1f, (b[i] as number) + int(rnd, 9) - 4))]
      return cat(b.subarray(0, i), replacement, b.subarray(i + 1))
    },
  },
]

/** 1 to 4 stacked mutations of `input`; `other` is a second seed for splices. */
export function mutate (input: Uint8Array, rnd: Random, other: Uint8Array): { bytes: Uint8Array, applied: string[] } {
  let bytes = input
  const applied: string[] = []
  for (let n = 1 + int(rnd, 4); n > 0; n--) {
    const m = pick(rnd, MUTATORS)
    bytes = m.apply(bytes, rnd, other)
    applied.push(m.name)
  }
  return { bytes, applied }
}

/** Chunk boundaries: 1-octet chunks, a few random cuts, or random sizes up to 64. */
export function randomChunks (bytes: Uint8Array, rnd: Random): Uint8Array[] {
  const style = int(rnd, 3)
  const chunks: Uint8Array[] = []
  for (let at = 0; at < bytes.length;) {
    const size = style === 0 ? 1 : style === 1 ? 1 + int(rnd, Math.max(1, bytes.length >> 1)) : 1 + int(rnd, 64)
    chunks.push(bytes.slice(at, at + size))
    at += size
  }
  return chunks
}

// ---------------------------------------------------------------------------------------------
// Outcomes
// ---------------------------------------------------------------------------------------------

export type Outcome =
  | { kind: 'result', summary: string, warnings: string[] }
  | { kind: 'error', code: string }
  | { kind: 'crash', error: unknown }
  | { kind: 'hang', ms: number }

/** A stable text for any decoded value (bigint, Date, bytes, null-prototype objects). */
export function stable (value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`
    if (v instanceof Uint8Array) return `bytes:${Buffer.from(v).toString('hex')}`
    if (v instanceof Date) return `date:${Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()}`
    return v
  })
}

/** Part data are compared by length and MD5 (native, incremental: cheap even for big parts). */
interface PartSummary { path: number[], offset: number, size: number | null, type: string, length: number, hash: string }
const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex')

function summary (headers: unknown[], parts: PartSummary[]): string {
  return stable({ headers, parts: [...parts].sort((a, b) => a.offset - b.offset) })
}

function classify (err: unknown): Outcome {
  return err instanceof MmseError ? { kind: 'error', code: err.code } : { kind: 'crash', error: err }
}

/** decode(): the headers of every PDU (nested ones too) and every leaf part, with a checksum of its data. */
export function decodeOutcome (bytes: Uint8Array, options?: DecodeOptions): Outcome {
  const started = performance.now()
  try {
    const message = decode(bytes, options)
    const headers: unknown[] = []
    const parts: PartSummary[] = []
    const walk = (m: typeof message, list: typeof message.parts): void => {
      headers.push(m.headerList)
      for (const p of list) {
        if (p.message) walk(p.message, p.parts ?? [])
        else if (p.parts && p.parts.length > 0) walk({ ...m, headerList: [] }, p.parts)
        else if (p.parts === undefined) parts.push({ path: p.path, offset: p.offset, size: p.size, type: p.contentType.mediaType, length: p.data.length, hash: md5(p.data) })
      }
    }
    walk(message, message.parts)
    const ms = performance.now() - started
    return ms > HANG_MS ? { kind: 'hang', ms } : { kind: 'result', summary: summary(headers.filter((h) => (h as unknown[]).length > 0), parts), warnings: message.warnings.map((w) => w.code) }
  } catch (err) {
    const ms = performance.now() - started
    return ms > HANG_MS ? { kind: 'hang', ms } : classify(err)
  }
}

/** Time allowed to one input (decode or stream) before it counts as a hang. */
export const HANG_MS = 2000

/**
 * MmseParser fed `chunks`, every part read to its end through the event listeners: the same
 * summary as decodeOutcome, so the two can be compared. A run that does not settle within
 * HANG_MS is a hang. (Listener mode, not async iteration: with iteration, a part still queued
 * when the parser fails is destroyed with nobody listening; see fuzz.test.ts.)
 */
export async function streamOutcome (chunks: Uint8Array[], options?: DecodeOptions): Promise<Outcome> {
  const parser = new MmseParser(options)
  const started = performance.now()
  const headers = new Map<string, unknown[]>()
  const parts: PartSummary[] = []
  const warnings: string[] = []
  const run = new Promise<Outcome>((resolve) => {
    let failure: unknown
    parser.on('headers', (_headers: unknown, head: MmseHead) => headers.set(head.path.join('.'), head.headerList))
    parser.on('warning', (warning: MmseWarning) => warnings.push(warning.code))
    parser.on('part', (part: MmsePart) => {
      const s: PartSummary = { path: part.path, offset: part.offset, size: part.size, type: part.contentType.mediaType, length: 0, hash: '' }
      parts.push(s)
      const hash = createHash('md5')
      part.on('data', (data: Buffer) => {
        s.length += data.length
        hash.update(data)
      })
      part.on('end', () => { s.hash = hash.digest('hex') })
      part.on('error', () => {}) // the parser's own error, reported below
    })
    parser.on('error', (err) => { failure = err })
    parser.on('close', () => {
      if (failure !== undefined) return resolve(classify(failure))
      const ordered = [...headers.entries()].sort(([a], [b]) => comparePaths(a, b)).map(([, list]) => list).filter((l) => l.length > 0)
      resolve({ kind: 'result', summary: summary(ordered, parts), warnings })
    })
    Readable.from(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.length)), { objectMode: false }).pipe(parser)
  })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<Outcome>((resolve) => { timer = setTimeout(() => resolve({ kind: 'hang', ms: performance.now() - started }), HANG_MS) })
  const outcome = await Promise.race([run, timeout])
  clearTimeout(timer)
  if (outcome.kind === 'hang') parser.destroy()
  return outcome
}

/** PDUs in document order: "", "0", "0.1", "1" ... */
function comparePaths (a: string, b: string): number {
  const x = a === '' ? [] : a.split('.').map(Number)
  const y = b === '' ? [] : b.split('.').map(Number)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number)
  return x.length - y.length
}

/** Same outcome: same error code, or same headers and parts. */
export function sameOutcome (a: Outcome, b: Outcome): boolean {
  if (a.kind !== b.kind) return false
  if (a.kind === 'error' && b.kind === 'error') return a.code === b.code
  if (a.kind === 'result' && b.kind === 'result') return a.summary === b.summary
  return false
}

/** Counts of outcomes by kind and error code, for the reports. */
export class OutcomeCounts {
  executions = 0
  results = 0
  readonly errors = new Map<string, number>()
  readonly warnings = new Set<string>()
  crashes: Array<{ input: Uint8Array, error: unknown }> = []
  hangs: Array<{ input: Uint8Array, ms: number }> = []

  add (outcome: Outcome, input: Uint8Array): void {
    this.executions++
    if (outcome.kind === 'result') {
      this.results++
      for (const w of outcome.warnings) this.warnings.add(w)
    }
    else if (outcome.kind === 'error') this.errors.set(outcome.code, (this.errors.get(outcome.code) ?? 0) + 1)
    else if (outcome.kind === 'crash') this.crashes.push({ input, error: outcome.error })
    else this.hangs.push({ input, ms: outcome.ms })
  }

  report (): string {
    const errors = [...this.errors.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, n]) => `${c}=${n}`).join(' ')
    return `${this.executions} executions: ${this.results} results, ${this.executions - this.results - this.crashes.length - this.hangs.length} MmseError (${errors}), ` +
      `${this.crashes.length} other exceptions, ${this.hangs.length} hangs; distinct error codes ${this.errors.size}, warning codes ${this.warnings.size} (${[...this.warnings].sort().join(' ')})`
  }
}

// ---------------------------------------------------------------------------------------------
// Structure-aware generation (fast-check): valid-ish PDUs from the grammar, then mutated
// ---------------------------------------------------------------------------------------------

// The grammar's pieces as octet lists, so that arbitraries can spread them (the wire builder
// writes each one).
const text = (s: string): number[] => [...str(s)]
const uv = (n: number): number[] => [...uintvar(n)]
const withLength = (value: number[]): number[] => [...lengthPrefixed(value)]
const longInt = (n: number): number[] => [...longInteger(n)]

/** One MMSE header field (OMA-TS-MMS_ENC §7.3), as code + value octets, drawn from its grammar. */
export function headerArbitrary (): Arbitrary<number[]> {
  const str = fc.string({ maxLength: 12 })
  const small = fc.integer({ min: 0, max: 0x7f })
  const big = fc.integer({ min: 0, max: 0xffffffff })
  const encoded = fc.oneof(
    str.map(text),
    fc.tuple(fc.constantFrom(0xea, 0x83, 0x84, 0x80, 0xff), str).map(([cs, s]) => withLength([cs, ...text(s)])),
    fc.tuple(fc.constantFrom(0x03e8, 0x07ea, 0x270f), fc.uint8Array({ maxLength: 9 })).map(([mib, b]) => withLength([...longInt(mib), ...b, 0])),
  )
  const time = fc.oneof(big.map((n) => withLength([0x80, ...longInt(n)])), small.map((n) => withLength([0x81, 0x80 | n])), big.map((n) => withLength([0x81, ...longInt(n)])))
  return fc.oneof(
    fc.tuple(fc.constantFrom(0x81, 0x82, 0x97, 0x96, 0x93, 0x9a, 0xa6, 0xb5, 0xb6), encoded).map(([c, v]) => [c, ...v]),
    fc.tuple(fc.constantFrom(0x83, 0x8b, 0x98, 0x9e, 0xb7, 0xb8, 0xb9, 0xbd, 0xbe, 0x8a), str).map(([c, s]) => [c, ...text(s)]),
    fc.tuple(fc.integer({ min: 0x81, max: 0xbf }), fc.integer({ min: 0x80, max: 0xff })).map(([c, v]) => [c, v]),
    fc.tuple(fc.constantFrom(0x87, 0x88, 0x9d), time).map(([c, v]) => [c, ...v]),
    fc.tuple(fc.constantFrom(0x85, 0x8e, 0x9f, 0xad, 0xaf, 0xb3), big).map(([c, n]) => [c, ...longInt(n)]),
    fc.oneof(encoded.map((v) => withLength([0x80, ...v])), fc.constant([1, 0x81])).map((v) => [0x89, ...v]),
    fc.tuple(small, encoded).map(([n, v]) => [0xa0, ...withLength([0x80 | n, ...v])]),
    fc.tuple(small, big).map(([n, d]) => [0xa1, ...withLength([0x80 | n, ...longInt(d)])]),
    fc.tuple(fc.constantFrom(0xa4, 0xaa, 0xac, 0xb2), fc.uint8Array({ maxLength: 8 })).map(([c, b]) => [c, ...withLength([...b])]),
    fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), str).map(([n, v]) => [...text(n.replace(/\0/g, '') || 'X'), ...text(v)]),
  )
}

/** A part entry (WAP-230 §8.5.3), possibly a nested multipart or a nested PDU. */
function entryArbitrary (depth: number): Arbitrary<number[]> {
  const type = fc.oneof(
    fc.constantFrom([0x83], [0x9e], [0x81, 0x83], ...(depth > 0 ? [[0xa3], [0xb3], [...text('application/vnd.wap.mms-message')]] : [])),
    fc.tuple(fc.constantFrom(0x83, 0x87), fc.constantFrom(0x81, 0x85, 0x89, 0x8a), fc.string({ maxLength: 8 })).map(([t, p, s]) =>
      withLength([t, p, ...(p === 0x81 ? [0xea] : text(s))])),
  )
  const headers = fc.array(fc.oneof(
    fc.string({ maxLength: 8 }).map((s) => [0xc0, 0x22, ...text(`<${s}>`)]),
    fc.string({ maxLength: 8 }).map((s) => [0x8e, ...text(s)]),
    fc.string({ maxLength: 8 }).map((s) => [0xae, ...withLength([0x81, 0x86, ...text(s)])]),
    fc.constantFrom('base64', 'quoted-printable', '7bit').map((e) => [...text('Content-Transfer-Encoding'), ...text(e)]),
  ), { maxLength: 3 }).map((hs) => hs.flat())
  const nested = depth > 0 ? multipartArbitrary(depth - 1) : fc.constant([0x00])
  return fc.tuple(type, headers, fc.uint8Array({ maxLength: 24 }), nested).map(([t, h, data, inner]) => {
    const isContainer = t.length === 1 && (t[0] === 0xa3 || t[0] === 0xb3) || t.length > 20
    const body = isContainer ? inner : [...data]
    return [...uv(t.length + h.length), ...uv(body.length), ...t, ...h, ...body]
  })
}

function multipartArbitrary (depth: number): Arbitrary<number[]> {
  return fc.array(entryArbitrary(depth), { maxLength: 4 }).map((entries) => [...uv(entries.length), ...entries.flat()])
}

/** A whole PDU: Message-Type, Transaction-Id, Version, random fields, then perhaps a body. */
export function pduArbitrary (): Arbitrary<Uint8Array> {
  return fc.tuple(
    fc.constantFrom(0x80, 0x84, 0x82, 0x81, 0x86, 0x92, 0x93, 0x94, 0x95),
    fc.array(headerArbitrary(), { maxLength: 10 }),
    fc.oneof(fc.constant(null), multipartArbitrary(2).map((m) => [0x84, 0xa3, ...m]), fc.uint8Array({ maxLength: 16 }).map((d) => [0x84, 0x83, ...d])),
  ).map(([type, headers, body]) => Uint8Array.from([0x8c, type, 0x98, ...text('fc'), 0x8d, 0x92, ...headers.flat(), ...(body ?? [])]))
}

/**
 * `count` random mutations of `seeds` through decode() (the full acceptance check:
 * "100,000 random mutations of corpus files yield only results or MmseError").
 */
export function mutationRun (seeds: Uint8Array[], count: number, seed: number): { counts: OutcomeCounts, ms: number } {
  const rnd = prng(seed)
  const counts = new OutcomeCounts()
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    const input = seeds[Math.floor(rnd() * seeds.length)] as Uint8Array
    const { bytes } = mutate(input, rnd, seeds[Math.floor(rnd() * seeds.length)] as Uint8Array)
    counts.add(decodeOutcome(bytes), bytes)
  }
  return { counts, ms: performance.now() - started }
}
