/**
 * The pieces of the MMSC that need no server: the tagged JSON of stored headers (Dates,
 * bigints, octets and wire-chosen keys come back as they went in), the record format check,
 * and the origin of a listening address.
 */
import t from 'tap'
import { settings } from '../../examples/mmsc/config.js'
import { originOf } from '../../examples/mmsc/http.js'
import { parseRecord } from '../../examples/mmsc/record.js'
import { fromTagged, toTagged } from '../../examples/mmsc/tagged-json.js'
import { LocalStore } from '../../lib/store/index.js'

/** A bound on the whole file, against a hang (not a measure). */
t.setTimeout(120_000)

t.test('tagged JSON: every decoded value shape round-trips, through JSON text', async t => {
  // Own properties named as a sender chose, `__proto__` included (as JSON.parse makes it).
  const wire = JSON.parse('{"__proto__":"a key off the wire","$date":"not a date"}') as Record<string, unknown>
  const value = {
    date: new Date('2026-12-01T12:00:00Z'),
    big: 2n ** 64n - 1n,
    bytes: new Uint8Array([0, 1, 254, 255]).subarray(1, 3),
    list: [1, 'two', true, null, [new Date(0)]],
    wire,
    skipped: undefined,
  }
  const back = fromTagged(JSON.parse(JSON.stringify(toTagged(value)))) as Record<string, unknown>
  t.same(back.date, value.date)
  t.equal(back.big, value.big)
  t.same([...back.bytes as Uint8Array], [1, 254])
  t.same(back.list, value.list)
  t.equal(Object.getPrototypeOf(back.wire), null, 'objects come back without a prototype')
  t.same(Object.entries(back.wire as object), [['__proto__', 'a key off the wire'], ['$date', 'not a date']])
  t.notOk('skipped' in back, 'undefined fields are dropped')
  t.throws(() => toTagged({ f: () => 1 }), TypeError)
})

t.test('a record of another format is refused', async t => {
  t.throws(() => parseRecord(JSON.stringify({ format: 2 })), /format 2 is not 1/)
})

t.test('the origin of a listening address', async t => {
  t.equal(originOf({ address: '127.0.0.1', family: 'IPv4', port: 8080 }), 'http://127.0.0.1:8080')
  t.equal(originOf({ address: '::1', family: 'IPv6', port: 8080 }), 'http://[::1]:8080')
})

t.test('settings: defaults, and a log that says nothing when none is given', async t => {
  const notifier = { push: async () => {}, close: async () => {} }
  const resolved = settings({ store: new LocalStore('/nonexistent-never-written'), notifier, publicUrl: 'http://mmsc.example/' })
  t.equal(resolved.publicUrl, 'http://mmsc.example')
  t.equal(resolved.path, '/mms')
  t.equal(resolved.senderHeader, 'x-msisdn')
  t.equal(settings({ store: new LocalStore('/nonexistent-never-written'), notifier, senderHeader: 'X-Caller' }).senderHeader, 'x-caller')
  t.equal(resolved.log({ type: 'error', error: 'nobody hears this' }), undefined)
})
