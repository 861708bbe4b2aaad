/**
 * `mmse extract <capture> --eml -o <dir>`: one .eml per complete MMS, named as its folder would
 * be, every part there octet for octet; an MMS the capture holds in part, one that does not
 * decode or has no mail form gets no file and a warning; --filter selects; nothing but whole
 * files is ever left in the directory, whether the run ends well, meets a file already there,
 * loses its input mid-way or its directory.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { Readable } from 'node:stream'
import t, { type Test } from 'tap'
import { buildSendReq, decode, encode } from '../../lib/index.js'
import { chunked, conversation, ENDS, httpRequest, httpResponse, packets, pcap, type Packet } from '../support/pcap.js'
import { mmse } from '../support/cli.js'
import { readMail } from '../support/mail.js'
import { until } from '../support/until.js'

const sendReq = encode(buildSendReq({ to: ['+15550002', 'b@example.com'], subject: 'Hello', parts: [{ contentType: 'image/jpeg', data: Buffer.alloc(30_000, 1), name: 'cat.jpg' }, { contentType: 'text/plain', data: 'hi' }] }))
const sendTid = decode(sendReq).headers.transactionId as string
const retrieveConf = encode({
  headers: {
    messageType: 'm-retrieve-conf', transactionId: 'T2', mmsVersion: '1.2', from: { address: '+15550001', type: 'PLMN', raw: '+15550001/TYPE=PLMN' },
    date: new Date('2026-01-02T03:04:05Z'), subject: { text: 'Re' }, contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} },
  },
  parts: [{ contentType: { mediaType: 'text/plain', params: {} }, headers: {}, data: Buffer.from('body') }, { contentType: { mediaType: 'image/png', params: {} }, headers: {}, data: Buffer.alloc(5000, 9) }],
} as never)
const post = (pdu: Uint8Array, fields: Record<string, string> = {}) => httpRequest('POST', '/mms', pdu, { 'Content-Type': 'application/vnd.wap.mms-message', ...fields })

/** A send then a retrieval on one connection, the retrieval's body chunked. */
const twoPackets = packets(ENDS, conversation(ENDS, [
  { request: post(sendReq), response: httpResponse(204, new Uint8Array(0), { 'Content-Type': undefined }) },
  { request: httpRequest('GET', '/mms/1', new Uint8Array(0)), response: httpResponse(200, chunked(retrieveConf, 700), { 'Content-Length': undefined, 'Transfer-Encoding': 'chunked' }) },
], 1000))
const two = pcap(twoPackets)
/** The capture up to the end of the first exchange (a pcap's records follow its header): the first MMS whole. */
const first = pcap(twoPackets.slice(0, 2 + Math.ceil(post(sendReq).length / 1000) + 1))
const SEND_EML = `0001-m-send-req-${sendTid}.eml`
const RETRIEVE_EML = '0002-m-retrieve-conf-T2.eml'

/** Names in `dir` that are no finished file: staging files. */
function staging (dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('.'))
}

/** The parts of the mail in `file` against those of `pdu`, octet for octet. */
async function sameParts (t: Test, file: string, pdu: Uint8Array): Promise<void> {
  const mail = await readMail(readFileSync(file))
  t.same(mail.parts.map((p) => p.data), decode(pdu).parts.map((p) => Buffer.from(p.data as Uint8Array)), `${basename(file)}: every part`)
  t.equal(mail.headers.subject?.text, decode(pdu).headers.subject?.text)
}

t.test('two MMS, two .eml files that read back part for part', async (t) => {
  const dir = t.testdir({ 'two.pcap': Buffer.from(two) })
  const out = join(dir, 'out')
  const run = await mmse(['extract', join(dir, 'two.pcap'), '--eml', '-o', out])
  t.same([run.code, run.err, run.out], [0, '', ''])
  t.strictSame(readdirSync(out).sort(), [SEND_EML, RETRIEVE_EML])
  await sameParts(t, join(out, SEND_EML), sendReq)
  await sameParts(t, join(out, RETRIEVE_EML), retrieveConf)
  const again = await mmse(['extract', join(dir, 'two.pcap'), '--eml', '-o', out])
  t.equal(again.code, 1, 'a file already there is not replaced')
  t.match(again.err, /exists: use --force/)
  t.strictSame(readdirSync(out).sort(), [SEND_EML, RETRIEVE_EML], 'and nothing staged is left')
  writeFileSync(join(out, RETRIEVE_EML), 'old')
  t.equal((await mmse(['extract', join(dir, 'two.pcap'), '--eml', '-o', out, '--force'])).code, 0)
  await sameParts(t, join(out, RETRIEVE_EML), retrieveConf)
  const piped = await mmse(['extract', '-', '--eml', '-o', join(dir, 'piped')], { stdinStream: Readable.from([two.subarray(0, 3000), two.subarray(3000)]) })
  t.equal(piped.code, 0)
  t.strictSame(readdirSync(join(dir, 'piped')).sort(), [SEND_EML, RETRIEVE_EML], 'from stdin')
})

