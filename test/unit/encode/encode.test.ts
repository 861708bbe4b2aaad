// Unit tests of the encoder: every writer primitive in its shortest form, both forms of each
// value, every header codec against the bytes the specification gives (hand-written hex), and
// decode(encode(x)) === x. Fixtures are built here from the specification.
import t, { type Test } from 'tap'
import { decode } from '../../../lib/index.js'
import { RESPONSE_STATUSES } from '../../../lib/tables/mmse-enumerations.js'
import { HEADERS } from '../../../lib/mmse/table.js'
import { encode } from '../../../lib/encode/encode.js'
import type { EncodeHeaders, EncodeMessage, EncodeOptions } from '../../../lib/encode/input.js'
import { encodeBase64 } from '../../../lib/transfer/base64.js'
import { transferEncode } from '../../../lib/transfer/encodings.js'
import { encodeQuotedPrintable } from '../../../lib/transfer/quoted-printable.js'
import { contentType } from '../../../lib/wsp/content-type.js'
import { type EncodeContext, NO_PDU } from '../../../lib/wsp/context.js'
import { dateValue } from '../../../lib/wsp/date.js'
import { encodedString } from '../../../lib/wsp/encoded-string.js'
import { entryHeaders, writeHeaders } from '../../../lib/wsp/headers.js'
import { integerValue, longInteger, shortInteger, uintvar, valueLength, writeLengthPrefixed } from '../../../lib/wsp/integers.js'
import { writeParameters } from '../../../lib/wsp/parameters.js'
import { quotedString, textString, textValue, tokenText } from '../../../lib/wsp/strings.js'
import { versionValue } from '../../../lib/wsp/version.js'
import { ByteWriter } from '../../../lib/wsp/writer.js'

const base64Lines = (data: Uint8Array): Buffer => Buffer.from(encodeBase64(data))
const quotedPrintable = (data: Uint8Array): Buffer => Buffer.from(encodeQuotedPrintable(data))
import {
  buildAcknowledgeInd, buildDeliveryInd, buildNotificationInd, buildNotifyRespInd, buildReadRecInd,
  buildRetrieveConf, buildSendConf, buildSendReq, MANDATORY, smilDocument,
} from '../../../lib/encode/index.js'
import type { MessageType } from '../../../lib/types.js'

/** The shortest forms the grammar allows, on request (the default is the compatible forms). */
const SHORTEST = { ...NO_PDU, forms: 'shortest' } as const

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
const ascii = (text: string): string => Buffer.from(text, 'latin1').toString('hex')
const written = (write: (w: ByteWriter) => unknown): string => {
  const w = new ByteWriter(1)
  write(w)
  return hex(w.toBuffer())
}

