/**
 * The MMSC's MM1 exchange over HTTP with a recording notifier and a local store: a submission
 * stored, notified, retrieved byte-exact and reported; every kind of refusal answered with its
 * X-Mms-Response-Status (examples/mmsc/statuses.ts), and nothing stored for any of them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import t, { type Test } from 'tap'
import {
  buildAcknowledgeInd, buildNotifyRespInd, buildSendConf, buildSendReq, decode, encode, MmseEncoder,
  type MmseMessage, type SendReqInput,
} from '../../lib/index.js'
import { LocalStore } from '../../lib/store/index.js'
import { get, post } from '../support/mmsc-client.js'
import { slowClient } from '../support/mmsc-faults.js'
import { startMmsc, storeFiles } from '../support/mmsc-harness.js'
import { slowStore, wrapStore } from '../support/mmsc-stores.js'
import { seededBytes } from '../support/mmsc-streams.js'
import { bytes, multipart, textEntry } from '../support/wire.js'
import { until } from '../support/until.js'

/** A bound on the whole file, against a hang (not a measure). */
t.setTimeout(120_000)

const ALICE = '+15550001'
const BOB = '+15550002'

function sendReq (input: Partial<SendReqInput> = {}): Uint8Array {
  return encode(buildSendReq({
    to: `${BOB}/TYPE=PLMN`,
    subject: 'Hi',
    parts: [
      { contentType: 'image/jpeg', data: seededBytes(1, 20_000), name: 'photo.jpg' },
      { contentType: 'text/plain', data: 'Grüße' },
    ],
    ...input,
  }))
}

function statusOf (answer: { body: Buffer }): string {
  const conf = decode(answer.body)
  t.equal(conf.headers.messageType, 'm-send-conf')
  return (conf.headers.responseStatus as { name: string }).name
}

t.test('submit, notify, retrieve byte-exact, acknowledge, report', async t => {
  const { url, notifier, root, mmsc } = await startMmsc(t)
  const request = sendReq({ headers: { deliveryReport: true } })
  const answer = await post(url, request, { 'x-msisdn': ALICE })
  t.equal(answer.status, 200)
  const conf = decode(answer.body)
  t.equal(conf.headers.messageType, 'm-send-conf')
  t.same(conf.headers.responseStatus, { name: 'ok', code: 0x80 })
  const messageId = conf.headers.messageId as string
  t.match(messageId, /^[0-9a-f]{24}$/)
  t.equal(conf.headers.transactionId, decode(request).headers.transactionId, 'the conf answers the request')

  const [notification] = await notifier.reached(1)
  t.equal(notification?.to, BOB)
  const ind = decode(notification?.pdu as Uint8Array)
  t.equal(ind.headers.messageType, 'm-notification-ind')
  t.equal(ind.headers.messageSize, request.length)
  t.same(ind.headers.from, { address: ALICE, type: 'PLMN', raw: `${ALICE}/TYPE=PLMN` })
  t.equal(ind.headers.subject?.text, 'Hi')
  t.equal(ind.headers.deliveryReport, true)
  const location = ind.headers.contentLocation as string
  t.ok(location.startsWith(url), location)

  const fetched = await get(location)
  t.equal(fetched.status, 200)
  t.equal(fetched.headers['content-type'], 'application/vnd.wap.mms-message')
  const message = decode(fetched.body)
  const sent = decode(request)
  t.equal(message.headers.messageType, 'm-retrieve-conf')
  t.equal(message.headers.messageId, messageId)
  t.equal(message.headers.transactionId, ind.headers.transactionId)
  t.same(message.headers.from, ind.headers.from)
  t.same(message.headers.to, sent.headers.to)
  t.equal(message.headers.subject?.text, 'Hi')
  t.same(message.headers.contentType, sent.headers.contentType)
  samePartsExact(t, message, sent)

  const ack = await post(url, encode(buildNotifyRespInd({ transactionId: ind.headers.transactionId as string, status: 'retrieved' })))
  t.equal(ack.status, 204)
  const pushes = await notifier.reached(2)
  const report = pushes[1]
  t.equal(report?.to, ALICE)
  const delivery = decode(report?.pdu as Uint8Array)
  t.equal(delivery.headers.messageType, 'm-delivery-ind')
  t.equal(delivery.headers.messageId, messageId)
  t.same(delivery.headers.to?.map(a => a.raw), [`${BOB}/TYPE=PLMN`])
  t.equal(delivery.headers.status, 'retrieved')

  // Answered again (a retry), or acknowledged too: one report only.
  await post(url, encode(buildNotifyRespInd({ transactionId: ind.headers.transactionId as string, status: 'retrieved' })))
  await post(url, encode(buildAcknowledgeInd({ transactionId: ind.headers.transactionId as string })))
  await mmsc.settled()
  t.equal(notifier.pushes.length, 2)
  t.same(messageKeys(root as string).length, 1, 'one message stored')
})

