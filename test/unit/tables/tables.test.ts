import t from 'tap'
import {
  CONTENT_TYPES,
  MMS_MESSAGE_TYPE,
  contentTypeCode,
  contentTypeName,
  isWspMultipart,
} from '../../../lib/tables/content-types.js'
import { CodeTable } from '../../../lib/tables/code-table.js'
import { DISPOSITIONS, WSP_CONTENT_ID, WSP_CONTENT_LOCATION, WSP_HEADERS, WSP_X_WAP_APPLICATION_ID } from '../../../lib/tables/wsp-headers.js'
import { mm4StatusIsFinal } from '../../../lib/tables/mail-headers.js'
import { PARAMETERS } from '../../../lib/tables/parameters.js'
import { writeParameters } from '../../../lib/wsp/parameters.js'
import { ByteWriter } from '../../../lib/wsp/writer.js'

const wspHeaderName = (no: number): string | undefined => WSP_HEADERS.name(no)
const wspHeaderCode = (name: string): number | undefined => WSP_HEADERS.code(name)
const paramDef = (code: number) => {
  const row = PARAMETERS.row(code)
  return row === undefined ? undefined : { code: row[0], name: row[1], kind: row[2], version: row[3] }
}
/** The rows of a table without its aliases: one per code. */
const entries = <R extends readonly [number, string, ...unknown[]]>(table: CodeTable<R>): Array<[number, string]> =>
  table.rows.filter((row) => table.row(row[0]) === row).map((row) => [row[0], row[1]])

t.test('content types: the assigned ranges, nothing else', async (t) => {
  const codes = entries(CONTENT_TYPES).map(([code]) => code)
  const expected = [
    ...range(0x00, 0x58),
    0x5a,
    ...range(0x0201, 0x020c),
    ...range(0x0300, 0x031b),
  ]
  t.same(codes.sort((a, b) => a - b), expected)
  t.equal(codes.length, 90 + 12 + 28)
  t.equal(contentTypeName(0x59), undefined, '0x59 is unassigned')
  t.equal(contentTypeName(0x53 + 0x80), undefined, 'AOSP AIOOBE code 0xD3 is not a type')
  for (const [code, name] of entries(CONTENT_TYPES)) {
    t.equal(name, name.toLowerCase(), `0x${code.toString(16)} is lower case`)
  }
  t.equal(new Set(entries(CONTENT_TYPES).map(([, name]) => name)).size, codes.length, 'names are unique')
})

t.test('content types: names', async (t) => {
  t.equal(contentTypeName(0x00), '*/*')
  t.equal(contentTypeName(0x03), 'text/plain')
  t.equal(contentTypeName(0x07), 'text/x-vcard')
  t.equal(contentTypeName(0x0a), 'text/vnd.wap.wta-event', 'OMNA name, not Wireshark')
  t.equal(contentTypeName(0x16), 'application/vnd.wap.wta-eventc', 'OMNA name')
  t.equal(contentTypeName(0x0e), 'multipart/byterantes', 'registry typo kept')
  t.equal(contentTypeName(0x1e), 'image/jpeg')
  t.equal(contentTypeName(0x33), 'application/vnd.wap.multipart.related')
  t.equal(contentTypeName(0x3e), MMS_MESSAGE_TYPE)
  t.equal(MMS_MESSAGE_TYPE, 'application/vnd.wap.mms-message')
  t.equal(contentTypeName(0x58), 'application/vnd.syncml.dm.notification')
  t.equal(contentTypeName(0x5a), 'application/octet-stream')
  t.equal(contentTypeName(0x0201), 'application/vnd.uplanet.cacheop-wbxml')
  t.equal(contentTypeName(0x020c), 'image/x-up-wpng')
  t.equal(contentTypeName(0x0309), 'text/directory;profile=vcard')
  t.equal(contentTypeName(0x031b), 'application/vnd.oma.bcast.provisioningtrigger')
})

t.test('content types: reverse lookup', async (t) => {
  for (const [code, name] of entries(CONTENT_TYPES)) t.equal(contentTypeCode(name), code, name)
  t.equal(contentTypeCode('Text/X-vCard'), 0x07, 'case-insensitive')
  t.equal(contentTypeCode('APPLICATION/VND.WAP.MMS-MESSAGE'), 0x3e)
  t.equal(contentTypeCode('multipart/byterantes'), 0x0e)
  t.equal(contentTypeCode('multipart/byteranges'), 0x0e, 'the correct spelling too')
  t.equal(contentTypeCode('Multipart/ByteRanges'), 0x0e)
  t.equal(contentTypeCode('application/smil'), undefined, 'no well-known code')
  t.equal(contentTypeCode('audio/amr'), undefined)
  t.equal(contentTypeCode(''), undefined)
})

