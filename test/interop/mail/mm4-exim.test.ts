/**
 * MM4 through a real MTA: two MMSCs (mms.a.example and mms.b.example) on loopback, each sending
 * its MM4 mail through one exim4 daemon that routes each domain to the other MMSC's SMTP side
 * (test/support/exim.ts). Phone A sends to a number at B's domain; B's phone is notified and
 * retrieves every part byte for byte; B's MM4_delivery_report.REQ comes back through exim and
 * phone A gets its m-delivery-ind; phone B reads it, and B's MM4_read_reply_report.REQ comes
 * back the same way as phone A's m-read-orig-ind. A third domain that B has not configured sends through the
 * same exim: B refuses it, and exim logs the refusal.
 */
import SMTPConnection from 'nodemailer/lib/smtp-connection'
import t from 'tap'
import { buildReadRecInd, encode } from '../../../lib/index.js'
import { type Exim, eximBinary, startExim } from '../../support/exim.js'
import { A_DOMAIN, B_DOMAIN, PHONE_A, PHONE_B, pushed, retrieveAtB, sendAtoB, SENT_PARTS, startPair } from '../../support/mm4-pair.js'
import { freePort } from '../../support/ports.js'
import { notInstalled } from '../../support/missing.js'
import { post } from '../../support/mmsc-client.js'
import { until } from '../../support/until.js'
import { within } from '../../support/within.js'

const EXIM = eximBinary()

t.test('two MMSCs exchange a message through exim', { skip: EXIM === undefined ? notInstalled('exim4 (and its Debian-exim user)', 'exim4-daemon-light') : false, timeout: 120_000 }, async t => {
  let exim: Exim | undefined
  const eximPort = await freePort()
  const { a, b } = await startPair(t, async (_own, ports) => {
    exim ??= await startExim(EXIM as string, eximPort, { [A_DOMAIN]: ports.a, [B_DOMAIN]: ports.b })
    return { host: '127.0.0.1', port: eximPort }
  })
  const relay = exim as unknown as Exim
  t.teardown(() => relay.stop())

  const conf = await sendAtoB(a, undefined, { readReport: true })
  t.same(conf.responseStatus, { name: 'ok', code: 0x80 }, 'A: m-send-conf ok')
  const { notification, parts, headers } = await retrieveAtB(t, b)
  t.same((notification.from as { raw?: string } | undefined)?.raw, `${PHONE_A}/TYPE=PLMN`, 'B: notified, from A')
  t.same(parts, SENT_PARTS(), 'B: every part byte for byte, through exim')
  const [report] = await within(a.notifier.reached(1), 60_000, 'A\'s delivery report')
  const delivery = pushed((report as { pdu: Uint8Array }).pdu)
  t.same([report?.to, delivery.messageType, delivery.messageId, delivery.status], [PHONE_A, 'm-delivery-ind', conf.messageId, 'retrieved'], 'A: the delivery report, through exim')
  t.equal((await post(b.url, encode(buildReadRecInd({ messageId: headers.messageId as string, to: `${PHONE_A}/TYPE=PLMN`, from: `${PHONE_B}/TYPE=PLMN` })))).status, 204)
  const [, read] = await within(a.notifier.reached(2), 60_000, 'A\'s read report')
  const orig = pushed((read as { pdu: Uint8Array }).pdu)
  t.same([read?.to, orig.messageType, orig.messageId, orig.readStatus], [PHONE_A, 'm-read-orig-ind', conf.messageId, 'read'], 'A: the read report, through exim')
  await within(until(() => a.events.some(e => e.type === 'mm4-answer' && e.status === 'Ok')), 30_000, 'A\'s MM4_forward.RES')
  t.pass('A: MM4_forward.RES Ok, through exim')
  t.match(relay.log(), new RegExp(`=> \\+15550002002/type=plmn@${B_DOMAIN.replace(/\./g, '\\.')}`, 'i'), 'exim delivered the forward to B')

  // An MMSC B has not configured sends through the same exim: B refuses it at MAIL FROM.
  const connection = new SMTPConnection({ host: '127.0.0.1', port: eximPort, ignoreTLS: true })
  await new Promise<void>((resolve, reject) => connection.connect((err?: Error) => err == null ? resolve() : reject(err)))
  await new Promise((resolve, reject) => connection.send({ from: 'mmsc@mms.c.example', to: [`${PHONE_B}/TYPE=PLMN@${B_DOMAIN}`] },
    'X-Mms-3GPP-MMS-Version: 6.16.0\r\nX-Mms-Message-Type: MM4_forward.REQ\r\nFrom: +15550003003/TYPE=PLMN@mms.c.example\r\nContent-Type: text/plain\r\n\r\nunwanted\r\n',
    (err, info) => err === null ? resolve(info) : reject(err)))
  connection.quit()
  await within(until(() => /not of a configured MM4 peer/.test(relay.log())), 30_000, 'B\'s refusal in exim\'s log')
  t.pass('B refused the unconfigured peer; exim logged it')
  t.equal(b.notifier.pushes.length, 1, 'B notified nobody of it')
})
