/**
 * MM4 forwards that fail (examples/mmsc/retries.ts, schedule.ts): an MM4_forward.REQ the relay
 * does not take, or that the peer answers with an error MM4_forward.RES, is sent again on the
 * notifications' schedule, across a restart; a 5xx, the last attempt or the message's expiry
 * ends it, and the sender gets m-delivery-ind `unreachable` (or `expired`) when it asked. A Bcc
 * recipient at a peer is forwarded in the envelope only.
 *
 * MMSC A relays through a test relay that answers as planned (test/support/mm4-relay.ts). The
 * schedule's timer is an hour off; each test sweeps with mmsc.sweep(), and retries are due a
 * millisecond apart.
 */
import SMTPConnection from 'nodemailer/lib/smtp-connection'
import t, { type Test } from 'tap'
import type { MmscOptions } from '../../examples/mmsc/config.js'
import { loadRecord } from '../../examples/mmsc/record.js'
import { buildSendReq, decode, encode, type SendReqInput } from '../../lib/index.js'
import { A_DOMAIN, B_DOMAIN, PHONE_A, PHONE_B } from '../support/mm4-pair.js'
import { freePort } from '../support/ports.js'
import { startRelay } from '../support/mm4-relay.js'
import { get, post } from '../support/mmsc-client.js'
import { expireNow, type Harness, nextSweep, pdus, startMmsc, storeFiles, tempStore } from '../support/mmsc-harness.js'
import { sample } from '../support/prometheus.js'

t.setTimeout(120_000)

const C_DOMAIN = 'mms.c.example'
const PHONE_A2 = '+15550001002'
const HOUR = 3_600_000
/** Retries due a millisecond apart: each sweep makes the next attempt. */
const PROMPT = { intervalMs: HOUR, firstDelayMs: 1, maxDelayMs: 1, maxAttempts: 3 }
const AT_B = `${PHONE_B}/TYPE=PLMN@${B_DOMAIN}`

/** MMSC A, relaying through `relayPort`, its SMTP side listening; B and C are its peers (C by SMTP AUTH). */
async function startA (t: Test, relayPort: number, options: Partial<MmscOptions> = {}): Promise<Harness & { smtpPort: number }> {
  const harness = await startMmsc(t, {
    trustFrom: true,
    schedule: PROMPT,
    mm4: {
      domain: A_DOMAIN,
      relay: { host: '127.0.0.1', port: relayPort },
      peers: [{ domain: B_DOMAIN, addresses: ['127.0.0.1'] }, { domain: C_DOMAIN, user: 'c', password: 'secret' }],
    },
    ...options,
  })
  const smtpPort = await freePort()
  await harness.mmsc.mm4?.listen(smtpPort, '127.0.0.1')
  // The sweep at start.
  await harness.mmsc.settled()
  return { ...harness, smtpPort }
}

async function submit (harness: Harness, input: Partial<SendReqInput> = {}): Promise<string> {
  const request = encode(buildSendReq({ from: `${PHONE_A}/TYPE=PLMN`, to: AT_B, subject: 'retried', parts: [{ contentType: 'text/plain', data: 'hello B' }], headers: { deliveryReport: true }, ...input }))
  const conf = decode((await post(harness.url, request)).body).headers
  t.same(conf.responseStatus, { name: 'ok', code: 0x80 })
  await harness.mmsc.settled()
  return conf.messageId as string
}

const ofType = (harness: Harness, type: string): Array<Record<string, unknown>> => harness.events.filter(e => e.type === type) as never

function messageKeys (root: string): string[] {
  return storeFiles(root).filter(name => /^[0-9a-f]{24}$/.test(name))
}

