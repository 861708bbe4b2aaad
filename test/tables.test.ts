import t from 'tap'
import {
  CONTENT_TYPES,
  MMS_MESSAGE_TYPE,
  contentTypeCode,
  contentTypeName,
  isWspMultipart,
} from '../lib/tables/content-types.js'
import {
  WSP_CONTENT_DISPOSITION_11,
  WSP_CONTENT_DISPOSITION_14,
  WSP_CONTENT_ID,
  WSP_CONTENT_LENGTH,
  WSP_CONTENT_LOCATION,
  WSP_CONTENT_TYPE,
  WSP_HEADERS,
  WSP_X_WAP_APPLICATION_ID,
  wspHeaderCode,
  wspHeaderName,
} from '../lib/tables/wsp-headers.js'
import { PARAMETERS, PREFERRED_PARAM_CODE, paramDef } from '../lib/tables/parameters.js'

t.test('content types: the assigned ranges, nothing else', async (t) => {
  const codes = [...CONTENT_TYPES.keys()]
  const expected = [
    ...range(0x00, 0x58),
    0x5a,
    ...range(0x0201, 0x020c),
    ...range(0x0300, 0x031b),
  ]
  t.same(codes.sort((a, b) => a - b), expected)
  t.equal(CONTENT_TYPES.size, 90 + 12 + 28)
  t.equal(contentTypeName(0x59), undefined, '0x59 is unassigned')
  t.equal(contentTypeName(0x53 + 0x80), undefined, 'AOSP AIOOBE code 0xD3 is not a type')
  for (const [code, name] of CONTENT_TYPES) {
    t.equal(name, name.toLowerCase(), `0x${code.toString(16)} is lower case`)
  }
  t.equal(new Set(CONTENT_TYPES.values()).size, CONTENT_TYPES.size, 'names are unique')
})