/** Deep copy with plain prototypes, so decoded null-prototype objects compare with literals. */
function plain (value: unknown): unknown {
  if (value instanceof Date || value instanceof Uint8Array || typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(plain)
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
}

function badInput (t: Test, fn: () => unknown, pattern: RegExp, message: string): void {
  t.throws(fn, { name: 'MmseError', code: 'ERR_MMSE_BAD_INPUT', message: pattern }, message)
}


t.test('uintvar: 7 bits per octet, never a leading 0x80 (WAP-230 §8.1.2)', async (t) => {
  t.equal(written((w) => uintvar.write(w, 0)), '00')
  t.equal(written((w) => uintvar.write(w, 127)), '7f')
  t.equal(written((w) => uintvar.write(w, 128)), '8100')
  t.equal(written((w) => uintvar.write(w, 16383)), 'ff7f')
  t.equal(written((w) => uintvar.write(w, 0xffffffff)), '8fffffff7f')
  badInput(t, () => written((w) => uintvar.write(w, 2 ** 32)), /uintvar/, 'above 2^32-1')
  badInput(t, () => written((w) => uintvar.write(w, -1)), /uintvar/, 'negative')
  badInput(t, () => written((w) => uintvar.write(w, 1.5)), /uintvar/, 'fraction')
})

t.test('integers: Short-integer where it fits, else the shortest Long-integer', async (t) => {
  t.equal(written((w) => shortInteger.write(w, 0)), '80')
  t.equal(written((w) => shortInteger.write(w, 127)), 'ff')
  badInput(t, () => written((w) => shortInteger.write(w, 128)), /Short-integer/, 'short-integer range')
  t.equal(written((w) => longInteger.write(w, 0)), '0100', 'zero takes one octet')
  t.equal(written((w) => longInteger.write(w, 255)), '01ff')
  t.equal(written((w) => longInteger.write(w, 256)), '020100')
  t.equal(written((w) => longInteger.write(w, 1015)), '0203f7')
  t.equal(written((w) => longInteger.write(w, 2n ** 64n - 1n)), '08ffffffffffffffff')
  t.equal(written((w) => integerValue.write(w, 127)), 'ff', 'integer-value: short form')
  t.equal(written((w) => integerValue.write(w, 128)), '0180', 'integer-value: long form')
  t.equal(written((w) => integerValue.write(w, 5n)), '85', 'a small bigint is a Short-integer too')
  t.equal(written((w) => integerValue.write(w, 86400)), '03015180')
  badInput(t, () => written((w) => longInteger.write(w, -1)), /negative/, 'negative')
  badInput(t, () => written((w) => longInteger.write(w, 2 ** 53)), /safe integer/, 'unsafe number')
  badInput(t, () => written((w) => longInteger.write(w, 2n ** 64n)), /more than 8 octets/, '2^64 needs 9 octets, which readers refuse')
  badInput(t, () => written((w) => longInteger.write(w, 2n ** 240n)), /more than 8 octets/, 'far more')
})

t.test('value-length: both forms', async (t) => {
  t.equal(written((w) => valueLength.write(w, 0)), '00')
  t.equal(written((w) => valueLength.write(w, 30)), '1e')
  t.equal(written((w) => valueLength.write(w, 31)), '1f1f')
  t.equal(written((w) => valueLength.write(w, 128)), '1f8100')
  t.equal(written((w) => writeLengthPrefixed(w, (w) => w.bytes(new Uint8Array(40)))).slice(0, 4), '1f28', 'length-quote form for 40 octets')
  t.equal(written((w) => writeLengthPrefixed(w, (w) => w.bytes([1, 2]))), '020102', 'short form')
})

t.test('text: the quote rule, quoted strings, tokens, text-values', async (t) => {
  t.equal(written((w) => textString.write(w, 'abc')), '61626300')
  t.equal(written((w) => textString.write(w, '')), '00')
  t.equal(written((w) => textString.write(w, 'é')), '7fc3a900', 'Quote before an octet >= 0x80')
  t.equal(written((w) => textString.write(w, '\x7fa')), '7f7f6100', 'a leading 0x7F is quoted so that it survives')
  t.equal(written((w) => textString.write(w, Uint8Array.of(0xe9))), '7fe900', 'octets as given')
  badInput(t, () => written((w) => textString.write(w, 'a\0b')), /NUL/, 'NUL in text')
  t.equal(written((w) => quotedString.write(w, '<a>')), '223c613e00', 'no closing quote')
  badInput(t, () => written((w) => quotedString.write(w, '\0')), /NUL/, 'NUL in a quoted string')
  t.equal(written((w) => tokenText.write(w, 'abc')), '61626300')
  badInput(t, () => written((w) => tokenText.write(w, '')), /is not a token/, 'a token is never empty')
  badInput(t, () => written((w) => tokenText.write(w, 'é')), /is not a token/, 'a token is US-ASCII')
  badInput(t, () => written((w) => tokenText.write(w, '€')), /is not a token/, 'not written as its low byte')
  badInput(t, () => written((w) => tokenText.write(w, '\x01')), /is not a token/, 'nor a control character')
  badInput(t, () => written((w) => tokenText.write(w, 'a b')), /is not a token/, 'nor a space')
  for (const separator of '()<>@,;:\\"/[]?={}\t') badInput(t, () => written((w) => tokenText.write(w, `a${separator}b`)), /is not a token/, `nor the separator ${JSON.stringify(separator)}`)
  t.equal(written((w) => tokenText.write(w, "!#$%&'*+-.^_`|~09AZaz")), ascii("!#$%&'*+-.^_`|~09AZaz") + '00', 'every other CHAR')
  badInput(t, () => written((w) => quotedString.write(w, 'a"')), /ends with '"'/, 'readers strip a closing quote')
  badInput(t, () => written((w) => textString.write(w, '\ud800')), /lone surrogate/, 'a lone surrogate has no UTF-8')
  t.equal(written((w) => textValue.write(w, 'token')), ascii('token') + '00', 'Token-text')
  t.equal(written((w) => textValue.write(w, 'tok en')), '22' + ascii('tok en') + '00', 'text that is not a token is quoted')
  t.equal(written((w) => textValue.write(w, '')), '00', 'No-value')
  t.equal(written((w) => textValue.write(w, '"q')), '22' + ascii('"q') + '00', 'a value starting with a quote is quoted')
  t.equal(written((w) => textValue.write(w, 'é')), '22c3a900', 'non-ASCII is quoted')
})

t.test('date-value and version-value', async (t) => {
  t.equal(written((w) => dateValue.write(w, new Date(1_600_000_000_000))), '045f5e1000', '2020-09-13T12:26:40Z')
  t.equal(written((w) => dateValue.write(w, new Date(0))), '0100')
  t.equal(written((w) => dateValue.write(w, new Date(1999))), '0101', 'fractions of a second dropped')
  badInput(t, () => written((w) => dateValue.write(w, new Date(-1000))), /before 1970/, 'negative date')
  badInput(t, () => written((w) => dateValue.write(w, new Date(NaN))), /invalid/, 'invalid date')
  t.equal(written((w) => versionValue.write(w, '1.0')), '90')
  t.equal(written((w) => versionValue.write(w, '1.3')), '93')
  t.equal(written((w) => versionValue.write(w, '1.14')), '9e')
  t.equal(written((w) => versionValue.write(w, '2')), 'af', 'major only: minor 15')
  t.equal(written((w) => versionValue.write(w, '1.15')), ascii('1.15') + '00', 'minor 15 cannot be a short form')
  t.equal(written((w) => versionValue.write(w, '8.0')), ascii('8.0') + '00', 'major 8 is text')
  t.equal(written((w) => versionValue.write(w, '1.0é')), '312e30e900', 'text in Latin-1, as it is read back')
  badInput(t, () => written((w) => versionValue.write(w, '1.0€')), /not Latin-1/, 'a version beyond Latin-1')
  badInput(t, () => written((w) => versionValue.write(w, 10 as never)), /not text/, 'a version that is not text')
})

t.test('encoded-string-value: charset only when the text needs one', async (t) => {
  t.equal(written((w) => encodedString.write(w, 'Hello', NO_PDU)), ascii('Hello') + '00', 'US-ASCII: plain Text-string')
  t.equal(written((w) => encodedString.write(w, '', NO_PDU)), '00')
  t.equal(written((w) => encodedString.write(w, { text: 'Hello' }, NO_PDU)), ascii('Hello') + '00')
  t.equal(written((w) => encodedString.write(w, 'é', NO_PDU)), '05ea7fc3a900', 'UTF-8 by default, Quote after the charset')
  t.equal(written((w) => encodedString.write(w, '\x05x', NO_PDU)), '04ea057800', 'a text starting below 0x20 needs the charset form')
  t.equal(written((w) => encodedString.write(w, 'é', { ...NO_PDU, charset: 'iso-8859-1' })), '04847fe900', 'another charset on request')
  t.equal(written((w) => encodedString.write(w, 'é', { ...NO_PDU, charset: 4 })), '04847fe900', 'by MIBenum')
  t.equal(written((w) => encodedString.write(w, { text: 'Hello', charset: 'utf-8' }, NO_PDU)), '07ea' + ascii('Hello') + '00', 'a named charset is kept')
  t.equal(written((w) => encodedString.write(w, { text: 'A', mib: 1015, charset: 'utf-16' }, NO_PDU)), '03ea4100', 'a charset above 127: UTF-8 (docs/compatibility.md)')
  t.equal(written((w) => encodedString.write(w, { text: 'A', mib: 1015, charset: 'utf-16' }, SHORTEST)), '060203f7004100', 'shortest forms: UTF-16 big-endian, Long-integer charset')
  t.equal(written((w) => encodedString.write(w, 'A€', { ...NO_PDU, charset: 'utf-16' })), '080203f70041 20ac00'.replace(' ', ''), 'a charset above 127 the encoder was given')
  t.equal(written((w) => encodedString.write(w, { text: 'x', mib: 0, raw: Uint8Array.of(0x78) }, NO_PDU)), '03807800', 'raw octets with their charset')
  t.equal(written((w) => encodedString.write(w, { text: '\ufffd', raw: Uint8Array.of(0xe9) }, NO_PDU)), '7fe900', 'raw octets without a charset')
  badInput(t, () => written((w) => encodedString.write(w, 'é', { ...NO_PDU, charset: 'klingon' })), /unknown charset/, 'unknown charset')
  badInput(t, () => written((w) => encodedString.write(w, '€', { ...NO_PDU, charset: 'iso-8859-1' })), /cannot be written/, 'unrepresentable text')
  badInput(t, () => written((w) => encodedString.write(w, 'é', { ...NO_PDU, charset: 'iso-2022-jp-2' })), /no encoder/, 'a charset iconv-lite lacks')
  badInput(t, () => written((w) => encodedString.write(w, { text: 'é', mib: 9999 }, NO_PDU)), /no encoder/, 'an unknown MIBenum')
  const m = decode(encode({ headers: { messageType: 'm-send-conf', transactionId: 't', mmsVersion: '1.2', responseStatus: 'ok', responseText: 'Ünïcødé ✓' } }))
  t.same(plain(m.headers.responseText), { text: 'Ünïcødé ✓', charset: 'utf-8', mib: 106 }, 'decode(encode(x)) === x')
  const latin = encode({ headers: { messageType: 'm-send-conf', transactionId: 't', mmsVersion: '1.2', responseStatus: 'ok', responseText: 'é' } }, { charset: 'iso-8859-1' })
  t.equal(hex(latin).slice(-12), '9304847fe900', 'encode({ charset }) for every text that needs one')
})

t.test('transfer encoding only when asked', async (t) => {
  const headers = { messageType: 'm-send-req', transactionId: 't', mmsVersion: '1.2', from: { insertAddress: true }, contentType: 'application/vnd.wap.multipart.mixed' } as const
  const parts = [{ contentType: 'text/plain', headers: { 'Content-Transfer-Encoding': 'base64', 'content-id': '<a>' }, data: 'hi' }, { contentType: 'text/plain', data: 'x' }]
  const plainParts = decode(encode({ headers, parts })).parts
  t.same(plainParts.map((part) => [Buffer.from(part.data).toString(), Object.keys(part.headers)]), [['hi', ['content-id']], ['x', []]], 'by default: the data as it is, no Content-Transfer-Encoding')
  const asked = encode({ headers, parts }, { transferEncoding: true })
  t.ok(asked.includes(Buffer.from('aGk=')), 'transferEncoding: true: base64 on the wire')
  t.same(decode(asked).parts.map((part) => Buffer.from(part.data).toString()), ['hi', 'x'], 'and decoded back')
})

t.test('the writer grows and copies out', async (t) => {
  const w = new ByteWriter(1)
  for (let i = 0; i < 1000; i++) w.byte(i & 0xff)
  const out = w.toBuffer()
  t.equal(out.length, 1000)
  w.byte(1)
  t.equal(out.length, 1000, 'toBuffer is a copy')
})

/** The bytes of one header field: a PDU of `type` with only that field, minus the Message-Type. */
function field (key: string, value: unknown, type: MessageType = 'm-send-req', options: EncodeOptions = {}): string {
  const headers = { messageType: type, [key]: value } as EncodeHeaders
  return hex(encode({ headers }, { checkMandatory: false, ...options })).slice(4)
}

/** decode(encode()) of a one-field PDU gives the field back. */
function same (t: Test, key: string, value: unknown, type: MessageType = 'm-send-req', expected: unknown = value, options: EncodeOptions = {}): void {
  const headers = { messageType: type, [key]: value } as EncodeHeaders
  const decoded = decode(encode({ headers }, { checkMandatory: false, ...options }))
  t.same(plain((decoded.headers as Record<string, unknown>)[key]), plain(expected), `${key} round-trips`)
}

const DATE = new Date(1_600_000_000_000)
const DATE_HEX = '045f5e1000'
const PLMN = '+1/TYPE=PLMN'

t.test('every header codec writes the bytes the spec gives', async (t) => {
  t.equal(field('bcc', PLMN), '81' + ascii(PLMN) + '00', 'Bcc: ESV address')
  t.equal(field('to', [PLMN, 'a@b.c']), '97' + ascii(PLMN) + '00' + '97' + ascii('a@b.c') + '00', 'To repeats')
  t.equal(field('cc', { address: '+1', type: 'PLMN' }), '82' + ascii(PLMN) + '00', 'address from its parts')
  t.equal(field('cc', { address: 'a@b.c', type: 'email' }), '82' + ascii('a@b.c') + '00', 'email: no suffix')
  t.equal(field('cc', { address: 'x' }), '82' + ascii('x') + '00', 'no type: no suffix')
  t.equal(field('cc', { address: 'é', type: 'unknown', raw: 'é', charset: 'utf-8', mib: 106 }), '8205ea7fc3a900', 'address with charset')
  t.equal(field('cc', { address: 'x', type: 'unknown', raw: 'x', mib: 0, bytes: Uint8Array.of(0x78) }), '8203807800', 'address kept raw')
  t.equal(field('contentLocation', 'http://x/1'), '83' + ascii('http://x/1') + '00', 'Content-Location: Uri-value')
  t.equal(field('contentLocation', [{ statusCount: 1, uri: 'a' }, 'b'], 'm-delete-conf'), '8303816100' + '836200', 'Status-count form in m-delete-conf')
  t.equal(field('contentType', 'application/vnd.wap.multipart.related'), '84b3' + '00', 'Content-Type well-known (then nEntries 0)')
  t.equal(field('contentType', { mediaType: 'application/vnd.wap.multipart.related', params: { type: 'application/smil', start: '<smil>' } }),
    '841bb389' + ascii('application/smil') + '008a' + ascii('<smil>') + '00' + '00', 'general form (WAP-230 §8.4.2.24 example)')
  t.equal(field('date', DATE), '85' + DATE_HEX, 'Date')
  t.equal(field('deliveryReport', true), '8680')
  t.equal(field('deliveryReport', false), '8681')
  t.equal(field('deliveryReport', 115), '8673', 'an unknown Yes/No octet as it was')
  t.equal(field('deliveryTime', { absolute: DATE }), '870680' + DATE_HEX, 'absolute time')
  t.equal(field('expiry', { relative: 86400 }), '88058103015180', 'relative time (OMA-TS-MMS_ENC §7.3 example)')
  t.equal(field('expiry', { relative: 100 }), '8803810164', 'relative time, small: a Long-integer all the same (docs/compatibility.md)')
  t.equal(field('expiry', { relative: 100 }, 'm-send-req', { forms: 'shortest' }), '880281e4', 'shortest forms: relative time, Short-integer')
  t.equal(field('from', { insertAddress: true }), '890181', 'Insert-address-token')
  t.equal(field('from', '+123/TYPE=PLMN'), '891080' + ascii('+123/TYPE=PLMN') + '00', 'Address-present-token')
  t.equal(field('messageClass', 'personal'), '8a80')
  t.equal(field('messageClass', 'auto'), '8a83')
  t.equal(field('messageClass', 0x85), '8a85')
  t.equal(field('messageClass', 'junk'), '8a' + ascii('junk') + '00', 'Token-text class')
  t.equal(field('messageId', 'id'), '8b' + ascii('id') + '00')
  t.equal(field('mmsVersion', '1.2'), '8d92')
  t.equal(field('messageSize', 1015), '8e0203f7', 'Long-integer even when small')
  t.equal(field('messageSize', 5), '8e0105')
  t.equal(field('priority', 'high'), '8f82')
  t.equal(field('readReport', true), '9080')
  t.equal(field('reportAllowed', false), '9181')
  t.equal(field('responseStatus', { name: 'ok', code: 0x80 }), '9280')
  t.equal(field('responseStatus', 'error-permanent-reply-charging-request-not-accepted'), '92e7', 'by name, 0xE7 not AOSP\'s typo')
  t.equal(field('responseStatus', 0xc5), '92c5', 'by code')
  t.equal(field('responseStatus', [{ statusCount: 2, status: { name: 'ok', code: 0x80 } }], 'm-mbox-delete-conf'), '92028280', 'Status-count form')
  t.equal(field('responseText', 'ok'), '93' + ascii('ok') + '00')
  t.equal(field('responseText', [{ statusCount: 2, text: { text: 'x' } }], 'm-delete-conf'), '9303827800', 'Status-count form')
  t.equal(field('senderVisibility', 'hide'), '9480')
  t.equal(field('status', 'retrieved'), '9581')
  t.equal(field('subject', 'héllo'), '9608ea68c3a96c6c6f00', 'UTF-8 without a Quote when the first octet is ASCII')
  t.equal(field('transactionId', 'T1'), '98' + ascii('T1') + '00')
  t.equal(field('retrieveStatus', 'error-permanent-message-not-found'), '99e2')
  t.equal(field('retrieveText', 'x'), '9a7800')
  t.equal(field('readStatus', 'deleted-without-being-read'), '9b81')
  t.equal(field('replyCharging', 'accepted-text-only'), '9c83')
  t.equal(field('replyChargingDeadline', { relative: 3600 }), '9d0481020e10')
  t.equal(field('replyChargingId', 'r'), '9e7200')
  t.equal(field('replyChargingSize', 300), '9f02012c')
  t.equal(field('previouslySentBy', [{ forwardCount: 1, address: PLMN }]), 'a00e81' + ascii(PLMN) + '00')
  t.equal(field('previouslySentDate', [{ forwardCount: 0, date: DATE }]), 'a10680' + DATE_HEX)
  t.equal(field('store', true), 'a280')
  t.equal(field('mmState', 'forwarded'), 'a384')
  t.equal(field('mmFlags', [{ action: 'add', flag: 'Seen' }]), 'a406' + '80' + ascii('Seen') + '00')
  t.equal(field('storeStatus', { name: 'success', code: 0x80 }), 'a580')
  t.equal(field('storeStatusText', 'x'), 'a67800')
  t.equal(field('stored', false), 'a781')
  t.equal(field('attributes', ['subject', 'content', 0xb0]), 'a896a8aea8b0', 'one attribute per occurrence')
  t.equal(field('totals', true), 'a980')
  t.equal(field('mboxTotals', { unit: 'messages', value: 200 }), 'aa038001c8')
  t.equal(field('quotas', true), 'ab80')
  t.equal(field('mboxQuotas', { unit: 'size', value: 5 }), 'ac028185')
  t.equal(field('messageCount', 300), 'ad02012c', 'Integer-value, long form')
  t.equal(field('messageCount', 5), 'ad85', 'Integer-value, short form')
  t.equal(field('content', true), 'ae', 'the bare code, as the decoder reads it')
  t.equal(field('start', 0), 'af80')
  t.equal(field('additionalHeaders', true), 'b0')
  t.equal(field('distributionIndicator', true), 'b180')
  t.equal(field('elementDescriptor', { contentReference: 'ref', params: { type: 'text/plain' } }), 'b206' + ascii('ref') + '00' + '8283', 'well-known type')
  t.equal(field('elementDescriptor', { contentReference: 'r', params: { '0x05': 'application/smil', foo: 3 } }),
    'b2' + '19' + '7200' + '85' + ascii('application/smil') + '00' + ascii('foo') + '00' + '83', 'numbered and textual names')
  t.equal(field('limit', 10), 'b38a')
  t.equal(field('recommendedRetrievalMode', 'manual'), 'b480')
  t.equal(field('recommendedRetrievalModeText', 'x'), 'b57800')
  t.equal(field('statusText', 'x'), 'b67800')
  t.equal(field('applicId', 'a'), 'b76100')
  t.equal(field('replyApplicId', 'a'), 'b86100')
  t.equal(field('auxApplicInfo', 'a'), 'b96100')
  t.equal(field('contentClass', 'content-rich'), 'ba87')
  t.equal(field('drmContent', true), 'bb80')
  t.equal(field('adaptationAllowed', false), 'bc81')
  t.equal(field('replaceId', 'a'), 'bd6100')
  t.equal(field('cancelId', 'a'), 'be6100')
  t.equal(field('cancelStatus', 'cancel-request-corrupted'), 'bf81')
  t.equal(field('applicationHeaders', { 'X-Foo': 'bar', 'X-Two': ['a', 'b'] }),
    ascii('X-Foo') + '00' + ascii('bar') + '00' + ascii('X-Two') + '00' + '6100' + ascii('X-Two') + '00' + '6200', 'textual application headers')
})

t.test('every row of the header table has a codec that reads and writes', async (t) => {
  t.equal(HEADERS.length, 63)
  for (const def of HEADERS) {
    t.type(def.codec.read, 'function', `${def.name} reads`)
    t.type(def.codec.write, 'function', `${def.name} writes`)
  }
})

t.test('decode(encode(x)) === x for each codec', async (t) => {
  same(t, 'to', [{ address: '+1', type: 'PLMN', raw: PLMN }, { address: 'a@b.c', type: 'email', raw: 'a@b.c' }])
  same(t, 'from', { insertAddress: true })
  same(t, 'from', { address: 'ü@x', type: 'email', raw: 'ü@x', charset: 'utf-8', mib: 106 })
  same(t, 'contentLocation', [{ statusCount: 1, uri: 'a' }, { statusCount: 300, uri: 'b' }], 'm-delete-conf')
  same(t, 'date', DATE)
  same(t, 'deliveryTime', { absolute: DATE })
  same(t, 'expiry', { relative: 2 ** 40 })
  same(t, 'messageSize', 2n ** 63n)
  same(t, 'responseStatus', { name: 'error-transient-failure', code: 0xc5 })
  same(t, 'responseStatus', [{ statusCount: 1, status: { name: 'ok', code: 0x80 } }], 'm-delete-conf')
  same(t, 'responseText', [{ statusCount: 1, text: { text: 'é', charset: 'utf-8', mib: 106 } }], 'm-mbox-delete-conf')
  same(t, 'subject', { text: 'Привет', charset: 'koi8-r', mib: 2084 }, 'm-send-req', { text: 'Привет', charset: 'utf-8', mib: 106 })
  same(t, 'subject', { text: 'Привет', charset: 'koi8-r', mib: 2084 }, 'm-send-req', undefined, { forms: 'shortest' })
  same(t, 'subject', { text: '日本語', charset: 'shift_jis', mib: 17 })
  same(t, 'subject', { text: 'A€', charset: 'utf-16', mib: 1015 }, 'm-send-req', { text: 'A€', charset: 'utf-8', mib: 106 })
  same(t, 'subject', { text: 'A€', charset: 'utf-16', mib: 1015 }, 'm-send-req', undefined, { forms: 'shortest' })
  same(t, 'previouslySentBy', [{ forwardCount: 200, address: { address: '+1', type: 'PLMN', raw: PLMN } }])
  same(t, 'previouslySentDate', [{ forwardCount: 1, date: DATE }])
  same(t, 'mmFlags', [{ action: 'filter', flag: { text: 'x' } }])
  same(t, 'attributes', ['bcc', 'content', 'additionalHeaders'])
  same(t, 'mboxQuotas', { unit: 'size', value: 2 ** 40 })
  same(t, 'elementDescriptor', { contentReference: 'é', params: { type: 'application/smil', '0x05': 'text/plain' } })
  same(t, 'messageClass', 'junk')
  same(t, 'mmsVersion', '1.15')
  same(t, 'applicationHeaders', { 'X-A': 'ä', 'X-B': ['1', '2'] })
})

t.test('values that do not fit their field', async (t) => {
  const bad = (key: string, value: unknown, pattern: RegExp, type: MessageType = 'm-send-req') =>
    badInput(t, () => field(key, value, type), pattern, `${key}: ${pattern}`)
  bad('priority', 'urgent', /urgent is not a value/)
  bad('priority', 300, /300 is not a value/)
  bad('deliveryReport', 'maybe', /maybe is not a value/)
  bad('attributes', ['nothing'], /names no header field/)
  bad('contentLocation', [{ statusCount: 1, uri: 'a' }], /Status-count value outside/, 'm-send-req')
  bad('elementDescriptor', { contentReference: 'r', params: { type: 300 } }, /neither a content type nor text/)
  bad('expiry', 5, /X-Mms-Expiry: /)
  bad('transactionId', 'a\0', /X-Mms-Transaction-Id: text contains a NUL/)
  bad('applicationHeaders', { 'é': 'x' }, /é: "é" is not a token/)
  badInput(t, () => encode({ headers: { messageType: 'm-send-req', nonsense: 1 } as EncodeHeaders }, { checkMandatory: false }), /no header field has the key/, 'unknown key')
  try {
    field('expiry', 5)
    t.fail('expected an error')
  } catch (err) {
    t.match(err, { field: 'X-Mms-Expiry', offset: 2 }, 'field and output offset')
  }
})

t.test('content types and parameters', async (t) => {
  const ct = (value: Parameters<typeof contentType.write>[1], ctx = NO_PDU) => written((w) => contentType.write(w, value, ctx))
  t.equal(ct('text/plain'), '83', 'well-known code')
  t.equal(ct('TEXT/PLAIN'), '83', 'case-insensitive')
  t.equal(ct('application/smil'), ascii('application/smil') + '00', 'Extension-media')
  t.equal(ct('multipart/byteranges'), '8e', 'the correct spelling of 0x0E (docs/wire-format.md Q1)')
  t.equal(ct({ mediaType: 'text/plain', params: { charset: 'utf-8' } }), '0383' + '81ea', 'general form only with parameters')
  t.equal(ct({ mediaType: 'application/smil', params: { charset: 'utf-8' } }), '13' + ascii('application/smil') + '00' + '81ea', 'textual media in the general form')
  t.equal(ct('application/vnd.syncml+xml'), ascii('application/vnd.syncml+xml') + '00', 'a code not every decoder has: text (docs/compatibility.md)')
  t.equal(ct('application/octet-stream'), ascii('application/octet-stream') + '00', '0x5A, which AOSP lacks: text')
  t.equal(ct({ mediaType: 'application/octet-stream', params: { name: 'a' } }), '1c' + ascii('application/octet-stream') + '00' + '856100', 'text in the general form too')
  t.equal(ct('application/vnd.wv.csp+wbxml'), 'cd', '0x4D, the last code every decoder has')
  t.equal(ct('application/vnd.syncml+xml', SHORTEST), '03020302', 'shortest forms: extension codes need the general form (Long-integer)')
  t.equal(ct('application/octet-stream', SHORTEST), 'da', 'shortest forms: 0x5A')
  t.equal(ct({ mediaType: 'application/x-wsp-0x59', params: {}, unknownCode: 0x59 }), 'd9', 'unknown code kept')
  const p = (params: Record<string, unknown>, ctx = NO_PDU) => written((w) => writeParameters(w, params as never, ctx))
  t.equal(p({ q: 0.5 }), '8033', 'Q-value, two decimals')
  t.equal(p({ q: 0.333 }), '808331', 'Q-value, three decimals (WAP-230 §8.4.2.3)')
  t.equal(p({ q: 0 }), '8001')
  t.equal(p({ charset: '*' }), '8180', 'Any-charset')
  t.equal(p({ charset: 'big5' }), '81' + '0207ea', 'MIBenum above 127: Long-integer')
  t.equal(p({ charset: 'x-klingon' }), '81' + ascii('x-klingon') + '00', 'unknown charset name as text')
  t.equal(p({ charset: 2026 }), '810207ea', 'by number')
  t.equal(p({ level: '1.2' }), '8292')
  t.equal(p({ type: 3 }), '8383', 'integer type: 0x03')
  t.equal(p({ type: 'text/plain' }), '8983', 'multipart/related type: 0x09, Constrained-encoding')
  t.equal(p({ type: 'application/smil' }), '89' + ascii('application/smil') + '00')
  t.equal(p({ name: 'a.txt', filename: 'b', start: '<s>', 'start-info': 'i', comment: 'c', domain: 'd', path: '/' }, SHORTEST),
    '85' + ascii('a.txt') + '00' + '86' + '6200' + '8a' + ascii('<s>') + '00' + '8b6900' + '8c6300' + '8d6400' + '8f2f00', 'older codes (docs/wire-format.md Q14)')
  t.equal(p({ foo: 'x', filename: 'b', charset: 'utf-8', Name: 'a', type: 'text/plain', start: '<s>' }),
    '81ea' + '85' + '6100' + '8983' + '8a' + ascii('<s>') + '00' + ascii('foo') + '00' + '7800' + '866200', 'the parameters AOSP reads first, in their order')
  t.equal(p({ type: 'application/octet-stream' }), '89' + ascii('application/octet-stream') + '00', 'a type code not every decoder has: text')
  t.equal(p({ type: 'application/octet-stream' }, SHORTEST), '89da', 'shortest forms: by code')
  t.equal(p({ differences: 'Content-Type' }), '8791', 'Field-name as code')
  t.equal(p({ differences: 'X-Foo' }), '87' + ascii('X-Foo') + '00', 'Field-name as text')
  t.equal(p({ padding: 3, sec: 1, secure: true }), '8883' + '9181' + '9000')
  t.equal(p({ 'max-age': 100, size: 1000 }), '8ee4' + '960203e8')
  t.equal(p({ mac: 'abc' }), '92' + ascii('abc') + '00')
  t.equal(p({ 'creation-date': DATE, 'modification-date': DATE, 'read-date': DATE }), `93${DATE_HEX}94${DATE_HEX}95${DATE_HEX}`)
  t.equal(p({ foo: 'bar' }), ascii('foo') + '00' + ascii('bar') + '00', 'untyped, text')
  t.equal(p({ foo: 5, bar: 2n ** 60n }), ascii('foo') + '00' + '85' + ascii('bar') + '00' + '081000000000000000', 'untyped, integer')
  t.equal(p({ name: 5 }), ascii('name') + '00' + '85', 'a value its typed form cannot hold goes untyped')
  t.equal(p({ q: 2 }), '7100' + '82', 'q out of range goes untyped')
  badInput(t, () => p({ foo: true }), /no untyped encoding/, 'true without a typed form')
  badInput(t, () => p({ foo: DATE }), /no untyped encoding/, 'a date without a typed form')
  const decoded = decode(encode({
    headers: { messageType: 'm-retrieve-conf', contentType: { mediaType: 'application/vnd.wap.multipart.related', params: { type: 'application/smil', start: '<s>', foo: 'bär', q: 0.25 } } },
  }, { checkMandatory: false }))
  t.same(plain(decoded.headers.contentType), { mediaType: 'application/vnd.wap.multipart.related', params: { type: 'application/smil', start: '<s>', foo: 'bär', q: 0.25 } }, 'round trip')
})

t.test('part headers', async (t) => {
  const ph = (headers: Record<string, unknown>, ctx: EncodeContext = NO_PDU) => written((w) => writeHeaders(w, headers as never, ctx))
  t.equal(ph({ 'content-id': '<a>' }), 'c0' + '22' + ascii('<a>') + '00', 'Content-ID: Quoted-string')
  t.equal(ph({ 'Content-Location': 'a.jpg' }), '8e' + ascii('a.jpg') + '00', 'Content-Location: any case')
  t.equal(ph({ 'content-disposition': { disposition: 'attachment', params: { filename: 'a' } } }), 'ae' + '07' + '81' + '98' + '6100' + '86' + '6100', 'Content-Disposition 0x2E, filename 0x18 (first: AOSP reads only that) and 0x06')
  t.equal(ph({ 'content-disposition': { disposition: 'attachment', params: { size: 1, filename: 'a b' } } }), 'ae' + '0e' + '81' + '98' + '22' + ascii('a b') + '00' + '9681' + '86' + ascii('a b') + '00', 'a filename that is no token: a Quoted-string under 0x18')
  t.equal(ph({ 'content-disposition': { disposition: 'attachment', params: { filename: 'a' } } }, SHORTEST), 'ae' + '04' + '81' + '86' + '6100', 'shortest forms: filename 0x06 only')
  t.equal(ph({ 'x-mine': 'v', date: DATE, 'content-id': '<a>', 'content-transfer-encoding': 'base64' }), 'c0' + '22' + ascii('<a>') + '00' + ascii('X-Mine') + '00' + '7600' + '92' + DATE_HEX + ascii('Content-Transfer-Encoding') + '00' + ascii('base64') + '00', 'the headers AOSP reads first')
  t.equal(ph({ 'content-transfer-encoding': 'base64', 'content-id': '<a>' }, { ...NO_PDU, transferEncoding: false }), 'c0' + '22' + ascii('<a>') + '00', 'no Content-Transfer-Encoding for data not in one')
  t.equal(ph({ 'content-disposition': 'inline' }), 'ae' + '01' + '82')
  t.equal(ph({ 'content-disposition': 'form-data' }), 'ae' + '01' + '80')
  t.equal(ph({ 'content-disposition': { disposition: 'x-mine', params: {} } }), 'ae' + '07' + ascii('x-mine') + '00', 'token disposition')
  t.equal(ph({ 'content-disposition': Uint8Array.of(0x02, 0x99, 0x00) }), 'ae' + '029900', 'a raw value as it came')
  t.equal(ph({ 'x-wsp-0xd0': Uint8Array.of(0x81) }), 'd0' + '81', 'an unnamed code')
  t.equal(ph({ date: DATE }), '92' + DATE_HEX, 'Date-value header')
  t.equal(ph({ 'content-length': 5 }), '8d' + '85', 'integer header')
  t.equal(ph({ 'content-length': 500 }), '8d' + '0201f4')
  t.equal(ph({ 'content-language': 'en' }), '8c' + ascii('en') + '00', 'text header')
  t.equal(ph({ 'content-transfer-encoding': 'base64' }), ascii('Content-Transfer-Encoding') + '00' + ascii('base64') + '00', 'textual, capitalised')
  t.equal(ph({ 'X-Odd': 'v' }), ascii('X-Odd') + '00' + '7600', 'textual, as given')
  t.equal(ph({ 'content-location': ['a', 'b'], skipped: undefined }), '8e6100' + '8e6200', 'repeated; undefined skipped')
  badInput(t, () => ph({ 'x-mine': 5 }), /textual header needs a text value/, 'textual header with a number')
  badInput(t, () => ph({ 'content-language': { disposition: 'inline', params: {} } }), /disposition value/, 'a disposition elsewhere')
  badInput(t, () => ph({ 'content-language': '' }), /has no form/, 'empty text where a reader would see no text')
  badInput(t, () => ph({ 'content-language': 200 }), /has no form/, 'a number beyond a Short-integer')
  t.equal(ph({ 'x-wap-application-id': 'x-wap-application:mms.ua' }), 'af' + ascii('x-wap-application:mms.ua') + '00', 'an application id as its text')
  t.equal(ph({ 'x-wap-application-id': 4 }), 'af' + '84', 'an application id as its code')
  // Headers of another code page, named as the decoder names them: a Shift-sequence there and back.
  t.equal(ph({ 'x-wsp-page2-0x81': Uint8Array.of(0x82) }), '02' + '81' + '82' + '01', 'page 2: a Short-cut-shift-delimiter')
  t.equal(ph({ 'x-wsp-page200-0x81': Uint8Array.of(0x82) }), '7f' + 'c8' + '81' + '82' + '01', 'page 200: Shift-delimiter and the page')
  badInput(t, () => ph({ 'x-wsp-page2-0x81': 'text' }), /written from its raw octets/, 'a header of another page needs its octets')
  badInput(t, () => ph({ 'x-wsp-page300-0x81': Uint8Array.of(0x82) }), /no code page 300/, 'a page beyond an octet')
  t.equal(ph({ 'x-wsp-0xd0': 'text' }), 'd0' + ascii('text') + '00', 'an unnamed code with a text value: by its shape')
  badInput(t, () => ph({ 'content-location': 5 }), /5 is not a uri value/, 'a number where a URI belongs')
  badInput(t, () => ph({ 'x-wsp-0xd0': new Uint8Array(0) }), /not one value/, 'raw octets: none')
  badInput(t, () => ph({ 'x-wsp-0xd0': Uint8Array.of(0x81, 0x82) }), /not one value/, 'raw octets: two values')
  badInput(t, () => ph({ 'x-wsp-0xd0': Uint8Array.of(0x05, 0x01) }), /not one value/, 'raw octets: a length past their end')
  badInput(t, () => ph({ 'content-disposition': { params: {} } }), /needs its name/, 'a disposition without its name')
  t.equal(written((w) => entryHeaders.write(w, { contentType: { mediaType: 'text/plain', params: {} } })), '83', 'an entry with no headers but its content type')
  badInput(t, () => written((w) => writeParameters(w, null as never)), /parameters must be an object/, 'parameters null')
  badInput(t, () => written((w) => writeParameters(w, 'charset=utf-8' as never)), /parameters must be an object/, 'parameters as text')
})

t.test('transfer encodings', async (t) => {
  const data = Buffer.alloc(100, 0xab)
  const b64 = base64Lines(data).toString('latin1')
  t.equal(b64.split('\r\n')[0]?.length, 76, '76-character lines')
  t.same(Buffer.from(b64, 'base64'), data)
  t.equal(quotedPrintable(Buffer.from('a=b \t\r\nc\nd ')).toString('latin1'), 'a=3Db =09\r\nc=0Ad=20', 'QP')
  t.equal(quotedPrintable(Buffer.from('x \r\n')).toString('latin1'), 'x=20\r\n', 'space before a line break encoded')
  const long = quotedPrintable(Buffer.alloc(200, 0xff)).toString('latin1')
  t.ok(long.split('\r\n').every((line) => line.length <= 76), 'soft line breaks')
  t.equal(hex(transferEncode('7bit', Uint8Array.of(1))), '01', 'others as they are')
  t.equal(hex(transferEncode(undefined, Uint8Array.of(1))), '01')
  const m = decode(encode({
    headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: DATE, contentType: 'application/vnd.wap.multipart.mixed' },
    parts: [
      { contentType: 'application/octet-stream', headers: { 'Content-Transfer-Encoding': ' Base64 ' }, data: Uint8Array.from({ length: 256 }, (_, i) => i) },
      { contentType: { mediaType: 'text/plain', params: { charset: 'utf-8' } }, headers: { 'content-transfer-encoding': 'quoted-printable' }, data: 'héllo =\r\nwörld \n' + 'x'.repeat(100) },
    ],
  }))
  t.equal(hex(m.parts[0]?.data ?? new Uint8Array()), hex(Uint8Array.from({ length: 256 }, (_, i) => i)), 'base64 part decodes to its data')
  t.equal(Buffer.from(m.parts[1]?.data ?? []).toString('utf8'), 'héllo =\r\nwörld \n' + 'x'.repeat(100), 'QP part decodes to its data')
  t.same(m.warnings, [])
})