t.test('two connections whose segments interleave: each MMS streams into its own file', async (t) => {
  const big = encode(buildSendReq({ to: '+15550003', subject: 'big', parts: [{ contentType: 'video/3gpp', data: Buffer.alloc(400_000, 5), name: 'a.3gp' }, { contentType: 'image/png', data: Buffer.alloc(300_000, 6) }] }))
  const other = { ...ENDS, clientPort: 40009 }
  const a = packets(ENDS, conversation(ENDS, [{ request: post(big) }], 1400))
  const b = packets(other, conversation(other, [{ request: post(retrieveConf) }, { request: post(big) }], 1400))
  const woven: Packet[] = []
  for (let i = 0; i < Math.max(a.length, b.length); i++) woven.push(...[a[i], b[i]].filter((p) => p !== undefined))
  const dir = t.testdir({ 'woven.pcap': Buffer.from(pcap(woven)) })
  const run = await mmse(['extract', join(dir, 'woven.pcap'), '--eml', '-o', join(dir, 'out')])
  t.same([run.code, run.err], [0, ''])
  const files = readdirSync(join(dir, 'out')).sort()
  t.equal(files.length, 3)
  for (const file of files) await sameParts(t, join(dir, 'out', file), file.includes('retrieve') ? retrieveConf : big)
})

t.test('--filter selects the MMS written; --fields is no option of extract, with --eml or not', async (t) => {
  const dir = t.testdir({ 'two.pcap': Buffer.from(two) })
  const only = await mmse(['extract', join(dir, 'two.pcap'), '--eml', '-o', join(dir, 'only'), '--filter', 'mmse.message_type == 0x84'])
  t.same([only.code, only.err], [0, ''])
  t.strictSame(readdirSync(join(dir, 'only')), [RETRIEVE_EML])
  const none = await mmse(['extract', join(dir, 'two.pcap'), '--eml', '-o', join(dir, 'none'), '--filter', 'mmse.subject == "nothing"'])
  t.same([none.code, none.err], [0, ''])
  t.notOk(existsSync(join(dir, 'none')), 'no MMS selected, no directory made')
  for (const eml of [['--eml'], []]) {
    const fields = await mmse(['extract', join(dir, 'two.pcap'), ...eml, '-o', join(dir, 'f'), '--fields', 'mmse.subject'])
    t.equal(fields.code, 2, `--fields ${eml.join('')}`)
  }
  t.equal((await mmse(['extract', join(dir, 'two.pcap'), '--eml', '--to', join(dir, 'store', 'k')])).code, 2, '--to takes one message')
})

