/**
 * Proof against Kannel (Debian's kannel 1.4.5): its Push Proxy Gateway takes mmse's PAP
 * submission (buildPapSubmission, WAP-247 §8), answers a push-response that parsePapResponse
 * reads (1001), builds its own WSP Push and SMS segments and hands them over SMPP to the test's
 * SMSC, where PushAssembler and decodePush get the m-notification-ind back byte for byte.
 *
 * Kannel's push is compared with encodePush / segmentPush for the same notification; every
 * difference is one of KANNEL_DIFFERENCES below, each asserted where it shows.
 * Skipped when bearerbox is not installed, except in CI (CI=true), where that fails.
 */
import { request as httpRequest } from 'node:http'
import t from 'tap'
import {
  buildNotificationInd, buildPapSubmission, decode, decodeAssembled, decodePush, encode, encodePush,
  parsePapResponse, parseUserData, type PapPushInput, type PapResponse, segmentPush,
} from '../../lib/index.js'
import { kannelBox, startKannel } from '../support/kannel.js'
import { DATA_CODING_BINARY, type Delivered, ESM_UDHI, startSmsc } from '../support/smpp-server.js'
import { notInstalled, programsPresent } from '../support/missing.js'

/** Every way Kannel's push differs from ours, and why. */
const KANNEL_DIFFERENCES = {
  tid: 'Kannel numbers its pushes itself (the PPG\'s push counter, from 0); encodePush writes the caller\'s TID (default 0)',
  textualContentType: 'Kannel writes the content type as text (32 octets): it encodes content types with the WSP 1.2 code table, and application/vnd.wap.mms-message got its code 0x3E only in encoding version 1.4 (WAP-230 Table 40); encodePush writes the shortest form, 0xBE',
  contentLength: 'Kannel adds Content-Length (WAP-230 Table 39 0x0D) with the length of the PAP content entity; encodePush writes only the headers it is given',
  encodingVersion: 'Kannel adds Encoding-Version 1.3 (0x43, written C3 93) to every push, because WSP associates each peer with an encoding version (WAP-230 §8.4.1); encodePush writes it only when asked',
  reference: 'Kannel takes the concatenation reference from its own counter; segmentPush from its counter or the caller',
  segmentCount: 'the UDH layout and the cut are the same (16-bit ports 9200 -> 2948, then an 8-bit concatenation element, 140-octet segments), but Kannel\'s push is longer by the first four differences (31 octets of text content type, 2-4 of Content-Length, 2 of Encoding-Version), so it can need one SMS more',
  esmClass: 'Kannel\'s submit_sm sets the store-and-forward messaging mode (esm_class 0x03, SMPP 3.4 §5.2.12) next to UDHI 0x40: 0x43',
  piHeaders: 'Kannel copies the Push Initiator\'s other HTTP request headers (all but Content-Type, Content-Length, Host, Connection) into the WSP push: a PI must POST with no more than those',
  confirmedPush: 'PAP delivery-method="confirmed" (a named exception: the specification allows it over SMS): Kannel\'s PPG delivers confirmed pushes only inside a WSP session (connection-oriented push), so it sends a Session Initiation Request instead (application/vnd.wap.sia, WAP-235 PushOTA; from port 9201, WSP\'s connection-oriented port, WAP-259 Appendix B) and holds the notification until the phone connects, which a phone behind an SMSC alone never does; the SIA push keeps the notification\'s headers (X-Wap-Application-Id mms.ua, and its Content-Length, which does not fit the SIA body)',
} as const

const MMS_TEXT = Buffer.from('application/vnd.wap.mms-message\0', 'latin1')
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

