// The linter: each construct deployed decoders misread, flagged on a PDU built to show it, at its
// offset; what encode() writes by default, the bundled sample and the corpus (skipped when absent)
// linted; a push linted through to the PDU it carries.
import { existsSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import t from 'tap'
import { decode, encode, encodePush, lint, LINT_RULES, lintPush, MmseError } from '../../../lib/index.js'
import type { EncodeMessage, EncodeOptions } from '../../../lib/encode/input.js'
import { cat, hex } from '../../support/wire.js'
import { MESSAGE_TYPES, messageOf } from '../encode/arbitraries.test.js'
import { builtMessages } from '../../support/messages.js'

const SHORTEST: EncodeOptions = { forms: 'shortest' }
const DATE = new Date(1_600_000_000_000)
const SEND_REQ = { messageType: 'm-send-req', transactionId: 't', mmsVersion: '1.2', from: { insertAddress: true }, contentType: 'application/vnd.wap.multipart.mixed' } as const
const RETRIEVE_CONF = { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: DATE, contentType: 'application/vnd.wap.multipart.mixed' } as const

/** The rules found, with their offsets and fields. */
function found (bytes: Uint8Array): Array<[string, number, string | undefined]> {
  return lint(bytes).findings.map((one) => [one.rule, one.offset, one.field])
}

function rules (bytes: Uint8Array): string[] {
  return lint(bytes).findings.map((one) => one.rule)
}

t.test('class 1: a relative time as a Short-integer', async (t) => {
  const headers = { ...RETRIEVE_CONF, expiry: { relative: 100 }, deliveryTime: { relative: 86400 }, replyChargingDeadline: { relative: 5 } }
  const shortest = encode({ headers }, SHORTEST)
  // 8c 84 8d 92 85 <date 5> 88 02 81 e4 ...
  t.same(found(shortest), [['delta-seconds-short', 13, 'X-Mms-Expiry'], ['delta-seconds-short', 24, 'X-Mms-Reply-Charging-Deadline']], 'both small ones, at the Delta-seconds octet')
  const one = lint(shortest).findings[0]
  t.match(one, { effect: 'rejected', decoders: ['Android PduParser', 'Wireshark'], detail: '100 s', spec: /§7.3.12/ })
  t.same(found(encode({ headers })), [], 'the default writes Long-integers')
  t.same(found(encode({ headers: { ...RETRIEVE_CONF, expiry: { absolute: DATE } } }, SHORTEST)), [], 'an absolute time is a Date-value')
})

t.test('class 2: content-type codes a decoder\'s table lacks', async (t) => {
  // A top-level Content-Type by a short code past AOSP's table: Android throws.
  const crash = cat(0x8c, 0x84, 0x8d, 0x92, 0x85, hex('045f5e1000'), 0x84, 0xda)
  t.same(rules(crash), ['retrieve-conf-body', 'content-type-crash'], 'Wireshark names 0x5A')
  t.match(lint(crash).findings[1], { offset: 11, effect: 'crash', field: 'Content-Type', detail: '0x5a' })
  const parts = [
    { contentType: 'application/octet-stream', data: 'a' },
    { contentType: { mediaType: 'application/vnd.oma.dcd', params: { name: 'x' } }, data: 'b' },
    { contentType: 'text/calendar', data: 'c' },
    { contentType: 'video/*', data: 'd' },
    { contentType: 'image/jpeg', data: 'e' },
  ]
  const shortest = encode({ headers: SEND_REQ, parts }, SHORTEST)
  t.same(found(shortest).map(([rule, , field]) => [rule, field]), [
    ['content-type-crash', 'part 0'],
    ['content-type-general-code', 'part 1'], ['content-type-unnamed', 'part 1'],
    ['content-type-long-code', 'part 2'],
    ['content-type-unnamed', 'part 3'],
  ], 'a short code, one in the general form, a Long-integer code, a code only Wireshark lacks; image/jpeg is fine')
  t.equal(lint(shortest).findings[0]?.offset, shortest.indexOf(0xda), 'at the code')
  t.same(found(encode({ headers: SEND_REQ, parts })), [], 'the default writes them as text')
})

t.test('class 3: a filename only under the WSP 1.1 code', async (t) => {
  const parts = [{ contentType: 'image/jpeg', headers: { 'content-disposition': { disposition: 'attachment', params: { filename: 'a.jpg' } } }, data: 'x' }]
  const shortest = encode({ headers: SEND_REQ, parts }, SHORTEST)
  t.same(found(shortest), [['filename-wsp-1.1', shortest.indexOf(0xae), 'part 0']])
  t.match(lint(shortest).findings[0], { effect: 'field lost', decoders: ['Android PduParser'] })
  t.same(found(encode({ headers: SEND_REQ, parts })), [], 'the default writes 0x98 first')
  const token = [{ contentType: 'image/jpeg', headers: { 'content-disposition': { disposition: 'x-mine', params: { filename: 'a.jpg' } } }, data: 'x' }]
  t.same(rules(encode({ headers: SEND_REQ, parts: token }, SHORTEST)), ['filename-wsp-1.1'], 'after a token disposition too')
  t.same(rules(encode({ headers: SEND_REQ, parts: token })), [])
  const none = [{ contentType: 'image/jpeg', headers: { 'content-disposition': 'inline' }, data: 'x' }]
  t.same(rules(encode({ headers: SEND_REQ, parts: none }, SHORTEST)), [], 'no filename: nothing to lose')
})

t.test('class 4: a charset above 127 as a Long-integer', async (t) => {
  const headers = { ...RETRIEVE_CONF, subject: { text: 'Grüße', charset: 'utf-16' }, to: [{ address: 'ü@x', type: 'email', charset: 'windows-1252' }] }
  const shortest = encode({ headers }, SHORTEST)
  const subject = shortest.indexOf(Buffer.from('0203f7', 'hex'))
  t.same(found(shortest), [['charset-long-integer', shortest.indexOf(Buffer.from('0208cc', 'hex')), 'To'], ['charset-long-integer', subject, 'Subject']].sort((a, b) => (a[1] as number) - (b[1] as number)))
  t.match(lint(shortest).findings.map((one) => one.detail).sort(), ['MIBenum 1015', 'MIBenum 2252'])
  t.same(found(encode({ headers })), [], 'the default writes UTF-8')
  t.same(found(encode({ headers: { ...RETRIEVE_CONF, subject: { text: 'é', charset: 'iso-8859-1' } } }, SHORTEST)), [], 'a Short-integer charset is read right')
  // An unknown MIBenum of one octet above 127, as a Long-integer; and UTF-16 as AOSP writes it (0xF7, docs/wire-format.md Q33), which a warning covers.
  const unknown = cat(0x8c, 0x84, 0x8d, 0x92, 0x85, hex('045f5e1000'), 0x96, 0x05, 0x01, 0xc8, 'ab', 0x00, 0x84, 0xa3, 0x00)
  t.same(lint(unknown).findings.map((one) => [one.rule, one.offset]), [['deviation', 12], ['charset-long-integer', 12]])
  const aosp = cat(0x8c, 0x84, 0x8d, 0x92, 0x85, hex('045f5e1000'), 0x96, 0x06, 0xf7, 0x00, 0x41, 0x00, 0x42, 0x00, 0x84, 0xa3, 0x00)
  t.same(lint(aosp).findings.map((one) => [one.rule, one.effect]), [['deviation', 'garbled text']], 'no Long-integer there')
})

t.test('class 5: a transfer-encoded part', async (t) => {
  const parts = [{ contentType: 'text/plain', headers: { 'content-transfer-encoding': 'base64' }, data: 'hello' }, { contentType: 'text/plain', headers: { 'Content-Transfer-Encoding': '8bit' }, data: 'x' }]
  const asked = encode({ headers: SEND_REQ, parts }, { transferEncoding: true })
  t.same(found(asked), [['transfer-encoding', asked.indexOf(Buffer.from('Content-Transfer-Encoding')), 'part 0']], 'base64 flagged; 8bit is no encoding')
  t.match(lint(asked).findings[0], { effect: 'garbled text', detail: 'base64' })
  t.same(found(encode({ headers: SEND_REQ, parts })), [], 'by default the data goes as it is')
})

t.test('class 6: an m-retrieve-conf body that is no multipart', async (t) => {
  const single = { ...RETRIEVE_CONF, contentType: 'text/plain' }
  const shortest = encode({ headers: single, parts: [{ contentType: 'text/plain', data: 'hi' }] }, SHORTEST)
  t.same(found(shortest), [['retrieve-conf-body', 10, 'Content-Type']])
  t.match(lint(shortest).findings[0], { effect: 'rejected', detail: 'text/plain' })
  t.same(found(encode({ headers: single, parts: [{ contentType: 'text/plain', data: 'hi' }] })), [], 'the default wraps it in a multipart.mixed')
  const byteranges = { headers: { ...RETRIEVE_CONF, contentType: 'application/vnd.wap.multipart.byteranges' }, parts: [{ contentType: 'text/plain', data: 'a' }, { contentType: 'text/plain', data: 'b' }] }
  t.same(rules(encode(byteranges, SHORTEST)), ['retrieve-conf-body'], 'a multipart AOSP does not take')
  const wrapped = encode(byteranges)
  t.same(rules(wrapped), [], 'the default nests it in a multipart.mixed')
  t.same(decode(wrapped).parts.map((part) => [part.contentType.mediaType, part.parts?.length]), [['application/vnd.wap.multipart.byteranges', 2]])
  t.same(rules(encode({ headers: { ...SEND_REQ, contentType: 'text/plain' }, parts: [{ contentType: 'text/plain', data: 'hi' }] })), [], 'an m-send-req may carry one part')
})

t.test('headers and parameters AOSP skips past', async (t) => {
  const parts = [{ contentType: { mediaType: 'text/plain', params: { foo: 'x', charset: 'utf-8', name: 'a' } }, headers: { date: DATE, 'x-mine': 'v', 'content-id': '<a>', 'content-location': 'a.txt' }, data: 'x' }]
  const shortest = encode({ headers: SEND_REQ, parts }, SHORTEST)
  const findings = lint(shortest).findings
  t.same(findings.map((one) => [one.rule, one.detail]), [['parameter-skipped', 'foo before charset, name'], ['part-header-skipped', '0x92']])
  t.equal(findings[1]?.offset, shortest.indexOf(0x92, shortest.indexOf(Buffer.from('foo'))), 'at the header AOSP does not read')
  t.same(found(encode({ headers: SEND_REQ, parts })), [], 'the default puts what AOSP reads first')
  const last = [{ contentType: { mediaType: 'text/plain', params: { charset: 'utf-8', foo: 'x' } }, headers: { 'content-id': '<a>', date: DATE }, data: 'x' }]
  t.same(rules(encode({ headers: SEND_REQ, parts: last }, SHORTEST)), [], 'nothing lost when what AOSP skips comes last')
  const paged = [{ contentType: 'text/plain', headers: { 'x-wsp-page2-0x81': Uint8Array.of(0x80), date: DATE, 'content-id': '<a>' }, data: 'x' }]
  t.same(rules(encode({ headers: SEND_REQ, parts: paged }, SHORTEST)), ['deviation'], 'the walk stops at a header code page (the decoder warns about it)')
})

t.test('nested multiparts and PDUs are linted at their offsets', async (t) => {
  const inner = { headers: RETRIEVE_CONF, parts: [{ contentType: 'text/plain', data: 'x' }] }
  const nestedRetrieve = { ...inner, headers: { ...RETRIEVE_CONF, contentType: 'text/plain' } }
  const message: EncodeMessage = {
    headers: SEND_REQ,
    parts: [
      { contentType: 'application/vnd.wap.multipart.mixed', parts: [{ contentType: 'application/octet-stream', data: 'x' }] },
      { contentType: 'application/vnd.wap.mms-message', message: nestedRetrieve },
    ],
  }
  const shortest = encode(message, SHORTEST)
  t.same(found(shortest).map(([rule, , field]) => [rule, field]), [['content-type-crash', 'part 0.0'], ['retrieve-conf-body', 'Content-Type']])
  const nested = lint(shortest).findings[1]
  t.equal(nested?.offset, shortest.lastIndexOf(0x84) , 'the nested PDU\'s Content-Type, at its offset in the whole')
  t.same(found(encode(message)), [])
})

t.test('deviations a lenient decoder reads past, and bytes that are no PDU', async (t) => {
  // X-Mms-Priority 0x8F, a value no table names (strict mode refuses it), and a Subject that is not UTF-8.
  const odd = cat(0x8c, 0x80, 0x98, 't', 0x00, 0x8d, 0x92, 0x89, 0x01, 0x81, 0x8f, 0x8f, 0x96, 0xff, 0x00, 0x84, 0xa3, 0x00)
  t.same(lint(odd).findings.map((one) => [one.rule, one.effect, one.offset]), [['deviation', 'rejected', 11], ['deviation', 'garbled text', 13]])
  t.match(lint(odd).findings[0], { decoders: ['strict decoders (mmse strict mode)'], field: 'X-Mms-Priority' })
  // An m-delivery-ind with a Content-Type: what follows is read as a body (docs/wire-format.md Q24).
  const body = cat(0x8c, 0x86, 0x8d, 0x92, 0x8b, 'm', 0x00, 0x97, '+1', 0x00, 0x85, hex('045f5e1000'), 0x95, 0x81, 0x84, 0x83, 'x')
  t.same(lint(body).findings.map((one) => [one.rule, one.effect, one.offset]), [['deviation', 'field lost', 21]])
  t.match(lint(Uint8Array.of(0x8c, 0x82, 0x89, 0x40)).findings, [{ rule: 'unreadable', effect: 'rejected', detail: /^ERR_MMSE_/ }])
  t.same(lint(cat(0x8c, 0x82, 0x98, 'A', 0x00, 0x8d, 0x92, 'X-A', 0x00, 'b', 0x00)).findings, [], 'an Application header and no Content-Type')
  t.throws(() => lint('8c80' as never), { code: 'ERR_MMSE_INVALID_ARGUMENT' }, 'an argument that is no bytes')
  t.ok(Object.values(LINT_RULES).every((rule) => rule.decoders.length > 0 && rule.spec.length > 0), 'every rule names its decoders and its section')
})

t.test('a WAP Push: its deviations, and the findings of the PDU it carries at their offsets in it', async (t) => {
  const pdu = encode({ headers: { ...RETRIEVE_CONF, expiry: { relative: 60 } } }, SHORTEST)
  const push = encodePush({ body: pdu })
  const at = push.length - pdu.length
  t.same(lintPush(push).findings.map((one) => [one.rule, one.offset]), [['delta-seconds-short', at + 13]])
  t.equal(lintPush(push).messageType, 'm-retrieve-conf')
  t.same(lintPush(encodePush({ body: encode({ headers: RETRIEVE_CONF }) })).findings, [], 'clean')
  t.same(lintPush(encodePush({ body: Uint8Array.of(1, 2), contentType: 'text/plain' })).findings, [], 'a push carrying no PDU')
  // HeadersLen one octet short: lenient decoding finds the PDU, with a warning (docs/wire-format.md Q31).
  const off = Uint8Array.from(push)
  off[2] = (off[2] as number) - 1
  t.match(lintPush(off).findings, [{ rule: 'deviation', offset: 2 }])
  t.match(lintPush(Uint8Array.of(0x01, 0x06)).findings, [{ rule: 'unreadable', detail: /^ERR_MMSE_/ }])
  t.throws(() => lintPush(null as never), MmseError)
})

t.test('what encode() writes by default lints clean: every type, the builders, property samples', async (t) => {
  let count = 0
  for (const { name, message } of builtMessages()) {
    t.same(lint(encode(message)).findings, [], name)
    count++
  }
  for (const type of MESSAGE_TYPES) {
    for (const message of fc.sample(messageOf(type), { seed: 0x11e7, numRuns: 25 })) {
      // The samples hold values on purpose that strict decoders refuse (codes no table names, attribute-only
      // fields as headers): the caller's values, warned about as such. No form the encoder chose is flagged.
      const findings = lint(encode(message)).findings.filter((one) => one.rule !== 'deviation')
      if (findings.length > 0) t.fail(`${type}: ${JSON.stringify(findings)}`)
      count++
    }
  }
  t.pass(`${count} PDUs, no finding`)
})

t.test('the bundled sample lints clean', async (t) => {
  t.same(lint(readFileSync(new URL('../../../examples/sample.mms', import.meta.url))).findings, [])
})

const CORPUS = new URL('../../../../shared/corpus/', import.meta.url)

t.test('the corpus: every file linted without an exception', { skip: existsSync(new URL('CATALOG.tsv', CORPUS)) ? false : 'corpus not found at ../shared/corpus' }, async (t) => {
  const files = readFileSync(new URL('CATALOG.tsv', CORPUS), 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t')[0] as string)
  const byRule = new Map<string, number>()
  let clean = 0
  for (const file of files) {
    const bytes = readFileSync(new URL(file, CORPUS))
    const { findings } = bytes[0] === 0x8c ? lint(bytes) : lintPush(bytes)
    if (findings.length === 0) clean++
    for (const one of findings) byRule.set(one.rule, (byRule.get(one.rule) ?? 0) + 1)
    t.ok(findings.every((one) => one.offset >= 0 && one.offset <= bytes.length), `${file}: offsets inside the file`)
  }
  t.comment(`corpus: ${clean} of ${files.length} files clean; ${[...byRule].map(([rule, n]) => `${rule} ${n}`).join(', ')}`)
})
