/**
 * What happens to a message after it is stored (examples/mmsc/schedule.ts, retries.ts,
 * expiry.ts, read-reports.ts): notifications pushed again with backoff, across a restart;
 * answers that keep or end a message; expiry with its report; read reports, each once.
 *
 * The schedule's timer is set far off (an hour); each test runs it with mmsc.sweep(), and
 * retries are due after a millisecond, or after an hour where the test shows one is not due.
 */
import { readdirSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import type { MmscOptions } from '../../examples/mmsc/config.js'
import { loadRecord } from '../../examples/mmsc/record.js'
import {
  buildAcknowledgeInd, buildNotifyRespInd, buildReadRecInd, buildSendReq, decode, encode, type MmseHeaders,
  type SendReqInput,
} from '../../lib/index.js'
import { LocalStore } from '../../lib/store/index.js'
import { get, post } from '../support/mmsc-client.js'
import { expireNow, type Harness, nextSweep, pdus, startMmsc, storeFiles, tempStore } from '../support/mmsc-harness.js'

t.setTimeout(120_000)

const ALICE = '+15550001'
const BOB = '+15550002'
const CAROL = '+15550003'
const HOUR = 3_600_000
/** Retries due a millisecond apart: each sweep makes the next attempt. */
const PROMPT = { intervalMs: HOUR, firstDelayMs: 1, maxDelayMs: 1, maxAttempts: 4 }

function sendReq (input: Partial<SendReqInput> = {}): Uint8Array {
  return encode(buildSendReq({ to: `${BOB}/TYPE=PLMN`, subject: 'Hi', parts: [{ contentType: 'text/plain', data: 'hello' }], ...input }))
}

async function started (t: Test, options: Partial<MmscOptions>): Promise<Harness> {
  const harness = await startMmsc(t, options)
  // The sweep at start.
  await harness.mmsc.settled()
  return harness
}

async function submit (harness: Harness, input: Partial<SendReqInput> = {}): Promise<MmseHeaders> {
  const answer = await post(harness.url, sendReq(input), { 'x-msisdn': ALICE })
  const conf = decode(answer.body).headers
  t.same(conf.responseStatus, { name: 'ok', code: 0x80 })
  await harness.mmsc.settled()
  return conf
}

/** The notification pushed to `number` (recipients are notified at once, in no set order). */
function notificationTo (harness: Harness, number: string): MmseHeaders | undefined {
  const push = harness.notifier.pushes.find(p => p.to === number && decode(p.pdu).headers.messageType === 'm-notification-ind')
  return push === undefined ? undefined : decode(push.pdu).headers
}

function messageKeys (root: string): string[] {
  return storeFiles(root).filter(name => /^[0-9a-f]{24}$/.test(name))
}

t.test('a failed notification is pushed again when due, across a restart, then not again', async t => {
  const { root, store } = tempStore(t)
  const first = await started(t, { store, schedule: { ...PROMPT, firstDelayMs: HOUR, maxDelayMs: HOUR } })
  first.notifier.failWith = new Error('SMSC unreachable')
  await submit(first)
  t.match(first.events.filter(e => e.type === 'push-failed'), [{ kind: 'm-notification-ind', to: BOB, attempt: 1, error: /SMSC unreachable/ }])
  await nextSweep(first)
  t.equal(first.events.filter(e => e.type === 'push-failed').length, 1, 'the second attempt is not due for an hour')
  await first.mmsc.close()

  // Another process on the same store, whose retries are due at once: its sweep at start pushes.
  const second = await started(t, { store, schedule: PROMPT })
  t.equal(second.notifier.pushes.length, 1, 'the restart resumed the schedule')
  t.match(second.events, [{ type: 'notified', kind: 'm-notification-ind', to: BOB, attempt: 2 }])
  const location = pdus(second)[0]?.contentLocation as string
  await nextSweep(second)
  await nextSweep(second)
  t.equal(second.notifier.pushes.length, 1, 'pushed once it went through')
  t.equal((await get(location)).status, 200, 'and the message is there')
  t.same(messageKeys(root).length, 1)
})

t.test('attempts stop at maxAttempts; a recipient who answers or fetches is not notified again', async t => {
  const { store } = tempStore(t)
  const harness = await started(t, { store, schedule: PROMPT })
  harness.notifier.failWith = new Error('no route')
  await submit(harness, { to: [BOB, CAROL] })
  for (let i = 0; i < 5; i++) await nextSweep(harness)
  const failed = harness.events.filter(e => e.type === 'push-failed')
  t.same(failed.map(e => (e as { attempt: number }).attempt).sort(), [1, 1, 2, 2, 3, 3, 4, 4])
  t.equal(harness.events.filter(e => e.type === 'push-abandoned').length, 2, 'both given up after 4 attempts')

  harness.notifier.failWith = new Error('no route')
  await submit(harness, { to: [BOB, CAROL] })
  harness.notifier.failWith = undefined
  const tids = harness.events.filter(e => e.type === 'push-failed' && (e as { attempt: number }).attempt === 1).slice(-2)
  t.equal(tids.length, 2)
  // BOB defers (his phone got the notification, the message is kept); CAROL fetches it by a
  // Content-Location she had from before (a notification the MMSC thought lost).
  const key = (tids[0] as { key: string }).key
  const record = await loadRecord(store, key, 1 << 20)
  const [bob, carol] = record?.recipients ?? []
  await post(harness.url, encode(buildNotifyRespInd({ transactionId: `${key}${bob?.token}`, status: 'deferred' })))
  t.equal((await get(`${harness.url}/${key}${carol?.token}`)).status, 200)
  await harness.mmsc.settled()
  await nextSweep(harness)
  t.equal(harness.notifier.pushes.length, 0, 'neither is notified again')
  const later = await get(`${harness.url}/${key}${bob?.token}`)
  t.equal(decode(later.body).headers.messageType, 'm-retrieve-conf', 'the deferred message is kept')
  t.equal(later.status, 200)
})

t.test('rejected and unrecognised end the message for that recipient, with a report when asked; once all ended it is removed', async t => {
  const { root, store } = tempStore(t)
  const harness = await started(t, { store, schedule: PROMPT })
  await submit(harness, { to: [BOB, CAROL], headers: { deliveryReport: true } })
  const [toBob, toCarol] = [notificationTo(harness, BOB), notificationTo(harness, CAROL)]
  await post(harness.url, encode(buildNotifyRespInd({ transactionId: toBob?.transactionId as string, status: 'rejected' })))
  await harness.mmsc.settled()
  const refused = await get(toBob?.contentLocation as string)
  t.equal(refused.status, 404)
  t.match(decode(refused.body).headers.retrieveStatus, { name: 'error-permanent-message-not-found' })
  t.equal((await get(toCarol?.contentLocation as string)).status, 200, 'the other recipient still has it')
  await nextSweep(harness)
  t.same(messageKeys(root).length, 1, 'kept for the other recipient')
  await post(harness.url, encode(buildNotifyRespInd({ transactionId: toCarol?.transactionId as string, status: 'unrecognised' })))
  await harness.mmsc.settled()
  await post(harness.url, encode(buildNotifyRespInd({ transactionId: toCarol?.transactionId as string, status: 'unrecognised' })))
  await harness.mmsc.settled()
  const reports = pdus(harness).slice(2)
  t.same(reports.map(r => [r.messageType, r.status, r.to?.[0]?.address]), [
    ['m-delivery-ind', 'rejected', BOB],
    ['m-delivery-ind', 'unrecognised', CAROL],
  ], 'one report each')
  t.same(harness.notifier.pushes.slice(2).map(push => push.to), [ALICE, ALICE])
  await nextSweep(harness)
  t.same(storeFiles(root), [], 'every recipient ended it: removed, with its facts')
  t.match(harness.events.filter(e => e.type === 'removed'), [{ reason: 'ended' }])
})

t.test('expiry: the sweep removes the message, the sender gets expired for who had not retrieved, a retrieval says not found', async t => {
  const { root, store } = tempStore(t)
  const harness = await started(t, { store, schedule: PROMPT })
  const conf = await submit(harness, { to: [BOB, CAROL], headers: { deliveryReport: true } })
  const key = conf.messageId as string
  const [toBob, toCarol] = [notificationTo(harness, BOB), notificationTo(harness, CAROL)]
  await get(toBob?.contentLocation as string)
  await post(harness.url, encode(buildAcknowledgeInd({ transactionId: toBob?.transactionId as string })))
  await harness.mmsc.settled()
  expireNow(root, key)
  const late = await get(toCarol?.contentLocation as string)
  t.equal(late.status, 404)
  t.match(decode(late.body).headers.retrieveStatus, { name: 'error-permanent-message-not-found' })
  await nextSweep(harness)
  const reports = pdus(harness).slice(2)
  t.same(reports.map(r => [r.status, r.to?.[0]?.address]), [['retrieved', BOB], ['expired', CAROL]])
  t.same(storeFiles(root), [], 'removed with its facts')
  t.match(harness.events.filter(e => e.type === 'expired' || e.type === 'removed'), [{ type: 'expired', key, recipients: 2 }, { type: 'removed', key, reason: 'expired' }])
  await nextSweep(harness)
  t.equal(pdus(harness).length, 4, 'no report twice')
})

t.test('expiry at start: a process that starts on a store with an expired message removes it', async t => {
  const { root, store } = tempStore(t)
  const first = await started(t, { store, schedule: PROMPT })
  const conf = await submit(first)
  await first.mmsc.close()
  expireNow(root, conf.messageId as string)
  // A fact whose message is gone (a removal cut short) goes too.
  const orphan = new LocalStore(root).begin(`${'a'.repeat(24)}.f-${'b'.repeat(16)}`)
  await orphan.write('state.json', '{}')
  await orphan.commit()
  // An upload a stopped process left in the spool, older than any request: swept too.
  const left = new LocalStore(root).begin('c'.repeat(24))
  await left.write('part-0', 'half')
  const spooled = readdirSync(join(root, '.spool'))
  const longAgo = new Date(0)
  for (const dir of spooled) {
    for (const file of readdirSync(join(root, '.spool', dir))) utimesSync(join(root, '.spool', dir, file), longAgo, longAgo)
    utimesSync(join(root, '.spool', dir), longAgo, longAgo)
  }
  const second = await started(t, { store, schedule: PROMPT })
  t.same(storeFiles(root), [])
  t.equal(second.notifier.pushes.length, 0, 'no report asked, none sent')
  t.match(second.events.filter(e => e.type === 'swept'), [{ count: 1 }])
})

t.test('an expired report that cannot be pushed is tried again before the message goes', async t => {
  const { root, store } = tempStore(t)
  const harness = await started(t, { store, schedule: PROMPT })
  const conf = await submit(harness, { headers: { deliveryReport: true } })
  expireNow(root, conf.messageId as string)
  harness.notifier.failWith = new Error('busy')
  await nextSweep(harness)
  t.same(messageKeys(root).length, 1, 'kept while its report is owed')
  harness.notifier.failWith = undefined
  await nextSweep(harness)
  t.same(pdus(harness).map(r => r.status), [undefined, 'expired'], 'the notification, then the report')
  await nextSweep(harness)
  t.same(storeFiles(root), [])
})

t.test('read reports: pushed to the originator when asked and allowed, once; not for strangers', async t => {
  const { store } = tempStore(t)
  const harness = await started(t, { store, schedule: PROMPT })
  const asked = await submit(harness, { to: [BOB, CAROL], headers: { readReport: true } })
  const unasked = await submit(harness)
  const read = (messageId: string, reader: string, extra: Record<string, unknown> = {}): Promise<unknown> =>
    post(harness.url, encode(buildReadRecInd({ messageId, to: `${ALICE}/TYPE=PLMN`, headers: extra })), { 'x-msisdn': reader })
  const id = asked.messageId as string
  await read(id, BOB)
  await read(id, BOB)
  await read(id, CAROL, { reportAllowed: false })
  await read(id, '+15559999')
  await read(unasked.messageId as string, BOB)
  await read('not-a-message-id', BOB)
  await harness.mmsc.settled()
  const reports = pdus(harness).filter(p => p.messageType === 'm-read-orig-ind')
  t.equal(reports.length, 1, 'one read report')
  t.same(harness.notifier.pushes.at(-1)?.to, ALICE)
  t.match(reports[0], { messageId: id, readStatus: 'read', from: { address: BOB }, to: [{ address: ALICE }] })
  t.equal(harness.events.filter(e => e.type === 'read').length, 4, 'every read by a recipient is logged')
})

t.test('read reports with trustFrom: the reader from From; a failed push is tried again', async t => {
  const { store } = tempStore(t)
  const harness = await started(t, { store, schedule: PROMPT, trustFrom: true })
  const answer = await post(harness.url, sendReq({ from: `${ALICE}/TYPE=PLMN`, headers: { readReport: true } }))
  const id = decode(answer.body).headers.messageId as string
  await harness.mmsc.settled()
  harness.notifier.failWith = new Error('busy')
  await post(harness.url, encode(buildReadRecInd({ messageId: id, to: ALICE, from: `${BOB}/TYPE=PLMN`, readStatus: 'deleted-without-being-read' })))
  await harness.mmsc.settled()
  await post(harness.url, encode(buildReadRecInd({ messageId: id, to: ALICE })))
  harness.notifier.failWith = undefined
  await nextSweep(harness)
  const reports = pdus(harness).filter(p => p.messageType === 'm-read-orig-ind')
  t.match(reports, [{ readStatus: 'deleted-without-being-read' }])
})
