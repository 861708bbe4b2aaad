// fromMime(): mail as other programs write it (quoted-printable, display names, MM4's spelling
// of values, nested multiparts, a plain text mail), its bounds, and a part left unread.
import { Readable } from 'node:stream'
import t from 'tap'
import { fromMime, MailPart } from '../../../lib/mail/index.js'
import { collect, readMail } from '../../support/mail.js'
import { until } from '../../support/until.js'
import { within } from '../../support/within.js'
import { thrownCode } from '../../support/thrown.js'

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'))

const MM4 = crlf([
  'Received: from mmsc.a.example by relay; Mon, 7 Dec 2026 08:00:00 +0000',
  'Return-Path: <+15551234567/TYPE=PLMN@mms.a.example>',
  'X-Mms-3GPP-MMS-Version: 6.10.0',
  'X-Mms-Message-Type: MM4_forward.REQ',
  'X-Mms-Transaction-ID: T-1',
  'X-Mms-Message-ID: M-1',
  'X-Mms-Ack-Request: Yes',
  'From: "Ann" <+15551234567/TYPE=PLMN@mms.a.example>',
  'To: +15550001111/TYPE=PLMN@mms.b.example, =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= <mms@mms.b.example>,',
  ' Bob <bob@example.com>',
  'Cc: undisclosed:;',
  'Subject: =?ISO-8859-1?Q?Gr=FC=DFe?=',
  'Date: Mon, 7 Dec 2026 08:00:00 +0000',
  'X-Mms-Message-Class: Personal',
  'X-Mms-Priority: High',
  'X-Mms-Delivery-Report: Yes',
  'X-Mms-Read-Report: No',
  'X-Mms-Sender-Visibility: Show',
  'X-Mms-Expiry: Tue, 8 Dec 2026 08:00:00 +0000',
  'X-Mms-Delivery-Time: not a date',
  'X-Mms-Message-Size: 12x',
  'X-Mms-Content-Class: 250',
  'X-Mms-DRM-Content: 130',
  'X-Mms-Adaptation-Allowed: maybe',
  'X-Mms-Response-Status: Error-unspecified',
  'X-Mms-Retrieve-Status: 193',
  'X-Mms-Store-Status: 999',
  'X-Mms-Previously-Sent-By: 1, +15559999999/TYPE=PLMN',
  'X-Mms-Previously-Sent-By: x, +1/TYPE=PLMN',
  'X-Mms-Previously-Sent-Date-and-Time: 1, Sun, 6 Dec 2026 10:00:00 +0000',
  'X-Mms-Previously-Sent-Date: 2, not a date',
  'X-Mms-Priority: Low',
  'X-Mailer: something',
  'X-Mailer: else',
  'MIME-Version: 1.0',
  'Content-Type: multipart/related; type="application/smil"; start="<s>"; boundary=b1',
  '',
  'preamble',
  '--b1',
  'Content-Type: application/smil',
  'Content-ID: <s>',
  '',
  '<smil/>',
  '--b1',
  'Content-Type: multipart/alternative; boundary=b2',
  '',
  '--b2',
  'Content-Type: text/plain; charset=iso-8859-1',
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Location: =?UTF-8?B?w6Q=?=',
  'Content-Disposition: attachment; filename*=utf-8\'\'%C3%A4.txt',
  '',
  'Gr=FC=DFe=',
  '',
  '--b2--',
  '--b1',
  'Content-Type: message/rfc822',
  '',
  'Subject: inner',
  '',
  'inner body',
  '--b1--',
  '',
])

