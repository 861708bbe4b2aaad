/**
 * The phone-side MM1 client (lib/client) against a small HTTP server on loopback that answers
 * as each test says: what it sends (headers, the proxy's absolute form, the carrier's `=`
 * quirk), what it accepts, and every way an exchange fails, each an ERR_MMSE_HTTP.
 */
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { Mm1Client, readBody, retrievalUrl } from '../../lib/client/index.js'
import { buildNotifyRespInd, buildSendConf, buildSendReq, encode, MMS_MESSAGE_TYPE } from '../../lib/index.js'
import { serve } from '../support/http-server.js'

const CONF = encode(buildSendConf({ transactionId: 't1', messageId: 'm1' }))
const REQUEST = encode(buildSendReq({ to: '+15550002', parts: [{ contentType: 'text/plain', data: 'hi' }] }))

function mms (response: ServerResponse, body: Uint8Array, status = 200): void {
  response.writeHead(status, { 'content-type': `${MMS_MESSAGE_TYPE}; charset=binary`, 'content-length': body.length })
  response.end(body)
}

t.test('retrievalUrl: the Transaction-Id appended to a location that ends in =', async t => {
  t.equal(retrievalUrl('http://mmsc/get?id=', 'T 1/2'), 'http://mmsc/get?id=T%201%2F2')
  t.equal(retrievalUrl('http://mmsc/get?id=', undefined), 'http://mmsc/get?id=')
  t.equal(retrievalUrl('http://mmsc/m/abc', 'T1'), 'http://mmsc/m/abc')
  t.throws(() => retrievalUrl(5 as unknown as string), { code: 'ERR_MMSE_BAD_OPTION' })
})

t.test('send: the m-send-req POSTed with a phone\'s headers, the m-send-conf read back', async t => {
  const { origin, seen } = await serve(t, response => mms(response, CONF))
  const client = new Mm1Client({ userAgent: 'Phone/1.0', profile: 'http://example.com/ua.xml', headers: { 'x-msisdn': '+15550001' } })
  const conf = await client.send(`${origin}/mms`, REQUEST)
  t.equal(conf.message.headers.messageType, 'm-send-conf')
  t.same(Buffer.from(conf.bytes), Buffer.from(CONF))
  const [request] = seen
  t.equal(request?.method, 'POST')
  t.equal(request?.url, '/mms')
  t.match(request?.headers, {
    'user-agent': 'Phone/1.0', 'x-wap-profile': 'http://example.com/ua.xml', 'x-msisdn': '+15550001',
    'content-type': MMS_MESSAGE_TYPE, 'content-length': String(REQUEST.length), accept: `*/*, ${MMS_MESSAGE_TYPE}`,
  })
  t.same(request?.body, Buffer.from(REQUEST))
  const plain = new Mm1Client()
  await plain.send(`${origin}/mms`, REQUEST)
  t.equal(seen[1]?.headers['user-agent'], 'mmse')
  t.equal(seen[1]?.headers['x-wap-profile'], undefined)
})

t.test('through the APN\'s proxy: the request in absolute form, to the proxy; IPv6 proxies named in brackets', async t => {
  const { port, seen } = await serve(t, response => mms(response, CONF))
  const client = new Mm1Client({ proxy: `127.0.0.1:${port}` })
  await client.send('http://mmsc.carrier.example:8002/mms?x=1', REQUEST)
  t.equal(seen[0]?.url, 'http://mmsc.carrier.example:8002/mms?x=1')
  t.equal(seen[0]?.headers.host, 'mmsc.carrier.example:8002')
  const retrieved = await client.retrieve('http://mmsc.carrier.example/get?id=', 'abc')
  await readBody(retrieved, 1000, 'the message')
  t.equal(seen[1]?.url, 'http://mmsc.carrier.example/get?id=abc')
  t.equal(seen[1]?.method, 'GET')
  t.ok(new Mm1Client({ proxy: '[::1]:8080' }), 'an IPv6 proxy')
})

t.test('retrieve: the body streams, with its size; an error answer that is a PDU is handed back', async t => {
  const { origin } = await serve(t, (response, seen) => {
    if (seen.url === '/gone') return mms(response, CONF, 404)
    response.writeHead(200, { 'content-type': MMS_MESSAGE_TYPE })
    response.write(CONF.subarray(0, 3))
    response.end(CONF.subarray(3))
  })
  const client = new Mm1Client()
  const chunked = await client.retrieve(`${origin}/m1`)
  t.equal(chunked.status, 200)
  t.equal(chunked.size, null, 'no Content-Length')
  t.same(await readBody(chunked, 1000, 'the message'), Buffer.from(CONF))
  const gone = await client.retrieve(`${origin}/gone`)
  t.equal(gone.status, 404)
  t.equal(gone.size, CONF.length)
  await t.rejects(readBody(gone, 5, 'the answer'), { code: 'ERR_MMSE_HTTP', message: /of \d+ bytes exceeds 5/ })
  const again = await client.retrieve(`${origin}/m1`)
  await t.rejects(readBody(again, 5, 'the message'), { code: 'ERR_MMSE_HTTP', message: /the message exceeds 5 bytes/ })
})

t.test('answer: a 2xx is taken, anything else fails', async t => {
  const { origin } = await serve(t, (response, seen) => {
    response.writeHead(seen.url === '/ok' ? 204 : 500)
    response.end()
  })
  const client = new Mm1Client()
  const ack = encode(buildNotifyRespInd({ transactionId: 'x' }))
  t.equal(await client.answer(`${origin}/ok`, ack), 204)
  await t.rejects(client.answer(`${origin}/no`, ack), { code: 'ERR_MMSE_HTTP', message: /HTTP 500/ })
})

