/**
 * The MMSC's two push paths against servers on 127.0.0.1: SMPP (the test SMSC of
 * smpp-server.ts, and SMSCs that refuse, stay silent, hang up, send keep-alives or unbind) and
 * PAP (a PPG that accepts, refuses, answers badly, too much, or not at all).
 */
import { once } from 'node:events'
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createServer as createSmppServer, type PDU, type Session } from 'smpp'
import t, { type Test } from 'tap'
import { buildNotificationInd, decodeAssembled, encode } from '../../lib/index.js'
import { PapNotifier } from '../../examples/mmsc/pap-notifier.js'
import { SmppNotifier } from '../../examples/mmsc/smpp-notifier.js'
import { startSmsc } from '../support/smpp-server.js'

/** A bound on the whole file, against a hang (not a measure). */
t.setTimeout(120_000)

const notification = (location: string): Buffer => Buffer.from(encode(buildNotificationInd({ transactionId: 't1', contentLocation: location, messageSize: 1000 })))
const PDU_BYTES = notification('http://mmsc/m/1')
/** Big enough for three SMS. */
const LONG_PDU = notification(`http://mmsc/m/${'x'.repeat(300)}`)

function smppNotifier (t: Test, port: number, timeoutMs = 5000): SmppNotifier {
  const notifier = new SmppNotifier({ url: `smpp://127.0.0.1:${port}`, systemId: 'mmsc', password: 'pw', source: '+15559999', timeoutMs })
  t.teardown(() => notifier.close())
  return notifier
}

