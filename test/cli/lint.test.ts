/**
 * `mmse lint`, run in process: a clean PDU, a PDU showing each of the six classes, a WAP Push,
 * stdin, JSON, the exit status scripts gate on (0 clean, 3 findings, 1 unreadable input, 2 usage);
 * captures, each MMS in them linted as it was sent.
 */
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { encode, encodePush } from '../../lib/index.js'
import { lintCapture } from '../../lib/cli/lint-capture.js'
import { mmse } from '../support/cli.js'
import { conversation, ENDS, httpRequest, httpResponse, packets, pcap } from '../support/pcap.js'

const dir = mkdtempSync(join(tmpdir(), 'mmse-lint-cli-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

const DATE = new Date(1_600_000_000_000)
const SEND_REQ = { messageType: 'm-send-req', transactionId: 't', mmsVersion: '1.2', from: { insertAddress: true }, contentType: 'application/vnd.wap.multipart.mixed' } as const
/** One PDU with five of the six classes, written in the shortest forms; SINGLE has the sixth. */
const SIX = encode({
  headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: DATE, expiry: { relative: 60 }, subject: { text: 'Grüße', charset: 'utf-16' }, contentType: 'application/vnd.wap.multipart.mixed' },
  parts: [
    { contentType: 'application/octet-stream', headers: { 'content-disposition': { disposition: 'attachment', params: { filename: 'a.bin' } }, 'content-transfer-encoding': 'base64' }, data: 'x' },
  ],
}, { forms: 'shortest', transferEncoding: true })
const SINGLE = encode({ headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: DATE, contentType: 'text/plain' }, parts: [{ contentType: 'text/plain', data: 'hi' }] }, { forms: 'shortest' })

function file (name: string, bytes: Uint8Array): string {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}

const clean = file('clean.mms', encode({ headers: SEND_REQ, parts: [{ contentType: 'application/octet-stream', data: 'x' }] }))
const six = file('six.mms', SIX)
const single = file('single.mms', SINGLE)
const push = file('push.wsppush', encodePush({ body: SINGLE }))

t.test('a clean PDU: exit 0', async (t) => {
  const run = await mmse(['lint', clean])
  t.equal(run.code, 0)
  t.equal(run.out, `${clean} (m-send-req): clean\n`)
})

t.test('the six classes: each named with its decoders, effect, offset and section; exit 3', async (t) => {
  const run = await mmse(['lint', six, single])
  t.equal(run.code, 3)
  for (const rule of ['delta-seconds-short', 'content-type-crash', 'filename-wsp-1.1', 'charset-long-integer', 'transfer-encoding', 'retrieve-conf-body']) t.match(run.out, `[${rule}]`, rule)
  t.match(run.out, `${six} (m-retrieve-conf): 5 findings\n`)
  t.match(run.out, /offset 13 X-Mms-Expiry: a relative time \(Delta-seconds\) as a Short-integer \(60 s\)\n {4}rejected: Android PduParser, Wireshark; OMA-TS-MMS_ENC 1\.3 §7\.3\.12/)
  t.match(run.out, `${single} (m-retrieve-conf): 1 finding\n`)
  t.match(run.out, /part 0: a Content-Disposition filename not first under the WSP 1.4 code 0x98 \(AOSP reads only that\)\n/, 'a finding without detail')
})

t.test('--json, a WAP Push and stdin', async (t) => {
  const run = await mmse(['lint', '--json', push, '-'], { input: encode({ headers: SEND_REQ }) })
  t.equal(run.code, 3)
  const reports = JSON.parse(run.out) as Array<{ file: string, messageType: string, findings: Array<{ rule: string, offset: number, effect: string }> }>
  t.same(reports.map((report) => [report.file, report.messageType, report.findings.map((one) => one.rule)]), [[push, 'm-retrieve-conf', ['retrieve-conf-body']], ['-', 'm-send-req', []]])
  t.ok((reports[0]?.findings[0]?.offset ?? 0) > 10, 'the offset in the push')
})

