/**
 * Hostile inputs, each through decode() and MmseParser: lengths that lie,
 * oversized uintvars (WAP-230 §8.1.2), Value-length 31 with a huge uintvar (§8.4.2.2), entry
 * counts and depths that would exhaust memory (§8.5), runaway header sections, unterminated
 * text, lying charsets (MMSE §7.2.9), hostile file names and prototype-polluting names.
 * Every byte here is built from the specification; none comes from the corpus.
 */
import { Readable } from 'node:stream'
import t, { type Test } from 'tap'
import { decode, MAX_DEPTH } from '../../../lib/index.js'
import { MmseError } from '../../../lib/errors.js'
import type { DecodeOptions } from '../../../lib/options.js'
import { MmseParser } from '../../../lib/index.js'
import type { DecodedPart, MmsePart } from '../../../lib/index.js'
import { decodeOutcome, type Outcome, streamOutcome } from '../../support/fuzz.js'
import { bytes as wire, entry, hex, multipart, retrieveConf, str, uintvar } from '../../support/wire.js'

/** m-retrieve-conf 1.2 head up to Content-Type: multipart/mixed (0xA3). */
const RETRIEVE = [0x8c, 0x84, 0x98, ...str('hostile'), 0x8d, 0x92]
const MIXED = [...RETRIEVE, 0x84, 0xa3]
const MIB = 2 ** 20

/** Splits into chunks of `size` octets. */
function chunked (bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size))
  return out
}

/** Same outcome from decode() and from the stream in `chunkSize` chunks; returns decode's. */
async function both (t: Test, bytes: Uint8Array, options?: DecodeOptions, chunkSize = 7): Promise<Outcome> {
  const whole = decodeOutcome(bytes, options)
  const streamed = await streamOutcome(chunked(bytes, chunkSize), options)
  t.same(streamed.kind === 'error' ? streamed.code : streamed.kind, whole.kind === 'error' ? whole.code : whole.kind, 'the stream ends as decode() does')
  if (whole.kind === 'result' && streamed.kind === 'result') t.equal(streamed.summary, whole.summary, 'same headers and parts')
  return whole
}

const codeOf = (o: Outcome): string => o.kind === 'error' ? o.code : o.kind

t.test('a DataLen of 4 GiB - 1 in a 1 KiB input: no large allocation, clean truncation', async (t) => {
  const bytes = Uint8Array.from([...MIXED, 0x01, 0x01, ...uintvar(2 ** 32 - 1), 0x83, ...new Array(1000).fill(0x41)])
  t.ok(bytes.length < 1100)
  const before = process.memoryUsage()
  const outcome = await both(t, bytes)
  const after = process.memoryUsage()
  t.equal(codeOf(outcome), 'ERR_MMSE_TRUNCATED')
  t.ok(after.arrayBuffers - before.arrayBuffers < 16 * MIB, `arrayBuffers +${((after.arrayBuffers - before.arrayBuffers) / MIB).toFixed(1)} MiB`)
  t.ok(after.rss - before.rss < 64 * MIB, `rss +${((after.rss - before.rss) / MIB).toFixed(1)} MiB`)
})

t.test('uintvars of 6 or more octets', async (t) => {
  for (const [where, bytes] of [
    ['nEntries', [...MIXED, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]],
    ['HeadersLen', [...MIXED, 0x01, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01, 0x83, 0x41]],
    ['DataLen', [...MIXED, 0x01, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x83, 0x41]],
  ] as const) {
    t.equal(codeOf(await both(t, Uint8Array.from(bytes))), 'ERR_MMSE_BAD_UINTVAR', where)
  }
  // Five octets, but above 2^32-1.
  t.equal(codeOf(await both(t, Uint8Array.from([...MIXED, 0x9f, 0xff, 0xff, 0xff, 0x7f]))), 'ERR_MMSE_BAD_UINTVAR', 'value above 2^32-1')
})

t.test('Value-length 31 with a huge uintvar', async (t) => {
  // Subject: Length-quote, uintvar 2^32-1, charset utf-8, "x": the value claims 4 GiB in a few octets.
  const bytes = Uint8Array.from([...RETRIEVE, 0x96, 0x1f, ...uintvar(2 ** 32 - 1), 0xea, ...str('x')])
  const before = process.memoryUsage().arrayBuffers
  const outcome = await both(t, bytes)
  t.ok(outcome.kind === 'error', `an MmseError (${codeOf(outcome)})`)
  t.ok(process.memoryUsage().arrayBuffers - before < 16 * MIB, 'no allocation of the claimed size')
})