const SEND_REQ: EncodeHeaders = {
  messageType: 'm-send-req', transactionId: 'T', mmsVersion: '1.2', from: { insertAddress: true }, to: PLMN,
  contentType: 'application/vnd.wap.multipart.mixed',
}

t.test('bodies: multipart, nested multipart, nested PDU, single part', async (t) => {
  const nestedPdu: EncodeMessage = { headers: { messageType: 'm-mbox-descr', mmsVersion: '1.2', messageId: 'm1' } }
  const bytes = encode({
    headers: { ...SEND_REQ, contentType: { mediaType: 'application/vnd.wap.multipart.related', params: { start: '<a>' } } },
    parts: [
      { contentType: { mediaType: 'text/plain', params: { charset: 'iso-8859-1' } }, headers: { 'content-id': '<a>' }, data: 'é' },
      { contentType: 'application/vnd.wap.multipart.alternative', parts: [{ contentType: 'text/plain', data: 'x' }, { contentType: 'text/html', data: Uint8Array.of(0x3c) }] },
      { contentType: 'application/vnd.wap.mms-message', message: nestedPdu },
      { contentType: 'image/jpeg' },
      { contentType: { mediaType: 'text/plain', params: { charset: 4 } }, data: 'ü' },
    ],
  })
  const m = decode(bytes)
  t.same(m.warnings, [])
  t.equal(m.parts.length, 5)
  t.equal(hex(m.parts[4]?.data ?? new Uint8Array()), 'fc', 'charset by MIBenum')
  t.equal(hex(m.parts[0]?.data ?? new Uint8Array()), 'e9', 'a string in the charset its content type names')
  t.equal(m.parts[1]?.parts?.length, 2, 'nested multipart')
  t.equal(Buffer.from(m.parts[1]?.parts?.[1]?.data ?? []).toString(), '<')
  t.equal(m.parts[2]?.message?.headers.messageId, 'm1', 'nested PDU')
  t.equal(m.parts[3]?.size, 0, 'no data: empty')
  t.same(encode(m), bytes, 'encode(decode(bytes)) is bytes')

  const single = encode({ headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: DATE, contentType: 'text/plain' }, parts: [{ contentType: 'text/plain', data: 'hi' }] })
  t.equal(hex(single), '8c848d92' + '85' + DATE_HEX + '84a3' + '01' + '0102' + '83' + ascii('hi'), 'm-retrieve-conf: a single part goes in a multipart.mixed (AOSP reads no other body)')
  t.same(plain(decode(single).parts.map((part) => part.contentType)), [{ mediaType: 'text/plain', params: {} }], 'the part keeps its type')
  const shortest = encode({ headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: DATE, contentType: 'text/plain' }, parts: [{ contentType: 'text/plain', data: 'hi' }] }, { forms: 'shortest' })
  t.equal(hex(shortest), '8c848d92' + '85' + DATE_HEX + '8483' + ascii('hi'), 'shortest forms: a single-part body is the data alone')
  const sendReq = encode({ headers: { messageType: 'm-send-req', transactionId: 't', mmsVersion: '1.2', from: { insertAddress: true }, contentType: 'text/plain' }, parts: [{ contentType: 'text/plain', data: 'hi' }] })
  t.equal(hex(sendReq).slice(-6), '83' + ascii('hi'), 'm-send-req: a single-part body is the data alone')
  t.equal(hex(encode({ headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: DATE, contentType: 'text/plain' } })).slice(-6), '84a300', 'm-retrieve-conf without a part: an empty multipart.mixed')
  t.throws(() => encode({ headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: DATE, contentType: 'text/plain' }, parts: [{ contentType: 'text/plain', data: 'a' }, { contentType: 'text/plain', data: 'b' }] }), { code: 'ERR_MMSE_BAD_INPUT', message: /holds one part, not 2/ })
  t.equal(hex(encode({ headers: { ...SEND_REQ, contentType: 'text/plain' } })), hex(encode({ headers: { ...SEND_REQ, contentType: 'text/plain' }, parts: [] })), 'no parts: no body')
  t.equal(hex(encode({ headers: SEND_REQ })).slice(-4), 'a300', 'an empty multipart has nEntries 0')
  t.throws(() => encode({ headers: { messageType: 'm-mbox-descr', mmsVersion: '1.2' }, parts: [{ contentType: 'text/plain' }] }), { code: 'ERR_MMSE_MISSING_FIELD', field: 'Content-Type' }, 'parts need a Content-Type')
  t.throws(() => encode({ headers: { ...SEND_REQ, contentType: 'text/plain' }, parts: [{ contentType: 'text/plain' }, { contentType: 'text/plain' }] }),
    { code: 'ERR_MMSE_BAD_INPUT', message: /holds one part, not 2/ })
  t.throws(() => encode({ headers: SEND_REQ, parts: [{ contentType: 'text/plain', parts: [] }] }), { code: 'ERR_MMSE_BAD_INPUT', message: /must be a WSP multipart/ })
  t.throws(() => encode({ headers: SEND_REQ, parts: [{ contentType: { mediaType: 'text/plain', params: { charset: 'us-ascii' } }, data: 'é' }] }), { code: 'ERR_MMSE_BAD_INPUT' })
  t.throws(() => encode({ headers: SEND_REQ, parts: [{ contentType: { mediaType: 'text/plain', params: { foo: true } } }] }), { code: 'ERR_MMSE_BAD_INPUT', field: 'Content-Type' })
})

