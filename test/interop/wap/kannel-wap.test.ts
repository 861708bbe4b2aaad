/**
 * Proof against Kannel's WAP gateway and Kannel's own WAP client: `fakewap` (package
 * kannel-extras) fetches an m-retrieve-conf through wapbox from a small HTTP server, over WSP
 * sessions on WTP (-M 1, UDP 9201) and connectionless WSP (-M 0, UDP 9200), and POSTs an
 * m-send-req (-P) both ways; tcpdump captures the WAP leg on loopback, tshark reads the
 * datagrams back, and WapDissector finds in them the MMSE bodies the server sent and received,
 * byte for byte, with the WSP PDU types and TIDs tshark's wsp and wtp dissectors give; the
 * capture file itself, read whole by decodeCapture() (pcap, IP, UDP, the default dissectors,
 * the MMSE decoder), gives the same MMS, and tshark finds the same PDUs with the same fields.
 * Bodies are large enough for several WTP segments (Segmented Result and Segmented Invoke).
 * Kannel's PPG pushes an m-notification-ind over the IP bearer too (a PAP address of TYPE=IPv4):
 * a connectionless push from 9200 to UDP 2948, found byte for byte.
 * Skipped when Kannel, fakewap, tcpdump or tshark is missing, except in CI (CI=true).
 */
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createSocket } from 'node:dgram'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { buildNotificationInd, buildPapSubmission, buildRetrieveConf, buildSendConf, buildSendReq, decodeCapture, encode } from '../../../lib/index.js'
import type { CarriedMessage } from '../../../lib/net/carried.js'
import { WapDissector } from '../../../lib/wap/dissector.js'
import { program, startTcpdump, tsharkFields, udpDatagrams, written } from '../../support/capture-tools.js'
import { fakewap, fakewapProgram } from '../../support/fakewap.js'
import { kannelBox } from '../../support/kannel.js'
import { startWapGateway } from '../../support/kannel-wap.js'
import { notInstalled, programsPresent } from '../../support/missing.js'
import { ourRows, tsharkRows } from '../../support/capture-oracle.js'
import { within } from '../../support/within.js'

/** WAP-230 Table 34. */
const PDU_CODES: Record<string, number> = { Get: 0x40, Post: 0x60, Reply: 0x04, Push: 0x06 }