t.test('an unreadable PDU is a finding; a missing file exit 1; no file exit 2', async (t) => {
  const broken = file('broken.mms', Uint8Array.of(0x8c, 0x82, 0x89, 0x40))
  const run = await mmse(['lint', broken])
  t.equal(run.code, 3)
  t.match(run.out, /1 finding\n {2}offset 2 bytes that are no well-formed PDU \(ERR_MMSE_TRUNCATED/)
  t.equal((await mmse(['lint', join(dir, 'missing.mms')])).code, 1)
  const usage = await mmse(['lint'])
  t.equal(usage.code, 2)
  t.match(usage.err, 'expected <file>')
  t.match((await mmse(['lint', '--help'])).out, 'Exit codes: 0 every input clean, 3 a finding in any input')
  t.match((await mmse(['--help'])).out, /lint {5}list what deployed decoders misread/)
})

/** An HTTP exchange on a TCP connection: a clean m-send-req up, the six-class m-retrieve-conf down. */
const SENT = encode({ headers: SEND_REQ, parts: [{ contentType: 'text/plain', data: 'x' }] })
const exchange = conversation(ENDS, [
  { request: httpRequest('POST', '/mms', SENT, { 'Content-Type': 'application/vnd.wap.mms-message' }), response: httpResponse(200, SIX) },
], 100)
const capture = file('traffic.pcap', pcap(packets(ENDS, exchange)))

t.test('a capture: each MMS linted as it was sent, by its number and frame; gzip too; exit 3', async (t) => {
  for (const path of [capture, file('traffic.pcap.gz', gzipSync(pcap(packets(ENDS, exchange))))]) {
    const run = await mmse(['lint', path])
    t.equal(run.code, 3)
    t.match(run.out, new RegExp(`^${path} #1 frame \\d+ \\(m-send-req\\): clean\n${path} #2 frame \\d+ \\(m-retrieve-conf\\): 5 findings\n`))
    t.match(run.out, '[delta-seconds-short]')
  }
  const json = JSON.parse((await mmse(['lint', '--json', capture])).out) as Array<{ message: number, frame: number, messageType: string, findings: unknown[] }>
  t.same(json.map((report) => [report.message, report.messageType, report.findings.length]), [[1, 'm-send-req', 0], [2, 'm-retrieve-conf', 5]])
  t.ok(json.every((report) => report.frame > 0), 'with the frame that completed it')
})

t.test('a capture: a message it lost octets of is listed, not linted; one with no MMS says so; a broken one exit 1', async (t) => {
  // The response's second segment with data is dropped: the m-retrieve-conf has a hole.
  const data = exchange.filter((segment) => !segment.fromClient && segment.tcp.length > 40)
  const holed = file('holed.pcap', pcap(packets(ENDS, exchange.filter((segment) => segment !== data[1]))))
  const run = await mmse(['lint', holed])
  t.equal(run.code, 0, 'nothing linted has a finding')
  t.match(run.out, /#2 frame \d+: not linted: the capture lost some of its octets\n/)
  const empty = file('empty.pcap', pcap([]))
  const none = await mmse(['lint', empty])
  t.equal(none.code, 0)
  t.equal(none.out, `${empty}: not linted: no MMS in the capture\n`)
  const broken = file('broken.pcap', pcap([], { major: 3 }))
  const failed = await mmse(['lint', broken])
  t.equal(failed.code, 1)
  t.match(failed.err, 'pcap major version 3, not 2')
})

t.test('a capture: an MMS larger than a linted PDU may be is listed, not linted', async (t) => {
  t.ok(SENT.length < SIX.length)
  const reports = await lintCapture(capture, { stream: createReadStream(capture), size: statSync(capture).size }, SIX.length - 1)
  t.same(reports.map((report) => [report.message, report.skipped ?? 'linted']), [[1, 'linted'], [2, `${SIX.length} octets, more than the ${SIX.length - 1} a linted PDU may be`]])
})