t.test('nEntries = 2^32-1: ERR_MMSE_LIMIT_PARTS before any part', async (t) => {
  const bytes = Uint8Array.from([...MIXED, ...uintvar(2 ** 32 - 1), ...entry([0x83], [], [0x41])])
  t.equal(codeOf(await both(t, bytes)), 'ERR_MMSE_LIMIT_PARTS')
  const parts: MmsePart[] = []
  const parser = new MmseParser()
  parser.on('part', (p: MmsePart) => parts.push(p))
  const error = await new Promise<unknown>((resolve) => { parser.on('error', resolve); parser.end(Buffer.from(bytes)) })
  t.equal((error as MmseError).code, 'ERR_MMSE_LIMIT_PARTS')
  t.equal(parts.length, 0, 'no part event')
})

t.test('multiparts nested 1,000 levels deep: ERR_MMSE_LIMIT_DEPTH', async (t) => {
  let inner = [0x01, ...entry([0x83], [], [0x41])]
  for (let level = 0; level < 1000; level++) inner = [0x01, ...entry([0xa3], [], inner)]
  const bytes = Uint8Array.from([...RETRIEVE, 0x84, 0xa3, ...inner])
  const started = performance.now()
  t.equal(codeOf(await both(t, bytes)), 'ERR_MMSE_LIMIT_DEPTH')
  t.comment(`1,000 levels rejected in ${(performance.now() - started).toFixed(1)} ms`)
  // Nested PDUs count as containers too (application/vnd.wap.mms-message entries).
  let pdu = [...RETRIEVE, 0x84, 0x83, 0x41]
  for (let level = 0; level < 50; level++) pdu = [...MIXED, 0x01, ...entry(str('application/vnd.wap.mms-message'), [], pdu)]
  t.equal(codeOf(await both(t, Uint8Array.from(pdu))), 'ERR_MMSE_LIMIT_DEPTH', 'nested PDUs')
})

t.test('maxDepth is at most MAX_DEPTH: a path per part makes deeper chains quadratic', async (t) => {
  let inner = multipart([entry(hex('83'), [], 'x')])
  for (let level = 1; level < MAX_DEPTH; level++) inner = multipart([entry(hex('a3'), [], inner)])
  const deepest = retrieveConf(inner)
  const leaf = (parts: DecodedPart[]): DecodedPart => parts[0]?.parts === undefined ? parts[0] as DecodedPart : leaf(parts[0].parts)
  t.equal(leaf(decode(deepest, { limits: { maxDepth: MAX_DEPTH } }).parts).path.length, MAX_DEPTH, `${MAX_DEPTH} levels, the most a caller can allow`)
  t.equal(codeOf(await both(t, deepest)), 'ERR_MMSE_LIMIT_DEPTH', 'past the default')
  for (const maxDepth of [MAX_DEPTH + 1, Infinity]) {
    t.throws(() => decode(deepest, { limits: { maxDepth } }), { code: 'ERR_MMSE_BAD_OPTION', message: new RegExp(`^limits.maxDepth must be an integer from 0 to ${MAX_DEPTH}`) })
    t.throws(() => new MmseParser({ limits: { maxDepth } }), { code: 'ERR_MMSE_BAD_OPTION' })
  }
})

