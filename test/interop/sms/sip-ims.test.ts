/**
 * SMS over IMS, proven against tshark: captures built from the specifications (there is no SIP
 * stack here to make one), written by Wireshark's text2pcap. A concatenated WAP Push with an
 * m-notification-ind in three SIP MESSAGEs (RFC 3428; 3GPP TS 24.341 §7.3) from the network to
 * a phone, each an RP-DATA (3GPP TS 24.011 §7.3.1) around an SMS-DELIVER (3GPP TS 23.040
 * §9.2.2.1), with the phone's 200 OKs and RP-ACKs between them: over UDP and IPv6, then the
 * same over one TCP connection. And a device-management push, which is a push but no MMS.
 * tshark decodes every layer down to the MMSE and its fields are compared with what
 * SmsDissector finds, and with what decodeCapture() finds reading each capture file whole; the
 * one named exception is below. Skipped when text2pcap or tshark is
 * missing, except in CI (CI=true).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildNotificationInd, decode, decodeCapture, encode, encodePush, segmentPush } from '../../../lib/index.js'
import { ourRows, tsharkRows } from '../../support/capture-oracle.js'
import type { CarriedMessage } from '../../../lib/net/carried.js'
import { SmsDissector } from '../../../lib/sms/dissector.js'
import { program, tcpPayloads, tsharkFields, udpDatagrams } from '../../support/capture-tools.js'
import { notInstalled, programsPresent } from '../../support/missing.js'
import { rpAck, rpData, sipRequest, sipResponse, sipSms, smsDeliver } from '../../support/sms.js'
import { cat } from '../../support/wire.js'

/** What tshark and SmsDissector see differently, and why. */
const EXCEPTIONS = {
  deviceManagement: 'tshark hands a push of application/vnd.syncml.notification to no dissector below WSP (its body is data); SmsDissector reports it as a push with mms: false and its application id, no MMS',
} as const