t.test('header order: Message-Type, Transaction-Id, MMS-Version first, Content-Type last, the rest as given', async (t) => {
  const bytes = encode({ headers: { contentType: 'text/plain', subject: 's', mmsVersion: '1.3', date: DATE, transactionId: 'x', messageType: 'm-send-req', from: { insertAddress: true } } })
  t.same(decode(bytes).headerList.map((h) => h.name), ['X-Mms-Message-Type', 'X-Mms-Transaction-Id', 'X-Mms-MMS-Version', 'Subject', 'Date', 'From', 'Content-Type'])
  t.same(decode(bytes).warnings, [])
  const noTid = decode(encode({ headers: { mmsVersion: '1.0', messageType: 'm-retrieve-conf', date: DATE, contentType: 'text/plain' } }))
  t.same(noTid.headerList.map((h) => h.code), [0x8c, 0x8d, 0x85, 0x84], 'MMS-Version second without a Transaction-Id')
})

t.test('mandatory fields of all 24 message types', async (t) => {
  t.equal(Object.keys(MANDATORY).length, 24)
  t.throws(() => encode({ headers: { transactionId: 'x' } }), { code: 'ERR_MMSE_MISSING_FIELD', field: 'X-Mms-Message-Type' })
  t.throws(() => encode({ headers: { messageType: 'm-nonsense' as MessageType } }), { code: 'ERR_MMSE_BAD_INPUT', message: /unknown message type/ })
  t.equal(hex(encode({ headers: { messageType: 0x98 } })), '8c98', 'a numeric type is written unchecked')
  for (const [type, keys] of Object.entries(MANDATORY)) {
    for (const missing of keys) {
      const headers = { messageType: type } as Record<string, unknown>
      for (const key of keys) if (key !== missing) headers[key] = FULL[key]
      const def = HEADERS.find((d) => d.key === missing)
      t.throws(() => encode({ headers: headers as EncodeHeaders }), {
        code: 'ERR_MMSE_MISSING_FIELD', field: def?.name, message: `${type} requires ${def?.name}`,
      }, `${type} without ${missing}`)
    }
    const headers = { messageType: type } as Record<string, unknown>
    for (const key of keys) headers[key] = FULL[key]
    const m = decode(encode({ headers: headers as EncodeHeaders }))
    t.equal(m.headers.messageType, type, `${type} with its mandatory fields encodes`)
  }
})

