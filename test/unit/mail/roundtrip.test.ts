// fromMime(toMime(m)) keeps every mapped field of m (lib/tables/mail-headers.ts), the body's
// content type and every part's content type, Content-ID, Content-Location and data: over the
// encoder's property-test messages (all 24 types, all 63 fields) and over the corpus in
// ../shared/corpus (read at test time, never copied), which is skipped when absent.
import { isDeepStrictEqual } from 'node:util'
import { existsSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import t from 'tap'
import { decode, type DecodedPart, type MmseMessage } from '../../../lib/index.js'
import { encode } from '../../../lib/encode/encode.js'
import type { EncodeMessage } from '../../../lib/encode/input.js'
import { anyMessage, MESSAGE_TYPES, messageOf } from '../encode/arbitraries.test.js'
import { mailOf, mappedView, plain, readMail } from '../../support/mail.js'

function leaves (parts: DecodedPart[]): DecodedPart[] {
  return parts.flatMap((part) => part.parts === undefined ? [part] : leaves(part.parts))
}

const partView = (info: { contentType: unknown, headers: Record<string, unknown> }, data: Uint8Array) => plain({
  contentType: info.contentType,
  id: info.headers['content-id'],
  location: info.headers['content-location'] === '' ? undefined : info.headers['content-location'], // the empty text has no mail form
  data,
})

/** Throws with both views when fromMime(toMime(m)) differs from m on a mapped field. */
async function roundTrip (message: MmseMessage): Promise<void> {
  const back = await readMail(await mailOf(message, { domain: 'mms.example' }))
  const expected = mappedView(message.headers)
  const actual = mappedView(back.headers, message.headers.date !== undefined)
  if (!isDeepStrictEqual(actual, expected)) throw new Error(`headers differ:\n${JSON.stringify(actual)}\n${JSON.stringify(expected)}`)
  if (message.headers.contentType !== undefined && !isDeepStrictEqual(plain(back.headers.contentType), plain(message.headers.contentType))) {
    throw new Error(`content type differs: ${JSON.stringify(plain(back.headers.contentType))}`)
  }
  const parts = leaves(message.parts).map((part) => partView(part, part.data))
  const got = back.parts.map(({ info, data }) => partView(info, data))
  if (!isDeepStrictEqual(got, parts)) throw new Error(`parts differ:\n${JSON.stringify(got)}\n${JSON.stringify(parts)}`)
}

const viaMmse = (message: EncodeMessage) => decode(encode(message))

t.test('fromMime(toMime(m)) keeps the mapped fields of every message type (fast-check)', async (t) => {
  const runs = 15
  for (const type of MESSAGE_TYPES) {
    await fc.assert(fc.asyncProperty(messageOf(type), async (message) => { await roundTrip(viaMmse(message)) }), { numRuns: runs, seed: 0x6d61 + type.length })
    t.pass(`${type}: ${runs} messages`)
  }
})

t.test('and over many values of every field at once', async (t) => {
  await fc.assert(fc.asyncProperty(anyMessage, async (message) => { await roundTrip(viaMmse(message)) }), { numRuns: 120, seed: 7 })
  t.pass('120 messages')
})

const CORPUS = new URL('../../../../shared/corpus/', import.meta.url)

t.test('the corpus', { skip: existsSync(CORPUS) ? false : 'no ../shared/corpus here' }, async (t) => {
  const catalog = readFileSync(new URL('CATALOG.tsv', CORPUS), 'utf8')
  let converted = 0
  for (const line of catalog.split('\n').slice(1)) {
    const file = line.split('\t')[0]
    if (file === undefined || file === '' || !existsSync(new URL(file, CORPUS))) continue
    let message: MmseMessage
    try {
      message = decode(readFileSync(new URL(file, CORPUS)))
    } catch {
      continue
    }
    await roundTrip(message)
    converted++
  }
  t.ok(converted > 0, `${converted} corpus messages round-trip`)
})
