/**
 * Every hand-built header-field case (test/fixtures/fields.ts; OMA-TS-MMS_ENC §7.3, OMA-TS-MMS_ENC §7.3.48-50) wrapped in a
 * minimal PDU (MMSE §7: X-Mms-Message-Type first) and decoded: the typed value under its key,
 * its headerList entry (code, name, key, offset, length) and the one warning it may cause.
 * Fails when any of the 63 well-known fields has no case.
 */
import t from 'tap'
import { decode } from '../../../lib/index.js'
import { HEADERS, headerByCode } from '../../../lib/mmse/table.js'
import { cat } from '../../support/wire.js'
import { FIELD_CASES, type FieldCase } from '../../fixtures/fields.js'
import { plain } from '../../support/transcript.js'

const MESSAGE_TYPE = 0x8c
const MMS_VERSION = 0x8d
/** The fields the reference says may repeat (OMA-TS-MMS_ENC §7.3): decoded as arrays. */
const REPEATING = new Set([0x81, 0x82, 0x97, 0xa0, 0xa1, 0xa4, 0xa8])

/** The fields the case is wrapped in: Message-Type first (unless it is the case), and a version when asked. */
function prefix (c: FieldCase): Uint8Array {
  if (c.field === MESSAGE_TYPE) return new Uint8Array(0)
  return cat(MESSAGE_TYPE, c.messageType ?? 0x81, ...(c.mmsVersion === undefined ? [] : [MMS_VERSION, c.mmsVersion]))
}

function label (c: FieldCase): string {
  const name = c.field === null ? 'Application-header' : headerByCode(c.field)?.name ?? `0x${c.field.toString(16)}`
  return `${name}: ${c.form}`
}

function hasStatusCount (value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'statusCount' in value
}

t.test('the repeating fields are the ones the table marks', async t => {
  t.strictSame(HEADERS.filter(def => def.repeats).map(def => def.code), [...REPEATING].sort((a, b) => a - b))
})

t.test('every field case decodes to its value, headerList entry and warning', async t => {
  for (const c of FIELD_CASES) {
    const head = prefix(c)
    const pdu = cat(head, c.value)
    const message = decode(pdu)
    const def = c.field === null ? undefined : headerByCode(c.field)
    const where = label(c)
    if (c.field !== null && def === undefined) {
      t.fail(`${where}: no header definition`)
      continue
    }
    const key = def?.key ?? (c.name as string)
    const expected = def === undefined
      ? { [key]: c.expected }
      : REPEATING.has(def.code) || hasStatusCount(c.expected) ? [c.expected] : c.expected
    const actual = def === undefined ? message.headers.applicationHeaders : (message.headers as Record<string, unknown>)[key]
    t.strictSame(plain(actual), plain(expected), `${where}: value`)

    const index = message.headerList.length - 1
    const entry = message.headerList[index]
    t.equal(index, c.field === MESSAGE_TYPE ? 0 : c.mmsVersion === undefined ? 1 : 2, `${where}: one field after the prefix`)
    t.strictSame(entry && { code: entry.code, name: entry.name, key: entry.key, offset: entry.offset, length: entry.length }, {
      code: c.field,
      name: c.name ?? def?.name,
      key,
      offset: head.length,
      length: c.value.length,
    }, `${where}: headerList entry`)
    t.strictSame(plain(entry?.value), plain(c.expected), `${where}: headerList value`)

    t.strictSame(message.warnings.map(w => w.code), c.warning === undefined ? [] : [c.warning], `${where}: warnings`)
    for (const warning of message.warnings) {
      // A field without a value (Content, Additional-headers) is warned about just after its code.
      t.ok(warning.offset >= head.length && warning.offset <= pdu.length, `${where}: warning offset ${warning.offset} within the field`)
    }
    if (c.warning === undefined) {
      const strict = decode(pdu, { strict: true })
      t.strictSame(plain(strict.headerList.at(-1)?.value), plain(c.expected), `${where}: same value in strict mode`)
    }
  }
})

t.test('all 63 well-known fields have cases', async t => {
  const counts = new Map<number | null, number>()
  for (const c of FIELD_CASES) counts.set(c.field, (counts.get(c.field) ?? 0) + 1)
  t.equal(HEADERS.length, 63, 'the table has 63 fields')
  const missing = HEADERS.filter(def => !counts.has(def.code)).map(def => def.name)
  t.strictSame(missing, [], 'fields without a case')
  for (const def of HEADERS) t.comment(`0x${def.code.toString(16)} ${def.name}: ${counts.get(def.code) ?? 0} cases`)
  t.comment(`Application-header: ${counts.get(null) ?? 0} cases`)
  t.comment(`${FIELD_CASES.length} field cases; ${HEADERS.length - missing.length} of ${HEADERS.length} well-known fields covered`)
})