/** Sends one mail to A's SMTP side as a peer: from B by its address, or from C after AUTH. */
async function mailToA (port: number, from: string, headers: Record<string, string>, login?: { user: string, pass: string }): Promise<void> {
  const connection = new SMTPConnection({ host: '127.0.0.1', port, ignoreTLS: true })
  await new Promise<void>((resolve, reject) => connection.connect((err?: Error) => err == null ? resolve() : reject(err)))
  try {
    if (login !== undefined) await new Promise<void>((resolve, reject) => connection.login(login, err => err == null ? resolve() : reject(err)))
    const body = `${Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n`
    await new Promise((resolve, reject) => connection.send({ from, to: [`mmsc@${A_DOMAIN}`] }, body, (err, info) => err === null ? resolve(info) : reject(err)))
  } finally {
    connection.quit()
  }
}

t.test('a forward the relay refuses for now (4xx) is sent again when due, once taken not again', async t => {
  const { root, store } = tempStore(t)
  const relay = await startRelay(t, [451, 451])
  const a = await startA(t, relay.port, { store })
  const key = await submit(a)
  t.match(ofType(a, 'mm4-failed'), [{ key, to: B_DOMAIN, attempt: 1, error: /451/ }])
  t.notOk(ofType(a, 'mm4-failed')[0]?.permanent, 'a 4xx is not permanent')
  await nextSweep(a)
  await nextSweep(a)
  t.same(relay.attempts, 3)
  t.match(ofType(a, 'mm4-forwarded'), [{ key, to: B_DOMAIN, attempt: 3 }], 'the third attempt went through')
  const [forward] = relay.taken
  t.same(forward?.to, [AT_B])
  t.equal(forward?.header('X-Mms-Message-Type'), 'MM4_forward.REQ')
  t.match(forward?.header('X-Mms-Transaction-ID'), new RegExp(`^${key}[0-9a-f]{16}-3$`), 'the Transaction-ID names the attempt')
  await nextSweep(a)
  await nextSweep(a)
  t.equal(relay.attempts, 3, 'not sent again')
  t.equal(a.notifier.pushes.length, 0, 'no report: the peer has it')
  t.same(messageKeys(root), [key], 'kept for the reports the peer sends back')
  const metrics = (await get(a.url.replace(/\/mms$/, '/metrics'))).body.toString()
  t.same([sample(metrics, 'mmsc_mm4_forwards_total', { result: 'failed' }), sample(metrics, 'mmsc_mm4_forwards_total', { result: 'ok' })], [2, 1], 'counted')
})

t.test('no relay at all: attempts resume after a restart, from the store', async t => {
  const { root, store } = tempStore(t)
  const closed = await freePort()
  const first = await startA(t, closed, { store, schedule: { ...PROMPT, firstDelayMs: HOUR, maxDelayMs: HOUR } })
  const key = await submit(first)
  t.match(ofType(first, 'mm4-failed'), [{ key, attempt: 1, error: /ECONNREFUSED/ }])
  await nextSweep(first)
  t.equal(ofType(first, 'mm4-failed').length, 1, 'the second attempt is not due for an hour')
  await first.mmsc.close()

  const relay = await startRelay(t)
  const second = await startA(t, relay.port, { store })
  t.match(ofType(second, 'mm4-forwarded'), [{ key, attempt: 2 }], 'the restart resumed the forward')
  t.same(relay.taken.map(mail => mail.to), [[AT_B]])
  await nextSweep(second)
  t.equal(relay.attempts, 1)
  t.same(messageKeys(root), [key])
})

t.test('a 5xx ends the forward at once: the sender gets unreachable, the message goes', async t => {
  const { root, store } = tempStore(t)
  const relay = await startRelay(t, [550])
  const a = await startA(t, relay.port, { store })
  const key = await submit(a)
  t.match(ofType(a, 'mm4-failed'), [{ key, attempt: 1, permanent: true, error: /550/ }])
  t.match(ofType(a, 'mm4-abandoned'), [{ key, to: B_DOMAIN, attempts: 1 }])
  t.equal(sample((await get(a.url.replace(/\/mms$/, '/metrics'))).body.toString(), 'mmsc_mm4_forwards_abandoned_total'), 1)
  t.same(pdus(a).map(p => [p.messageType, p.messageId, p.status, p.to?.[0]?.raw]), [['m-delivery-ind', key, 'unreachable', AT_B]])
  t.same(a.notifier.pushes.map(push => push.to), [PHONE_A])
  await nextSweep(a)
  t.equal(relay.attempts, 1, 'not tried again')
  t.same(storeFiles(root), [], 'every recipient ended it: removed, with its facts')
})

