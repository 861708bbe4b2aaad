/**
 * The warning cap, the header section's byte limit and the ends of nested containers at their
 * edges, the same under every chunking: a structure cut by a chunk boundary is read again,
 * and must neither report its findings twice nor lose those of the structures before it; a header field is read no further
 * than limits.maxHeaderBytes, one octet past it still telling trailing data from a field.
 */
import t, { type Test } from 'tap'
import { decode, type DecodeOptions } from '../../lib/index.js'
import { bytes, entry, hex, multipart, retrieveConf, textEntry } from '../support/wire.js'
import { chunkings, transcript, type TranscriptEntry } from '../support/transcript.js'

/**
 * The transcript of `input` in one chunk, after checking that every other chunking gives the
 * same; of a stream that fails, the error (events read before it depend on the timing).
 */
async function same (t: Test, input: Uint8Array, options: DecodeOptions): Promise<TranscriptEntry[]> {
  const named = chunkings(input, 7)
  const whole = await transcript(input, named.whole as number[], options)
  const failed = whole.at(-1)?.type === 'error'
  for (const [name, chunking] of Object.entries(named)) {
    const split = await transcript(input, chunking, options)
    if (failed) t.strictSame(split.at(-1), whole.at(-1), `${name}: the same error`)
    else t.strictSame(split, whole, `${name}: the same transcript`)
  }
  return whole
}

const warnings = (entries: TranscriptEntry[]): unknown[] => entries.flatMap(entry => entry.type === 'warning' ? [entry.warning] : [])
const ending = (entries: TranscriptEntry[]): TranscriptEntry | undefined => entries.at(-1)

/** Six unknown header fields (0xfe with a short-integer value), each skipped with a warning, then a body. */
const UNKNOWN = bytes(0x8c, 0x84, 0x98, 'tid', 0x8d, 0x92, ...Array.from({ length: 6 }, () => hex('fe 80')), 0x84, 0x83, 'body')

t.test('warnings past limits.maxWarnings are counted, once each, under every chunking', async t => {
  const capped = await same(t, UNKNOWN, { limits: { maxWarnings: 2 } })
  t.match(warnings(capped), [{ code: 'WARN_MMSE_UNKNOWN_FIELD', offset: 9 }, { code: 'WARN_MMSE_UNKNOWN_FIELD', offset: 11 }, { code: 'WARN_MMSE_WARNINGS_DROPPED', message: /^4 more warnings dropped/ }])
  t.strictSame(warnings(capped), decode(UNKNOWN, { limits: { maxWarnings: 2 } }).warnings, 'as decode() reports them')
  t.equal(warnings(await same(t, UNKNOWN, {})).length, 6, 'uncapped: all six')
  // Unknown fields in a part's headers: found while the entry is read, reported before its part.
  const entries = retrieveConf(multipart([entry(hex('83'), new Uint8Array(5).fill(0x02), 'x')]))
  const parted = await same(t, entries, { limits: { maxWarnings: 3 } })
  t.same(parted.filter(entry => entry.type === 'warning' || entry.type === 'part').map(entry => entry.type), ['warning', 'warning', 'warning', 'part', 'warning'])
})

/** A bodiless m-notification-ind: its header section is the whole PDU. */
const NOTIFICATION = bytes(0x8c, 0x82, 0x98, 'n1', 0x8d, 0x90, 0x8a, 0x80, 0x8e, 0x02, 0x74, 0x00, 0x88, 0x05, 0x81, 0x03, 0x01, 0x51, 0x80, 0x83, 'http://x/y')

t.test('limits.maxHeaderBytes: a section of exactly the limit passes, one octet more fails at its last field', async t => {
  const exact = { limits: { maxHeaderBytes: NOTIFICATION.length } }
  t.match(ending(await same(t, NOTIFICATION, exact)), { type: 'end' })
  // Trailing data just past the limit is still trailing data, not a field over the limit.
  t.match(warnings(await same(t, bytes(NOTIFICATION, 0x00, 0x00), exact)), [{ code: 'WARN_MMSE_TRAILING_DATA', offset: NOTIFICATION.length }])
  const over = { limits: { maxHeaderBytes: NOTIFICATION.length - 1 } }
  const lastField = NOTIFICATION.length - 'http://x/y'.length - 2
  t.match(ending(await same(t, NOTIFICATION, over)), { type: 'error', code: 'ERR_MMSE_LIMIT_HEADER_BYTES', offset: lastField })
  t.throws(() => decode(NOTIFICATION, over), { code: 'ERR_MMSE_LIMIT_HEADER_BYTES', offset: lastField, limit: NOTIFICATION.length - 1 })
})

t.test('a header field of a nested PDU cut by the end of its entry: ERR_MMSE_TRUNCATED, under every chunking', async t => {
  // The nested PDU's Transaction-ID text has no terminating NUL before the entry ends.
  const cut = retrieveConf(multipart([entry(hex('be'), [], Buffer.from([0x8c, 0x84, 0x98, 0x74, 0x69]))]))
  const at = cut.length - 3
  t.match(ending(await same(t, cut, {})), { type: 'error', code: 'ERR_MMSE_TRUNCATED', offset: at })
  t.throws(() => decode(cut), { code: 'ERR_MMSE_TRUNCATED', offset: at, message: /overruns the end of its container/ })
})

t.test('a nested bodiless PDU with trailing data in its entry: warned, and the next entry read', async t => {
  const message = retrieveConf(multipart([entry(hex('be'), [], bytes(NOTIFICATION, 0x00, 0x00)), textEntry('after', 'a')]))
  const entries = await same(t, message, {})
  t.match(warnings(entries), [{ code: 'WARN_MMSE_TRAILING_DATA' }])
  t.same(entries.flatMap(entry => entry.type === 'part' ? [entry.path] : []), [[1]], 'the entry after it')
})

t.test('an entry that overruns its nested multipart: ERR_MMSE_BAD_ENTRY, under every chunking', async t => {
  // One entry of HeadersLen 1 and DataLen 10, with 3 octets of data left in its multipart.
  const message = retrieveConf(multipart([entry(hex('b3'), [], hex('01 01 0a 83 616263')), textEntry('after', 'a')]))
  t.match(ending(await same(t, message, {})), { type: 'error', code: 'ERR_MMSE_BAD_ENTRY' })
  t.throws(() => decode(message), { code: 'ERR_MMSE_BAD_ENTRY' })
})