t.test('an MM4_forward.REQ as an MMSC writes it', async (t) => {
  const mail = await within(readMail(MM4))
  const h = mail.headers
  t.equal(h.messageType, undefined, 'MM4\'s message types are not MMSE\'s: left in mailHeaders')
  t.same(mail.mailHeaders.filter((m) => m.name.startsWith('X-Mms-3GPP') || m.name === 'X-Mms-Ack-Request').map((m) => m.value), ['6.10.0', 'Yes'])
  t.same(h.from, { address: '+15551234567', type: 'PLMN', raw: '+15551234567/TYPE=PLMN' })
  t.same(h.to?.map((a) => a.raw), ['+15550001111/TYPE=PLMN', 'Grüße', 'Bob <bob@example.com>'])
  t.equal(h.cc, undefined, 'an empty group: no address')
  t.same(h.subject, { text: 'Grüße', charset: 'utf-8', mib: 106 })
  t.same([h.messageClass, h.priority, h.deliveryReport, h.readReport, h.senderVisibility], ['Personal', 'high', true, false, 'show'])
  t.same(h.expiry, { absolute: new Date('2026-12-08T08:00:00Z') })
  t.same([h.deliveryTime, h.messageSize, h.adaptationAllowed], [undefined, undefined, undefined], 'values that do not read are left out')
  t.same([h.contentClass, h.drmContent], [250, 130], 'codes no name covers')
  t.same(h.responseStatus, { name: 'error-unspecified', code: 0x81 })
  t.same(h.retrieveStatus, { name: 'error-transient-message-not-found', code: 193 })
  t.equal(h.storeStatus, undefined)
  t.same(h.previouslySentBy, [{ forwardCount: 1, address: { address: '+15559999999', type: 'PLMN', raw: '+15559999999/TYPE=PLMN' } }])
  t.same(h.previouslySentDate, [{ forwardCount: 1, date: new Date('2026-12-06T10:00:00Z') }])
  t.same(h.applicationHeaders, { 'Return-Path': '<+15551234567/TYPE=PLMN@mms.a.example>', 'X-Mailer': ['something', 'else'] })
  t.same(h.contentType, { mediaType: 'application/vnd.wap.multipart.related', params: { type: 'application/smil', start: '<s>' } })
  t.same(mail.nested.map((n) => [n.path, n.contentType.mediaType]), [[[1], 'application/vnd.wap.multipart.alternative']])
  t.same(mail.parts.map((p) => [p.info.path, p.info.contentType.mediaType, p.data.toString('latin1')]), [
    [[0], 'application/smil', '<smil/>'],
    [[1, 0], 'text/plain', 'Grüße'],
    [[2], 'message/rfc822', 'Subject: inner\r\n\r\ninner body'],
  ])
  const text = mail.parts[1]?.info
  t.same([text?.contentLocation, text?.filename, text?.headers['content-disposition']], ['ä', 'ä.txt', { disposition: 'attachment', params: { filename: 'ä.txt' } }])
})

