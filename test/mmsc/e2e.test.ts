/**
 * End to end over loopback: two virtual phones, a virtual SMSC (the SMPP server of
 * smpp-server.ts) and the MMSC with its SMPP notifier. Phone A submits an m-send-req of three
 * parts asking for a delivery report; phone B receives the m-notification-ind by WAP Push over
 * SMS (its SMS reassembled, the push decoded), fetches the m-retrieve-conf, finds every part
 * byte-exact and answers; phone A receives the m-delivery-ind. Once with the local store (immediate retrieval:
 * m-notifyresp-ind retrieved) and once with S3 on s3rver (deferred retrieval:
 * m-notifyresp-ind deferred, then m-acknowledge-ind).
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import t, { type Test } from 'tap'
import { buildAcknowledgeInd, buildNotifyRespInd, buildSendReq, decode, encode, type PushMessage } from '../../lib/index.js'
import { SmppNotifier } from '../../examples/mmsc/smpp-notifier.js'
import { S3Store, type MessageStore } from '../../lib/store/index.js'
import { get, post } from '../support/mmsc-client.js'
import { startMmsc, storeFiles } from '../support/mmsc-harness.js'
import { Phones } from '../support/mmsc-phone.js'
import { startSmsc } from '../support/smpp-server.js'
import { seededBytes } from '../support/mmsc-streams.js'

const A = '+15550001'
const B = '+15550002'
const TIMEOUT = { timeout: 60_000 }

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

async function exchange (t: Test, store: MessageStore | undefined, retrieval: 'immediate' | 'deferred'): Promise<{ root: string | undefined }> {
  const smsc = await startSmsc()
  t.teardown(() => smsc.close())
  const notifier = new SmppNotifier({ url: `smpp://127.0.0.1:${smsc.port}`, systemId: 'mmsc', password: 'secret', source: '6245' })
  t.teardown(() => notifier.close())
  const { url, root, mmsc } = await startMmsc(t, { notifier, ...(store === undefined ? {} : { store }) })
  const phones = new Phones(smsc)

  const parts = [
    { contentType: 'image/jpeg', data: seededBytes(11, 300_000), name: 'photo.jpg' },
    { contentType: 'text/plain', data: 'Hello B, grüße from A' },
    { contentType: 'audio/amr', data: seededBytes(12, 40_000), name: 'voice.amr' },
  ]
  const request = encode(buildSendReq({ to: B, subject: 'End to end', parts, headers: { deliveryReport: true } }))
  const conf = decode((await post(url, request, { 'x-msisdn': A })).body)
  t.same(conf.headers.responseStatus, { name: 'ok', code: 0x80 }, 'A: m-send-conf ok')
  const messageId = conf.headers.messageId as string

  const notification = await phones.next(B)
  t.equal(notification.push.applicationId, 'x-wap-application:mms.ua', 'B: a push for the MMS user agent')
  t.ok(notification.segments > 1, `B: the notification came in ${notification.segments} concatenated SMS`)
  const ind = mmse(notification.push)
  t.equal(ind.messageType, 'm-notification-ind')
  t.same(ind.from, { address: A, type: 'PLMN', raw: `${A}/TYPE=PLMN` })
  t.equal(ind.messageSize, request.length)
  const tid = ind.transactionId as string
  if (retrieval === 'deferred') {
    t.equal((await post(url, encode(buildNotifyRespInd({ transactionId: tid, status: 'deferred' })))).status, 204, 'B: deferred')
  }

  const fetched = await get(ind.contentLocation as string)
  t.equal(fetched.status, 200)
  const message = decode(fetched.body)
  t.equal(message.headers.messageType, 'm-retrieve-conf')
  t.equal(message.headers.messageId, messageId)
  t.equal(message.headers.subject?.text, 'End to end')
  t.same(message.headers.from, ind.from)
  const sent = decode(request)
  t.equal(message.parts.length, 3, 'B: three parts')
  for (const [index, part] of sent.parts.entries()) {
    const got = message.parts[index]
    t.same(got?.contentType, part.contentType, `part ${index}: ${part.contentType.mediaType}`)
    t.equal(sha(got?.data as Uint8Array), sha(part.data as Uint8Array), `part ${index}: ${part.data?.length} bytes, byte-exact`)
  }

  const answer = retrieval === 'immediate'
    ? buildNotifyRespInd({ transactionId: tid, status: 'retrieved' })
    : buildAcknowledgeInd({ transactionId: message.headers.transactionId as string })
  t.equal((await post(url, encode(answer))).status, 204, `B: ${answer.headers.messageType}`)

  const delivery = await phones.next(A)
  const report = mmse(delivery.push)
  t.equal(report.messageType, 'm-delivery-ind', 'A: a delivery report')
  t.equal(report.messageId, messageId)
  t.equal(report.status, 'retrieved')
  t.same(report.to?.map(address => address.address), [B])
  await mmsc.settled()
  t.equal(smsc.submits.length, notification.segments + delivery.segments, 'every SMS the MMSC sent was part of a push')
  return { root }
}

function mmse (push: PushMessage): NonNullable<PushMessage['message']>['headers'] {
  if (push.message === undefined) throw new Error(`a push of ${push.contentType.mediaType}, not MMS`)
  return push.message.headers
}

t.test('local store', TIMEOUT, async t => {
  const { root } = await exchange(t, undefined, 'immediate')
  const files = storeFiles(root as string)
  // Beside the message, the facts of its life (examples/mmsc/state.ts): notified, reported.
  const message = files.filter(name => /^[0-9a-f]{24}(\/|$)/.test(name))
  t.equal(message.filter(name => !name.includes('/')).length, 1, 'one message')
  t.match(message.filter(name => name.includes('/')).map(name => name.split('/')[1]), ['message.json', 'part-0', 'part-1', 'part-2'])
  t.ok(files.some(name => /^[0-9a-f]{24}\.n-[0-9a-f]{16}\.ok$/.test(name)), 'the notification marked as arrived')
})

t.test('S3 store', TIMEOUT, async t => {
  const directory = mkdtempSync(join(tmpdir(), 'mmse-mmsc-s3-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: 'mms', configs: [] }] })
  const { port } = await server.run()
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  })
  t.teardown(async () => {
    client.destroy()
    await server.close()
    rmSync(directory, { recursive: true, force: true })
  })
  await exchange(t, new S3Store({ bucket: 'mms', prefix: 'mmsc/', client }), 'deferred')
  const objects = (await client.send(new ListObjectsV2Command({ Bucket: 'mms' }))).Contents ?? []
  const message = objects.map(o => (o.Key as string).split('/')).filter(path => /^[0-9a-f]{24}$/.test(path[1] as string))
  t.same(message.map(path => path.slice(2).join('/')).sort(), ['.committed', 'message.json', 'part-0', 'part-1', 'part-2'])
})