t.test('maxPartHeaderFields: the header fields of all entries, counted over the message', async (t) => {
  // Two entries of two fields each (a Content-ID and a raw one), and a code-page shift, which is no field.
  const fields = [wire(0xc0, '"<a>'), hex('ff 00'), hex('02')]
  const first = entry(hex('83'), fields, 'x')
  const message = retrieveConf(multipart([first, entry(hex('83'), fields, 'y')]))
  t.equal(decode(message, { limits: { maxPartHeaderFields: 4 } }).parts.length, 2, 'four fields within a limit of four')
  // The second entry's ContentType follows its HeadersLen and DataLen, one octet each.
  const at = retrieveConf(multipart([first])).length + 2
  const err = t.throws(() => decode(message, { limits: { maxPartHeaderFields: 3 } })) as MmseError
  t.match(err, { code: 'ERR_MMSE_LIMIT_PART_HEADER_FIELDS', offset: at, limit: 3 }, 'at the entry that passes it')
  t.equal(codeOf(await both(t, message, { limits: { maxPartHeaderFields: 3 } })), 'ERR_MMSE_LIMIT_PART_HEADER_FIELDS', 'the stream too')
  // A nested PDU's header fields count too: four here, the last at the end of the input.
  const nested = retrieveConf(multipart([entry(str('application/vnd.wap.mms-message'), [], wire(0x8c, 0x84, 0x98, 't', 0x8d, 0x92, 0x86, 0x80))]))
  t.equal(decode(nested, { limits: { maxPartHeaderFields: 4 } }).parts[0]?.message?.headers.deliveryReport, true, 'four within four')
  t.match(t.throws(() => decode(nested, { limits: { maxPartHeaderFields: 3 } })), { code: 'ERR_MMSE_LIMIT_PART_HEADER_FIELDS', offset: nested.length - 2, limit: 3 })
  t.equal(codeOf(await both(t, nested, { limits: { maxPartHeaderFields: 3 } })), 'ERR_MMSE_LIMIT_PART_HEADER_FIELDS', 'the stream too')
  // A part header of two octets kept raw costs over a hundred bytes of heap: the default bounds them all.
  const tiny = entry(hex('83'), Array.from({ length: 4100 }, () => hex('ff 00')), 'x')
  const flood = retrieveConf(multipart([tiny, tiny]))
  t.match(decodeOutcome(flood), { kind: 'error', code: 'ERR_MMSE_LIMIT_PART_HEADER_FIELDS' }, `${flood.length} octets of tiny part headers`)
})

t.test('100,000 tiny parts: a limit error in bounded time; with maxParts raised, success in bounded time', async (t) => {
  const count = 100_000
  const tiny = entry([0x83], [], [0x41])
  const bytes = new Uint8Array(MIXED.length + uintvar(count).length + count * tiny.length)
  bytes.set([...MIXED, ...uintvar(count)])
  for (let i = 0, at = MIXED.length + uintvar(count).length; i < count; i++, at += tiny.length) bytes.set(tiny, at)
  let started = performance.now()
  t.equal(codeOf(await both(t, bytes, undefined, 64 * 1024)), 'ERR_MMSE_LIMIT_PARTS')
  const rejectMs = performance.now() - started
  started = performance.now()
  const message = decode(bytes, { limits: { maxParts: count } })
  const decodeMs = performance.now() - started
  t.equal(message.parts.length, count)
  started = performance.now()
  const streamed = await streamOutcome(chunked(bytes, 64 * 1024), { limits: { maxParts: count } })
  const streamMs = performance.now() - started
  t.equal(streamed.kind, 'result', 'the stream delivers them all')
  t.comment(`100,000 parts: rejected in ${rejectMs.toFixed(0)} ms; decoded in ${decodeMs.toFixed(0)} ms; streamed in ${streamMs.toFixed(0)} ms`)
  t.ok(rejectMs < 2000 && decodeMs < 10_000 && streamMs < 30_000, 'bounded time')
})

t.test('10 MB of textual application headers: ERR_MMSE_LIMIT_HEADER_BYTES, carry-over bounded', async (t) => {
  const header = Buffer.from([...str('X-Filler'), ...str('v'.repeat(100))])
  const total = 10 * 1000 * 1000
  function * source (): Generator<Buffer> {
    // Generated lazily in 1 KiB chunks: only what the parser keeps stays in memory.
    let pending = Buffer.from(RETRIEVE)
    for (let sent = 0; sent < total;) {
      while (pending.length < 1024) pending = Buffer.concat([pending, header])
      yield pending.subarray(0, 1024)
      pending = pending.subarray(1024)
      sent += 1024
    }
  }
  const before = process.memoryUsage().arrayBuffers
  let peak = before
  const parser = new MmseParser()
  const input = Readable.from(source(), { objectMode: false })
  input.on('data', () => { peak = Math.max(peak, process.memoryUsage().arrayBuffers) })
  const error = await new Promise<unknown>((resolve) => {
    parser.on('error', resolve)
    parser.on('close', () => resolve(undefined))
    parser.resume()
    input.pipe(parser)
  })
  input.destroy()
  t.equal((error as MmseError).code, 'ERR_MMSE_LIMIT_HEADER_BYTES')
  t.ok((error as MmseError).offset <= 64 * 1024 + 1024, `stopped at offset ${(error as MmseError).offset}, within the limit and one chunk`)
  t.ok(peak - before < 4 * MIB, `arrayBuffers grew by ${((peak - before) / MIB).toFixed(2)} MiB while streaming`)
  // decode() of the whole block: the same error.
  const block = Buffer.concat([Buffer.from(RETRIEVE), ...Array.from({ length: Math.ceil(total / header.length) }, () => header)])
  t.equal(codeOf(decodeOutcome(block)), 'ERR_MMSE_LIMIT_HEADER_BYTES', 'decode() of 10 MB')
})