const FULL: Record<string, unknown> = {
  transactionId: 't1', mmsVersion: '1.3', from: { insertAddress: true }, contentType: 'text/plain', responseStatus: 'ok',
  messageClass: 'personal', messageSize: 10, expiry: { relative: 60 }, contentLocation: 'http://x', status: 'retrieved',
  date: DATE, messageId: 'm', to: PLMN, readStatus: 'read', storeStatus: 'success', cancelId: 'c',
  cancelStatus: 'cancel-request-successfully-received',
}

t.test('builders', async (t) => {
  const sendReq = buildSendReq({
    to: ['+15551234', 'a@b.c'], cc: '10.0.0.1', bcc: 'someone', subject: 'Hi',
    parts: [
      { contentType: 'image/jpeg', data: Uint8Array.of(0xff, 0xd8), name: 'a b.jpg' },
      { contentType: 'text/plain', data: 'hello' },
      { contentType: 'audio/amr', data: Uint8Array.of(1) },
      { contentType: 'video/3gpp', data: Uint8Array.of(2), contentId: 'vid' },
      { contentType: 'text/plain', data: 'bye' },
      { contentType: 'text/x-vcard', data: 'BEGIN:VCARD' },
      { contentType: { mediaType: 'text/plain', params: { charset: 'us-ascii' } }, data: 'x', headers: { 'content-location': 'override.txt' } },
    ],
    smil: true,
  })
  const m = decode(encode(sendReq))
  t.same(m.warnings, [])
  t.equal(m.headers.messageType, 'm-send-req')
  t.match(m.headers.transactionId, /^[0-9a-f]{12}$/, 'generated Transaction-Id')
  t.equal(m.headers.mmsVersion, '1.2')
  t.same(plain(m.headers.from), { insertAddress: true })
  t.same(m.headers.to?.map((a) => a.raw), ['+15551234/TYPE=PLMN', 'a@b.c'])
  t.same(m.headers.cc?.map((a) => a.raw), ['10.0.0.1/TYPE=IPv4'])
  t.same(m.headers.bcc?.map((a) => a.raw), ['someone'])
  t.same(plain(m.headers.contentType), { mediaType: 'application/vnd.wap.multipart.related', params: { start: '<smil>', type: 'application/smil' } })
  t.equal(m.parts.length, 8)
  t.equal(m.parts[0]?.contentType.mediaType, 'application/smil')
  t.equal(m.parts[0]?.contentId, 'smil')
  t.equal(m.parts[1]?.contentId, 'a_b.jpg')
  t.equal(m.parts[1]?.filename, 'a b.jpg')
  t.equal(m.parts[2]?.contentType.params['charset'], 'utf-8', 'text strings say UTF-8')
  t.equal(m.parts[4]?.contentId, 'vid')
  t.equal(m.parts[7]?.contentLocation, 'override.txt')
  t.match(Buffer.from(m.parts[0]?.data ?? []).toString(), /<text src="override.txt" region="Text"\/>/, 'the SMIL names the location the caller set')
  t.equal(m.parts[7]?.contentType.params['charset'], 'us-ascii')
  const smil = Buffer.from(m.parts[0]?.data ?? []).toString()
  t.equal((smil.match(/<par /g) ?? []).length, 3, 'slides: image+text+audio, video+text, vcard ref + text')
  t.match(smil, /<img src="a b.jpg" region="Image"\/><text src="part1" region="Text"\/><audio src="part2"\/>/)
  t.match(smil, /<video src="part3" region="Image"\/><text src="part4" region="Text"\/><ref src="part5"\/>/)
  t.match(smil, /<region id="Image"[^>]*height="70%"/)

  const mixed = decode(encode(buildSendReq({ from: '+1', to: '+2', parts: [{ contentType: 'image/png', data: Uint8Array.of(1) }], transactionId: 'x', date: DATE, mmsVersion: '1.3', headers: { priority: 'high' } })))
  t.equal(mixed.headers.contentType?.mediaType, 'application/vnd.wap.multipart.mixed', 'no SMIL: multipart/mixed')
  t.equal(mixed.headers.transactionId, 'x')
  t.equal(mixed.headers.priority, 'high')
  t.equal(mixed.headers.mmsVersion, '1.3')
  t.same(plain(mixed.headers.from), { address: '+1', type: 'PLMN', raw: '+1/TYPE=PLMN' })
  t.throws(() => buildSendReq({ parts: [] }), { code: 'ERR_MMSE_MISSING_FIELD', message: /To, Cc or Bcc/ })

  t.match(smilDocument([{ name: 'a&"<>.txt', mediaType: 'text/plain' }]), /src="a&#38;&#34;&#60;&#62;.txt" region="Text"/, 'attribute values escaped')
  t.match(smilDocument([{ name: 't', mediaType: 'text/plain' }]), /<region id="Text" left="0" top="0" width="100%" height="100%"/, 'text only')
  t.match(smilDocument([{ name: 'i', mediaType: 'image/gif' }]), /<region id="Image" left="0" top="0" width="100%" height="100%"/, 'image only')

  const conf = decode(encode(buildSendConf({ transactionId: 't', messageId: 'id', responseText: 'fine' })))
  t.same(plain(conf.headers.responseStatus), { name: 'ok', code: 0x80 })
  t.equal(conf.headers.messageId, 'id')
  const denied = decode(encode(buildSendConf({ transactionId: 't', responseStatus: 'error-permanent-service-denied' })))
  t.same(plain(denied.headers.responseStatus), { name: 'error-permanent-service-denied', code: RESPONSE_STATUSES.code('error-permanent-service-denied') })

  const ind = decode(encode(buildNotificationInd({ contentLocation: 'http://mmsc/1', messageSize: 1000, from: '+1', subject: 's' })))
  t.same(plain(ind.headers.expiry), { relative: 604800 }, 'default expiry: a week')
  t.equal(ind.headers.messageClass, 'personal')
  t.equal(ind.headers.from && 'raw' in ind.headers.from ? ind.headers.from.raw : '', '+1/TYPE=PLMN')
  const ind2 = decode(encode(buildNotificationInd({ contentLocation: 'x', messageSize: 1, expiry: { absolute: DATE }, messageClass: 'auto', transactionId: 'n' })))
  t.equal(ind2.headers.messageClass, 'auto')
  t.equal(ind2.headers.from, undefined)

  t.equal(decode(encode(buildNotifyRespInd({ transactionId: 'n' }))).headers.status, 'retrieved')
  t.equal(decode(encode(buildNotifyRespInd({ transactionId: 'n', status: 'deferred', reportAllowed: false }))).headers.reportAllowed, false)
  t.equal(decode(encode(buildAcknowledgeInd({ transactionId: 'n', reportAllowed: true }))).headers.reportAllowed, true)

  const retrieve = decode(encode(buildRetrieveConf({ from: 'a@b.c', to: '+1', cc: ['+2'], subject: 's', messageId: 'm', parts: [{ contentType: 'text/plain', data: 'x' }], smil: true })))
  t.equal(retrieve.headers.messageType, 'm-retrieve-conf')
  t.equal(retrieve.headers.transactionId, undefined, 'no Transaction-Id unless given')
  t.ok(retrieve.headers.date instanceof Date)
  t.equal(retrieve.parts.length, 2)
  const retrieve2 = decode(encode(buildRetrieveConf({ parts: [], date: DATE })))
  t.equal(retrieve2.headers.from, undefined)

  const delivery = decode(encode(buildDeliveryInd({ messageId: 'm', to: '+1' })))
  t.equal(delivery.headers.status, 'retrieved')
  t.equal(decode(encode(buildDeliveryInd({ messageId: 'm', to: ['+1'], date: DATE, status: 'rejected' }))).headers.status, 'rejected')
  const read = decode(encode(buildReadRecInd({ messageId: 'm', to: '+1' })))
  t.equal(read.headers.readStatus, 'read')
  t.same(plain(read.headers.from), { insertAddress: true })
  const read2 = decode(encode(buildReadRecInd({ messageId: 'm', to: '+1', from: 'x@y', date: DATE, readStatus: 'deleted-without-being-read' })))
  t.equal(read2.headers.readStatus, 'deleted-without-being-read')
  t.same(read2.headers.date, DATE)
})