if (programsPresent([
  program('text2pcap') === undefined ? notInstalled('text2pcap', 'wireshark-common') : undefined,
  program('tshark') === undefined ? notInstalled('tshark', 'tshark') : undefined,
])) {
  const dir = mkdtempSync(join(tmpdir(), 'mmse-ims-proof-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  for (const [name, reason] of Object.entries(EXCEPTIONS)) t.comment(`exception ${name}: ${reason}`)

  const notification = encode(buildNotificationInd({
    transactionId: 'T-ims', mmsVersion: '1.2', messageSize: 30_000, subject: 'over IMS', from: '+15550001111/TYPE=PLMN',
    contentLocation: `http://mmsc.example/retrieve/${'0123456789'.repeat(20)}`,
  }))
  const segments = segmentPush(encodePush({ body: notification }), { reference: 0x42 })
  const phone = 'sip:+15551234567@ims.example'
  // The network's MESSAGE, the phone's 200 OK, the phone's RP-ACK in a MESSAGE of its own, the network's 200 OK.
  const packets: Array<{ inbound: boolean, bytes: Uint8Array }> = segments.flatMap((segment, n) => [
    { inbound: true, bytes: sipSms(rpData(true, smsDeliver('+15559876543', segment), '+15550000000', n)) },
    { inbound: false, bytes: sipResponse(200, 'OK') },
    { inbound: false, bytes: sipRequest('MESSAGE', 'sip:sc@ims.example', ['Content-Type: application/vnd.3gpp.sms'], rpAck(false, n)) },
    { inbound: true, bytes: sipResponse(200, 'OK') },
  ])
  t.ok(segments.length >= 3, `${segments.length} segments`)

  /** text2pcap of `packets`: 'I' from the network (2001:db8::1 or 10.0.0.1) to the phone, 'O' back. */
  const text2pcap = (file: string, transport: string[], list: Array<{ inbound: boolean, bytes: Uint8Array }>): string => {
    const dump = list.map(({ inbound, bytes }) => `${inbound ? 'I' : 'O'}\n0000 ${Buffer.from(bytes).toString('hex').replace(/(..)/g, '$1 ')}\n`).join('\n')
    writeFileSync(join(dir, `${file}.txt`), dump)
    const run = spawnSync(program('text2pcap') as string, ['-q', '-D', ...transport, join(dir, `${file}.txt`), join(dir, file)], { encoding: 'utf8' })
    if (run.status !== 0) throw new Error(`text2pcap: ${run.stderr}`)
    return join(dir, file)
  }

  const tsharkSays = (file: string): { mmse: string[][], sms: string[][], rp: string[] } => ({
    mmse: tsharkFields(file, 'mmse', ['mmse.message_type', 'mmse.transaction_id', 'mmse.content_location']),
    sms: tsharkFields(file, 'gsm_sms', ['gsm_sms.tp-mti', 'gsm_sms.tp-oa', 'gsm_sms.tp-udhi', 'gsm_sms.destination_port']),
    rp: tsharkFields(file, 'gsm_a.rp', ['gsm_a.rp.msg_type']).map(([, type]) => type as string),
  })

  const check = (t: Test, file: string, found: CarriedMessage[]): void => {
    const tshark = tsharkSays(file)
    t.same(tshark.rp, ['0x01', '0x02', '0x01', '0x02', '0x01', '0x02'].slice(0, 2 * segments.length), 'tshark: RP-DATA (network to phone), RP-ACK (phone to network), in turn')
    t.same(tshark.sms.map((row) => row.slice(1)), segments.map(() => ['0', '15559876543', '1', '2948']), 'tshark: SMS-DELIVER from 15559876543 (international: tshark gives the type of number apart) with a UDH to port 2948, each segment')
    t.equal(found.length, 1)
    const message = found[0]!
    t.same(Buffer.from(message.body).toString('hex'), Buffer.from(notification).toString('hex'), 'the m-notification-ind, byte for byte')
    t.equal(message.mms, true)
    t.same(message.carrier, { kind: 'MESSAGE', uri: phone, contentType: 'application/vnd.wap.mms-message', applicationId: 'x-wap-application:mms.ua' })
    const [frame, type, transaction, location] = tshark.mmse[0] as string[]
    t.equal(tshark.mmse.length, 1, 'tshark: one MMSE PDU')
    t.equal(Number(frame), message.frames[message.frames.length - 1], 'in the frame of the last segment, for both')
    const decoded = decode(message.body)
    t.equal(Number(type), 0x82, 'mmse.message_type: m-notification-ind')
    t.equal(transaction, decoded.headers.transactionId, 'mmse.transaction_id')
    t.equal(location, decoded.headers.contentLocation, 'mmse.content_location')
    const scanned = decodeCapture(readFileSync(file))
    t.same(scanned.warnings, [], 'the file read whole: no warnings')
    t.same(scanned.messages.map((m) => [m.context.path, m.end.frames, m.end.complete, m.error, Buffer.from(m.pdu).toString('hex')]),
      [[message.path, message.frames, true, undefined, Buffer.from(message.body).toString('hex')]], 'the file read whole: the same MMS, in the same frames')
    t.same(ourRows(scanned.messages), tsharkRows(program('tshark') as string, file), 'the file read whole: tshark\'s mmse.* fields')
  }

  t.test('over UDP and IPv6', async (t) => {
    const file = text2pcap('ims-udp.pcap', ['-6', '2001:db8::1,2001:db8::2', '-u', '5060,5060'], packets)
    const sms = new SmsDissector()
    const found = udpDatagrams(file).flatMap((d) => sms.claims(d) ? sms.datagram(d) : [])
    t.ok(found.every((m) => m.path.join('/') === 'ipv6/udp/sip/sms/wsp-push'))
    t.same(found[0]?.frames, segments.map((_, n) => 4 * n + 1), 'the frames of the three MESSAGEs')
    check(t, file, found)
    t.same([...sms.flush(), ...sms.takeWarnings()], [])
  })

  t.test('over one TCP connection, each direction a stream', async (t) => {
    const file = text2pcap('ims-tcp.pcap', ['-4', '10.0.0.1,10.0.0.2', '-T', '5060,40000'], packets)
    const sms = new SmsDissector()
    const found: CarriedMessage[] = []
    for (const payload of tcpPayloads(file)) {
      const key = `${payload.src.address}:${payload.src.port}>${payload.dst.address}:${payload.dst.port}`
      found.push(...sms.stream(key, payload.src, payload.dst, 'ipv4', payload.payload, { frame: payload.frame, time: 0n, interface: 0 }))
    }
    found.push(...sms.flush())
    t.ok(found.every((m) => m.path.join('/') === 'ipv4/tcp/sip/sms/wsp-push'))
    check(t, file, found)
    t.same(sms.takeWarnings(), [])
  })

  t.test('a device-management push is a push, not an MMS (exception deviceManagement)', async (t) => {
    const trigger = cat(Array.from({ length: 40 }, (_, n) => n))
    const push = encodePush({ contentType: 'application/vnd.syncml.notification', applicationId: 'x-wap-application:syncml.dm', body: trigger })
    const file = text2pcap('ims-dm.pcap', ['-6', '2001:db8::1,2001:db8::2', '-u', '5060,5060'], segmentPush(push).map((segment) => ({ inbound: true, bytes: sipSms(rpData(true, smsDeliver('+15559876543', segment))) })))
    const wsp = tsharkFields(file, 'wsp', ['wsp.pdu_type', 'wsp.header.content_type'])
    t.same(wsp.map((row) => row.slice(1)), [['0x06', 'application/vnd.syncml.notification']], 'tshark: a WSP Push of application/vnd.syncml.notification')
    t.same(tsharkFields(file, 'mmse', []), [], 'tshark: no MMSE')
    const sms = new SmsDissector()
    const found = udpDatagrams(file).flatMap((d) => sms.datagram(d))
    t.equal(found.length, 1)
    t.equal(found[0]!.mms, false)
    t.same(found[0]!.carrier, { kind: 'MESSAGE', uri: phone, contentType: 'application/vnd.syncml.notification', applicationId: 'x-wap-application:syncml.dm' })
    t.same(Buffer.from(found[0]!.body), Buffer.from(trigger))
  })
}
