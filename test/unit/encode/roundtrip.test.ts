// Round trips. Property tests over all 24 message types and all 63 header fields:
// decode(encode(m)) deep-equals m. Over the corpus in ../shared/corpus (read at test time,
// never copied: GPL/AGPL): encode(decode(bytes)) is counted byte-identical, and every
// difference is put in a named category of non-canonical source form; the test fails on any
// difference no category explains.
import { isDeepStrictEqual } from 'node:util'
import { existsSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import t from 'tap'
import { decode, type DecodedPart, type MmseMessage } from '../../../lib/index.js'
import { MmseError } from '../../../lib/errors.js'
import { HEADERS } from '../../../lib/mmse/table.js'
import { encode } from '../../../lib/encode/encode.js'
import type { EncodeMessage, EncodePart } from '../../../lib/encode/input.js'
import { DecodeContext } from '../../../lib/wsp/context.js'
import { uintvar as uintvarCodec } from '../../../lib/wsp/integers.js'

const uintvar = (bytes: Uint8Array, pos: number, end: number) => uintvarCodec.read(bytes, pos, end, new DecodeContext(true))
import { anyMessage, everyField, MESSAGE_TYPES, messageOf } from './arbitraries.test.js'

/** Deep copy with plain prototypes and Uint8Arrays as hex, so decoded values compare with literals. */
function plain (value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
  if (value instanceof Date || typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(plain)
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
}

/** What a part is, without what the decoder adds (index, path, offset, size, conveniences). */
function partView (part: EncodePart | DecodedPart): unknown {
  const data = part.data
  return plain({
    contentType: part.contentType,
    headers: part.headers ?? {},
    data: typeof data === 'string' ? Buffer.from(data) : data ?? new Uint8Array(),
    ...(part.parts === undefined ? {} : { parts: part.parts.map(partView) }),
  })
}

/** Both forms, with parts in the transfer encoding their headers name, so that every header comes back. */
function roundTrip (message: EncodeMessage): void {
  roundTripIn(message, { transferEncoding: true })
  roundTripIn(message, { transferEncoding: true, forms: 'shortest' })
}

function roundTripIn (message: EncodeMessage, options: Parameters<typeof encode>[1]): void {
  const decoded = decode(encode(message, options))
  const expected = plain(message.headers)
  const actual = plain(decoded.headers)
  if (!isDeepStrictEqual(actual, expected)) throw new Error(`headers differ:\n${JSON.stringify(actual, bigints)}\n${JSON.stringify(expected, bigints)}`)
  const parts = (message.parts ?? []).map(partView)
  const got = decoded.parts.map(partView)
  if (!isDeepStrictEqual(got, parts)) throw new Error(`parts differ:\n${JSON.stringify(got)}\n${JSON.stringify(parts)}`)
}

const bigints = (_key: string, value: unknown) => typeof value === 'bigint' ? `${value}n` : value

t.test('decode(encode(m)) equals m for every message type (fast-check)', async (t) => {
  const runs = 40
  for (const type of MESSAGE_TYPES) {
    fc.assert(fc.property(messageOf(type), (message) => { roundTrip(message) }), { numRuns: runs, seed: 0x5eed + type.length })
    t.pass(`${type}: ${runs} messages round-trip`)
  }
})

t.test('all 63 header fields, each in many values, and all at once', async (t) => {
  const seen = new Map<string, number>()
  fc.assert(fc.property(anyMessage, (message) => {
    for (const key of Object.keys(message.headers)) seen.set(key, (seen.get(key) ?? 0) + 1)
    roundTrip(message)
  }), { numRuns: 600, seed: 42 })
  for (const def of HEADERS) t.ok((seen.get(def.key) ?? 0) >= 10, `${def.name}: ${seen.get(def.key) ?? 0} values`)
  for (let seed = 1; seed <= 20; seed++) roundTrip(everyField('m-send-req', seed))
  t.pass('every field in one PDU, 20 times')
})

// ---------------------------------------------------------------------------
// The corpus: encode(decode(bytes)) against bytes.
// ---------------------------------------------------------------------------

const CORPUS = new URL('../../../../shared/corpus/', import.meta.url)

/** The MMSE body of a WSP Push PDU: after TID, PDU type and the HeadersLen octets (WAP-230 §8.2.4). */
function pushBody (bytes: Uint8Array): Uint8Array {
  const length = uintvar(bytes, 2, bytes.length)
  return bytes.subarray(length.next + length.value)
}

interface Entry {
  head: Uint8Array
  data: Uint8Array
}

/** The entries of a WSP multipart (WAP-230 §8.5): each entry's ContentType+Headers and Data. */
function entries (body: Uint8Array): Entry[] {
  const count = uintvar(body, 0, body.length)
  const out: Entry[] = []
  let pos = count.next
  for (let i = 0; i < count.value; i++) {
    const headersLen = uintvar(body, pos, body.length)
    const dataLen = uintvar(body, headersLen.next, body.length)
    const head = body.subarray(dataLen.next, dataLen.next + headersLen.value)
    const data = body.subarray(dataLen.next + headersLen.value, dataLen.next + headersLen.value + dataLen.value)
    out.push({ head, data })
    pos = dataLen.next + headersLen.value + dataLen.value
  }
  return out
}

const count = (bytes: Uint8Array, octet: number) => bytes.reduce((n, b) => n + (b === octet ? 1 : 0), 0)
const latin = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1')

/**
 * Why one header field's bytes differ. The source's form is recognised against ours: a Quote
 * (0x7F) before text that starts below 0x80, none before text starting at 0x80 or above, a
 * Long-integer where a Short-integer fits (our bytes equal the source with `01 XX` turned into
 * `XX|0x80` and its Value-length one shorter).
 */
function fieldCause (src: Uint8Array, out: Uint8Array): string | undefined {
  if (count(src, 0x7f) > count(out, 0x7f)) return 'superfluous 0x7F quote before text below 0x80'
  if (count(src, 0x7f) < count(out, 0x7f)) return 'missing 0x7F quote before text at or above 0x80'
  for (let i = 1; i + 1 < src.length; i++) {
    if (src[i] !== 0x01 || (src[i + 1] as number) >= 0x80) continue
    const short = Buffer.concat([src.subarray(0, i), Uint8Array.of((src[i + 1] as number) | 0x80), src.subarray(i + 2)])
    if (short[1] !== undefined && short[1] <= 30 && i > 1) short[1]--
    if (Buffer.compare(short, out) === 0) return 'Long-integer where a Short-integer fits'
  }
  return undefined
}

/** Why an entry's ContentType+Headers differ. */
function headCause (src: Uint8Array, out: Uint8Array, part: DecodedPart): string[] {
  const causes: string[] = []
  const s = latin(src)
  const o = latin(out)
  if (s.toLowerCase() === o.toLowerCase() && s !== o) causes.push('textual part header name in other letter case')
  if (s.includes(`${part.contentType.mediaType}\0`) && !o.includes(`${part.contentType.mediaType}\0`)) causes.push('textual content type where a well-known code exists')
  for (const name of Object.keys(part.contentType.params)) {
    if (s.toLowerCase().includes(`${name}\0`) && !o.includes(`${name}\0`)) causes.push('textual parameter where a well-known code exists')
  }
  if ([0x97, 0x98, 0x99, 0x9a].some((code) => src.includes(code)) && src.length > out.length) causes.push('1.4 parameter codes where the older ones exist')
  if (src.includes(0xc5) && !out.includes(0xc5) && out.includes(0xae)) causes.push('Content-Disposition as 0x45 (1.4) instead of 0x2E')
  const id = src.indexOf(0xc0)
  if (id !== -1 && src[id + 1] !== 0x22 && out.includes(0x22)) causes.push('Content-ID without the opening quote of its Quoted-string')
  return causes
}

/** Classifies every difference between a source PDU and its re-encoding; 'unexplained: ...' if a difference fits no category. */
function differences (src: Uint8Array, out: Uint8Array, m: MmseMessage): string[] {
  const causes = new Set<string>()
  const again = decode(out)
  if (m.warnings.some((w) => w.code === 'WARN_MMSE_TRAILING_DATA')) {
    causes.add('bytes after the end of a bodiless PDU')
    const last = m.headerList[m.headerList.length - 1]
    src = src.subarray(0, last === undefined ? 0 : last.offset + last.length)
  }
  const srcCodes = m.headerList.map((h) => h.code)
  const outCodes = again.headerList.map((h) => h.code)
  if (!isDeepStrictEqual(srcCodes, outCodes)) causes.add('header order (repeated or application headers not adjacent in the source)')
  else {
    m.headerList.forEach((header, i) => {
      const other = again.headerList[i]
      if (other === undefined) return
      const a = src.subarray(header.offset, header.offset + header.length)
      const b = out.subarray(other.offset, other.offset + other.length)
      if (Buffer.compare(a, b) === 0) return
      causes.add(fieldCause(a, b) ?? `unexplained: ${header.name} ${Buffer.from(a).toString('hex')} vs ${Buffer.from(b).toString('hex')}`)
    })
  }
  const contentType = m.headerList.find((h) => h.code === 0x84)
  if (contentType !== undefined && m.body !== undefined && again.body !== undefined && Buffer.compare(m.body, again.body) !== 0) {
    if (m.parts.length === 1 && m.parts[0]?.path.length === 1 && m.parts[0].offset === contentType.offset + contentType.length) {
      causes.add('unexplained: single-part body differs')
    } else {
      const a = entries(m.body)
      const b = entries(again.body)
      a.forEach((entry, i) => {
        const other = b[i] as Entry
        const part = m.parts[i] as DecodedPart
        if (Buffer.compare(entry.head, other.head) !== 0) {
          const found = headCause(entry.head, other.head, part)
          if (found.length === 0) causes.add(`unexplained: entry ${i} head ${Buffer.from(entry.head).toString('hex')} vs ${Buffer.from(other.head).toString('hex')}`)
          for (const cause of found) causes.add(cause)
        }
        if (Buffer.compare(entry.data, other.data) !== 0) {
          causes.add(part.transferEncoding !== undefined ? `${part.transferEncoding} data laid out differently (line length, stray characters)` : `unexplained: entry ${i} data`)
        }
      })
    }
  }
  return [...causes]
}

const haveCorpus = existsSync(new URL('CATALOG.tsv', CORPUS))

t.test('encode(decode(bytes)) over the corpus', { skip: haveCorpus ? false : 'corpus not found at ../shared/corpus' }, async (t) => {
  const files = readFileSync(new URL('CATALOG.tsv', CORPUS), 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t')[0] as string)
  let identical = 0
  let compared = 0
  const excluded: string[] = []
  const byCause = new Map<string, number>()
  const lacking: string[] = []
  for (const file of files) {
    const raw = readFileSync(new URL(file, CORPUS))
    const src = file.endsWith('.wsppush') ? pushBody(raw) : raw
    let m: MmseMessage
    try {
      m = decode(src)
    } catch (err) {
      excluded.push(`${file}: ${(err as MmseError).code}`)
      continue
    }
    compared++
    let out: Buffer
    // The shortest forms, and the parts in their transfer encoding: what a canonical sender writes.
    const canonical = { forms: 'shortest', transferEncoding: true } as const
    try {
      out = encode(m, canonical)
    } catch (err) {
      t.equal((err as MmseError).code, 'ERR_MMSE_MISSING_FIELD', `${file}: only a missing mandatory field may stop the encoder`)
      lacking.push(`${file}: ${(err as MmseError).message}`)
      out = encode(m, { ...canonical, checkMandatory: false })
    }
    const again = decode(out)
    t.same(plain(again.headers), plain(m.headers), `${file}: the re-encoding decodes to the same headers`)
    t.same(again.parts.map(partView), m.parts.map(partView), `${file}: and the same parts`)
    if (Buffer.compare(out, src) === 0) {
      identical++
      continue
    }
    const causes = differences(src, out, m)
    t.ok(causes.length > 0 && causes.every((cause) => !cause.startsWith('unexplained')), `${file}: ${causes.join('; ')}`)
    for (const cause of causes) byCause.set(cause, (byCause.get(cause) ?? 0) + 1)
  }
  t.comment(`corpus: ${identical} of ${compared} decodable PDUs re-encode byte-identical (${(100 * identical / compared).toFixed(1)}%); ${excluded.length} files not decodable, excluded`)
  for (const [cause, n] of [...byCause].sort((a, b) => b[1] - a[1])) t.comment(`  ${n} PDU(s): ${cause}`)
  for (const line of lacking) t.comment(`  source lacks a mandatory field: ${line}`)
  for (const line of excluded) t.comment(`  excluded: ${line}`)
  t.ok(compared > 0)
})
