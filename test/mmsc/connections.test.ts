/**
 * Connections the MMSC does not wait on for ever: one that sends nothing is closed after
 * timeouts.connectionIdleMs (a phone it holds back mid-request is not), and close() ends at
 * once what is idle, lets an exchange in progress finish, and cuts a stalled one at
 * timeouts.shutdownMs. Every wait is for an event (a close, an answer), never a sleep.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildSendReq, decode, encode } from '../../lib/index.js'
import { LocalStore } from '../../lib/store/index.js'
import { post } from '../support/mmsc-client.js'
import { startMmsc } from '../support/mmsc-harness.js'
import { idleConnection, keptAlive, stalledPost } from '../support/mmsc-sockets.js'
import { slowStore, wrapStore } from '../support/mmsc-stores.js'
import { seededBytes } from '../support/mmsc-streams.js'

/** A bound on the whole file, against a hang (not a measure). */
t.setTimeout(60_000)

const ALICE = '+15550001'
const sendReq = (size = 10): Uint8Array => encode(buildSendReq({ to: '+15550002', parts: [{ contentType: 'application/octet-stream', data: seededBytes(3, size) }] }))
const statusOf = (body: Buffer): string | undefined => (decode(body).headers.responseStatus as { name: string } | undefined)?.name
const portOf = (url: string): number => Number(new URL(url).port)

function tempStore (t: Test): LocalStore {
  const root = mkdtempSync(join(tmpdir(), 'mmse-mmsc-conn-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  return new LocalStore(root)
}

t.test('connections that send nothing, or a request cut short, are closed after connectionIdleMs', async t => {
  const { url } = await startMmsc(t, { timeouts: { connectionIdleMs: 200 } })
  const port = portOf(url)
  const silent = await Promise.all(Array.from({ length: 50 }, async () => await idleConnection(port)))
  const partial = await idleConnection(port, 'POST /mms HTTP/1.1\r\nHost: mmsc\r\n')
  await Promise.all([...silent, partial].map(async idle => await idle.closed))
  t.pass('all 51 closed by the server')
  t.equal(statusOf((await post(url, sendReq(), { 'x-msisdn': ALICE })).body), 'ok', 'a phone that sends is served')
})

t.test('a phone held back by a slow store for longer than connectionIdleMs is not cut', async t => {
  const { url } = await startMmsc(t, { store: slowStore(tempStore(t), 50), timeouts: { connectionIdleMs: 100 } })
  // 300 KB into a store that takes a chunk every 50 ms: the body takes many connectionIdleMs to go in.
  t.equal(statusOf((await post(url, sendReq(300_000), { 'x-msisdn': ALICE })).body), 'ok')
})

t.test('close(): idle connections closed at once, the exchange in progress finished and its connection closed', async t => {
  let bodyIn = (): void => {}
  const received = new Promise<void>(resolve => { bodyIn = resolve })
  let release = (): void => {}
  const released = new Promise<void>(resolve => { release = resolve })
  const store = wrapStore(tempStore(t), { commit: async writer => { bodyIn(); await released; await writer.commit() } })
  // Neither timeout can be what closes anything here: only close() can.
  const { url, mmsc } = await startMmsc(t, { store, timeouts: { connectionIdleMs: 60_000, keepAliveMs: 60_000, shutdownMs: 60_000 } })
  const port = portOf(url)
  const silent = await idleConnection(port)
  const kept = await keptAlive(port, '/elsewhere')
  const answer = post(url, sendReq(), { 'x-msisdn': ALICE })
  await received
  const closed = mmsc.close()
  await Promise.all([silent.closed, kept.closed])
  t.pass('the idle connections are closed while the exchange is still in progress')
  release()
  const answered = await answer
  t.equal(statusOf(answered.body), 'ok', 'the exchange in progress is finished')
  t.equal(answered.headers.connection, 'close', 'its answer says the connection ends')
  await closed
  t.equal(mmsc.server.listening, false)
})

t.test('close(): an exchange that stalls mid-request is cut at shutdownMs, and nothing of it stored', async t => {
  const store = tempStore(t)
  const { url, mmsc, events } = await startMmsc(t, { store, timeouts: { connectionIdleMs: 60_000, requestMs: 60_000, idleMs: 60_000, shutdownMs: 100 } })
  const stalled = await stalledPost(portOf(url))
  await mmsc.close()
  await stalled.closed
  t.ok(events.some(e => e.type === 'aborted'), 'cut by the bound, its transaction aborted')
  t.equal(await store.sweep(), 0, 'nothing left in the spool')
})
