/**
 * Every codec both ways (property tests, fast-check, seeded): what a writer accepts, its reader
 * gives back (write-then-read is the identity on the values the decoder outputs); writing what
 * was read gives the same bytes (read-then-write of canonical input); and a value the reader
 * could never produce, the writer refuses (integers of every size up to 2^72, text with every
 * class of code point: ASCII, controls, NUL, Latin-1, BMP, astral, lone surrogates).
 */
import fc from 'fast-check'
import t from 'tap'
import { MmseError } from '../../../lib/errors.js'
import { writeField } from '../../../lib/mmse/fields.js'
import { HEADERS } from '../../../lib/mmse/table.js'
import { MESSAGE_TYPES as MESSAGE_TYPE_TABLE } from '../../../lib/tables/mmse-enumerations.js'
import { contentType } from '../../../lib/wsp/content-type.js'
import { DecodeContext, type EncodeContext, NO_PDU } from '../../../lib/wsp/context.js'
import { dateValue } from '../../../lib/wsp/date.js'
import { encodedString } from '../../../lib/wsp/encoded-string.js'
import { entryHeaders } from '../../../lib/wsp/headers.js'
import { integerValue, longInteger, shortInteger, uintvar, valueLength } from '../../../lib/wsp/integers.js'
import { readParameters, writeParameters } from '../../../lib/wsp/parameters.js'
import { quotedString, textValue, tokenText, utf8Text } from '../../../lib/wsp/strings.js'
import { versionValue } from '../../../lib/wsp/version.js'
import { ByteWriter } from '../../../lib/wsp/writer.js'
import { fieldArbitraries, MESSAGE_TYPES } from '../encode/arbitraries.test.js'
import { plain } from '../../support/transcript.js'

const RUNS = { seed: 20261201, numRuns: 300 }
/** A token (RFC 2616 §2.2): CHARs that are neither controls nor separators. */
const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z|~]+$/

interface AnyCodec {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): { value: unknown, next: number }
  write (w: ByteWriter, value: never, ctx: EncodeContext): void
}

/** The bytes a codec writes for `value`, or the MmseError it refuses it with. */
function write (codec: AnyCodec, value: unknown, ctx: EncodeContext = NO_PDU): Uint8Array | MmseError {
  const w = new ByteWriter(4)
  try {
    codec.write(w, value as never, ctx)
  } catch (err) {
    if (err instanceof MmseError && err.code === 'ERR_MMSE_BAD_INPUT') return err
    throw err
  }
  return w.toBuffer()
}

function read (codec: AnyCodec, bytes: Uint8Array, messageType = 0): unknown {
  const ctx = new DecodeContext(true)
  ctx.messageType = messageType
  const value = codec.read(bytes, 0, bytes.length, ctx)
  if (value.next !== bytes.length) throw new Error(`read ${value.next} of ${bytes.length} octets`)
  return value.value
}

/**
 * `accepts(value)` says which values the writer must take; for those, reading gives `expected`
 * (default: the value) and writing that gives the same bytes again; the others are refused.
 */
function agrees<T> (codec: AnyCodec, values: fc.Arbitrary<T>, accepts: (value: T) => boolean, expected: (value: T) => unknown = (v) => v): void {
  fc.assert(fc.property(values, (value) => {
    const bytes = write(codec, value)
    if (!accepts(value)) return bytes instanceof MmseError
    if (bytes instanceof MmseError) throw new Error(`refused ${String(value)}: ${bytes.message}`)
    const back = read(codec, bytes)
    const again = write(codec, back)
    return JSON.stringify(plain(back)) === JSON.stringify(plain(expected(value))) && Buffer.from(bytes).equals(again as Uint8Array)
  }), RUNS)
}

/** Integers of every bit length up to 72, as numbers where safe and as bigints always. */
const integers = fc.integer({ min: 0, max: 72 }).chain((bits) => fc.bigInt({ min: bits === 0 ? 0n : 1n << BigInt(bits - 1), max: (1n << BigInt(bits)) - 1n }))
  .chain((big) => big <= BigInt(Number.MAX_SAFE_INTEGER) ? fc.constantFrom<number | bigint>(Number(big), big) : fc.constant(big))