t.test('attempts stop at maxAttempts: then unreachable, once; without a report asked, none', async t => {
  const { store } = tempStore(t)
  const relay = await startRelay(t, Array(10).fill(451))
  const a = await startA(t, relay.port, { store })
  const key = await submit(a)
  const quiet = await submit(a, { headers: {} })
  for (let i = 0; i < 4; i++) await nextSweep(a)
  t.equal(relay.attempts, 6, 'three attempts each')
  t.same(ofType(a, 'mm4-abandoned').map(e => [e.key, e.attempts]).sort(), [[key, 3], [quiet, 3]].sort())
  t.same(pdus(a).map(p => [p.messageId, p.status]), [[key, 'unreachable']], 'the report asked for, once')
})

t.test('an error MM4_forward.RES from the peer makes the attempt fail: the forward is sent again', async t => {
  const { store } = tempStore(t)
  const relay = await startRelay(t)
  const a = await startA(t, relay.port, { store })
  const key = await submit(a)
  const first = relay.taken[0]?.header('X-Mms-Transaction-ID') as string
  const answer = (status: string, transactionId = first) => ({
    'X-Mms-3GPP-MMS-Version': '6.16.0', 'X-Mms-Message-Type': 'MM4_forward.RES', 'X-Mms-Transaction-ID': transactionId, 'X-Mms-Message-ID': key, 'X-Mms-Request-Status-Code': status,
  })
  // C is a peer too, but the forward went to B: C cannot refuse it.
  await mailToA(a.smtpPort, `mmsc@${C_DOMAIN}`, answer('Error-unspecified'), { user: 'c', pass: 'secret' })
  await mailToA(a.smtpPort, `mmsc@${B_DOMAIN}`, answer('Error-network-problem', 'not-a-forward'))
  await a.mmsc.settled()
  await nextSweep(a)
  t.equal(relay.taken.length, 1, 'answers that name no forward of the peer change nothing')
  t.same(ofType(a, 'mm4-refused'), [])

  await mailToA(a.smtpPort, `mmsc@${B_DOMAIN}`, answer('Error-network-problem'))
  await a.mmsc.settled()
  t.match(ofType(a, 'mm4-refused'), [{ key, to: B_DOMAIN, attempt: 1, status: 'Error-network-problem' }])
  t.equal(sample((await get(a.url.replace(/\/mms$/, '/metrics'))).body.toString(), 'mmsc_mm4_forwards_total', { result: 'refused' }), 1)
  await nextSweep(a)
  t.equal(relay.taken.length, 2, 'sent again')
  const second = relay.taken[1]?.header('X-Mms-Transaction-ID') as string
  t.match(second, /-2$/)
  await mailToA(a.smtpPort, `mmsc@${B_DOMAIN}`, answer('Ok', second))
  await nextSweep(a)
  await nextSweep(a)
  t.equal(relay.taken.length, 2, 'an Ok answer ends it')
  t.equal(a.notifier.pushes.length, 0, 'and the peer reports')
})

t.test('a refusal that is the peer\'s verdict on the message ends the forward at once; a transient one does not', async t => {
  const { root, store } = tempStore(t)
  const relay = await startRelay(t)
  const a = await startA(t, relay.port, { store })
  const key = await submit(a)
  const answer = { 'X-Mms-Message-Type': 'MM4_forward.RES', 'X-Mms-Transaction-ID': relay.taken[0]?.header('X-Mms-Transaction-ID') as string, 'X-Mms-Request-Status-Code': 'Error-content-not-accepted' }
  await mailToA(a.smtpPort, `mmsc@${B_DOMAIN}`, answer)
  await a.mmsc.settled()
  t.match(ofType(a, 'mm4-abandoned'), [{ key, to: B_DOMAIN, attempts: 1 }], 'not the last attempt allowed, yet failed')
  t.same(pdus(a).map(p => [p.messageId, p.status, p.to?.[0]?.raw]), [[key, 'unreachable', AT_B]], 'the sender is told')
  await nextSweep(a)
  t.equal(relay.taken.length, 1, 'not sent again')
  t.same(storeFiles(root), [])
})