t.test('an MMS cut by a lost segment, cut by its carrier, cut before its headers, with no mail form: no file, a warning each', async (t) => {
  const nested = encode({
    headers: { messageType: 'm-retrieve-conf', transactionId: 'NEST', mmsVersion: '1.2', date: new Date(0), contentType: 'application/vnd.wap.multipart.mixed' },
    parts: [{ contentType: 'application/vnd.wap.mms-message', data: sendReq }],
  } as never)
  const flows: Packet[] = [...twoPackets]
  const lossy = { ...ENDS, clientPort: 40002 }
  flows.push(...packets(lossy, conversation(lossy, [{ request: post(sendReq) }], 1000).filter((_, i) => i !== 5)))
  // Its Content-Length says 5 octets more than the PDU, then the connection ends.
  const cut = { ...ENDS, clientPort: 40003 }
  flows.push(...packets(cut, conversation(cut, [{ request: post(retrieveConf, { 'Content-Length': String(retrieveConf.length + 5) }) }])))
  const early = { ...ENDS, clientPort: 40004 }
  flows.push(...packets(early, conversation(early, [{ request: post(sendReq.subarray(0, 1), { 'Content-Length': '500' }) }])))
  const inner = { ...ENDS, clientPort: 40005 }
  flows.push(...packets(inner, conversation(inner, [{ request: post(nested) }])))
  const dir = t.testdir({ 'untidy.pcap': Buffer.from(pcap(flows)) })
  const out = join(dir, 'out')
  const run = await mmse(['extract', join(dir, 'untidy.pcap'), '--eml', '-o', out])
  t.equal(run.code, 0, 'skipped messages are told of, as extract tells of incomplete ones, and the run succeeds')
  t.strictSame(readdirSync(out).sort(), [SEND_EML, RETRIEVE_EML])
  await sameParts(t, join(out, SEND_EML), sendReq)
  t.match(run.err, new RegExp(`warning: MMS #3 not written to 0003-m-send-req-${sendTid}\\.eml: ERR_MMSE_TRUNCATED at offset \\d+: .*\\n {4}warning: WARN_CAPTURE_GAP \\(frame \\d+\\): octets \\d+ to \\d+ of the MMS are missing`))
  t.match(run.err, new RegExp(`warning: MMS #4 not written to 0004-m-retrieve-conf-T2\\.eml: ERR_MMSE_TRUNCATED at offset ${retrieveConf.length}: the capture holds ${retrieveConf.length} octets of the MMS, not all of it\\n {4}warning: WARN_CAPTURE_INCOMPLETE`))
  t.match(run.err, /warning: MMS #5 not written to 0005-mms\.eml: ERR_MMSE_TRUNCATED at offset \d+/)
  t.match(run.err, /warning: MMS #6 not written to 0006-m-retrieve-conf-NEST\.eml: ERR_MMSE_BAD_INPUT at offset 0: part 0 is an MMSE PDU/)
  t.match(run.err, /warning: WARN_CAPTURE_GAP \(frame \d+\): tcp /, 'the capture\'s own warnings, as before')
  t.strictSame(staging(out), [])
})

t.test('nothing but whole files is left: an input that fails mid-way, a directory that cannot be made or goes away', async (t) => {
  const dir = t.testdir({ out: { 'keep.txt': 'mine' }, 'file': 'not a directory' })
  const out = join(dir, 'out')
  // The input fails once the first message is staged.
  async function * failing (): AsyncGenerator<Uint8Array> {
    yield first
    await until(() => staging(out).length > 0)
    throw new Error('the input broke')
  }
  const broken = await mmse(['extract', '-', '--eml', '-o', out], { stdinStream: Readable.from(failing()) })
  t.equal(broken.code, 1)
  t.match(broken.err, /the input broke/)
  t.strictSame(readdirSync(out), ['keep.txt'], 'the staged message is gone, the directory\'s own file is not')
  const made = join(dir, 'made')
  async function * failingMade (): AsyncGenerator<Uint8Array> {
    yield first
    await until(() => existsSync(made) && staging(made).length > 0)
    throw new Error('the input broke')
  }
  t.equal((await mmse(['extract', '-', '--eml', '-o', made], { stdinStream: Readable.from(failingMade()) })).code, 1)
  t.notOk(existsSync(made), 'a directory the run made is removed')

  writeFileSync(join(dir, 'two.pcap'), two)
  const blocked = await mmse(['extract', join(dir, 'two.pcap'), '--eml', '-o', join(dir, 'file', 'out')])
  t.equal(blocked.code, 1)
  t.match(blocked.err, /ENOTDIR/)

  // The directory goes away while the first message is staged: the second cannot be, and the run fails whole.
  const gone = join(dir, 'gone')
  async function * vanishing (): AsyncGenerator<Uint8Array> {
    yield first
    await until(() => existsSync(gone) && staging(gone).length > 0)
    // Moved away at once: a file a write is creating in it meanwhile goes with it, never blocks it.
    renameSync(gone, join(dir, 'gone-moved'))
    yield two.subarray(first.length)
  }
  const lost = await mmse(['extract', '-', '--eml', '-o', gone], { stdinStream: Readable.from(vanishing()) })
  t.equal(lost.code, 1)
  t.match(lost.err, /ENOENT/)
  t.notOk(existsSync(gone))
  mkdirSync(gone)
  t.equal((await mmse(['extract', join(dir, 'two.pcap'), '--eml', '-o', gone])).code, 0, 'and all is well once it is back')
})