t.test('what is not an MM1 answer fails with ERR_MMSE_HTTP', async t => {
  const { origin } = await serve(t, (response, seen) => {
    if (seen.url === '/html') {
      response.writeHead(200, { 'content-type': 'text/html' })
      return response.end('<html>')
    }
    if (seen.url === '/none') {
      response.writeHead(200)
      return response.end('?')
    }
    if (seen.url === '/ind') return mms(response, encode(buildNotifyRespInd({ transactionId: 'x' })))
    if (seen.url === '/big') return mms(response, Buffer.concat([CONF, Buffer.alloc(100)]))
    mms(response, CONF, 500)
  })
  const client = new Mm1Client({ maxAnswerBytes: 64 })
  await t.rejects(client.send(`${origin}/html`, REQUEST), { code: 'ERR_MMSE_HTTP', message: /HTTP 200 text\/html, not an m-send-conf/ })
  await t.rejects(client.send(`${origin}/none`, REQUEST), { code: 'ERR_MMSE_HTTP', message: /\(no Content-Type\)/ })
  await t.rejects(client.send(`${origin}/err`, REQUEST), { code: 'ERR_MMSE_HTTP', message: /HTTP 500/ })
  await t.rejects(client.send(`${origin}/ind`, REQUEST), { code: 'ERR_MMSE_HTTP', message: /m-notifyresp-ind, not an m-send-conf/ })
  await t.rejects(client.send(`${origin}/big`, REQUEST), { code: 'ERR_MMSE_HTTP', message: /exceeds 64/ })
  await t.rejects(client.retrieve(`${origin}/html`), { code: 'ERR_MMSE_HTTP', message: /text\/html, not an MMS message/ })
  await t.rejects(client.retrieve(`${origin}/none`), { code: 'ERR_MMSE_HTTP', message: /\(no Content-Type\)/ })
})

t.test('no server, no answer in time, a body cut short: ERR_MMSE_HTTP', async t => {
  const { origin, port } = await serve(t, (response, seen) => {
    if (seen.url.endsWith('/silent')) return
    response.writeHead(200, { 'content-type': MMS_MESSAGE_TYPE, 'content-length': 1000 })
    // Cut once the phone has the headers and the first bytes; a stall keeps the rest back.
    response.write(CONF, () => { if (seen.url === '/cut') response.destroy() })
  })
  const client = new Mm1Client({ timeoutMs: 100 })
  await t.rejects(client.send(`${origin}/silent`, REQUEST), { code: 'ERR_MMSE_HTTP', message: /nothing from 127\.0\.0\.1:\d+ in 100 ms/ })
  const proxied = new Mm1Client({ timeoutMs: 100, proxy: `127.0.0.1:${port}` })
  await t.rejects(proxied.retrieve('http://mmsc.example/silent'), { message: /through the proxy 127\.0\.0\.1:\d+ in 100 ms/ })
  // Cut after the headers: whatever the machine's load, the answer has begun.
  const cut = await new Mm1Client().retrieve(`${origin}/cut`)
  await t.rejects(readBody(cut, 10_000, 'the message'), { code: 'ERR_MMSE_HTTP' })
  // Stalled after the headers: the timeout ends it, while the body is read (or, on a machine
  // slow enough, while the headers are awaited).
  const stalled = (async () => await readBody(await client.retrieve(`${origin}/stall`), 10_000, 'the message'))()
  await t.rejects(stalled, { code: 'ERR_MMSE_HTTP', message: /in 100 ms/ })
  // A port just closed: nothing listens there.
  const closed = createServer()
  await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
  const free = (closed.address() as AddressInfo).port
  await new Promise(resolve => closed.close(resolve))
  await t.rejects(client.send(`http://127.0.0.1:${free}/mms`, REQUEST), { code: 'ERR_MMSE_HTTP', message: /ECONNREFUSED/ })
  // A URL without a port goes to port 80: whatever is there (most likely nothing) is not an MMSC.
  await t.rejects(client.retrieve('http://127.0.0.1/mms'), { code: 'ERR_MMSE_HTTP' })
})

t.test('options and URLs checked where they are given', async t => {
  const wrong: Array<[unknown, string]> = [
    [{ proxy: 'proxy' }, 'proxy'],
    [{ proxy: 'proxy:70000' }, 'proxy'],
    [{ proxy: 5 }, 'proxy'],
    [{ userAgent: 'a\nb' }, 'userAgent'],
    [{ profile: 7 }, 'profile'],
    [{ headers: [] }, 'headers'],
    [{ headers: null }, 'headers'],
    [{ headers: { 'x y': '1' } }, 'headers.x y'],
    [{ headers: { 'x-y': '\r\n' } }, 'headers.x-y'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: 2 ** 31 }, 'timeoutMs'],
    [{ maxAnswerBytes: 0.5 }, 'maxAnswerBytes'],
    [{ timeout: 5 }, 'timeout'],
  ]
  for (const [options, field] of wrong) t.throws(() => new Mm1Client(options as object), { code: 'ERR_MMSE_BAD_OPTION', field }, JSON.stringify(options))
  t.throws(() => new Mm1Client(null as unknown as object), { code: 'ERR_MMSE_INVALID_ARGUMENT' })
  const client = new Mm1Client()
  await t.rejects(client.send('https://mmsc.example/mms', REQUEST), { code: 'ERR_MMSE_BAD_OPTION', message: /not an http: URL/ })
  await t.rejects(client.retrieve('not a url'), { code: 'ERR_MMSE_BAD_OPTION' })
  await t.rejects(client.send('http://127.0.0.1:1/mms', 'text' as unknown as Uint8Array), { code: 'ERR_MMSE_INVALID_ARGUMENT' })
})