if (programsPresent([
  kannelBox('bearerbox') === undefined || kannelBox('wapbox') === undefined ? notInstalled('Kannel (bearerbox, wapbox)', 'kannel') : undefined,
  fakewapProgram() === undefined ? notInstalled('fakewap', 'kannel-extras') : undefined,
  program('tcpdump') === undefined ? notInstalled('tcpdump', 'tcpdump') : undefined,
  program('tshark') === undefined ? notInstalled('tshark', 'tshark') : undefined,
])) {
  t.setTimeout(5 * 60 * 1000)
  const dir = mkdtempSync(join(tmpdir(), 'mmse-wap-proof-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))

  // Bodies of 5-6 KB: four or five WTP packets of Kannel's 1400-octet SDUs.
  const retrieve = encode(buildRetrieveConf({ transactionId: 'R-1', subject: 'through WTP', parts: [{ contentType: 'text/plain', data: 'retrieved '.repeat(550) }] }))
  const sendReq = encode(buildSendReq({ transactionId: 'S-1', to: ['+15551234567/TYPE=PLMN'], subject: 'up', parts: [{ contentType: 'text/plain', data: 'sent '.repeat(900) }] }))
  const sendConf = encode(buildSendConf({ transactionId: 'S-1', messageId: 'M-1' }))
  const received: Buffer[] = []
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      if (request.method === 'POST') received.push(Buffer.concat(chunks))
      const body = request.method === 'POST' ? sendConf : retrieve
      response.writeHead(200, { 'Content-Type': 'application/vnd.wap.mms-message', 'Content-Length': body.length })
      response.end(body)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const gateway = await startWapGateway()
  t.teardown(() => gateway.stop())
  const postFile = join(dir, 'send-req.bin')
  writeFileSync(postFile, sendReq)

  /** fakewap against the gateway; resolves with what it wrote. */
  const request = async (mode: 0 | 1, path: string, post: boolean): Promise<Buffer> => {
    const out = join(dir, `out-${mode}-${post ? 'post' : 'get'}.bin`)
    const run = await fakewap(`${base}${path}`, out, { mode, post: post ? postFile : undefined })
    if (run.code !== 0) throw new Error(`${run.output}\nexited ${String(run.code)}\n${gateway.logs()}`)
    return readFileSync(out)
  }

  const notification = encode(buildNotificationInd({ transactionId: 'T-ip', contentLocation: 'http://mmsc.example/m/ip', messageSize: 5_000, subject: 'over IP' }))
  /** A PAP push to the phone at 127.0.0.1 over the IP bearer; resolves with the PPG's HTTP status once the push is on the wire. */
  const pushOverIp = async (): Promise<number> => {
    const submission = buildPapSubmission({ pushId: 'mmse-ip', addresses: ['WAPPUSH=127.0.0.1/TYPE=IPv4@localhost'], content: { body: notification } })
    const response = await fetch(gateway.ppgUrl, { method: 'POST', headers: { 'content-type': submission.contentType }, body: submission.body })
    await response.arrayBuffer()
    return response.status
  }

  const capture = join(dir, 'wap.pcap')
  const tcpdump = await startTcpdump(capture, ['udp', 'port', '9200', 'or', 'udp', 'port', '9201', 'or', 'udp', 'port', '2948'])
  const fetched: Buffer[] = []
  let pushStatus = 0
  let pushed: Buffer = Buffer.alloc(0)
  try {
    fetched.push(await request(1, '/retrieve/1', false))
    fetched.push(await request(0, '/retrieve/2', false))
    fetched.push(await request(1, '/send/1', true))
    fetched.push(await request(0, '/send/2', true))
    // The phone: a socket on UDP 2948 (the gateway's lock holds that port for this test too). The PPG answers before its push leaves.
    const phone = createSocket('udp4')
    phone.bind(2948, '127.0.0.1')
    await once(phone, 'listening')
    try {
      const arrived = once(phone, 'message')
      pushStatus = await pushOverIp()
      pushed = (await within(arrived, 20_000, 'the push over IP'))[0] as Buffer
    } finally {
      phone.close()
    }
    // The last packet in: the capture holds every one before it.
    await written(capture, pushed)
  } finally {
    await tcpdump.stop()
  }

  t.test('fakewap got what the server sent, and the server what fakewap posted', async (t) => {
    t.same(fetched.map((body) => body.toString('hex')), [retrieve, retrieve, sendConf, sendConf].map((body) => Buffer.from(body).toString('hex')))
    t.same(received.map((body) => body.toString('hex')), [sendReq, sendReq].map((body) => Buffer.from(body).toString('hex')))
  })

  const wap = new WapDissector()
  const datagrams = udpDatagrams(capture)
  const messages: CarriedMessage[] = []
  for (const d of datagrams) {
    if (wap.claims(d)) messages.push(...wap.datagram(d))
  }
  messages.push(...wap.flush())

  t.test('WapDissector finds every MMSE body, byte for byte, with its request', async (t) => {
    const seen = messages.map((m) => [m.carrier.kind, m.carrier.uri, m.path.join('/'), Buffer.from(m.body).toString('hex')])
    const hex = (body: Uint8Array): string => Buffer.from(body).toString('hex')
    t.same(seen, [
      ['Reply', `${base}/retrieve/1`, 'ipv4/udp/wtp/wsp', hex(retrieve)],
      ['Reply', `${base}/retrieve/2`, 'ipv4/udp/wsp', hex(retrieve)],
      ['Post', `${base}/send/1`, 'ipv4/udp/wtp/wsp', hex(sendReq)],
      ['Reply', `${base}/send/1`, 'ipv4/udp/wtp/wsp', hex(sendConf)],
      ['Post', `${base}/send/2`, 'ipv4/udp/wsp', hex(sendReq)],
      ['Reply', `${base}/send/2`, 'ipv4/udp/wsp', hex(sendConf)],
      ['Push', undefined, 'ipv4/udp/wsp-push', hex(notification)],
    ])
    t.equal(pushStatus, 202, 'the PPG accepted the push')
    t.ok(pushed.length > notification.length, 'the phone got the push')
    t.match(messages[messages.length - 1], { src: { port: 9200 }, dst: { port: 2948 }, carrier: { applicationId: 'x-wap-application:mms.ua', contentType: 'application/vnd.wap.mms-message' } })
    t.ok(messages.every((m) => m.mms && m.warnings.length === 0 && m.carrier.status !== 0))
    const segmented = messages.filter((m) => m.path.includes('wtp') && m.body.length > 2000)
    t.same(segmented.map((m) => m.carrier.kind), ['Reply', 'Post'], 'the m-retrieve-conf and the m-send-req over WTP')
    t.ok(segmented.every((m) => m.frames.length >= 4), `came in ${segmented.map((m) => m.frames.length).join(' and ')} packets (Result or Invoke, then Segmented ones)`)
    t.same(wap.takeWarnings(), [])
  })

  t.test('the WSP PDU types and TIDs are tshark\'s', async (t) => {
    const rows = new Map(tsharkFields(capture, 'wsp', ['wsp.pdu_type', 'wtp.TID', 'wsp.TID']).map(([frame, ...rest]) => [Number(frame), rest]))
    for (const message of messages) {
      const last = message.frames[message.frames.length - 1] as number
      const [type, wtpTid, wspTid] = rows.get(last) ?? []
      t.equal(Number(type), PDU_CODES[message.carrier.kind], `frame ${last}: WSP ${message.carrier.kind}`)
      const tid = message.path.includes('wtp') ? Number(wtpTid) & 0x7fff : Number(wspTid)
      t.equal(tid, message.carrier.tid, `frame ${last}: TID ${String(message.carrier.tid)}`)
    }
  })

  t.test('the capture file, read whole, gives the same MMS, decoded, and tshark\'s PDUs and fields', async (t) => {
    const scanned = decodeCapture(readFileSync(capture))
    t.same(scanned.warnings, [], 'no warnings')
    const hex = (body: Uint8Array): string => Buffer.from(body).toString('hex')
    t.same(scanned.messages.map((m) => [m.context.carrier.kind, m.context.carrier.uri, m.context.path.join('/'), hex(m.pdu), m.end.frames.join(',')]),
      messages.map((m) => [m.carrier.kind, m.carrier.uri, m.path.join('/'), hex(m.body), m.frames.join(',')]), 'the dissector\'s messages, in their frames')
    t.ok(scanned.messages.every((m) => m.end.complete && m.error === undefined && m.message !== undefined), 'every one complete and decoded')
    const ours = ourRows(scanned.messages)
    const theirs = tsharkRows(program('tshark') as string, capture)
    t.same([...ours.keys()], [...theirs.keys()], 'tshark -Y mmse: the same frames')
    t.same(ours, theirs, 'the same mmse.* fields')
  })
}
