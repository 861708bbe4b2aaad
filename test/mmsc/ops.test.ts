/**
 * What operators watch (examples/mmsc/logs.ts, metrics.ts, ops.ts): one log event per
 * exchange with its PDU, Transaction-Id, statuses, bytes and duration; the metrics scraped in
 * the Prometheus text format after a submission, a retrieval, a report, a refusal, a failed
 * push; /health, and its 503 when the store fails or the MMSC shuts down.
 */
import t from 'tap'
import { buildNotifyRespInd, buildSendReq, decode, encode } from '../../lib/index.js'
import { LocalStore } from '../../lib/store/index.js'
import { get, post } from '../support/mmsc-client.js'
import { startMmsc } from '../support/mmsc-harness.js'
import { wrapStore } from '../support/mmsc-stores.js'
import { sample } from '../support/prometheus.js'
import { until } from '../support/until.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

t.setTimeout(60_000)

const ALICE = '+15550001'
const BOB = '+15550002'

t.test('an exchange logged with its facts; the metrics counted from them and scraped', async t => {
  const { url, notifier, events, mmsc } = await startMmsc(t)
  const request = encode(buildSendReq({ to: BOB, headers: { deliveryReport: true }, parts: [{ contentType: 'text/plain', data: 'x'.repeat(5000) }] }))
  await post(url, request, { 'x-msisdn': ALICE })
  await post(url, request)
  const [push] = await notifier.reached(1)
  const ind = decode(push?.pdu as Uint8Array).headers
  const fetched = await get(ind.contentLocation as string)
  await get(`${url}/${'0'.repeat(40)}`)
  await post(url, encode(buildNotifyRespInd({ transactionId: ind.transactionId as string, status: 'retrieved' })))
  await mmsc.settled()
  notifier.failWith = new Error('down')
  await post(url, request, { 'x-msisdn': ALICE })
  await mmsc.settled()

  const exchanges = events.filter(e => e.type === 'exchange')
  t.match(exchanges, [
    { method: 'POST', path: '/mms', pdu: 'm-send-req', transactionId: decode(request).headers.transactionId, mmsStatus: 'ok', status: 200 },
    { pdu: 'm-send-req', mmsStatus: 'error-permanent-service-denied', status: 200 },
    { method: 'GET', pdu: 'm-retrieve-conf', transactionId: ind.transactionId, mmsStatus: 'ok', status: 200 },
    { method: 'GET', pdu: 'm-retrieve-conf', mmsStatus: 'error-permanent-message-not-found', status: 404 },
    { pdu: 'm-notifyresp-ind', transactionId: ind.transactionId, mmsStatus: 'retrieved', status: 204 },
    { pdu: 'm-send-req', status: 200 },
  ])
  const first = exchanges[0] as { bytesIn: number, bytesOut: number, durationMs: number }
  t.ok(first.bytesIn > request.length, `bytes in, headers included (${first.bytesIn})`)
  t.ok((exchanges[2] as { bytesOut: number }).bytesOut > fetched.body.length, 'bytes out')
  t.ok(first.durationMs > 0)

  const health = await get(url.replace(/\/mms$/, '/health'))
  t.equal(health.status, 200)
  t.same(JSON.parse(health.body.toString()), { status: 'ok' })
  const scraped = await get(url.replace(/\/mms$/, '/metrics'))
  t.equal(scraped.status, 200)
  t.match(scraped.headers['content-type'], /^text\/plain/)
  const text = scraped.body.toString()
  t.equal(sample(text, 'mmsc_requests_total', { pdu: 'm-send-req', status: '200' }), 3)
  t.equal(sample(text, 'mmsc_requests_total', { pdu: 'm-retrieve-conf', status: '404' }), 1)
  t.equal(sample(text, 'mmsc_request_duration_seconds_count', { pdu: 'm-retrieve-conf' }), 2)
  t.equal(sample(text, 'mmsc_messages_total', { result: 'accepted' }), 2)
  t.equal(sample(text, 'mmsc_messages_total', { result: 'error-permanent-service-denied' }), 1)
  t.equal(sample(text, 'mmsc_pushes_total', { kind: 'm-notification-ind', result: 'ok' }), 1)
  t.equal(sample(text, 'mmsc_pushes_total', { kind: 'm-delivery-ind', result: 'ok' }), 1)
  t.equal(sample(text, 'mmsc_pushes_total', { kind: 'm-notification-ind', result: 'failed' }), 1)
  t.equal(sample(text, 'mmsc_retrievals_total', { result: 'ok' }), 1)
  t.equal(sample(text, 'mmsc_reports_total', { kind: 'delivery' }), 1)
  t.ok(sample(text, 'mmsc_received_bytes_total') > 3 * request.length)
  t.ok(sample(text, 'mmsc_sent_bytes_total') > fetched.body.length)
  t.ok(sample(text, 'process_resident_memory_bytes') > 0, 'process metrics too')
  t.equal(events.filter(e => e.type === 'exchange').length, 6, 'the scrapes are not exchanges')
  t.equal((await post(url.replace(/\/mms$/, '/metrics'), request)).status, 405)
})

t.test('/health: 503 when the store fails, and while shutting down', async t => {
  const root = mkdtempSync(join(tmpdir(), 'mmse-ops-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  let failing = false
  let release: (() => void) | undefined
  const local = new LocalStore(root)
  const store = {
    ...wrapStore(local, {}),
    size: async (key: string, name: string) => {
      if (key === 'health-probe' && release === undefined && !failing) await new Promise<void>(resolve => { release = resolve })
      if (failing) throw new Error('disk gone')
      return await local.size(key, name)
    },
  }
  const { url, mmsc } = await startMmsc(t, { store })
  const health = url.replace(/\/mms$/, '/health')
  // The first probe waits in the store while the MMSC starts shutting down.
  const during = get(health)
  await until(() => release !== undefined)
  const closed = mmsc.close()
  release?.()
  const answer = await during
  t.equal(answer.status, 503)
  t.match(JSON.parse(answer.body.toString()), { status: 'unavailable', problem: 'shutting down' })
  await closed
  failing = true
  const again = await startMmsc(t, { store })
  const broken = await get(again.url.replace(/\/mms$/, '/health'))
  t.equal(broken.status, 503)
  t.match(JSON.parse(broken.body.toString()), { problem: /store: Error: disk gone/ })
})