t.test('the last attempt allowed refused by the peer: the forward has failed, the sender is told', async t => {
  const { root, store } = tempStore(t)
  const relay = await startRelay(t)
  const a = await startA(t, relay.port, { store, schedule: { ...PROMPT, maxAttempts: 1 } })
  const key = await submit(a)
  const answer = { 'X-Mms-Message-Type': 'MM4_forward.RES', 'X-Mms-Transaction-ID': relay.taken[0]?.header('X-Mms-Transaction-ID') as string, 'X-Mms-Request-Status-Code': 'Error-service-denied' }
  await mailToA(a.smtpPort, `mmsc@${B_DOMAIN}`, answer)
  await mailToA(a.smtpPort, `mmsc@${B_DOMAIN}`, answer)
  await a.mmsc.settled()
  t.same(pdus(a).map(p => [p.messageId, p.status, p.to?.[0]?.raw]), [[key, 'unreachable', AT_B]], 'one report')
  await nextSweep(a)
  t.equal(relay.taken.length, 1)
  t.same(storeFiles(root), [])
})

t.test('a forward still failing when the message expires ends with expired; one that went through is the peer\'s to report', async t => {
  const { root, store } = tempStore(t)
  const relay = await startRelay(t, [451])
  const a = await startA(t, relay.port, { store, schedule: { ...PROMPT, maxAttempts: 5 } })
  const failing = await submit(a)
  const through = await submit(a)
  t.equal(relay.taken.length, 1)
  expireNow(root, failing)
  expireNow(root, through)
  await nextSweep(a)
  t.equal(relay.attempts, 2, 'no attempt after the expiry')
  t.same(pdus(a).map(p => [p.messageId, p.status]), [[failing, 'expired']])
  t.same(storeFiles(root), [], 'both removed')
})

t.test('Bcc: a recipient at a peer is forwarded in the envelope only; the record keeps it', async t => {
  const { store } = tempStore(t)
  const relay = await startRelay(t)
  const a = await startA(t, relay.port, { store })
  const hidden = `+15550002999/TYPE=PLMN@${B_DOMAIN}`
  const key = await submit(a, { to: `${PHONE_A2}/TYPE=PLMN`, cc: AT_B, bcc: hidden })
  const record = await loadRecord(store, key, 1 << 20)
  t.same(record?.recipients.map(r => [r.address, r.peer]), [[`${PHONE_A2}/TYPE=PLMN`, undefined], [AT_B, B_DOMAIN], [hidden, B_DOMAIN]])
  t.equal(record?.headers.bcc, undefined, 'the m-retrieve-conf never carries Bcc')
  const byRecipient = new Map(relay.taken.map(mail => [mail.to.join(), mail]))
  t.same([...byRecipient.keys()].sort(), [AT_B, hidden].sort(), 'one forward per recipient at the peer')
  for (const mail of relay.taken) {
    t.equal(mail.header('Bcc'), undefined)
    t.notOk(mail.raw.includes('15550002999'), 'no header names the Bcc recipient')
    t.equal(mail.header('Cc'), AT_B)
  }
  t.match(a.notifier.pushes.map(push => push.to), [PHONE_A2], 'the local recipient is notified')
  for (const recipient of record?.recipients.filter(r => r.peer !== undefined) ?? []) {
    t.equal((await get(`${a.url}/${key}${recipient.token}`)).status, 404, 'a recipient at a peer fetches nothing here')
  }
})