t.test('a plain text mail, LF line ends, no MIME headers; an m-notification-ind ignores its body', async (t) => {
  const mail = await readMail(Buffer.from('From: a@example.com\nSubject: hi\n\nhello\n'))
  t.same(mail.parts.map((p) => [p.info.path, p.info.contentType.mediaType, p.data.toString()]), [[[0], 'text/plain', 'hello\n']])
  t.same(mail.headers.contentType, { mediaType: 'text/plain', params: {} })
  const bodiless = await readMail(crlf(['X-Mms-Message-Type: m-notification-ind', 'Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'x', '--b--', '']))
  t.same([bodiless.parts, bodiless.nested, bodiless.headers.contentType], [[], [], undefined])
})

t.test('from a Readable or an async iterable, in chunks of one byte', async (t) => {
  const bytes = [...MM4].map((b) => Buffer.of(b))
  t.equal((await readMail(Readable.from(bytes))).parts.length, 3)
  const events = []
  for await (const event of fromMime((async function * () { yield * bytes })())) {
    if (event.type === 'part') event.part.resume()
    events.push(event.type)
  }
  t.same(events, ['headers', 'part', 'nested', 'part', 'part'])
})

t.test('a part left unread and destroyed, its data skipped; a MailPart says what it is', async (t) => {
  const big = Buffer.alloc(300_000, 0x41).toString('base64').replace(/.{76}/g, '$&\r\n')
  const mail = crlf(['Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: application/octet-stream', 'Content-Transfer-Encoding: base64', 'Content-ID: <big>', '', big, '--b', 'Content-Type: text/plain', '', 'after', '--b--', ''])
  const seen: string[] = []
  for await (const event of fromMime(mail, { partHighWaterMark: 1024 })) {
    if (event.type !== 'part') continue
    const part = event.part
    t.ok(part instanceof MailPart)
    seen.push(`${part.index} ${part.path.join('.')} ${part.contentType.mediaType} ${part.contentId} ${part.contentLocation} ${part.filename} ${Object.keys(part.headers).join(',')}`)
    if (part.index === 0) part.destroy()
    else seen.push((await collect(part)).toString())
  }
  t.same(seen, ['0 0 application/octet-stream big undefined undefined content-id', '1 1 text/plain undefined undefined undefined ', 'after'])
})

t.test('bounds: header bytes, parts, depth; options checked', async (t) => {
  const many = crlf(['Content-Type: multipart/mixed; boundary=b', '', ...Array.from({ length: 5 }, () => ['--b', '', 'x']).flat(), '--b--', ''])
  await t.rejects(readMail(many, { maxParts: 4 }), { code: 'ERR_MMSE_LIMIT_PARTS', limit: 4 })
  t.equal((await readMail(many, { maxParts: 5 })).parts.length, 5)
  await t.rejects(readMail(crlf([`Subject: ${'x'.repeat(2000)}`, '', 'body']), { maxHeaderBytes: 1000 }), { code: 'ERR_MMSE_LIMIT_HEADER_BYTES', limit: 1000 })
  const deep = crlf(['Content-Type: multipart/mixed; boundary=a', '', '--a', 'Content-Type: multipart/mixed; boundary=c', '', '--c', '', 'x', '--c--', '--a--', ''])
  await t.rejects(readMail(deep, { maxDepth: 1 }), { code: 'ERR_MMSE_LIMIT_DEPTH', limit: 1 })
  t.equal((await readMail(deep, { maxDepth: 2 })).parts.length, 1)
  t.equal(thrownCode(() => fromMime(Buffer.alloc(0), { maxParts: -1 })), 'ERR_MMSE_BAD_OPTION')
  t.equal(thrownCode(() => fromMime(Buffer.alloc(0), { maxHeaderBytes: 0 })), 'ERR_MMSE_BAD_OPTION')
  const failing = new Readable({ read () { this.destroy(new Error('disk gone')) } })
  await t.rejects(readMail(failing), { message: 'disk gone' })
})

t.test('events wait for a slow reader; an input that fails inside a part fails the part', async (t) => {
  const many = crlf(['Content-Type: multipart/mixed; boundary=b', '', ...Array.from({ length: 40 }, (_, i) => ['--b', '', `p${i}`]).flat(), '--b--', ''])
  const stream = fromMime(many)
  await within(until(() => stream.readableLength >= 16))
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(stream.readableLength, 16, 'the event buffer is full, the rest waits')
  const data: string[] = []
  for await (const event of stream) if (event.type === 'part') data.push((await collect(event.part)).toString())
  t.equal(data.length, 40)
  t.equal(data[39], 'p39')
  let taken: () => void = () => undefined
  const partTaken = new Promise<void>((resolve) => { taken = resolve })
  const failing = Readable.from((async function * () {
    yield Buffer.from('Content-Type: text/plain\r\n\r\nstart of the body\r\n')
    await partTaken
    throw new Error('cut off')
  })())
  const events = fromMime(failing).on('error', () => undefined)
  let part: MailPart | undefined
  for await (const event of events) {
    if (event.type === 'part') {
      part = event.part
      break
    }
  }
  const received = collect(part as MailPart)
  taken()
  await t.rejects(received, { message: 'cut off' })
})
