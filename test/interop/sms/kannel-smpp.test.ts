/**
 * Proof against Kannel's Push Proxy Gateway over SMPP: a PAP submission of an m-notification-ind
 * (as test/interop/kannel.test.ts makes it) goes out of bearerbox as submit_sm PDUs to the
 * `smpp` package's SMSC on loopback; tcpdump captures that TCP connection, tshark gives its
 * payloads back, and SmsDissector.stream, fed the direction from Kannel to the SMSC in random
 * pieces, finds the notification byte for byte, with the frames of every segment; the capture
 * file itself, read whole by decodeCapture(), finds the SMPP connection by its first PDU (the
 * SMSC is on no registered port) and gives the same notification, decoded, in the PDUs and
 * fields tshark finds when told the port is SMPP.
 * Skipped when Kannel, tcpdump or tshark is missing, except in CI (CI=true).
 */
import { request as httpRequest } from 'node:http'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { buildNotificationInd, buildPapSubmission, decodeCapture, encode } from '../../../lib/index.js'
import { ourRows, tsharkRows } from '../../support/capture-oracle.js'
import type { CarriedMessage } from '../../../lib/net/carried.js'
import { SmsDissector } from '../../../lib/sms/dissector.js'
import { program, startTcpdump, tcpPayloads, written } from '../../support/capture-tools.js'
import { kannelBox, startKannel } from '../../support/kannel.js'
import { notInstalled, programsPresent } from '../../support/missing.js'
import { startSmsc } from '../../support/smpp-server.js'
import { prng } from '../../support/transcript.js'

if (programsPresent([
  kannelBox('bearerbox') === undefined || kannelBox('wapbox') === undefined ? notInstalled('Kannel (bearerbox, wapbox)', 'kannel') : undefined,
  program('tcpdump') === undefined ? notInstalled('tcpdump', 'tcpdump') : undefined,
  program('tshark') === undefined ? notInstalled('tshark', 'tshark') : undefined,
])) {
  t.setTimeout(5 * 60 * 1000)
  const dir = mkdtempSync(join(tmpdir(), 'mmse-smpp-proof-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const smsc = await startSmsc()
  t.teardown(() => smsc.close())
  const capture = join(dir, 'smpp.pcap')
  // Started before Kannel, so that its bind is in the capture too.
  const tcpdump = await startTcpdump(capture, ['tcp', 'port', String(smsc.port)])
  let stopped = false
  t.teardown(async () => { if (!stopped) await tcpdump.stop() })
  const kannel = await startKannel(smsc)
  t.teardown(() => kannel.stop())

  const notification = encode(buildNotificationInd({
    transactionId: 'T-smpp', mmsVersion: '1.2', messageSize: 51_200, expiry: { relative: 86_400 }, from: '+15550001111/TYPE=PLMN',
    subject: 'A subject long enough to need more SMS. '.repeat(3), contentLocation: `http://mmsc.example/retrieve/${'0123456789'.repeat(12)}`,
  }))
  const submission = buildPapSubmission({ pushId: 'mmse-capture', addresses: ['+15551230077'], content: { body: notification } })
  const status = await new Promise<number>((resolve, reject) => {
    const request = httpRequest(kannel.ppgUrl, { method: 'POST', headers: { 'Content-Type': submission.contentType, 'Content-Length': submission.body.length } }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode ?? 0))
    })
    request.on('error', reject)
    request.end(submission.body)
  })
  const delivered = await smsc.nextPush()
  // Every submit_sm the SMSC got is in the capture before it stops.
  for (const submit of delivered.submits) await written(capture, submit.userData)
  await tcpdump.stop()
  stopped = true

  t.test('the SMSC got the push', async (t) => {
    t.equal(status, 202)
    t.ok(delivered.submits.length >= 2, `${delivered.submits.length} submit_sm`)
  })

  const payloads = tcpPayloads(capture)
  const toSmsc = payloads.filter((p) => p.dst.port === smsc.port)
  const fromSmsc = payloads.filter((p) => p.src.port === smsc.port)

  for (const seed of [1, 2, 3]) {
    t.test(`SmsDissector.stream finds the notification in Kannel's submit_sm (pieces of seed ${seed})`, async (t) => {
      const sms = new SmsDissector()
      const first = toSmsc[0]!
      t.equal(sms.claimsStream(first.payload, first.src, first.dst), true, 'an SMPP stream, by its first PDU (the SMSC is on no registered port)')
      const random = prng(seed)
      const out: CarriedMessage[] = []
      for (const payload of toSmsc) {
        for (let at = 0; at < payload.payload.length;) {
          const size = 1 + Math.floor(random() * 40)
          out.push(...sms.stream('kannel>smsc', payload.src, payload.dst, 'ipv4', payload.payload.subarray(at, at + size), { frame: payload.frame, time: 0n, interface: 0 }))
          at += size
        }
      }
      for (const payload of fromSmsc) out.push(...sms.stream('smsc>kannel', payload.src, payload.dst, 'ipv4', payload.payload, { frame: payload.frame, time: 0n, interface: 0 }))
      out.push(...sms.end('kannel>smsc'), ...sms.end('smsc>kannel'), ...sms.flush())
      t.equal(out.length, 1)
      t.same(Buffer.from(out[0]!.body).toString('hex'), Buffer.from(notification).toString('hex'), 'the m-notification-ind, byte for byte')
      t.equal(out[0]!.mms, true)
      t.same(out[0]!.carrier, { kind: 'submit_sm', contentType: 'application/vnd.wap.mms-message', applicationId: 'x-wap-application:mms.ua' })
      t.same(out[0]!.path, ['ipv4', 'tcp', 'smpp', 'wsp-push'])
      // Kannel may send two submit_sm in one TCP segment: its frame is named once.
      const carrying = toSmsc.filter((p) => delivered.submits.some((submit) => p.payload.includes(submit.userData))).map((p) => p.frame)
      t.same(out[0]!.frames, carrying, `the frames of the TCP segments that carried the ${delivered.submits.length} submit_sm`)
      t.same(sms.takeWarnings(), [])
    })
  }

  t.test('the capture file, read whole, gives the notification, decoded, and tshark\'s PDU and fields', async (t) => {
    const scanned = decodeCapture(readFileSync(capture))
    t.same(scanned.warnings, [], 'no warnings')
    t.equal(scanned.messages.length, 1)
    const [found] = scanned.messages
    t.same(Buffer.from(found!.pdu).toString('hex'), Buffer.from(notification).toString('hex'), 'the m-notification-ind, byte for byte')
    t.match(found, { end: { complete: true }, context: { path: ['ipv4', 'tcp', 'smpp', 'wsp-push'], dst: { port: smsc.port } }, message: { headers: { messageType: 'm-notification-ind', transactionId: 'T-smpp' } } })
    t.equal(found!.error, undefined)
    const ours = ourRows(scanned.messages)
    const theirs = tsharkRows(program('tshark') as string, capture, [`tcp.port==${smsc.port},smpp`])
    t.same([...ours.keys()], [...theirs.keys()], 'tshark -Y mmse: the same frame')
    t.same(ours, theirs, 'the same mmse.* fields')
  })
}