t.test('what is not a message or a part is refused, by what it lacks', async (t) => {
  const conf = { messageType: 'm-send-conf', transactionId: 't', mmsVersion: '1.2', responseStatus: 'ok' } as const
  const mixed = { mediaType: 'application/vnd.wap.multipart.mixed', params: {} }
  t.throws(() => encode(null as never), { code: 'ERR_MMSE_INVALID_ARGUMENT', field: 'message' }, 'null: the argument itself')
  badInput(t, () => encode({ headers: { ...conf, contentType: mixed }, parts: [{ contentType: 'message/x', message: 5 }] } as never), /a message must be an object/, 'a nested message that is a number')
  badInput(t, () => encode({ headers: null } as never), /needs its headers/, 'headers null')
  badInput(t, () => encode({ headers: 'x' } as never), /needs its headers/, 'headers as text')
  badInput(t, () => encode({ headers: { ...conf, contentType: mixed }, parts: 'x' } as never), /parts must be an array/, 'parts as text')
  badInput(t, () => encode({ headers: { ...conf, contentType: mixed }, parts: [{ contentType: mixed, parts: 'x' }] } as never), /parts must be an array/, 'a nested multipart whose parts are text')
  badInput(t, () => encode({ headers: { ...conf, contentType: mixed }, parts: [null] } as never), /a part must be an object/, 'a part null')
})

t.test('builders take an address as an object too', async (t) => {
  const from = { address: '+15550001111', type: 'PLMN' }
  const message = decode(encode(buildNotificationInd({ from, contentLocation: 'http://x/y', messageSize: 1 })))
  t.match(message.headers.from, from)
  t.same(decode(encode(buildNotificationInd({ from: { insertAddress: true }, contentLocation: 'http://x/y', messageSize: 1 }))).headers.from, { insertAddress: true })
})