t.test('no delivery report unless asked for and allowed; a deferral is not final', async t => {
  const { url, notifier, mmsc } = await startMmsc(t)
  await post(url, sendReq(), { 'x-msisdn': ALICE })
  await post(url, sendReq({ headers: { deliveryReport: true } }), { 'x-msisdn': ALICE })
  const [first, second] = await notifier.reached(2)
  const tid = (push: typeof first): string => decode(push?.pdu as Uint8Array).headers.transactionId as string
  await post(url, encode(buildAcknowledgeInd({ transactionId: tid(first) })))
  await post(url, encode(buildNotifyRespInd({ transactionId: tid(second), status: 'deferred' })))
  await post(url, encode(buildAcknowledgeInd({ transactionId: tid(second), reportAllowed: false })))
  await post(url, encode(buildNotifyRespInd({ transactionId: 'not-ours', status: 'retrieved' })))
  await post(url, encode(buildNotifyRespInd({ transactionId: `${tid(second).slice(0, 24)}${'0'.repeat(16)}`, status: 'retrieved' })))
  await mmsc.settled()
  t.equal(notifier.pushes.length, 2, 'only the two notifications')
})

t.test('a report that carries a body (a Content-Type where none belongs): the body is skipped, the report taken', async t => {
  const { url, notifier, mmsc, root } = await startMmsc(t)
  await post(url, sendReq(), { 'x-msisdn': ALICE })
  const [push] = await notifier.reached(1)
  const tid = decode(push?.pdu as Uint8Array).headers.transactionId as string
  const report = Buffer.concat([encode(buildNotifyRespInd({ transactionId: tid, status: 'retrieved' })), bytes(0x84, 0xa3), multipart([textEntry('stray')])])
  t.equal((await post(url, report)).status, 204)
  await mmsc.settled()
  t.same(messageKeys(root as string).length, 1, 'nothing stored for it')
})

t.test('the sender can hide: no From in the notification or the message', async t => {
  const { url, notifier } = await startMmsc(t)
  await post(url, sendReq({ headers: { senderVisibility: 'hide' } }), { 'x-msisdn': ALICE })
  const [push] = await notifier.reached(1)
  const ind = decode(push?.pdu as Uint8Array)
  t.equal(ind.headers.from, undefined)
  const message = decode((await get(ind.headers.contentLocation as string)).body)
  t.equal(message.headers.from, undefined)
})

t.test('trustFrom: From given as a phone number needs no header, Insert-address is refused; Bcc recipients get the message, never the Bcc', async t => {
  const { url, notifier } = await startMmsc(t, { trustFrom: true })
  t.equal(statusOf(await post(url, sendReq(), { 'x-msisdn': ALICE })), 'error-permanent-service-denied', 'no From to trust: the header is not read')
  const answer = await post(url, sendReq({ from: ALICE, to: BOB, bcc: '+15550003' }))
  t.equal(statusOf(answer), 'ok')
  const pushes = await notifier.reached(2)
  t.same(pushes.map(p => p.to).sort(), [BOB, '+15550003'])
  const message = decode((await get(decode(pushes[1]?.pdu as Uint8Array).headers.contentLocation as string)).body)
  t.equal(message.headers.bcc, undefined)
  t.same(message.headers.from, { address: ALICE, type: 'PLMN', raw: `${ALICE}/TYPE=PLMN` })
})

t.test('a 255-character part name is stored and comes back', async t => {
  const { url, notifier } = await startMmsc(t)
  const name = `${'n'.repeat(251)}.txt`
  const answer = await post(url, sendReq({ parts: [{ contentType: 'text/plain', data: 'long name', name }] }), { 'x-msisdn': ALICE })
  t.equal(statusOf(answer), 'ok')
  const [push] = await notifier.reached(1)
  const message = decode((await get(decode(push?.pdu as Uint8Array).headers.contentLocation as string)).body)
  t.equal(message.parts[0]?.contentType.params.name, name)
  t.equal(Buffer.from(message.parts[0]?.data as Uint8Array).toString(), 'long name')
})

