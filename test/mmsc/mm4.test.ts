/**
 * MM4 between two MMSCs in this process (3GPP TS 23.140 §8.4), each relaying straight to the
 * other's SMTP side: phone A at mms.a.example sends to a number at mms.b.example; A forwards an
 * MM4_forward.REQ, B stores and notifies, answers MM4_forward.RES; phone B fetches every part
 * byte for byte and answers; B sends MM4_delivery_report.REQ, and phone A gets its
 * m-delivery-ind. Then who may send to an MMSC's SMTP side: peers only, by address or by SMTP
 * AUTH, from their own domain, to its own domain, within its size.
 */
import SMTPConnection from 'nodemailer/lib/smtp-connection'
import t from 'tap'
import { buildReadRecInd, decode, encode } from '../../lib/index.js'
import { MmscOptionError } from '../../examples/mmsc/options.js'
import { createMmsc } from '../../examples/mmsc/server.js'
import { LocalStore } from '../../lib/store/index.js'
import { RecordingNotifier } from '../support/mmsc-notifier.js'
import { get, post } from '../support/mmsc-client.js'
import { storeFiles } from '../support/mmsc-harness.js'
import { A_DOMAIN, B_DOMAIN, PHONE_A, PHONE_B, pushed, retrieveAtB, sendAtoB, SENT_PARTS, startPair } from '../support/mm4-pair.js'
import { within } from '../support/within.js'

const TIMEOUT = { timeout: 60_000 }

t.test('A sends to a number at B\'s domain; B retrieves it whole; A gets the delivery report', TIMEOUT, async t => {
  const { a, b } = await startPair(t, (own, ports) => ({ host: '127.0.0.1', port: own === 'a' ? ports.b : ports.a }))
  const conf = await sendAtoB(a)
  t.same(conf.responseStatus, { name: 'ok', code: 0x80 }, 'A: m-send-conf ok')
  const { notification, parts, headers } = await retrieveAtB(t, b)
  t.same(notification.from, { address: PHONE_A, type: 'PLMN', raw: `${PHONE_A}/TYPE=PLMN` })
  t.equal(notification.subject?.text, 'Über MM4')
  t.same(parts, SENT_PARTS(), 'B: every part byte for byte')
  t.same(headers.to?.map(address => address.raw), [`${PHONE_B}/TYPE=PLMN`])
  const [report] = await within(a.notifier.reached(1), 60_000, 'A\'s delivery report')
  t.equal(report?.to, PHONE_A)
  const delivery = pushed((report as { pdu: Uint8Array }).pdu)
  t.same([delivery.messageType, delivery.messageId, delivery.status, delivery.to?.[0]?.raw], ['m-delivery-ind', conf.messageId, 'retrieved', `${PHONE_B}/TYPE=PLMN@${B_DOMAIN}`], 'To: the recipient as phone A wrote it')
  await a.mmsc.settled()
  await b.mmsc.settled()
  t.ok(a.events.some(e => e.type === 'mm4-forwarded'), 'A: forwarded')
  t.ok(a.events.some(e => e.type === 'mm4-answer' && e.status === 'Ok'), 'A: MM4_forward.RES Ok received')
  t.ok(b.events.some(e => e.type === 'mm4-reported'), 'B: delivery report sent')
})

