/**
 * `mmse send` and `mmse fetch` in process against a small MM1 server on loopback: the
 * m-send-req they build (parts, SMIL, recipients, reports asked), the m-send-conf printed and
 * its status as the exit code; the retrieval written as `extract` writes, and the phone's answer
 * (m-notifyresp-ind, m-acknowledge-ind) POSTed where and as it should be.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ServerResponse } from 'node:http'
import t, { type Test } from 'tap'
import {
  buildRetrieveConf, buildSendConf, decode, encode, type EncodeMessage, MMS_MESSAGE_TYPE,
} from '../../lib/index.js'
import { mmse } from '../support/cli.js'
import { serve } from '../support/http-server.js'

function mms (response: ServerResponse, message: EncodeMessage, status = 200): void {
  // Unchecked: a server may leave out what the specification requires.
  const body = encode(message, { checkMandatory: false })
  response.writeHead(status, { 'content-type': MMS_MESSAGE_TYPE, 'content-length': body.length })
  response.end(body)
}

function tempDir (t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmse-cli-client-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

t.test('send: files as parts with a SMIL presentation, the conf printed, Ok is exit 0', async t => {
  const dir = tempDir(t)
  writeFileSync(join(dir, 'photo.JPG'), Buffer.from([0xff, 0xd8, 0xff, 0xd9]))
  writeFileSync(join(dir, 'hello.txt'), 'Hello')
  writeFileSync(join(dir, 'data.xyz'), 'x')
  const { origin, seen } = await serve(t, response => mms(response, buildSendConf({ transactionId: 't', messageId: 'abc123' })))
  const run = await mmse(['send', '--mmsc', `${origin}/mms`, '--to', '+15550002', '--to', 'bob@example.com', '--cc', '+15550003',
    '--subject', 'Hi', '--from', '+15550001', '--delivery-report', '--read-report', '--header', 'X-MSISDN: +15550001',
    '--user-agent', 'Phone/2', '--profile', 'http://ua.example/p.xml',
    join(dir, 'photo.JPG'), join(dir, 'hello.txt'), join(dir, 'data.xyz')])
  t.equal(run.code, 0, run.err)
  t.match(run.out, /m-send-conf/)
  t.match(run.out, /abc123/)
  const request = seen[0]
  t.match(request?.headers, { 'x-msisdn': '+15550001', 'user-agent': 'Phone/2', 'x-wap-profile': 'http://ua.example/p.xml' })
  const sent = decode(request?.body as Buffer)
  t.equal(sent.headers.messageType, 'm-send-req')
  t.same(sent.headers.to?.map(a => a.raw), ['+15550002/TYPE=PLMN', 'bob@example.com'])
  t.same(sent.headers.cc?.map(a => a.raw), ['+15550003/TYPE=PLMN'])
  t.equal(sent.headers.subject?.text, 'Hi')
  t.match(sent.headers.from, { address: '+15550001' })
  t.equal(sent.headers.deliveryReport, true)
  t.equal(sent.headers.readReport, true)
  t.match(sent.headers.contentType, { mediaType: 'application/vnd.wap.multipart.related', params: { type: 'application/smil' } })
  t.same(sent.parts.map(p => p.contentType.mediaType), ['application/smil', 'image/jpeg', 'text/plain', 'application/octet-stream'])
  const smil = Buffer.from(sent.parts[0]?.data as Uint8Array).toString()
  t.match(smil, /<img src="photo.JPG" region="Image"\/>/)
  t.match(smil, /<text src="hello.txt" region="Text"\/>/)
})

t.test('send: a refusal is exit 1 and says why; a conf without a status is Ok', async t => {
  const dir = tempDir(t)
  writeFileSync(join(dir, 'a.txt'), 'a')
  const { origin } = await serve(t, (response, seen) => {
    if (seen.url === '/denied') return mms(response, buildSendConf({ transactionId: 't', responseStatus: 'error-permanent-service-denied', responseText: 'who are you' }))
    if (seen.url === '/bare') return mms(response, buildSendConf({ transactionId: 't', responseStatus: 'error-transient-failure' }))
    mms(response, { headers: { messageType: 'm-send-conf', transactionId: 't', mmsVersion: '1.2' } })
  })
  const file = join(dir, 'a.txt')
  const denied = await mmse(['send', '--mmsc', `${origin}/denied`, '--to', '+15550002', file])
  t.equal(denied.code, 1)
  t.match(denied.err, /refused the message: error-permanent-service-denied \(who are you\)/)
  const bare = await mmse(['send', '--mmsc', `${origin}/bare`, '--to', '+15550002', file])
  t.equal(bare.code, 1)
  t.match(bare.err, /error-transient-failure\n/)
  const plain = await mmse(['send', '--mmsc', `${origin}/plain`, '--cc', '+15550002', file])
  t.equal(plain.code, 0, plain.err)
})

t.test('send and fetch: usage errors, exit 2', async t => {
  const cases: Array<[string[], RegExp]> = [
    [['send', '--to', '+1555', 'f'], /--mmsc <url> is required/],
    [['send', '--mmsc', 'http://x/mms', 'f'], /--to <address> is required/],
    [['send', '--mmsc', 'http://x/mms', '--to', '+1555'], /expected <file>/],
    [['send', '--mmsc', 'http://x/mms', '--to', '+1555', '--header', 'nocolon', 'f'], /--header "nocolon": expected "name: value"/],
    [['send', '--mmsc', 'http://x/mms', '--to', '+1555', '--proxy', 'nowhere', 'f'], /proxy must be host:port/],
    [['fetch', 'http://x/m/1'], /-o <dir> or --to/],
    [['fetch', '-o', 'd'], /expected <url>/],
  ]
  for (const [argv, message] of cases) {
    const run = await mmse(argv)
    t.equal(run.code, 2, argv.join(' '))
    t.match(run.err, message)
  }
  const unreachable = await mmse(['send', '--mmsc', 'https://x/mms', '--to', '+1555', 'README.md'])
  t.equal(unreachable.code, 1)
  t.match(unreachable.err, /ERR_MMSE_BAD_OPTION.*not an http: URL/)
})

const MESSAGE = buildRetrieveConf({
  transactionId: 'r-tid',
  messageId: 'm1',
  from: '+15550001',
  subject: 'Hi',
  parts: [{ contentType: 'text/plain', data: 'Hello', name: 'hello.txt' }, { contentType: 'image/png', data: new Uint8Array([1, 2, 3]), name: 'dot.png' }],
  smil: true,
})

t.test('fetch: immediate retrieval, the parts written, m-notifyresp-ind Retrieved with the notification\'s id', async t => {
  const dir = tempDir(t)
  const { origin, seen } = await serve(t, (response, one) => {
    if (one.method === 'GET') return mms(response, MESSAGE)
    response.writeHead(204)
    response.end()
  })
  const out = join(dir, 'parts')
  const run = await mmse(['fetch', `${origin}/get?id=`, '-o', out, '--transaction-id', 'N1', '--mmsc', `${origin}/mms`, '--deny-report'])
  t.equal(run.code, 0, run.err)
  t.match(run.out, /m-retrieve-conf/)
  t.same(readdirSync(out).sort(), ['dot.png', 'hello.txt', 'manifest.json', 'smil.smil'])
  t.equal(readFileSync(join(out, 'hello.txt'), 'utf8'), 'Hello')
  t.equal(seen[0]?.url, '/get?id=N1', 'the Transaction-Id appended to a location ending in =')
  t.equal(seen[1]?.url, '/mms')
  const answer = decode(seen[1]?.body as Buffer).headers
  t.match(answer, { messageType: 'm-notifyresp-ind', transactionId: 'N1', status: 'retrieved', reportAllowed: false })
  t.match(run.err, /answered m-notifyresp-ind/)
})

t.test('fetch: deferred retrieval acknowledged with the message\'s id; no --mmsc, no id: not answered', async t => {
  const dir = tempDir(t)
  const { headers: { transactionId: _, ...noTid }, parts } = MESSAGE
  const { origin, seen } = await serve(t, (response, one) => {
    if (one.url === '/notid') return mms(response, { headers: noTid, ...(parts === undefined ? {} : { parts }) })
    if (one.method === 'GET') return mms(response, MESSAGE)
    response.writeHead(200)
    response.end()
  })
  const acked = await mmse(['fetch', `${origin}/m/1`, '-o', join(dir, 'a'), '--mmsc', `${origin}/mms`])
  t.equal(acked.code, 0, acked.err)
  t.match(decode(seen[1]?.body as Buffer).headers, { messageType: 'm-acknowledge-ind', transactionId: 'r-tid' })
  const silent = await mmse(['fetch', `${origin}/m/1`, '-o', join(dir, 'b')])
  t.equal(silent.code, 0)
  t.match(silent.err, /not answered \(no --mmsc\)/)
  const noId = await mmse(['fetch', `${origin}/notid`, '-o', join(dir, 'c'), '--mmsc', `${origin}/mms`])
  t.equal(noId.code, 0)
  t.match(noId.err, /not answered \(no Transaction-Id to answer for\)/)
  t.equal(seen.filter(one => one.method === 'POST').length, 1, 'one answer in all')
})

t.test('fetch: the MMSC says the message is gone, in an error answer or in the m-retrieve-conf: exit 1, no answer', async t => {
  const dir = tempDir(t)
  const gone = (text?: string): EncodeMessage => ({
    headers: {
      messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(), contentType: 'text/plain',
      retrieveStatus: 'error-permanent-message-not-found', ...(text === undefined ? {} : { retrieveText: text }),
    },
  })
  const { origin, seen } = await serve(t, (response, one) => {
    if (one.url === '/404') return mms(response, gone('expired'), 404)
    if (one.url === '/500') return mms(response, { headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(), contentType: 'text/plain' } }, 500)
    if (one.url === '/200text') return mms(response, gone('no such message'))
    mms(response, gone())
  })
  const notFound = await mmse(['fetch', `${origin}/404`, '-o', join(dir, 'a'), '--mmsc', `${origin}/mms`])
  t.equal(notFound.code, 1)
  t.match(notFound.err, /HTTP 404: error-permanent-message-not-found \(expired\)/)
  const failed = await mmse(['fetch', `${origin}/500`, '-o', join(dir, 'a')])
  t.match(failed.err, /HTTP 500: no X-Mms-Retrieve-Status/)
  const inside = await mmse(['fetch', `${origin}/200text`, '-o', join(dir, 'b'), '--mmsc', `${origin}/mms`])
  t.equal(inside.code, 1)
  t.match(inside.err, /could not give the message: error-permanent-message-not-found \(no such message\)/)
  const bare = await mmse(['fetch', `${origin}/200`, '-o', join(dir, 'c')])
  t.match(bare.err, /error-permanent-message-not-found\n/)
  t.equal(seen.filter(one => one.method === 'POST').length, 0, 'nothing answered')
})