t.test('refusals: each failure gets its Response-Status, and nothing is stored', async t => {
  const { url, root, notifier, mmsc } = await startMmsc(t, { limits: { maxParts: 4, maxMessageBytes: 1024 * 1024, maxRecipients: 3 } })
  const cases: Array<[string, Promise<{ body: Buffer, status: number }>, string]> = [
    ['garbage', post(url, Buffer.from('GET / HTTP/1.1\r\n\r\n')), 'error-permanent-message-format-corrupt'],
    ['an empty body', post(url, new Uint8Array(0)), 'error-permanent-message-format-corrupt'],
    ['a PDU cut inside a part', post(url, sendReq().subarray(0, 5000), { 'x-msisdn': ALICE }), 'error-permanent-message-format-corrupt'],
    ['not a request the MMSC takes', post(url, encode(buildSendConf({ transactionId: 'x' }))), 'error-unsupported-message'],
    ['MMS 2.0', post(url, sendReq({ mmsVersion: '2.0' }), { 'x-msisdn': ALICE }), 'error-unsupported-message'],
    ['an e-mail recipient', post(url, sendReq({ to: 'bob@example.com' }), { 'x-msisdn': ALICE }), 'error-permanent-sending-address-unresolved'],
    ['MMS 1.0, an e-mail recipient', post(url, sendReq({ mmsVersion: '1.0', to: 'bob@example.com' }), { 'x-msisdn': ALICE }), 'error-sending-address-unresolved'],
    ['too many recipients', post(url, sendReq({ to: ['+15550011', '+15550012', '+15550013', '+15550014'] }), { 'x-msisdn': ALICE }), 'error-permanent-service-denied'],
    ['no sender', post(url, sendReq()), 'error-permanent-service-denied'],
    ['no sender header, a From that names a number', post(url, sendReq({ from: ALICE })), 'error-permanent-service-denied'],
    ['a forged From', post(url, sendReq({ from: BOB }), { 'x-msisdn': ALICE }), 'error-permanent-service-denied'],
    ['a sender header that is not a number', post(url, sendReq(), { 'x-msisdn': 'alice' }), 'error-permanent-service-denied'],
    ['reply charging', post(url, sendReq({ headers: { replyCharging: 'requested' } }), { 'x-msisdn': ALICE }), 'error-permanent-reply-charging-not-supported'],
    ['too many parts', post(url, sendReq({ parts: [1, 2, 3, 4, 5].map(n => ({ contentType: 'text/plain', data: `${n}` })) }), { 'x-msisdn': ALICE }), 'error-permanent-content-not-accepted'],
    ['a part over the size limit, chunked', post(url, firstBytes(sendReq({ parts: [{ contentType: 'image/jpeg', data: seededBytes(2, 2 * 1024 * 1024) }] }), 100_000), { 'x-msisdn': ALICE }), 'error-permanent-content-not-accepted'],
    ['a part declaring 4 GiB', post(url, fourGigabytePart(), { 'x-msisdn': ALICE }), 'error-permanent-content-not-accepted'],
  ]
  for (const [what, answer, status] of cases) {
    const received = await answer
    t.equal(received.status, 200, what)
    t.equal(statusOf(received), status, what)
  }
  await mmsc.settled()
  t.same(storeFiles(root as string), [], 'no message, no spool entry')
  t.equal(notifier.pushes.length, 0)
})