t.test('read reports over MM4: B\'s reader tells A\'s sender, once, when asked and allowed', TIMEOUT, async t => {
  const { a, b, ports } = await startPair(t, (own, ports) => ({ host: '127.0.0.1', port: own === 'a' ? ports.b : ports.a }))
  const conf = await sendAtoB(a, undefined, { readReport: true })
  const { headers } = await retrieveAtB(t, b)
  t.equal(headers.readReport, true, 'B: the m-retrieve-conf asks for a read report, as A\'s sender did')
  await within(a.notifier.reached(1), 60_000, 'A\'s delivery report')
  const read = (extra: Record<string, unknown> = {}) => post(b.url, encode(buildReadRecInd({ messageId: headers.messageId as string, to: `${PHONE_A}/TYPE=PLMN`, from: `${PHONE_B}/TYPE=PLMN`, readStatus: 'read', ...extra })))
  t.equal((await read()).status, 204)
  const [, report] = await within(a.notifier.reached(2), 60_000, 'A\'s read report')
  t.equal(report?.to, PHONE_A)
  t.match(pushed((report as { pdu: Uint8Array }).pdu), { messageType: 'm-read-orig-ind', messageId: conf.messageId, readStatus: 'read', from: { raw: `${PHONE_B}/TYPE=PLMN@${B_DOMAIN}` }, to: [{ address: PHONE_A }] })
  t.ok(b.events.some(e => e.type === 'mm4-reported' && e.status === 'read'), 'B: MM4_read_reply_report.REQ sent')

  // Read again at B: B's report job exists, nothing is sent. Sent again by hand to A: A's exists, nothing is pushed.
  await read({ readStatus: 'deleted-without-being-read' })
  await b.mmsc.settled()
  await mailTo(ports.a, `mmsc@${B_DOMAIN}`, `mmsc@${A_DOMAIN}`, `X-Mms-3GPP-MMS-Version: 6.16.0\r\nX-Mms-Message-Type: MM4_read_reply_report.REQ\r\nX-Mms-Message-ID: ${conf.messageId as string}\r\nFrom: ${PHONE_B}/TYPE=PLMN@${B_DOMAIN}\r\nTo: ${PHONE_A}/TYPE=PLMN@${A_DOMAIN}\r\nX-Mms-Read-Status: Deleted-without-being-read\r\n\r\n`)
  // Nor for a message it never sent, or a recipient who is not at the peer that tells it.
  await mailTo(ports.a, `mmsc@${B_DOMAIN}`, `mmsc@${A_DOMAIN}`, `X-Mms-Message-Type: MM4_read_reply_report.REQ\r\nX-Mms-Message-ID: ${'0'.repeat(24)}\r\nFrom: ${PHONE_B}/TYPE=PLMN@${B_DOMAIN}\r\n\r\n`)
  await mailTo(ports.a, `mmsc@${B_DOMAIN}`, `mmsc@${A_DOMAIN}`, `X-Mms-Message-Type: MM4_read_reply_report.REQ\r\nX-Mms-Message-ID: ${conf.messageId as string}\r\nFrom: +15550002003/TYPE=PLMN@${B_DOMAIN}\r\n\r\n`)
  await a.mmsc.settled()
  t.equal(a.notifier.pushes.length, 2, 'one read report')
  t.equal(a.events.filter(e => e.type === 'mm4-report-dropped').length, 2)
  t.equal(b.events.filter(e => e.type === 'mm4-reported' && e.status !== 'retrieved').length, 1)
})

t.test('read reports over MM4: none when A\'s sender did not ask or B\'s reader did not allow', TIMEOUT, async t => {
  const { a, b } = await startPair(t, (own, ports) => ({ host: '127.0.0.1', port: own === 'a' ? ports.b : ports.a }))
  for (const [asked, allowed] of [[false, true], [true, false]] as Array<[boolean, boolean]>) {
    const pushes = b.notifier.pushes.length
    await sendAtoB(a, undefined, { readReport: asked, deliveryReport: false })
    await within(b.notifier.reached(pushes + 1), 20_000, 'B\'s notification')
    const notification = pushed((b.notifier.pushes[pushes] as { pdu: Uint8Array }).pdu)
    const { headers } = decode((await get(notification.contentLocation as string)).body)
    await post(b.url, encode(buildReadRecInd({ messageId: headers.messageId as string, to: `${PHONE_A}/TYPE=PLMN`, from: `${PHONE_B}/TYPE=PLMN`, headers: { reportAllowed: allowed } })))
    await b.mmsc.settled()
  }
  await a.mmsc.settled()
  t.equal(b.events.filter(e => e.type === 'read').length, 2, 'both reads seen')
  t.equal(b.events.filter(e => e.type === 'mm4-reported').length, 0, 'no report sent')
  t.equal(a.notifier.pushes.length, 0)
})

async function smtp (port: number, steps: (connection: SMTPConnection) => Promise<unknown>): Promise<unknown> {
  const connection = new SMTPConnection({ host: '127.0.0.1', port, ignoreTLS: true })
  await new Promise<void>((resolve, reject) => connection.connect((err?: Error) => err === undefined || err === null ? resolve() : reject(err)))
  try {
    return await steps(connection)
  } catch (err) {
    return err
  } finally {
    connection.quit()
  }
}

const send = (connection: SMTPConnection, from: string, to: string, body: string) => new Promise((resolve, reject) => {
  connection.send({ from, to: [to] }, body, (err, info) => err === null ? resolve(info) : reject(err))
})

/** One mail to an SMTP side; rejects when it is refused. */
async function mailTo (port: number, from: string, to: string, body: string): Promise<void> {
  const result = await smtp(port, c => send(c, from, to, body))
  if (result instanceof Error) throw result
}