t.test('isWspMultipart: the six WSP multipart types, coded or textual', async (t) => {
  const multipart = [0x22, 0x23, 0x24, 0x25, 0x26, 0x33]
  for (const [code, name] of entries(CONTENT_TYPES)) {
    t.equal(isWspMultipart(name), multipart.includes(code), name)
  }
  t.ok(isWspMultipart('application/vnd.wap.multipart.related'))
  t.ok(isWspMultipart('Application/VND.WAP.Multipart.Mixed'), 'case-insensitive')
  t.ok(isWspMultipart('application/vnd.wap.multipart.*'))
  t.notOk(isWspMultipart('multipart/related'), 'MIME multipart is not WSP multipart')
  t.notOk(isWspMultipart('application/vnd.wap.multipart.related; type=application/smil'), 'media type only')
  t.notOk(isWspMultipart('application/smil'))
})

t.test('WSP headers: Table 39', async (t) => {
  t.same(entries(WSP_HEADERS).map(([no]) => no), range(0x00, 0x4a))
  t.equal(wspHeaderName(0x00), 'Accept')
  t.equal(wspHeaderName(0x0e), 'Content-Location')
  t.equal(wspHeaderName(0x0f), 'Content-MD5')
  t.equal(wspHeaderName(0x13), 'ETag')
  t.equal(wspHeaderName(0x2d), 'WWW-Authenticate')
  t.equal(wspHeaderName(0x2e), 'Content-Disposition')
  t.equal(wspHeaderName(0x2f), 'X-Wap-Application-Id')
  t.equal(wspHeaderName(0x30), 'X-Wap-Content-URI')
  t.equal(wspHeaderName(0x39), 'TE')
  t.equal(wspHeaderName(0x3f), 'X-Wap-Tod')
  t.equal(wspHeaderName(0x40), 'Content-ID')
  t.equal(wspHeaderName(0x45), 'Content-Disposition')
  t.equal(wspHeaderName(0x48), 'Expect', 'not Content-Transfer-Encoding')
  t.equal(wspHeaderName(0x4a), 'X-Wap-Loc-Delivery')
  t.equal(wspHeaderName(0x4b), undefined)
  t.equal(wspHeaderName(0x80), undefined, 'numbers are without the 0x80 bit')
})

t.test('WSP headers: reverse lookup returns the first number, which every reader of the table knows', async (t) => {
  t.equal(wspHeaderCode('Content-Location'), 0x0e)
  t.equal(wspHeaderCode('content-id'), 0x40, 'case-insensitive')
  t.equal(wspHeaderCode('CONTENT-TYPE'), 0x11)
  t.equal(wspHeaderCode('Accept-Charset'), 0x01)
  t.equal(wspHeaderCode('Accept-Encoding'), 0x02)
  t.equal(wspHeaderCode('Cache-Control'), 0x08)
  t.equal(wspHeaderCode('Content-Range'), 0x10)
  t.equal(wspHeaderCode('Profile-Warning'), 0x37)
  t.equal(wspHeaderCode('Content-Disposition'), 0x2e)
  t.equal(wspHeaderCode('Expect'), 0x38)
  t.equal(wspHeaderCode('Content-Transfer-Encoding'), undefined, 'textual only')
  for (const [no, name] of entries(WSP_HEADERS)) {
    const first = Math.min(...entries(WSP_HEADERS).filter(([, other]) => other === name).map(([n]) => n))
    t.equal(wspHeaderCode(name), first, `${name} (0x${no.toString(16)})`)
  }
})

t.test('WSP headers: named constants and value kinds', async (t) => {
  t.equal(wspHeaderName(WSP_CONTENT_LOCATION), 'Content-Location')
  t.equal(wspHeaderName(WSP_X_WAP_APPLICATION_ID), 'X-Wap-Application-Id')
  t.equal(wspHeaderName(WSP_CONTENT_ID), 'Content-ID')
  t.same([WSP_CONTENT_LOCATION, WSP_X_WAP_APPLICATION_ID, WSP_CONTENT_ID], [0x0e, 0x2f, 0x40])
  const kinds = Object.fromEntries(WSP_HEADERS.rows.filter((row) => row[2] !== 'shaped').map((row) => [row[0], row[2]]))
  t.same(kinds, {
    0x0d: 'integer', 0x0e: 'uri', 0x12: 'date', 0x14: 'date', 0x17: 'date', 0x1b: 'date', 0x1d: 'date', 0x2e: 'disposition',
    0x2f: 'application-id', 0x30: 'uri', 0x31: 'uri', 0x40: 'quoted', 0x43: 'version', 0x45: 'disposition',
  })
  t.same(DISPOSITIONS.rows, [[0x80, 'form-data'], [0x81, 'attachment'], [0x82, 'inline']])
})