t.test('nothing is acknowledged that cannot be served: a record over maxRecordBytes, values encode() refuses', async t => {
  const { url, root, notifier, mmsc, events } = await startMmsc(t)
  // 180 KB whose part headers are control characters: each takes six bytes in the JSON record,
  // which would outgrow what retrieval reads back (maxRecordBytes, 1 MiB).
  const controls = `A${'\x01'.repeat(15_000)}`
  const bloated = encode(buildSendReq({ to: BOB, parts: Array.from({ length: 12 }, (_, n) => ({ contentType: 'text/plain', data: `${n}`, headers: { 'x-note': controls } })) }))
  t.ok(bloated.length > 180_000 && bloated.length < 190_000, `${bloated.length} bytes`)
  const refused = await post(url, bloated, { 'x-msisdn': ALICE })
  t.equal(statusOf(refused), 'error-permanent-content-not-accepted')
  t.match((decode(refused.body).headers.responseText as { text: string }).text, /headers take \d+ bytes to keep; at most 1048576/)
  const classed = sendReq({ headers: { messageClass: 'x-placeholder' } })
  const cases: Array<[string, Uint8Array]> = [
    ['an empty Message-Class token', patch(classed, 'x-placeholder\0', '\0')],
    ['a Message-Class of control characters', patch(classed, 'x-placeholder\0', 'A\x7f\x1b\0')],
    ['a part header named with a control character', patch(sendReq({ parts: [{ contentType: 'text/plain', data: 'x', headers: { 'x-a': 'b' } }] }), 'X-A\0', 'X\x7fA\0')],
  ]
  for (const [what, pdu] of cases) {
    const answer = await post(url, pdu, { 'x-msisdn': ALICE })
    t.equal(statusOf(answer), 'error-permanent-message-format-corrupt', what)
    t.match((decode(answer.body).headers.responseText as { text: string }).text, /^it cannot be relayed as sent: ERR_MMSE_BAD_INPUT/, what)
  }
  await mmsc.settled()
  t.same(storeFiles(root as string), [], 'nothing stored')
  t.equal(notifier.pushes.length, 0, 'nobody notified')
  t.notOk(events.some(e => e.type === 'accepted'))
})

t.test('maxRecordBytes is one limit: refused at intake above it, served below it', async t => {
  const { url, notifier } = await startMmsc(t, { limits: { maxRecordBytes: 4096 } })
  const note = 'n'.repeat(1500)
  t.equal(statusOf(await post(url, sendReq({ parts: [1, 2, 3].map(n => ({ contentType: 'text/plain', data: `${n}`, headers: { 'x-note': note } })) }), { 'x-msisdn': ALICE })), 'error-permanent-content-not-accepted')
  t.equal(statusOf(await post(url, sendReq({ parts: [{ contentType: 'text/plain', data: '1', headers: { 'x-note': note } }] }), { 'x-msisdn': ALICE })), 'ok')
  const [push] = await notifier.reached(1)
  const fetched = await get(decode(push?.pdu as Uint8Array).headers.contentLocation as string)
  t.equal(fetched.status, 200)
  t.equal(decode(fetched.body).parts[0]?.headers['x-note'], note)
})

t.test('a declared Content-Length over the limit: refused from the headers, the connection closed', async t => {
  const { url, root } = await startMmsc(t, { limits: { maxMessageBytes: 1000 } })
  const big = sendReq()
  // Only the first 200 bytes are ever sent: the answer must not wait for the rest.
  const answer = await post(url, firstBytes(big, 200), { 'x-msisdn': ALICE, 'content-length': String(big.length) })
  t.equal(statusOf(answer), 'error-permanent-content-not-accepted')
  t.equal(answer.headers.connection, 'close')
  t.equal(decode(answer.body).headers.transactionId, decode(big).headers.transactionId, 'read far enough for the Transaction-Id')
  t.same(storeFiles(root as string), [])
})

t.test('HTTP errors: wrong media type, method, path; unknown Content-Locations', async t => {
  const { url } = await startMmsc(t)
  t.equal((await post(url, sendReq(), { 'content-type': 'text/plain' })).status, 415)
  t.equal((await get(url)).status, 405)
  t.equal((await post(`${url}/abc`, sendReq())).status, 405)
  t.equal((await get(`${url.replace('/mms', '')}/other`)).status, 404)
  for (const location of [`${url}/nope`, `${url}/${'0'.repeat(40)}`, `${url}/a/b`]) {
    const answer = await get(location)
    t.equal(answer.status, 404, location)
    if (answer.body.length > 0) t.equal(decode(answer.body).headers.retrieveStatus?.name, 'error-permanent-message-not-found')
  }
})