const canonical = (value: number | bigint): number | bigint => BigInt(value) <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : BigInt(value)
const below = (limit: bigint) => (value: number | bigint): boolean => BigInt(value) < limit

t.test('integers of every size: written below 2^64 and read back; refused from 2^64 on, as their 9-octet form is', async (t) => {
  agrees(longInteger, integers, below(2n ** 64n), canonical)
  agrees(integerValue, integers, below(2n ** 64n), canonical)
  agrees(uintvar, integers.map(Number), (v) => v <= 0xffffffff && Number.isSafeInteger(v))
  agrees(valueLength, integers.map(Number), (v) => v <= 0xffffffff && Number.isSafeInteger(v))
  agrees(shortInteger, fc.integer({ min: -5, max: 300 }), (v) => v >= 0 && v <= 127)
  agrees(longInteger, fc.oneof(fc.integer({ min: -(2 ** 40), max: -1 }), fc.double({ noInteger: true })), () => false)
  // The reader side of the same bound: Long-integer lengths 1-8 read, 9-30 are refused.
  for (let length = 1; length <= 30; length++) {
    const bytes = Uint8Array.from([length, ...new Array<number>(length).fill(0xff)])
    const readable = length <= 8
    t.equal(thrownCode(() => read(longInteger, bytes)), readable ? undefined : 'ERR_MMSE_BAD_INTEGER', `${length} octets ${readable ? 'read' : 'refused'}`)
    if (readable) t.ok(Buffer.from(write(longInteger, read(longInteger, bytes)) as Uint8Array).equals(bytes), `${length} octets written back the same`)
  }
})

/** One character of every class: ASCII, controls, NUL, the Quote octets, Latin-1, BMP (lone surrogates too), astral. */
const char = fc.oneof(
  fc.constantFrom('\u0000', '"', '\u007f', ' '),
  fc.integer({ min: 0x01, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x100, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
)
const texts = fc.string({ unit: char, maxLength: 8 })
const wellFormed = (s: string): boolean => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s)

/** A codec that reads octets, read as the text its writer took. */
function asText (codec: AnyCodec, encoding: 'latin1' | 'utf8'): AnyCodec {
  return {
    read: (b, p, e, c) => { const octets = codec.read(b, p, e, c); return { value: Buffer.from(octets.value as Uint8Array).toString(encoding), next: octets.next } },
    write: (w, v, c) => { codec.write(w, v, c) },
  }
}

t.test('text of every code point class', async () => {
  agrees(utf8Text, texts, (s) => wellFormed(s) && !s.includes('\0'))
  agrees(asText(tokenText, 'latin1'), texts, (s) => TOKEN.test(s))
  agrees(asText(quotedString, 'utf8'), texts, (s) => wellFormed(s) && !s.includes('\0') && !s.endsWith('"'))
  agrees(asText(textValue, 'utf8'), texts, (s) => s === '' || TOKEN.test(s) || (wellFormed(s) && !s.includes('\0') && !s.endsWith('"')))
  agrees(encodedString, texts, (s) => wellFormed(s) && !s.includes('\0'),
    (s) => /^(?:[\x20-\x7e][\x01-\x7e]*)?$/.test(s) ? { text: s } : { text: s, mib: 106, charset: 'utf-8' })
})

t.test('dates and versions', async () => {
  agrees(dateValue, fc.integer({ min: -(10 ** 6), max: 8.64e12 }).map((s) => new Date(s * 1000)), (d) => d.getTime() >= 0)
  agrees(versionValue, fc.oneof(fc.constantFrom('1.0', '1.1', '1.2', '1.3', '1', '7.14', '2.15', '1.01'), fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 5 })), () => true)
})

