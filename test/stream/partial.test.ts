/**
 * Partial results: decode() of a cut message still throws ERR_MMSE_TRUNCATED, with what it had
 * decoded before the cut on `err.partial` (the headers, the parts whose data was complete, the
 * warnings), so that a client can show who sent a cut message and what it is about.
 */
import t from 'tap'
import { buildRetrieveConf, decode, encode, MmseError } from '../../lib/index.js'

const message = encode(buildRetrieveConf({
  from: '+15551234567', to: '+15557654321', subject: 'Holiday photos', date: new Date(1_700_000_000_000),
  parts: [
    { contentType: 'text/plain', data: 'Greetings from the coast', name: 'note.txt' },
    { contentType: 'image/jpeg', data: new Uint8Array(2000).fill(7), name: 'beach.jpg' },
    { contentType: 'image/jpeg', data: new Uint8Array(3000).fill(9), name: 'sunset.jpg' },
  ],
}))

/** The error of decoding the first `length` octets; undefined for a prefix that is a whole PDU of its own. */
function cut (length: number): MmseError | undefined {
  try {
    decode(message.subarray(0, length))
  } catch (err) {
    if (err instanceof MmseError) return err
    throw err
  }
  return undefined
}

t.test('a message cut inside its third part: headers and the two complete parts', async (t) => {
  const full = decode(message)
  const third = full.parts[2]?.offset as number
  const err = cut(third + 100) as MmseError
  t.equal(err.code, 'ERR_MMSE_TRUNCATED')
  t.equal(err.offset, third + 100)
  t.equal(err.partial?.headers.subject?.text, 'Holiday photos')
  t.same(err.partial?.headers.from, full.headers.from)
  t.same(err.partial?.parts.map((p) => p.filename), ['note.txt', 'beach.jpg'])
  t.same(Buffer.from(err.partial?.parts[1]?.data ?? []), Buffer.from(full.parts[1]?.data ?? []), 'the complete parts with their data')
  t.same(err.partial?.warnings, [])
})

t.test('cut inside the headers: the headers read so far', async (t) => {
  const full = decode(message)
  const subject = full.headerList.find((h) => h.key === 'subject')
  const err = cut((subject?.offset as number) + 4) as MmseError
  t.equal(err.code, 'ERR_MMSE_TRUNCATED')
  t.notOk('subject' in (err.partial?.headers ?? {}), 'the field cut short is not there')
  t.equal(err.partial?.headers.messageType, 'm-retrieve-conf')
  t.same(err.partial?.parts, [])
})

t.test('every prefix: a partial result that is a prefix of the whole', async (t) => {
  const full = decode(message)
  let checked = 0
  for (let length = 1; length < message.length; length += 7) {
    const err = cut(length)
    if (err === undefined) continue
    const partial = err.partial
    if (partial === undefined) { t.fail(`no partial at ${length}`); continue }
    t.ok(partial.headerList.length <= full.headerList.length)
    for (const [i, header] of partial.headerList.entries()) t.equal(header.offset, full.headerList[i]?.offset)
    for (const part of partial.parts) t.ok(part.offset + (part.size as number) <= length, `part ${part.index} complete within ${length}`)
    checked++
  }
  t.ok(checked > 100)
})