t.test('content types: names', async (t) => {
  t.equal(contentTypeName(0x00), '*/*')
  t.equal(contentTypeName(0x03), 'text/plain')
  t.equal(contentTypeName(0x07), 'text/x-vcard')
  t.equal(contentTypeName(0x0a), 'text/vnd.wap.wta-event', 'OMNA name, not Wireshark (quirk #2)')
  t.equal(contentTypeName(0x16), 'application/vnd.wap.wta-eventc', 'OMNA name (quirk #2)')
  t.equal(contentTypeName(0x0e), 'multipart/byterantes', 'registry typo kept (quirk #1)')
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
  for (const [code, name] of CONTENT_TYPES) t.equal(contentTypeCode(name), code, name)
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
  for (const [code, name] of CONTENT_TYPES) {
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
  t.same([...WSP_HEADERS.keys()], range(0x00, 0x4a))
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
  t.equal(wspHeaderName(0x48), 'Expect', 'not Content-Transfer-Encoding (quirk #17)')
  t.equal(wspHeaderName(0x4a), 'X-Wap-Loc-Delivery')
  t.equal(wspHeaderName(0x4b), undefined)
  t.equal(wspHeaderName(0x80), undefined, 'numbers are without the 0x80 bit')
})

t.test('WSP headers: reverse lookup returns the newest number', async (t) => {
  t.equal(wspHeaderCode('Content-Location'), 0x0e)
  t.equal(wspHeaderCode('content-id'), 0x40, 'case-insensitive')
  t.equal(wspHeaderCode('CONTENT-TYPE'), 0x11)
  t.equal(wspHeaderCode('Accept-Charset'), 0x3b)
  t.equal(wspHeaderCode('Accept-Encoding'), 0x3c)
  t.equal(wspHeaderCode('Cache-Control'), 0x47)
  t.equal(wspHeaderCode('Content-Range'), 0x3e)
  t.equal(wspHeaderCode('Profile-Warning'), 0x44)
  t.equal(wspHeaderCode('Content-Disposition'), 0x45)
  t.equal(wspHeaderCode('Expect'), 0x48)
  t.equal(wspHeaderCode('Content-Transfer-Encoding'), undefined, 'textual only')
  for (const [no, name] of WSP_HEADERS) {
    const newest = Math.max(...[...WSP_HEADERS].filter(([, other]) => other === name).map(([n]) => n))
    t.equal(wspHeaderCode(name), newest, `${name} (0x${no.toString(16)})`)
  }
})

t.test('WSP headers: named constants', async (t) => {
  t.equal(wspHeaderName(WSP_CONTENT_LENGTH), 'Content-Length')
  t.equal(wspHeaderName(WSP_CONTENT_LOCATION), 'Content-Location')
  t.equal(wspHeaderName(WSP_CONTENT_TYPE), 'Content-Type')
  t.equal(wspHeaderName(WSP_CONTENT_DISPOSITION_11), 'Content-Disposition')
  t.equal(wspHeaderName(WSP_CONTENT_DISPOSITION_14), 'Content-Disposition')
  t.equal(wspHeaderName(WSP_X_WAP_APPLICATION_ID), 'X-Wap-Application-Id')
  t.equal(wspHeaderName(WSP_CONTENT_ID), 'Content-ID')
  t.same(
    [WSP_CONTENT_LENGTH, WSP_CONTENT_LOCATION, WSP_CONTENT_TYPE, WSP_CONTENT_DISPOSITION_11,
      WSP_X_WAP_APPLICATION_ID, WSP_CONTENT_ID, WSP_CONTENT_DISPOSITION_14],
    [0x0d, 0x0e, 0x11, 0x2e, 0x2f, 0x40, 0x45],
  )
})

t.test('parameters: Table 38', async (t) => {
  t.equal(PARAMETERS.size, 29)
  t.same([...PARAMETERS.keys()], [...range(0x00, 0x03), ...range(0x05, 0x1d)], '0x04 unassigned')
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
  for (const [code, def] of PARAMETERS) {
    t.equal(def.code, code)
    t.equal(def.name, def.name.toLowerCase())
  }
  // Each Text-string code of 1.1-1.3 is superseded by a Text-value code of 1.4 with the same name.
  const superseded: Array<[number, number]> = [
    [0x05, 0x17], [0x06, 0x18], [0x0a, 0x19], [0x0b, 0x1a], [0x0c, 0x1b], [0x0d, 0x1c], [0x0f, 0x1d],
  ]
  t.same(
    [...PARAMETERS.values()].filter((def) => def.kind === 'text-string').map((def) => def.code),
    superseded.map(([older]) => older),
  )
  for (const [older, newer] of superseded) {
    t.equal(paramDef(newer)?.name, paramDef(older)?.name)
    t.equal(paramDef(newer)?.kind, 'text-value')
  }
})

t.test('parameters: the codes an encoder prefers', async (t) => {
  t.equal(PREFERRED_PARAM_CODE.name, 0x05, 'older Name (quirk #14)')
  t.equal(PREFERRED_PARAM_CODE.filename, 0x06)
  t.equal(PREFERRED_PARAM_CODE.start, 0x0a, 'older Start (quirk #14)')
  t.equal(PREFERRED_PARAM_CODE['start-info'], 0x0b)
  t.equal(PREFERRED_PARAM_CODE.comment, 0x0c)
  t.equal(PREFERRED_PARAM_CODE.domain, 0x0d)
  t.equal(PREFERRED_PARAM_CODE.path, 0x0f)
  t.equal(PREFERRED_PARAM_CODE.type, 0x09, 'the multipart/related root type')
  t.equal(PREFERRED_PARAM_CODE.charset, 0x01)
  t.equal(PREFERRED_PARAM_CODE.size, 0x16)
  const names = new Set([...PARAMETERS.values()].map((def) => def.name))
  t.same(Object.keys(PREFERRED_PARAM_CODE).sort(), [...names].sort(), 'one code per name')
  for (const [name, code] of Object.entries(PREFERRED_PARAM_CODE)) {
    t.equal(paramDef(code)?.name, name, `${name} -> 0x${code.toString(16)}`)
  }
  t.ok(Object.isFrozen(PREFERRED_PARAM_CODE))
})

function range (from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}