const mediaTypes = fc.oneof(
  fc.constantFrom('image/jpeg', 'text/plain', 'application/smil', 'application/vnd.wap.multipart.related', 'application/vnd.uplanet.signal', 'audio/amr'),
  fc.stringMatching(/^[a-z]{1,8}\/[a-z0-9.+-]{1,10}$/),
)
/** Parameters in the forms the decoder gives back: a value of the kind the name's first number holds, or untyped text and integers. */
const typedParams = fc.record({
  charset: fc.constantFrom('utf-8', 'us-ascii', 'shift_jis', '*', 'x-unknown'),
  name: fc.constantFrom('a.jpg', 'é.txt'),
  type: fc.oneof(fc.constantFrom('image/jpeg', 'application/smil', 'x/y'), fc.integer({ min: 0, max: 1000 })),
  start: fc.constant('<a>'),
  q: fc.integer({ min: 0, max: 999 }).map((n) => n / 1000),
  size: fc.integer({ min: 0, max: 10 ** 9 }),
  level: fc.constantFrom('1.2', '3'),
  secure: fc.constant(true as const),
  mac: fc.constantFrom('abc', '"q'),
  'x-custom': fc.oneof(fc.constantFrom('', 'v', 'é'), fc.integer({ min: 0, max: 10 ** 6 })),
}, { requiredKeys: [] }).map((p) => Object.fromEntries(Object.entries(p)))

t.test('content types and parameters', async () => {
  agrees(contentType, fc.record({ mediaType: mediaTypes, params: typedParams }), () => true)
  agrees({ read: (b, p, e, c) => ({ value: readParameters(b, p, e, c), next: e }), write: (w, v) => { writeParameters(w, v) } }, typedParams, () => true)
})

const headerValues = fc.dictionary(
  fc.constantFrom('content-id', 'content-location', 'content-disposition', 'content-transfer-encoding', 'x-custom', 'date', 'content-length', 'push-flag'),
  fc.oneof(fc.constantFrom('<a>', 'a.jpg', 'base64', 'inline'), fc.integer({ min: 0, max: 127 })),
  { maxKeys: 4 },
).map((headers) => Object.fromEntries(Object.entries(headers).filter(([name, value]) =>
  (['content-id', 'content-location', 'content-transfer-encoding', 'x-custom'].includes(name) ? typeof value === 'string' : true) &&
  (name === 'date' ? typeof value === 'number' : true) && (name === 'content-disposition' ? typeof value === 'string' : true))
  .map(([name, value]) => [name, name === 'content-disposition' ? { disposition: value === 'inline' ? 'inline' : String(value).toLowerCase(), params: {} } : value])))

t.test('entry headers', async () => {
  // A Disposition that no octet names is a Token-text, so '<a>' is refused.
  const tokens = (entry: { headers: Record<string, unknown> }): boolean => Object.values(entry.headers).every((value) => typeof value !== 'object' || TOKEN.test((value as { disposition: string }).disposition))
  // The reader also counts the fields it read (one per header here: none repeats).
  agrees(entryHeaders, fc.record({ contentType: fc.record({ mediaType: mediaTypes, params: typedParams }), headers: headerValues }), tokens,
    (entry) => ({ ...entry, fields: Object.keys(entry.headers).length }))
})

t.test('every header field, in every message type', async (t) => {
  for (const type of MESSAGE_TYPES) {
    const messageType = MESSAGE_TYPE_TABLE.code(type) as number
    const fields = fieldArbitraries(type)
    for (const def of HEADERS) {
      const values = fields[def.key]
      if (values === undefined) continue
      fc.assert(fc.property(values, (value) => {
        const ctx: EncodeContext = { messageType }
        for (const one of (def.repeats || def.statusCount === true) && Array.isArray(value) ? value : [value]) {
          const w = new ByteWriter()
          writeField(w, def, one, ctx)
          const bytes = w.toBuffer().subarray(1)
          const back = read(def.codec, bytes, messageType)
          const again = new ByteWriter()
          def.codec.write(again, back, ctx)
          if (JSON.stringify(plain(back)) !== JSON.stringify(plain(one)) || !again.toBuffer().equals(bytes)) return false
        }
        return true
      }), { ...RUNS, numRuns: 20 })
    }
  }
  t.pass('63 fields x 24 message types')
})

function thrownCode (fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    return (err as MmseError).code
  }
  return undefined
}