t.test('a store that fails, writing a part or committing: transient failure, nothing left', async t => {
  const root = mkdtempSync(join(tmpdir(), 'mmse-mmsc-failing-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  const local = new LocalStore(root)
  for (const store of [
    wrapStore(local, { write: (writer, name, data) => name === 'part-1' ? Promise.reject(new Error('disk full')) : writer.write(name, data) }),
    wrapStore(local, { commit: async writer => { await writer.abort(); throw new Error('rename failed') } }),
  ]) {
    const { url, events } = await startMmsc(t, { store })
    const answer = await post(url, sendReq(), { 'x-msisdn': ALICE })
    t.equal(statusOf(answer), 'error-transient-failure')
    t.equal((decode(answer.body).headers.responseText as { text: string }).text, 'the message could not be stored; try again later', 'the error itself is for the log')
    t.match(events.find(e => e.type === 'refused'), { detail: /disk full|rename failed/ })
    t.same(storeFiles(root), [])
  }
})

t.test('a notifier that fails: the message is accepted, the failure logged', async t => {
  const { url, notifier, events, mmsc } = await startMmsc(t)
  notifier.failWith = new Error('SMSC unreachable')
  t.equal(statusOf(await post(url, sendReq(), { 'x-msisdn': ALICE })), 'ok')
  await mmsc.settled()
  t.match(events.find(e => e.type === 'push-failed'), { to: BOB, kind: 'm-notification-ind', error: /SMSC unreachable/ })
})

/** The keys of committed messages in a local store (the facts kept beside them aside: state.ts). */
function messageKeys (root: string): string[] {
  return storeFiles(root).filter(f => /^[0-9a-f]{24}$/.test(f))
}

/** `pdu` with the first occurrence of `from` (latin1) replaced by `to`: a value the encoder would not write. */
function patch (pdu: Uint8Array, from: string, to: string): Buffer {
  const bytes = Buffer.from(pdu)
  const at = bytes.indexOf(Buffer.from(from, 'latin1'))
  if (at < 0) throw new Error(`${JSON.stringify(from)} is not in the PDU`)
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(to, 'latin1'), bytes.subarray(at + from.length)])
}

/** A body that sends the first `count` bytes of a PDU and then nothing, without ending: whatever the server answers, it answered from those. */
function firstBytes (pdu: Uint8Array, count: number): Readable {
  const body = new Readable({ read () {} })
  body.push(pdu.subarray(0, count))
  return body
}

/** An m-send-req whose one part declares 2^32 - 1 bytes and sends 100 of them, then nothing. */
function fourGigabytePart (): Readable {
  const body = firstBytes(Buffer.alloc(100), 100)
  const { headers } = buildSendReq({ to: BOB, parts: [{ contentType: 'video/3gpp', data: '' }] })
  return new MmseEncoder(headers, { parts: [{ contentType: 'video/3gpp', size: 2 ** 32 - 1, body }] })
}

function samePartsExact (t: Test, got: MmseMessage, sent: MmseMessage): void {
  t.equal(got.parts.length, sent.parts.length, 'as many parts')
  for (const [index, part] of sent.parts.entries()) {
    const mine = got.parts[index]
    t.same(mine?.contentType, part.contentType, `part ${index} content type`)
    t.ok(Buffer.from(mine?.data as Uint8Array).equals(Buffer.from(part.data as Uint8Array)), `part ${index} byte-exact (${part.data?.length} bytes)`)
  }
}


t.test('what an m-send-req must have: Transaction-Id, MMS-Version, Content-Type, a recipient', async t => {
  const { url, root } = await startMmsc(t)
  const headers = buildSendReq({ to: BOB, parts: [{ contentType: 'text/plain', data: 'x' }] }).headers
  const without = (key: string, extra: Record<string, unknown> = {}): Uint8Array => {
    const copy: Record<string, unknown> = { ...headers, ...extra }
    delete copy[key]
    return encode({ headers: copy as typeof headers, parts: key === 'contentType' ? [] : [{ contentType: 'text/plain', data: 'x' }] }, { checkMandatory: false })
  }
  for (const [key, text] of [['transactionId', /Transaction-Id/], ['mmsVersion', /MMS-Version/], ['contentType', /Content-Type/], ['to', /no recipient/]] as const) {
    const answer = await post(url, without(key), { 'x-msisdn': ALICE })
    t.equal(statusOf(answer), key === 'to' ? 'error-permanent-sending-address-unresolved' : 'error-permanent-message-format-corrupt', key)
    t.match((decode(answer.body).headers.responseText as { text: string }).text, text)
  }
  t.same(storeFiles(root as string), [])
})

