/**
 * An MMS 1.0 phone behind a WAP 1.x gateway (WAP-209 MMSE 1.0 over WSP, WAP-230, on WTP,
 * WAP-224): Kannel's wapbox turns the phone's WSP requests into HTTP to the example MMSC, and
 * Kannel's WAP client fakewap plays the phone. Its m-send-req, POSTed over WSP, is accepted
 * (an m-send-conf Ok comes back over WSP); the recipient's m-retrieve-conf, fetched over WSP,
 * is the one the MMSC serves over HTTP, byte for byte, and large enough that WTP cuts it into
 * segments (SAR, WAP-224 §9; wapbox's log shows them).
 *
 * The MMSC takes the sender from the From the phone writes (trustFrom): a WAP gateway in
 * front of an MMSC would assert it in a header, which wapbox does not add.
 * Skipped when Kannel is not installed, except in CI (CI=true), where that fails.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { buildSendReq, decode, encode } from '../../../lib/index.js'
import { fakewap, fakewapProgram } from '../../support/fakewap.js'
import { kannelBox } from '../../support/kannel.js'
import { startWapGateway } from '../../support/kannel-wap.js'
import { notInstalled, programsPresent } from '../../support/missing.js'
import { get } from '../../support/mmsc-client.js'
import { startMmsc } from '../../support/mmsc-harness.js'
import { seededBytes } from '../../support/mmsc-streams.js'

const ALICE = '+15550001'
const BOB = '+15550002'

if (programsPresent([kannelBox('bearerbox') === undefined || kannelBox('wapbox') === undefined || fakewapProgram() === undefined ? notInstalled('Kannel (bearerbox, wapbox, fakewap)', 'kannel kannel-extras') : undefined])) {
  t.setTimeout(5 * 60 * 1000)
  const gateway = await startWapGateway()
  t.teardown(() => gateway.stop())
  const dir = mkdtempSync(join(tmpdir(), 'mmse-wsp-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))

  t.test('an MMS 1.0 phone sends over WSP, and the recipient fetches over WSP, byte for byte', async t => {
    const { url, notifier } = await startMmsc(t, { trustFrom: true })
    // 12 KB of picture: the answer needs several WTP segments.
    const picture = seededBytes(11, 12_000)
    const request = encode(buildSendReq({
      mmsVersion: '1.0', from: `${ALICE}/TYPE=PLMN`, to: `${BOB}/TYPE=PLMN`, subject: 'over WSP',
      parts: [{ contentType: 'image/jpeg', data: picture, name: 'photo.jpg' }, { contentType: 'text/plain', data: 'Hello from WAP 1.x' }],
    }))
    writeFileSync(join(dir, 'send-req.mms'), request)
    const sent = await fakewap(url, join(dir, 'send-conf.mms'), { post: join(dir, 'send-req.mms') })
    t.equal(sent.code, 0, sent.output)
    const conf = decode(readFileSync(join(dir, 'send-conf.mms')))
    t.equal(conf.headers.messageType, 'm-send-conf')
    t.match(conf.headers.responseStatus, { name: 'ok' })
    t.equal(conf.headers.transactionId, decode(request).headers.transactionId)

    const [push] = await notifier.reached(1)
    const location = decode(push?.pdu as Uint8Array).headers.contentLocation as string
    const logBefore = gateway.wapboxLog().length
    const fetched = await fakewap(location, join(dir, 'retrieve-conf.mms'))
    t.equal(fetched.code, 0, fetched.output)
    const overWsp = readFileSync(join(dir, 'retrieve-conf.mms'))
    const overHttp = (await get(location)).body
    t.ok(overWsp.equals(overHttp), `the m-retrieve-conf over WSP (${overWsp.length} bytes) is the one served over HTTP`)
    const message = decode(overWsp)
    t.equal(message.headers.messageType, 'm-retrieve-conf')
    t.ok(Buffer.from(message.parts[0]?.data as Uint8Array).equals(picture), 'the picture byte for byte')
    // WTP numbers the segments of a result from 0 (its Packet Sequence Number): the highest, plus one.
    const psns = [...gateway.wapboxLog().slice(logBefore).matchAll(/dispath_to_wdp\(\): psn = (\d+)/g)].map(m => Number(m[1]))
    const segments = Math.max(...psns) + 1
    t.ok(segments > 1, `WTP cut the answer into ${segments} segments`)
  })
}