t.test('parameters: Table 38', async (t) => {
  t.equal(PARAMETERS.rows.length, 29)
  t.same(PARAMETERS.rows.map(([code]) => code), [...range(0x00, 0x03), ...range(0x05, 0x1d)], '0x04 unassigned')
  t.equal(paramDef(0x04), undefined)
  t.equal(paramDef(0x1e), undefined)
  t.same(paramDef(0x00), { code: 0x00, name: 'q', kind: 'q-value', version: '1.1' })
  t.same(paramDef(0x01), { code: 0x01, name: 'charset', kind: 'well-known-charset', version: '1.1' })
  t.same(paramDef(0x02), { code: 0x02, name: 'level', kind: 'version-value', version: '1.1' })
  t.same(paramDef(0x03), { code: 0x03, name: 'type', kind: 'integer-value', version: '1.1' })
  t.same(paramDef(0x05), { code: 0x05, name: 'name', kind: 'text-string', version: '1.1' })
  t.same(paramDef(0x07), { code: 0x07, name: 'differences', kind: 'field-name', version: '1.1' })
  t.same(paramDef(0x08), { code: 0x08, name: 'padding', kind: 'short-integer', version: '1.1' })
  t.same(paramDef(0x09), { code: 0x09, name: 'type', kind: 'constrained-encoding', version: '1.2' })
  t.same(paramDef(0x0a), { code: 0x0a, name: 'start', kind: 'text-string', version: '1.2' })
  t.same(paramDef(0x0e), { code: 0x0e, name: 'max-age', kind: 'delta-seconds', version: '1.3' })
  t.same(paramDef(0x10), { code: 0x10, name: 'secure', kind: 'no-value', version: '1.3' })
  t.same(paramDef(0x11), { code: 0x11, name: 'sec', kind: 'short-integer', version: '1.4' })
  t.same(paramDef(0x12), { code: 0x12, name: 'mac', kind: 'text-value', version: '1.4' })
  t.same(paramDef(0x13), { code: 0x13, name: 'creation-date', kind: 'date-value', version: '1.4' })
  t.same(paramDef(0x16), { code: 0x16, name: 'size', kind: 'integer-value', version: '1.4' })
  t.same(paramDef(0x19), { code: 0x19, name: 'start', kind: 'text-value', version: '1.4' })
  t.same(paramDef(0x1d), { code: 0x1d, name: 'path', kind: 'text-value', version: '1.4' })
  for (const [code, name] of PARAMETERS.rows) {
    t.equal(paramDef(code)?.name, name)
    t.equal(name, name.toLowerCase())
  }
  // Each Text-string code of 1.1-1.3 is superseded by a Text-value code of 1.4 with the same name.
  const superseded: Array<[number, number]> = [
    [0x05, 0x17], [0x06, 0x18], [0x0a, 0x19], [0x0b, 0x1a], [0x0c, 0x1b], [0x0d, 0x1c], [0x0f, 0x1d],
  ]
  t.same(
    PARAMETERS.rows.filter(([, , kind]) => kind === 'text-string').map(([code]) => code),
    superseded.map(([older]) => older),
  )
  for (const [older, newer] of superseded) {
    t.equal(paramDef(newer)?.name, paramDef(older)?.name)
    t.equal(paramDef(newer)?.kind, 'text-value')
  }
})

t.test('parameters: the codes an encoder writes: the first number whose kind holds the value', async (t) => {
  const written = (params: Record<string, unknown>): number => {
    const w = new ByteWriter()
    writeParameters(w, params as never)
    return (w.written()[0] as number) & 0x7f
  }
  t.equal(written({ name: 'a.jpg' }), 0x05, 'older Name (docs/wire-format.md)')
  t.equal(written({ filename: 'a.jpg' }), 0x06)
  t.equal(written({ start: '<a>' }), 0x0a, 'older Start')
  t.equal(written({ 'start-info': 'x' }), 0x0b)
  t.equal(written({ comment: 'x' }), 0x0c)
  t.equal(written({ domain: 'x' }), 0x0d)
  t.equal(written({ path: 'x' }), 0x0f)
  t.equal(written({ type: 'application/smil' }), 0x09, 'the multipart/related root type')
  t.equal(written({ type: 3 }), 0x03, 'an integer type')
  t.equal(written({ charset: 'utf-8' }), 0x01)
  t.equal(written({ size: 9 }), 0x16)
  t.equal(written({ mac: 'x' }), 0x12)
})

t.test('MM4 statuses: the 1.0 errors that are the peer\'s verdict on a message, and the later permanent ones, are final', async (t) => {
  const final = ['Error-service-denied', 'Error-message-format-corrupt', 'Error-sending-address-unresolved', 'Error-message-not-found', 'Error-content-not-accepted', 'Error-unsupported-message', ' error-CONTENT-not-accepted ', 'Error-permanent-failure']
  const passing = ['Ok', 'Error-unspecified', 'Error-network-problem', 'Error-transient-failure', 'Error-something-else', '']
  t.same(final.filter((status) => !mm4StatusIsFinal(status)), [])
  t.same(passing.filter(mm4StatusIsFinal), [])
})

function range (from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}