t.test('carried on: Cc, Date, Message-Class; the expiry asked, within the longest allowed', async t => {
  const { url, notifier } = await startMmsc(t, { expiry: { defaultSeconds: 600, maxSeconds: 3600 } })
  const date = new Date('2026-11-30T10:00:00Z')
  await post(url, sendReq({ to: [], cc: BOB, date, headers: { messageClass: 'informational', expiry: { relative: 86400 } } }), { 'x-msisdn': ALICE })
  await post(url, sendReq({ headers: { expiry: { absolute: new Date(Date.now() + 1800_000) } } }), { 'x-msisdn': ALICE })
  await post(url, sendReq(), { 'x-msisdn': ALICE })
  const [first, second, third] = (await notifier.reached(3)).map(push => decode(push.pdu).headers)
  t.equal(first?.messageClass, 'informational')
  const seconds = (header: typeof first): number => Number((header?.expiry as { relative: number }).relative)
  t.ok(seconds(first) <= 3600 && seconds(first) > 3500, `a day asked, at most an hour kept (${seconds(first)} s)`)
  t.ok(seconds(second) <= 1800 && seconds(second) > 1700, `half an hour asked, kept (${seconds(second)} s)`)
  t.ok(seconds(third) <= 600 && seconds(third) > 500, `none asked: the default (${seconds(third)} s)`)
  const message = decode((await get(first?.contentLocation as string)).body)
  t.same(message.headers.cc?.map(a => a.raw), [`${BOB}/TYPE=PLMN`])
  t.same(message.headers.date, date)
  t.equal(message.headers.messageClass, 'informational')
})

t.test('a part whose media type is no plain token is stored and served as sent', async t => {
  const { url, notifier } = await startMmsc(t)
  t.equal(statusOf(await post(url, sendReq({ parts: [{ contentType: 'application/x weird', data: 'odd' }] }), { 'x-msisdn': ALICE })), 'ok')
  const [push] = await notifier.reached(1)
  const message = decode((await get(decode(push?.pdu as Uint8Array).headers.contentLocation as string)).body)
  t.equal(message.parts[0]?.contentType.mediaType, 'application/x weird')
})

t.test('answers with no transaction, or of no message; each recipient reported once, however often it answers', async t => {
  const { url, notifier, mmsc } = await startMmsc(t)
  await post(url, sendReq({ to: [BOB, '+15550003'], headers: { deliveryReport: true } }), { 'x-msisdn': ALICE })
  const [one, two] = (await notifier.reached(2)).map(push => decode(push.pdu).headers.transactionId as string)
  const { transactionId: _, ...noTid } = buildNotifyRespInd({ transactionId: 'x', status: 'retrieved' }).headers
  await post(url, encode({ headers: noTid }, { checkMandatory: false }))
  await post(url, encode(buildNotifyRespInd({ transactionId: 'f'.repeat(40), status: 'retrieved' })))
  await mmsc.settled()
  t.equal(notifier.pushes.length, 2, 'nothing to report for those')
  // Answered one after the other, and all at once: one report for each recipient.
  for (const tid of [one, two, one]) {
    await post(url, encode(buildAcknowledgeInd({ transactionId: tid as string })))
    await mmsc.settled()
  }
  await Promise.all([one, two, one, two].map(tid => post(url, encode(buildAcknowledgeInd({ transactionId: tid as string })))))
  await mmsc.settled()
  t.equal(notifier.pushes.length, 4, 'two notifications, two reports')
})

t.test('records that cannot be read or served: 500; a part gone from the store: the answer cut short', async t => {
  const { url, notifier, root, events } = await startMmsc(t)
  for (let i = 0; i < 5; i++) await post(url, sendReq(), { 'x-msisdn': ALICE })
  const locations = (await notifier.reached(5)).map(push => decode(push.pdu).headers.contentLocation as string)
  const dirOf = (location: string): string => join(root as string, location.slice(location.lastIndexOf('/') + 1, location.lastIndexOf('/') + 25))
  const record = (location: string): string => join(dirOf(location), 'message.json')
  const [formatted, huge, directory, unencodable, partless] = locations as [string, string, string, string, string]
  writeFileSync(record(formatted), JSON.stringify({ format: 2 }))
  writeFileSync(record(huge), Buffer.alloc(1024 * 1024 + 1, 0x20))
  rmSync(record(directory))
  mkdirSync(record(directory))
  const json = JSON.parse(readFileSync(record(unencodable), 'utf8')) as { headers: { o: Record<string, unknown> } }
  json.headers.o.priority = 'urgent'
  writeFileSync(record(unencodable), JSON.stringify(json))
  rmSync(join(dirOf(partless), 'part-1'))
  for (const location of [formatted, huge, directory, unencodable]) t.equal((await get(location)).status, 500, location.slice(-40))
  t.match(events.filter(e => e.type === 'error').map(e => (e as { error: string }).error), [/format 2/, /exceeds 1048576 bytes/, /EISDIR/])
  t.match(events.find(e => e.type === 'retrieve-failed'), { error: /X-Mms-Priority/ })
  await t.rejects(get(partless), 'the phone sees a broken answer')
  // The server logs the failure after the socket is cut: wait for the log, not for a tick.
  const failed = (): typeof events => events.filter(e => e.type === 'retrieve-failed')
  await until(() => failed().length >= 2)
  t.match(failed().at(-1), { error: /ENOENT/ })
})