t.test('a text-string without NUL to the end of the input', async (t) => {
  t.equal(codeOf(await both(t, Uint8Array.from([0x8c, 0x84, 0x98, ...Buffer.from('no terminator')]))), 'ERR_MMSE_TRUNCATED')
  t.equal(codeOf(await both(t, Uint8Array.from([...RETRIEVE, 0x96, ...Buffer.from('subject without end')]))), 'ERR_MMSE_TRUNCATED')
  const long = Uint8Array.from([...RETRIEVE, 0x96, ...new Array(200_000).fill(0x61)])
  t.equal(codeOf(await both(t, long, undefined, 4096)), 'ERR_MMSE_LIMIT_HEADER_BYTES', '200 KB of unterminated text: the header limit')
})

t.test('unknown and lying charsets', async (t) => {
  const subject = (value: number[]): Uint8Array => Uint8Array.from([...RETRIEVE, 0x96, ...value, 0x84, 0x83, 0x41])
  const cases: Array<[string, number[], string?]> = [
    ['utf-8 declared, invalid bytes', [0x06, 0xea, 0xc3, 0x28, 0xff, 0x41, 0x00]],
    ['UTF-16 (1015) with an odd length', [0x06, 0x02, 0x03, 0xf7, 0x00, 0x41, 0x42]],
    ['MIBenum 9999', [0x06, 0x02, 0x27, 0x0f, ...str('ab')]],
    ['Any-charset', [0x04, 0x80, ...str('ab')]],
    // Read as the Long-integer it is, 0x08 names no charset; as Android reads it, iso-8859-5 (docs/wire-format.md Q29).
    ['charset as an 8-octet Long-integer', [0x0b, 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x41, 0x00], 'iso-8859-5'],
  ]
  for (const [name, value, android] of cases) {
    const bytes = subject(value)
    const outcome = await both(t, bytes)
    t.ok(outcome.kind === 'result' || outcome.kind === 'error', `${name}: ${codeOf(outcome)}`)
    if (outcome.kind === 'result') {
      const text = decode(bytes).headers.subject
      t.type(text?.text, 'string', `${name}: text decoded`)
      t.ok(outcome.warnings.includes('WARN_MMSE_CHARSET'), `${name}: WARN_MMSE_CHARSET`)
      if (android === undefined) t.ok(text?.raw instanceof Uint8Array, `${name}: raw bytes kept`)
      else t.equal(text?.charset, android, `${name}: read as Android reads it`)
    }
  }
  // Part text with a lying charset parameter: text() decodes without throwing.
  const part = Uint8Array.from([...MIXED, 0x01, ...entry([0x03, 0x83, 0x81, 0xea], [], [0xc3, 0x28, 0xff])])
  const parser = new MmseParser()
  const texts: string[] = []
  parser.on('part', (p: MmsePart) => { void p.text().then((s) => texts.push(s)) })
  await new Promise((resolve, reject) => { parser.on('finish', resolve); parser.on('error', reject); parser.end(Buffer.from(part)) })
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(texts.length, 1, 'part.text() of invalid utf-8 resolves')
})