/** An SMSC scripted per test: `onSession` sets up each connection. */
async function scriptedSmsc (t: Test, onSession: (session: Session) => void): Promise<number> {
  const server = createSmppServer(session => {
    session.on('error', () => {})
    onSession(session)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(async () => {
    for (const session of [...server.sessions]) session.destroy()
    await new Promise<void>(resolve => server.close(() => resolve()))
  })
  return (server.address() as AddressInfo).port
}

const answer = (session: Session, command: string, status = 0): void => {
  session.on(command, (pdu: PDU) => session.send(pdu.response({ command_status: status })))
}

t.test('SMPP: a push as binary SMS with UDH, concatenated when long; one bind for many pushes', async t => {
  const smsc = await startSmsc()
  t.teardown(() => smsc.close())
  const notifier = smppNotifier(t, smsc.port)
  await notifier.push({ to: '+15550002', pdu: PDU_BYTES, id: 'one' })
  const short = await smsc.nextPush()
  t.equal(short.submits.length, 1)
  t.match(short.submits[0], { sourceAddr: '15559999', destinationAddr: '15550002', esmClass: 0x40, dataCoding: 0x04 })
  const push = decodeAssembled(short.assembled)
  t.same(Buffer.from(push.body), PDU_BYTES, 'the MMSE PDU is the push body')
  t.equal(push.applicationId, 'x-wap-application:mms.ua')
  await notifier.push({ to: '6245', pdu: LONG_PDU, id: 'two' })
  const long = await smsc.nextPush()
  t.ok(long.submits.length > 1, `${long.submits.length} SMS`)
  t.equal(long.submits[0]?.destinationAddr, '6245', 'a short code goes as it is')
  t.same(Buffer.from(decodeAssembled(long.assembled).body), LONG_PDU)
  t.equal(smsc.binds, 1, 'one bind')
  await notifier.close()
  await notifier.close()
})

t.test('SMPP: refusals, silence and hang-ups fail the push, and the next push binds again', async t => {
  let binds = 0
  let mode: 'refuse-bind' | 'refuse-submit' | 'silent' | 'hang-up' = 'refuse-bind'
  const port = await scriptedSmsc(t, session => {
    session.on('bind_transmitter', (pdu: PDU) => {
      binds++
      session.send(pdu.response({ command_status: mode === 'refuse-bind' ? 0x0e : 0 }))
    })
    session.on('submit_sm', (pdu: PDU) => {
      if (mode === 'refuse-submit') session.send(pdu.response({ command_status: 0x45 }))
      if (mode === 'hang-up') session.destroy()
    })
  })
  const notifier = smppNotifier(t, port, 300)
  await t.rejects(notifier.push({ to: '+1', pdu: PDU_BYTES, id: 'a' }), /refused bind_transmitter: command_status 0xe/)
  mode = 'refuse-submit'
  await t.rejects(notifier.push({ to: '+1', pdu: PDU_BYTES, id: 'b' }), /refused submit_sm to \+1: command_status 0x45/)
  mode = 'silent'
  await t.rejects(notifier.push({ to: '+1', pdu: PDU_BYTES, id: 'c' }), /submit_sm: no answer from the SMSC in 300 ms/)
  mode = 'hang-up'
  await t.rejects(notifier.push({ to: '+1', pdu: PDU_BYTES, id: 'd' }), /closed the connection|ECONNRESET/)
  mode = 'refuse-submit'
  await t.rejects(notifier.push({ to: '+1', pdu: PDU_BYTES, id: 'e' }), /command_status 0x45/)
  t.equal(binds, 3, 'bound again after the hang-up only')
})

t.test('SMPP: keep-alives answered; an SMSC that unbinds is left, and bound again on the next push', async t => {
  const sessions: Session[] = []
  const port = await scriptedSmsc(t, session => {
    sessions.push(session)
    answer(session, 'bind_transmitter')
    answer(session, 'submit_sm')
    answer(session, 'unbind')
  })
  const notifier = smppNotifier(t, port)
  await notifier.push({ to: '+1', pdu: PDU_BYTES, id: 'a' })
  const first = sessions[0] as Session
  const alive = await new Promise<PDU>(resolve => first.enquire_link({}, resolve))
  t.equal(alive.command, 'enquire_link_resp', 'enquire_link answered')
  const unbound = await new Promise<PDU>(resolve => first.unbind({}, resolve))
  t.equal(unbound.command, 'unbind_resp', 'unbind answered')
  await once(first, 'close')
  await notifier.push({ to: '+1', pdu: PDU_BYTES, id: 'b' })
  t.equal(sessions.length, 2, 'a new connection for the next push')
})

t.test('SMPP: an SMSC that is not there', async t => {
  const port = await scriptedSmsc(t, () => {})
  const notifier = smppNotifier(t, port)
  await notifier.close()
  const closed = new SmppNotifier({ url: 'smpp://127.0.0.1:1', systemId: 'mmsc', password: '', source: '6245' })
  await t.rejects(closed.push({ to: '+1', pdu: PDU_BYTES, id: 'x' }), /ECONNREFUSED/)
  await closed.close()
})

interface PpgRequest { contentType: string, body: Buffer }

async function ppg (t: Test, respond: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ url: string, received: PpgRequest[] }> {
  const received: PpgRequest[] = []
  const server = createHttpServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({ contentType: request.headers['content-type'] as string, body: Buffer.concat(chunks) })
      respond(request, response)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => {
    server.closeAllConnections()
    server.close()
  })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wappush`, received }
}

const papResponse = (code: number, description: string): string => [
  '<?xml version="1.0"?>',
  '<!DOCTYPE pap PUBLIC "-//WAPFORUM//DTD PAP 1.0//EN" "http://www.wapforum.org/DTD/pap_1.0.dtd">',
  `<pap><push-response push-id="p1"><response-result code="${code}" desc="${description}"/></push-response></pap>`,
].join('\n')

t.test('PAP: a push-message to the PPG, accepted', async t => {
  const { url, received } = await ppg(t, (_request, response) => response.end(papResponse(1001, 'Accepted for processing')))
  await new PapNotifier({ url }).push({ to: '+15550002', pdu: PDU_BYTES, id: 'p1' })
  await new PapNotifier({ url, ppgHost: 'ppg.example' }).push({ to: '+15550002', pdu: PDU_BYTES, id: 'p2' })
  t.match(received[0]?.contentType, /^multipart\/related; boundary=/)
  const body = received[0]?.body as Buffer
  t.ok(body.includes('push-id="p1"'))
  t.ok(body.includes('WAPPUSH=+15550002/TYPE=PLMN@127.0.0.1'), 'the ppg-specifier defaults to the PPG host')
  t.ok(received[1]?.body.includes('@ppg.example'))
  t.ok(body.includes(PDU_BYTES), 'the PDU is the content entity')
})

t.test('PAP: refusals and bad answers fail the push', async t => {
  const answers: Array<[string, (response: ServerResponse) => void, RegExp]> = [
    ['a refusal', r => r.end(papResponse(2002, 'Address error')), /refused push x \(HTTP 200\): push-response 2002 Address error/],
    ['a refusal without a description', r => r.end(papResponse(3000, 'x').replace(' desc="x"', '')), /refused push x \(HTTP 200\): push-response 3000$/],
    ['a bad-message response', r => r.end(papResponse(1000, 'OK').replace(/<push-response.*<\/push-response>/, '<badmessage-response code="2000" desc="Bad request" bad-message-fragment="x"/>')), /badmessage-response 2000/],
    ['not PAP', r => r.end('<html>oops</html>'), /./],
    ['no body', r => { r.writeHead(204); r.end() }, /./],
    ['too much', r => r.end(Buffer.alloc(70 * 1024, 0x20)), /exceeds 65536 bytes/],
  ]
  for (const [what, respond, error] of answers) {
    const { url } = await ppg(t, (_request, response) => respond(response))
    await t.rejects(new PapNotifier({ url }).push({ to: '+1', pdu: PDU_BYTES, id: 'x' }), error, what)
  }
  const { url } = await ppg(t, () => {})
  await t.rejects(new PapNotifier({ url, timeoutMs: 200 }).push({ to: '+1', pdu: PDU_BYTES, id: 'x' }), /aborted|timeout/i, 'a PPG that never answers')
  await new PapNotifier({ url }).close()
})