t.test('a phone gone before its answer is ready gets none, and the message is still delivered', async t => {
  const root = mkdtempSync(join(tmpdir(), 'mmse-mmsc-gone-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  let gone = (): void => {}
  const closed = new Promise<void>(resolve => { gone = resolve })
  // The commit begins once the whole body is in: the phone hangs up then, not after a delay.
  let bodyIn = (): void => {}
  const received = new Promise<void>(resolve => { bodyIn = resolve })
  const store = wrapStore(new LocalStore(root), { commit: async writer => { bodyIn(); await closed; await writer.commit() } })
  const { url, notifier, events, mmsc } = await startMmsc(t, { store })
  mmsc.server.once('connection', socket => socket.once('close', gone))
  const pdu = sendReq()
  const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/vnd.wap.mms-message', 'content-length': pdu.length, 'x-msisdn': ALICE } })
  request.on('error', () => {})
  request.end(pdu)
  await received
  request.destroy()
  await notifier.reached(1)
  t.match(events.find(e => e.type === 'accepted'), { parts: 2 })
})

t.test('slow clients: a drip is cut by the idle rule; a phone the MMSC holds back is not', async t => {
  const root = mkdtempSync(join(tmpdir(), 'mmse-mmsc-slow-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  // No client can bring 10 MB in 200 ms here: every window that counts cuts.
  const { url, events, mmsc } = await startMmsc(t, { store: slowStore(new LocalStore(root), 100), timeouts: { idleMs: 200, idleBytes: 10_000_000 } })
  const pdu = sendReq({ parts: [{ contentType: 'image/jpeg', data: seededBytes(5, 300_000) }] })
  const port = Number(new URL(url).port)
  const drip = await slowClient(port, Buffer.concat([Buffer.from(`POST /mms HTTP/1.1\r\nHost: x\r\nContent-Type: application/vnd.wap.mms-message\r\nX-MSISDN: ${ALICE}\r\nContent-Length: ${pdu.length}\r\n\r\n`), pdu.subarray(0, 100)]), pdu.subarray(100), 50)
  t.equal(drip.answered, 0, 'the drip got no answer: its connection was closed')
  await mmsc.settled()
  t.match(events.find(e => e.type === 'aborted'), { reason: /fewer than 10000000 bytes in 200 ms/ })
  // 300 KB into a store that takes a chunk every 100 ms: the phone waits on the MMSC for many windows, and is not cut.
  t.equal(statusOf(await post(url, pdu, { 'x-msisdn': ALICE })), 'ok')
  t.same(messageKeys(root).length, 1, 'only the held one is stored')
})

t.test('a phone that stops reading the message it fetches is cut after the idle time', async t => {
  const { url, notifier, events, mmsc } = await startMmsc(t, { timeouts: { idleMs: 300 } })
  // More than the loopback socket buffers hold, so that the server has to wait for the reader.
  const big = 24 * 1024 * 1024
  const pdu = encode(buildSendReq({ to: BOB, parts: [{ contentType: 'video/3gpp', data: Buffer.alloc(big, 7) }] }))
  t.equal(statusOf(await post(url, pdu, { 'x-msisdn': ALICE })), 'ok')
  const location = new URL(decode((await notifier.reached(1))[0]?.pdu as Uint8Array).headers.contentLocation as string)
  const reader = connect(Number(location.port), '127.0.0.1', () => reader.write(`GET ${location.pathname} HTTP/1.1\r\nHost: x\r\n\r\n`))
  reader.pause()
  t.teardown(() => { reader.destroy() })
  // The reader never reads: it cannot see the server close (that waits behind the unread data),
  // so the server's log says when.
  await until(() => events.some(e => e.type === 'retrieve-failed'))
  await mmsc.settled()
  t.match(events.find(e => e.type === 'retrieve-failed'), { error: /premature close|aborted|ECONNRESET/i })
})
