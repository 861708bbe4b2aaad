// toMime(): from a decoded message and from a parser's events (parts streamed), nested
// multiparts, single-part and bodiless PDUs, the headers of MM4, and what it refuses.
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import t from 'tap'
import { buildRetrieveConf, buildSendReq, decode, encode, MmseParser } from '../../../lib/index.js'
import { toMime } from '../../../lib/mail/index.js'
import { textParams } from '../../../lib/mail/content-types.js'
import { chunk } from '../../support/transcript.js'
import { cat, entry, multipart, retrieveConf as retrieveConfOf, str } from '../../support/wire.js'
import { collect, mailOf, readMail } from '../../support/mail.js'
import { within } from '../../support/within.js'

const photo = Buffer.alloc(200_000, 0x5a)
const retrieveConf = encode(buildRetrieveConf({
  from: '+15551234567/TYPE=PLMN',
  to: ['+15550001111/TYPE=PLMN', 'Bob <bob@example.com>', '1:2::3/TYPE=IPv6'],
  cc: ['Grüße Frau'],
  subject: 'Grüße',
  smil: true,
  parts: [{ contentType: 'image/jpeg', data: photo, name: 'fötö.jpg' }, { contentType: 'text/plain', data: 'Hallo' }],
}))

/** Parser events over `bytes` cut in small chunks, as toMime's source. */
function events (bytes: Uint8Array, options = {}) {
  const parser = new MmseParser(options)
  pipeline(Readable.from(chunk(bytes, 997)), parser).catch(() => undefined)
  return parser.events()
}

t.test('from the parser\'s events, every part streamed, the same mail as from decode()', async (t) => {
  const streamed = await readMail(await within(mailOf(events(retrieveConf), { domain: 'mms.example' })))
  const whole = await readMail(await mailOf(decode(retrieveConf), { domain: 'mms.example' }))
  t.same(streamed.parts.map((p) => p.data), whole.parts.map((p) => p.data))
  t.same(streamed.parts[1]?.data, photo)
  t.same(streamed.parts[1]?.info.filename, 'fötö.jpg')
  t.same(streamed.headers.to?.map((a) => a.raw), ['+15550001111/TYPE=PLMN', 'Bob <bob@example.com>', '1:2::3/TYPE=IPv6'])
  t.same(streamed.headers.cc?.map((a) => a.raw), ['Grüße Frau'])
  const small = await readMail(await mailOf(events(retrieveConf, { smallParts: 1000 })))
  t.same(small.parts.map((p) => p.data), whole.parts.map((p) => p.data), 'small parts whole, large ones streamed')
})

t.test('the mail as written: MM4 addresses, encoded words, RFC 2231 file names, base64', async (t) => {
  const mail = (await mailOf(decode(retrieveConf), { domain: 'mms.example', headers: { 'X-Mms-3GPP-MMS-Version': '6.10.0', 'X-Mms-Message-Type': 'MM4_forward.REQ' } })).toString()
  t.match(mail, /^From: \+15551234567\/TYPE=PLMN@mms\.example\r\n/)
  t.match(mail, /"1:2::3\/TYPE=IPv6"@mms\.example/)
  t.match(mail, /Subject: =\?UTF-8\?B\?R3LDvMOfZQ==\?=/)
  t.match(mail, /X-Mms-Message-Type: MM4_forward\.REQ\r\n/, 'an extra header replaces the mapped one')
  t.notMatch(mail, /X-Mms-Message-Type: m-retrieve-conf/)
  t.match(mail, /X-Mms-3GPP-MMS-Version: 6\.10\.0\r\n/)
  t.match(mail, /filename\*0\*=utf-8''f%C3%B6t%C3%B6\.jpg/)
  t.match(mail, /Content-Type: multipart\/related; start="<smil>"; type="application\/smil";/)
  t.equal(mail.match(/Content-Transfer-Encoding: base64/g)?.length, 3)
})

t.test('a nested multipart, a single-part body, a bodiless PDU', async (t) => {
  const nested = encode({
    headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0), contentType: 'application/vnd.wap.multipart.mixed' },
    parts: [
      { contentType: 'application/vnd.wap.multipart.alternative', headers: { 'content-id': '<alt>' }, parts: [{ contentType: 'text/plain', data: 'one' }, { contentType: 'text/html', data: '<p>one</p>' }] },
      { contentType: 'image/gif', data: Buffer.from('GIF89a') },
    ],
  })
  for (const source of [decode(nested), events(nested)]) {
    const back = await readMail(await mailOf(source))
    t.same(back.nested.map((n) => [n.path, n.contentType.mediaType, n.contentId]), [[[0], 'application/vnd.wap.multipart.alternative', 'alt']])
    t.same(back.parts.map((p) => [p.info.path, p.data.toString()]), [[[0, 0], 'one'], [[0, 1], '<p>one</p>'], [[1], 'GIF89a']])
  }
  // A single-part body as the shortest forms write it (the compatible ones wrap it in a multipart).
  const single = encode({ headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0), contentType: 'text/plain; charset=utf-8' }, parts: [{ contentType: 'text/plain', data: 'just text' }] } as never, { forms: 'shortest' })
  for (const source of [decode(single), events(single)]) {
    const back = await readMail(await mailOf(source))
    t.same(back.parts.map((p) => [p.info.path, p.data.toString()]), [[[0], 'just text']])
    t.equal(back.headers.contentType?.mediaType, 'text/plain')
  }
  const notification = encode({ headers: { messageType: 'm-notification-ind', transactionId: 'T', mmsVersion: '1.2', messageClass: 'personal', messageSize: 10, expiry: { relative: 60 }, contentLocation: 'http://x/1' } })
  const back = await readMail(await mailOf(events(notification)))
  t.same([back.headers.messageType, back.headers.contentLocation, back.headers.expiry, back.parts.length, back.headers.contentType], ['m-notification-ind', 'http://x/1', { relative: 60 }, 0, undefined])
  const empty = await readMail(await mailOf((async function * () {})()))
  t.same([empty.headers.messageType, empty.parts.map((p) => p.data.length)], [undefined, [0]], 'no events: a mail with an empty body')
})