t.test('hostile Content-Disposition file names give safe part filenames', async (t) => {
  const names = ['../../etc/passwd', '/abs/path/evil.sh', '..\\..\\win.ini', 'line\r\nbreak.txt', 'tab\there\u0001.txt', '..', '....', 'nul\u0000after']
  for (const name of names) {
    // Content-Disposition (0xAE): Value-length, attachment (0x81), Filename (0x86) Text-string.
    const disposition = [0x81, 0x86, ...str(name)]
    const bytes = Uint8Array.from([...MIXED, 0x01, ...entry([0x83], [0xae, ...uintvar(disposition.length), ...disposition], [0x41])])
    const outcome = await both(t, bytes)
    if (outcome.kind !== 'result') { t.ok(outcome.kind === 'error', `${JSON.stringify(name)}: ${codeOf(outcome)}`); continue }
    const filename = decode(bytes).parts[0]?.filename
    t.ok(filename === undefined || (!/[/\\\u0000-\u001f\u007f]/.test(filename) && !filename.startsWith('.')), `${JSON.stringify(name)} -> ${JSON.stringify(filename)}`)
    const streamed = await new Promise<string | undefined>((resolve, reject) => {
      const parser = new MmseParser()
      parser.on('part', (p: MmsePart) => { resolve(p.filename); p.resume() })
      parser.on('error', reject)
      parser.end(Buffer.from(bytes))
    })
    t.equal(streamed, filename, 'the stream names it the same')
  }
})

t.test('__proto__, constructor and hasOwnProperty as names: no prototype pollution', async (t) => {
  const names = ['__proto__', 'constructor', 'hasOwnProperty', 'toString']
  const app = names.flatMap((n) => [...str(n), ...str(`polluted-${n}`)])
  const partHeaders = names.flatMap((n) => [...str(n), ...str(`part-${n}`)])
  // Content-Type general form: text/plain (0x83) with untyped parameters named like the prototype's members.
  const params = names.flatMap((n) => [...str(n), ...str(`param-${n}`)])
  const type = [...(params.length + 1 <= 30 ? [params.length + 1] : [0x1f, ...uintvar(params.length + 1)]), 0x83, ...params]
  const bytes = Uint8Array.from([...RETRIEVE, ...app, 0x84, 0xa3, 0x01, ...entry(type, partHeaders, [0x41])])
  const outcome = await both(t, bytes)
  t.equal(outcome.kind, 'result')
  const message = decode(bytes)
  t.equal(({} as Record<string, unknown>)['polluted'], undefined)
  t.equal(Object.prototype.toString.call({}), '[object Object]', 'Object.prototype intact')
  for (const n of names) t.equal(Object.getOwnPropertyDescriptor(Object.prototype, n)?.value === 'polluted', false)
  const applicationHeaders = message.headers.applicationHeaders ?? {}
  const part = message.parts[0]
  for (const n of names) {
    t.ok(Object.hasOwn(applicationHeaders, n), `MMS application header ${n} kept as data`)
    t.equal(Object.getOwnPropertyDescriptor(applicationHeaders, n)?.value, `polluted-${n}`)
    t.equal(part && Object.getOwnPropertyDescriptor(part.headers, n.toLowerCase())?.value, `part-${n}`, `part header ${n} kept as data`)
    t.equal(part && Object.getOwnPropertyDescriptor(part.contentType.params, n.toLowerCase())?.value, `param-${n}`, `parameter ${n} kept as data`)
  }
  t.equal(typeof (applicationHeaders as { hasOwnProperty: unknown }).hasOwnProperty === 'function' && Object.getPrototypeOf(applicationHeaders) !== null, false, 'application headers: a null-prototype object or own data')
})

t.test('GrapheneOS crash input 8C 82 89 40', async (t) => {
  const outcome = await both(t, Uint8Array.from([0x8c, 0x82, 0x89, 0x40]), undefined, 1)
  t.equal(outcome.kind, 'error', `an MmseError (${codeOf(outcome)})`)
})

t.test('AOSP HeadersLen 0x7FFFFFFF', async (t) => {
  const bytes = Uint8Array.from([...MIXED, 0x01, ...uintvar(0x7fffffff), 0x01, 0x83, 0x41])
  t.equal(codeOf(await both(t, bytes)), 'ERR_MMSE_LIMIT_PART_HEADER_BYTES')
  // With the limit lifted, the lie is caught against the input instead.
  t.equal(codeOf(await both(t, bytes, { limits: { maxPartHeaderBytes: Infinity } })), 'ERR_MMSE_TRUNCATED')
})