t.test('an MMSC\'s SMTP side takes mail from its peers only, for its own subscribers only', TIMEOUT, async t => {
  const { a, ports: { a: port } } = await startPair(t, () => ({ host: '127.0.0.1', port: 9 }), {
    a: [{ domain: B_DOMAIN, addresses: ['127.0.0.1'] }, { domain: 'mms.c.example', user: 'c', password: 'secret' }],
  })
  const mail = 'X-Mms-Message-Type: MM4_forward.RES\r\nX-Mms-Request-Status-Code: Ok\r\n\r\n'
  t.match(await smtp(port, c => send(c, 'mmsc@mms.unknown.example', `mmsc@${A_DOMAIN}`, mail)), { responseCode: 550, message: /not of a configured MM4 peer/ }, 'an unconfigured peer is refused')
  t.match(await smtp(port, c => send(c, `mmsc@${B_DOMAIN}`, 'someone@elsewhere.example', mail)), { responseCode: 550, message: /relaying denied/ }, 'no open relay')
  t.match(await smtp(port, c => send(c, `mmsc@${B_DOMAIN}`, `alice@${A_DOMAIN}`, mail)), { responseCode: 550, message: /no such subscriber/ })
  t.match(await smtp(port, c => send(c, `mmsc@${B_DOMAIN}`, `mmsc@${A_DOMAIN}`, 'Subject: not MM4\r\n\r\nhi')), { responseCode: 554, message: /not an MM4 message/ })
  t.match(await smtp(port, c => send(c, `mmsc@${B_DOMAIN}`, `mmsc@${A_DOMAIN}`, mail)), { accepted: [`mmsc@${A_DOMAIN}`] }, 'a peer by its address')
  const login = (user: string, pass: string) => (c: SMTPConnection) => new Promise((resolve, reject) => c.login({ user, pass }, err => err === null || err === undefined ? resolve(send(c, 'mmsc@mms.c.example', `mmsc@${A_DOMAIN}`, mail)) : reject(err)))
  t.match(await smtp(port, login('c', 'wrong')), { responseCode: 535 }, 'wrong credentials')
  t.match(await smtp(port, login('c', 'secret')), { accepted: [`mmsc@${A_DOMAIN}`] }, 'a peer by SMTP AUTH')
  t.match(await smtp(port, c => send(c, `mmsc@${B_DOMAIN}`, `${PHONE_A}/TYPE=PLMN@${A_DOMAIN}`, mail.replace('MM4_forward.RES', 'MM4_delivery_report.REQ'))), { accepted: [`${PHONE_A}/TYPE=PLMN@${A_DOMAIN}`] }, 'a report for a message A never forwarded is dropped')
  t.ok(a.events.some(e => e.type === 'mm4-report-dropped'))
})

t.test('a message over maxMessageBytes is refused, nothing stored', TIMEOUT, async t => {
  const { a, ports: { a: port } } = await startPair(t, () => ({ host: '127.0.0.1', port: 9 }), {}, 2048)
  const forward = `X-Mms-Message-Type: MM4_forward.REQ\r\nFrom: +15550002002/TYPE=PLMN@${B_DOMAIN}\r\nContent-Type: text/plain\r\n\r\n${'x'.repeat(4000)}\r\n`
  t.match(await smtp(port, c => send(c, `mmsc@${B_DOMAIN}`, `${PHONE_A}/TYPE=PLMN@${A_DOMAIN}`, forward)), { responseCode: 552 })
  t.same(a.root === undefined ? [] : storeFiles(a.root), [], 'nothing stored')
  t.equal(a.notifier.pushes.length, 0)
})

/** The option a configuration is refused for. */
function optionOf (make: () => unknown): string | undefined {
  try {
    make()
  } catch (err) {
    if (err instanceof MmscOptionError) return err.option
    throw err
  }
  return undefined
}

t.test('MM4 options are checked where they are given', async t => {
  const mm4 = (options: object) => () => createMmsc({ store: new LocalStore(t.testdir()), notifier: new RecordingNotifier(), mm4: { domain: A_DOMAIN, relay: { host: '127.0.0.1', port: 25 }, peers: [{ domain: B_DOMAIN, addresses: ['127.0.0.1'] }], ...options } as never })
  t.equal(optionOf(mm4({ domain: 'not a domain' })), 'mm4.domain')
  t.equal(optionOf(mm4({ relay: { host: '', port: 25 } })), 'mm4.relay.host')
  t.equal(optionOf(mm4({ relay: { host: 'relay', port: 0 } })), 'mm4.relay.port')
  t.equal(optionOf(mm4({ peers: 'b' })), 'mm4.peers')
  t.equal(optionOf(mm4({ peers: [{ domain: B_DOMAIN }] })), 'mm4.peers[0]', 'a peer nobody can be')
  t.equal(optionOf(mm4({ peers: [{ domain: B_DOMAIN, user: 'b' }] })), 'mm4.peers[0].user')
  t.equal(optionOf(mm4({ peers: [{ domain: B_DOMAIN, addresses: [1] }] })), 'mm4.peers[0].addresses')
  t.equal(optionOf(mm4({ maxMessageBytes: 10 })), 'mm4.maxMessageBytes')
  t.equal(optionOf(() => createMmsc({ store: new LocalStore(t.testdir()), notifier: new RecordingNotifier(), mm4: null as never })), 'mm4')
  t.ok(mm4({})().mm4, 'a valid configuration')
})