t.test('From insert-address and a blank address have no mailbox; application headers keep their names', async (t) => {
  const mail = (await mailOf({ headers: { messageType: 'm-send-req', from: { insertAddress: true }, to: [{ address: ' ', type: 'unknown', raw: ' ' }], applicationHeaders: { 'X-Operator-ID': ['42', ''] } }, parts: [] })).toString()
  t.notMatch(mail, /^From:/m)
  t.notMatch(mail, /^To:/m)
  t.match(mail, /^X-Operator-ID: 42\r\n/m)
})

t.test('refusals and failures', async (t) => {
  const box = encode({ headers: { messageType: 'm-mbox-view-conf', transactionId: 'T', mmsVersion: '1.2', contentType: 'application/vnd.wap.multipart.mixed' }, parts: [{ contentType: 'application/vnd.wap.mms-message', message: { headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0) } } }] } as never, { checkMandatory: false })
  await t.rejects(collect(toMime(decode(box))), { code: 'ERR_MMSE_BAD_INPUT' }, 'a mailbox entry PDU has no mail form')
  await t.rejects(collect(toMime(events(box))), { code: 'ERR_MMSE_BAD_INPUT' })
  await t.rejects(collect(toMime(events(retrieveConf.subarray(0, retrieveConf.length - 100)))), { code: 'ERR_MMSE_TRUNCATED' }, 'a truncated PDU ends the mail with its error')
  // The consumer goes away: the part being read is destroyed with it.
  const out = toMime(events(retrieveConf), { highWaterMark: 1024 })
  for await (const _ of out) break
  t.ok(out.destroyed)
})

t.test('a part written whole in the stream before its successor is announced', async (t) => {
  const req = encode(buildSendReq({ to: '+1/TYPE=PLMN', parts: Array.from({ length: 50 }, (_, i) => ({ contentType: 'text/plain', data: `part ${i}` })) }))
  const back = await readMail(await mailOf(events(req)))
  t.equal(back.parts.length, 50)
  // A reader slower than the writer: the entries wait for the output to drain.
  const chunks: Buffer[] = []
  for await (const chunk of toMime(decode(req), { highWaterMark: 1 })) {
    chunks.push(chunk as Buffer)
    await new Promise((resolve) => setImmediate(resolve))
  }
  t.equal((await readMail(Buffer.concat(chunks))).parts.length, 50)
  t.equal(back.parts[49]?.data.toString(), 'part 49')
})

t.test('parameters that are not text: a date, a number, a flag', async (t) => {
  t.same(textParams({ 'creation-date': new Date(0), size: 12, flag: true }), { 'creation-date': 'Thu, 01 Jan 1970 00:00:00 GMT', size: '12', flag: '' })
})

t.test('parts known by their content type alone, their data streams (as from a store)', async (t) => {
  const back = await readMail(await mailOf({
    headers: { messageType: 'm-send-req', contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} } },
    parts: [{ contentType: { mediaType: 'text/plain', params: {} }, data: Readable.from([Buffer.from('from a '), Buffer.from('stream')]) }],
  }))
  t.same(back.parts.map((p) => p.data.toString()), ['from a stream'])
})

t.test('a part named only by its Content-Type name parameter: the name becomes the disposition filename', async (t) => {
  // image/jpeg (0x1E) in the general form with Name (0x05) = a.jpg, and no Content-Disposition.
  const pdu = retrieveConfOf(multipart([entry(cat([8, 0x9e, 0x85], str('a.jpg')), [], 'xyz')]))
  t.equal(decode(pdu).parts[0]?.filename, 'a.jpg')
  t.match((await mailOf(decode(pdu))).toString(), /\r\nContent-Disposition: inline; filename=a\.jpg\r\n/)
})

t.test('a part with its own Content-Disposition keeps the disposition and its parameters', async (t) => {
  const pdu = encode({
    headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0), contentType: 'application/vnd.wap.multipart.mixed' },
    parts: [{ contentType: 'image/png', headers: { 'content-disposition': { disposition: 'attachment', params: { filename: 'b.png' } } }, data: 'xyz' }],
  } as never)
  t.match((await mailOf(decode(pdu))).toString(), /\r\nContent-Disposition: attachment; filename=b\.png\r\n/)
})