const bearerbox = kannelBox('bearerbox')
const wapbox = kannelBox('wapbox')
if (programsPresent([bearerbox === undefined || wapbox === undefined ? notInstalled('Kannel (bearerbox, wapbox)', 'kannel') : undefined])) {
  t.setTimeout(10 * 60 * 1000)
  const smsc = await startSmsc()
  t.teardown(() => smsc.close())
  const kannel = await startKannel(smsc)
  t.teardown(() => kannel.stop())
  t.comment(`Kannel: ${bearerbox}, ${wapbox}; PPG at ${kannel.ppgUrl}; SMSC on port ${smsc.port}`)
  for (const [name, reason] of Object.entries(KANNEL_DIFFERENCES)) t.comment(`difference ${name}: ${reason}`)

  const tids: number[] = []
  const references: number[] = []

  /**
   * POSTs the submission to the PPG with Content-Type and Content-Length only (node:http adds
   * Host and Connection, which Kannel drops): Kannel copies any other request header into the
   * push (see piHeaders below), so fetch()'s Accept, User-Agent ... would end up on the phone.
   */
  const post = async (submission: { contentType: string, body: Uint8Array }, extra: Record<string, string> = {}): Promise<{ status: number, body: Buffer }> => {
    return await new Promise((resolve, reject) => {
      const request = httpRequest(kannel.ppgUrl, {
        method: 'POST',
        headers: { 'Content-Type': submission.contentType, 'Content-Length': submission.body.length, ...extra },
      }, response => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }))
        response.on('error', reject)
      })
      request.on('error', reject)
      request.end(submission.body)
    })
  }

  /** Pushes through Kannel; resolves with the PAP answer and the push that reached the SMSC. */
  const pushThroughKannel = async (input: PapPushInput, extra?: Record<string, string>): Promise<{ response: PapResponse, delivered: Delivered, status: number }> => {
    const reply = await post(buildPapSubmission(input), extra)
    const response = parsePapResponse(reply.body)
    try {
      return { response, delivered: await smsc.nextPush(), status: reply.status }
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${kannel.logs()}`)
    }
  }

  const notification = (subject: string, location: string): Buffer => encode(buildNotificationInd({
    transactionId: 'T-kannel', mmsVersion: '1.2', messageSize: 51_200, expiry: { relative: 86_400 }, from: '+15550001111/TYPE=PLMN', subject, contentLocation: location,
  }))

  const CASES: Array<{ name: string, address: string, body: Buffer, pap?: Partial<PapPushInput>, minSegments: number }> = [
    { name: 'one segment', address: '+15551230001', body: notification('Hi', 'http://m.example/1'), minSegments: 1 },
    {
      name: 'four segments: a long subject and Content-Location, a deliver-before timestamp',
      address: '+15551230002',
      body: notification('A subject long enough to need more SMS. '.repeat(4), `http://mmsc.example/retrieve/${'0123456789'.repeat(18)}`),
      pap: { deliverBefore: new Date(Date.now() + 24 * 3600 * 1000) },
      minSegments: 3,
    },
    { name: 'a UTF-8 subject', address: '+15551230003', body: notification('Grüße aus Köln – 你好 😀', 'http://mmsc.example/m/utf8'), minSegments: 1 },
  ]

  for (const { name, address, body, pap, minSegments } of CASES) {
    t.test(name, async t => {
      const { response, delivered, status } = await pushThroughKannel({
        pushId: `mmse-${address}`, addresses: [address], content: { body }, ...pap,
      })
      t.equal(status, 202, 'HTTP 202 Accepted')
      t.match(response, { kind: 'push-response', code: 1001, pushId: `mmse-${address}` }, 'PAP 1001: accepted for processing')
      t.ok(response.replyTime instanceof Date, 'reply-time read')

      // The notification comes back byte for byte.
      const { assembled, submits } = delivered
      const push = decodeAssembled(assembled)
      t.same(Buffer.from(push.body), body, 'the m-notification-ind, byte for byte')
      t.same(push.message?.headers, decode(body).headers)
      t.equal(push.applicationId, 'x-wap-application:mms.ua')
      t.equal(push.pduType, 'push')
      t.ok(submits.length >= minSegments, `${submits.length} submit_sm`)
      t.ok(submits.every(s => s.destinationAddr === address.slice(1) && s.dataCoding === DATA_CODING_BINARY), 'to the number, 8-bit data')

      // Kannel's push against encodePush, difference by difference.
      const kannelBytes = Buffer.from(assembled.payload)
      tids.push(push.tid)
      t.ok(Number.isInteger(push.tid), `difference tid: Kannel's is ${push.tid}`)
      t.same(kannelBytes.subarray(3, 3 + MMS_TEXT.length), MMS_TEXT, 'difference textualContentType')
      t.same(push.contentType, decodePush(encodePush({ body })).contentType, 'the same content type once decoded')
      t.equal(push.headers['content-length'], body.length, 'difference contentLength')
      const versionAt = kannelBytes.indexOf(Buffer.from([0xc3, 0x93]), 3 + MMS_TEXT.length)
      t.ok(versionAt > 0 && versionAt < kannelBytes.length - body.length, 'difference encodingVersion: C3 93 among the headers')
      t.same(Object.keys(push.headers), ['x-wap-application-id', 'content-length', 'encoding-version'], 'no header beyond those two')
      // Past those four, the bytes are encodePush's: the same headers, in the same order, the same body.
      const ours = encodePush({ tid: push.tid, body, headers: { 'content-length': body.length, 'encoding-version': '1.3' } })
      const oursHeadersLength = ours[2] as number
      t.equal(ours[3], 0xbe, 'ours: the well-known content type')
      const expected = Buffer.concat([Buffer.from([push.tid, 0x06, oursHeadersLength - 1 + MMS_TEXT.length]), MMS_TEXT, ours.subarray(4)])
      t.equal(hex(kannelBytes), hex(expected), 'Kannel\'s push = encodePush with its TID, text content type, Content-Length and Encoding-Version')
      const plain = encodePush({ body })
      t.equal(kannelBytes.length - plain.length, MMS_TEXT.length - 1 + (ours.length - plain.length), `Kannel's push is ${kannelBytes.length - plain.length} octets longer than encodePush({ body })`)

      // The SMS: the same UDH and cut as segmentPush, with Kannel's reference.
      const concat = push.userDataHeader?.concat
      t.same(push.userDataHeader?.ports, { destination: 2948, source: 9200, bits: 16 }, '16-bit ports 9200 -> 2948')
      const sequence = (userData: Uint8Array): number => parseUserData(userData).header.concat?.sequence ?? 1
      const received = submits.map(s => s.userData).sort((a, b) => sequence(a) - sequence(b))
      const reference = concat?.reference
      if (reference !== undefined) references.push(reference)
      const cut = segmentPush(kannelBytes, reference === undefined ? {} : { reference, referenceBits: concat?.bits ?? 8 })
      t.same(received.map(hex), cut.map(hex), `segmentPush cuts Kannel's push as Kannel does, given difference reference (Kannel's: ${String(reference)})`)
      const ourCount = segmentPush(plain).length
      t.ok(submits.length >= ourCount, `difference segmentCount: Kannel ${submits.length} SMS, encodePush + segmentPush ${ourCount}`)
      t.ok(submits.every(s => s.esmClass === (ESM_UDHI | 0x03)), 'difference esmClass: 0x43')
    })
  }

  t.test('the PI\'s HTTP request headers ride along', async t => {
    const body = notification('h', 'http://m.example/h')
    const { delivered } = await pushThroughKannel({ pushId: 'mmse-headers', addresses: ['+15551230005'], content: { body } }, { 'X-Operator-Note': 'from the PI' })
    const push = decodeAssembled(delivered.assembled)
    t.equal(push.headers['x-operator-note'], 'from the PI', 'difference piHeaders')
    t.same(Buffer.from(push.body), body)
  })

  t.test('Encoding-Version reads back as 1.3', async t => {
    const body = notification('v', 'http://m.example/v')
    const { delivered } = await pushThroughKannel({ pushId: 'mmse-version', addresses: ['+15551230004'], content: { body } })
    t.equal(decodeAssembled(delivered.assembled).headers['encoding-version'], '1.3')
  })

  // Last: Kannel keeps a pending session for this address, and later pushes to it would wait for that session.
  t.test('a confirmed push', async t => {
    const body = notification('Confirmed', 'http://mmsc.example/m/confirmed')
    const { response, delivered } = await pushThroughKannel({ pushId: 'mmse-confirmed', addresses: ['+15551230009'], deliveryMethod: 'confirmed', content: { body } })
    t.match(response, { kind: 'push-response', code: 1001, pushId: 'mmse-confirmed' }, 'PAP 1001')
    const push = decodeAssembled(delivered.assembled)
    t.equal(push.contentType.mediaType, 'application/vnd.wap.sia', 'difference confirmedPush: a Session Initiation Request instead of the notification')
    t.same(push.userDataHeader?.ports, { destination: 2948, source: 9201, bits: 16 }, 'from port 9201 to 2948')
    t.equal(push.pduType, 'push', 'the SIA goes as a connectionless Push')
    t.equal(push.applicationId, 'x-wap-application:mms.ua', 'with the notification\'s X-Wap-Application-Id')
    t.equal(push.headers['content-length'], body.length, 'and its Content-Length')
    t.not(push.body.length, body.length, 'which is not the SIA\'s length')
    t.equal(push.body[0], 0x00, 'SIA version 0')
    t.comment(`the SIA body: ${hex(push.body)}`)
    // What mmse writes for the same request: a ConfirmedPush (0x07) with the notification inside.
    const ours = decodePush(encodePush({ pduType: 'confirmed-push', body }))
    t.same(Buffer.from(ours.body), body)
    t.equal(ours.pduType, 'confirmed-push')
  })

  t.test('every push got its own TID and reference', async t => {
    t.equal(new Set(tids).size, tids.length, `TIDs ${tids.join(', ')}`)
    t.equal(new Set(references).size, references.length, `references ${references.join(', ')}`)
  })
}
