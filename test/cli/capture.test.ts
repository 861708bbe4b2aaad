/**
 * `mmse inspect` and `mmse extract` on captures: told by magic (a capture named .mms is still
 * one), one line per MMS, -v, --json, --fields as tshark prints them, --filter, --decode-as,
 * one folder per MMS; what applies to a PDU only, or to a capture only, is a usage error.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { buildSendReq, encode } from '../../lib/index.js'
import { tsharkField, tsharkTime } from '../../lib/capture/fields.js'
import { parseFilter } from '../../lib/cli/filter.js'
import { chunked, conversation, ENDS, httpRequest, httpResponse, packets, pcap } from '../support/pcap.js'
import { mmse } from '../support/cli.js'
import { caught } from '../support/thrown.js'
import { until } from '../support/until.js'

const sendReq = encode(buildSendReq({ to: ['+15550002', 'b@example.com'], subject: 'Hello', parts: [{ contentType: 'image/jpeg', data: Buffer.alloc(3000, 1), name: 'cat.jpg' }, { contentType: 'text/plain', data: 'hi' }] }))
const retrieveConf = encode({
  headers: {
    messageType: 'm-retrieve-conf', transactionId: 'T2', mmsVersion: '1.2', from: { address: '+15550001', type: 'PLMN', raw: '+15550001/TYPE=PLMN' },
    date: new Date('2026-01-02T03:04:05Z'), messageClass: 'personal', priority: 'high', deliveryReport: 'yes', subject: { text: 'Re' },
    contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} },
  },
  parts: [{ contentType: { mediaType: 'text/plain', params: {} }, headers: {}, data: Buffer.from('body') }],
} as never)
const conversationBytes = pcap(packets(ENDS, conversation(ENDS, [
  { request: httpRequest('POST', '/mms', sendReq, { 'Content-Type': 'application/vnd.wap.mms-message' }), response: httpResponse(204, new Uint8Array(0), { 'Content-Type': undefined }) },
  { request: httpRequest('GET', '/mms/1', new Uint8Array(0)), response: httpResponse(200, chunked(retrieveConf, 40), { 'Content-Length': undefined, 'Transfer-Encoding': 'chunked' }) },
], 600)))

const dir = mkdtempSync(join(tmpdir(), 'mmse-capture-cli-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const file = join(dir, 'traffic.mms')
writeFileSync(file, conversationBytes)

t.test('inspect: one line per MMS', async (t) => {
  const run = await mmse(['inspect', file])
  t.equal(run.code, 0)
  const lines = run.out.trimEnd().split('\n')
  t.equal(lines.length, 2)
  t.match(lines[0], /^#1 2026-01-01T00:00:02\.000000000Z 10\.0\.0\.1:40000 > 10\.0\.0\.2:80 ipv4\/tcp\/http POST \/mms m-send-req tid=\S+ from=\(insert-address-token.*\) to=\+15550002 \(PLMN\), b@example.com \(email\) subject="Hello" \d+ bytes$/)
  t.match(lines[1], /^#2 .* ipv4\/tcp\/http GET 200 \/mms\/1 m-retrieve-conf tid=T2 from=\+15550001 \(PLMN\) to=- subject="Re" \d+ bytes$/)
  t.equal(run.err, '')
  const stdin = await mmse(['inspect', '-'], { input: gzipSync(conversationBytes) })
  t.equal(stdin.out, run.out, 'gzip on stdin')
})

t.test('inspect -v and --json', async (t) => {
  const verbose = await mmse(['inspect', file, '-v'])
  t.match(verbose.out, /#2 .*\n {4}input: \d+ bytes\n {4}m-retrieve-conf\n {4}headers \(\d+\):\n/)
  t.match(verbose.out, /\[0\] text\/plain \(4 bytes\)/)
  const json = JSON.parse((await mmse(['inspect', file, '--json'])).out)
  t.match(json, {
    messages: [
      { context: { id: 1, transport: 'ipv4/tcp/http', direction: 'request', carrier: { kind: 'POST', uri: '/mms' } }, end: { complete: true, error: null }, message: { messageType: 'm-send-req' } },
      { context: { id: 2, carrier: { kind: 'GET', status: 200 } }, message: { messageType: 'm-retrieve-conf', parts: [{ bytes: 4 }] } },
    ],
    warnings: [],
  })
})

t.test('--fields prints what tshark -T fields prints; --filter selects', async (t) => {
  const fields = 'frame.number,frame.time_epoch,ip.src,tcp.dstport,udp.srcport,mmse.message_type,mmse.transaction_id,mmse.from,mmse.to,mmse.subject,mmse.date,mmse.message_class.id,mmse.priority,mmse.delivery_report,mmse.expiry.rel'
  const run = await mmse(['inspect', file, '--fields', fields])
  const rows = run.out.slice(0, -1).split('\n').map((line) => line.split('\t'))
  t.match(rows[0], [/^\d+$/, '1767225602.000000000', '10.0.0.1', '80', '', '0x80', /./, '<insert address>', '+15550002/TYPE=PLMN,b@example.com', 'Hello', '', '', '', '', ''])
  t.match(rows[1], [/^\d+$/, /^\d+\.\d{9}$/, '10.0.0.2', '40000', '', '0x84', 'T2', '+15550001/TYPE=PLMN', '', 'Re', 'Jan  2, 2026 03:04:05.000000000 UTC', '0x80', '0x82', '0x80', ''])
  const filtered = await mmse(['inspect', file, '--fields', 'mmse.transaction_id', '--filter', 'mmse.message_type == 132 && (mmse.subject contains "R" || not mmse.cc) and mmse.from != x and ! mmse.bcc'])
  t.equal(filtered.out, 'T2\n')
  t.equal((await mmse(['inspect', file, '--filter', 'mmse.message_type == 0x99'])).out, '')
  const badField = await mmse(['inspect', file, '--fields', 'mmse.nope'])
  t.equal(badField.code, 2)
  t.match(badField.err, /unknown field "mmse.nope"/)
  t.match((await mmse(['inspect', file, '--filter', 'mmse.nope == 1'])).err, /unknown field "mmse.nope"/)
})

t.test('the filter language', async (t) => {
  const known = (name: string): boolean => name.startsWith('f')
  const values: Record<string, string> = { f1: '0x84', f2: 'a,b', f3: '' }
  const lookup = (name: string): string | undefined => values[name]
  const check = (text: string): boolean => parseFilter(text, known)(lookup)
  t.ok(check('f1 == 132'))
  t.ok(check('f1 == "0x84"'))
  t.ok(check('f2 == b'))
  t.ok(check('f2 != c'))
  t.notOk(check('f3'))
  t.ok(check('not f3 and f2 contains "a,"'))
  t.ok(check('f9 != x'), 'an unknown value is not equal')
  t.ok(check('f1 == x || f2 == a'))
  t.notOk(check('f3 == ""'), 'an empty field equals nothing')
  t.ok(check('f2 contains "\\"" or f1'))
  t.notOk(check('f9 '), 'absent, and a trailing space')
  for (const [text, message] of [['f1 ==', /ends too soon/], ['(f1', /a \( without its \)/], ['f1 f2', /unexpected "f2"/], ['g1', /unknown field "g1"/], ['f1 == "x', /cannot read/], ['', /ends too soon/]] as const) {
    t.match(caught(() => parseFilter(text, known)), new RegExp(`UsageError: --filter: .*${message.source}`), text)
  }
})

t.test('tshark field values', async (t) => {
  const header = (code: number, value: unknown): never => ({ code, name: '', key: '', value, offset: 0, length: 2 }) as never
  const at = (name: string, value: unknown, octet = 0x80): string | undefined => tsharkField(name, [header(TSHARK_CODES[name] as number, value)], Uint8Array.of(0, octet))
  const TSHARK_CODES: Record<string, number> = { 'mmse.expiry.abs': 0x88, 'mmse.expiry.rel': 0x88, 'mmse.message_class.str': 0x8a, 'mmse.message_class.id': 0x8a, 'mmse.message_size': 0x8e, 'mmse.response_status': 0x92, 'mmse.mms_version': 0x8d, 'mmse.response_text': 0x93, 'mmse.date': 0x85 }
  t.equal(at('mmse.expiry.abs', { absolute: new Date('2026-12-31T23:59:58.5Z') }), 'Dec 31, 2026 23:59:58.500000000 UTC')
  t.equal(at('mmse.expiry.abs', { relative: 5 }), '')
  t.equal(at('mmse.expiry.rel', { relative: 5 }), '5.000000000')
  t.equal(at('mmse.expiry.rel', { absolute: new Date(0) }), '')
  t.equal(at('mmse.message_class.str', 'auto', 0x41), 'auto')
  t.equal(at('mmse.message_class.str', { text: 'x' }, 0x41), 'x')
  t.equal(at('mmse.message_class.str', 'personal'), '')
  t.equal(at('mmse.message_class.id', 'personal'), '0x80')
  t.equal(at('mmse.message_class.id', 'auto', 0x41), '')
  t.equal(at('mmse.message_size', 1234), '1234')
  t.equal(at('mmse.message_size', 12n), '12')
  t.equal(at('mmse.message_size', 'x'), '')
  t.equal(at('mmse.response_status', { name: 'ok', code: 0x80 }), '0x80')
  t.equal(at('mmse.response_text', { name: 'x' }), 'x')
  t.equal(at('mmse.response_text', 5), '')
  t.equal(at('mmse.date', 'not a date'), '')
  t.equal(tsharkField('mmse.response_status', [header(0x92, null)], Uint8Array.of(0x92)), '', 'an octet the PDU does not hold')
  t.equal(tsharkField('mmse.nope', [], new Uint8Array(0)), undefined)
  t.equal(tsharkTime(new Date('2026-03-04T05:06:07.089Z')), 'Mar  4, 2026 05:06:07.089000000 UTC')
})

t.test('extract: one folder per MMS with its parts, the PDU and a manifest', async (t) => {
  const out = join(dir, 'out')
  const run = await mmse(['extract', file, '-o', out])
  t.equal(run.code, 0, run.err)
  const folders = readdirSync(out).sort()
  t.equal(folders.length, 2)
  t.match(folders[0], /^0001-m-send-req-/)
  t.equal(folders[1], '0002-m-retrieve-conf-T2')
  t.strictSame(readdirSync(join(out, folders[0] as string)).sort(), ['cat.jpg', 'manifest.json', 'part1.txt', 'pdu.mms'])
  t.same(readFileSync(join(out, folders[0] as string, 'pdu.mms')), sendReq)
  t.same(readFileSync(join(out, folders[0] as string, 'cat.jpg')), Buffer.alloc(3000, 1))
  const manifest = JSON.parse(readFileSync(join(out, '0002-m-retrieve-conf-T2', 'manifest.json'), 'utf8'))
  t.match(manifest, { context: { transport: 'ipv4/tcp/http', carrier: { kind: 'GET', status: 200, uri: '/mms/1' } }, pdu: 'pdu.mms', parts: [{ file: 'part-0.txt', size: 4, sha256: /^[0-9a-f]{64}$/ }], message: { messageType: 'm-retrieve-conf' } })
  t.same(readFileSync(join(out, '0002-m-retrieve-conf-T2', 'pdu.mms')), retrieveConf)
  const again = await mmse(['extract', file, '-o', out])
  t.equal(again.code, 1, 'files that exist are not overwritten')
  t.equal((await mmse(['extract', file, '-o', out, '--force'])).code, 0)
  const only = join(dir, 'only')
  t.equal((await mmse(['extract', file, '-o', only, '--filter', 'mmse.message_type == 0x84'])).code, 0)
  t.strictSame(readdirSync(only), ['0002-m-retrieve-conf-T2'])
})

t.test('usage errors: PDU options on a capture, capture options on a PDU', async (t) => {
  const pdu = join(dir, 'one.mms')
  writeFileSync(pdu, sendReq)
  for (const args of [['inspect', file, '--offsets'], ['inspect', pdu, '-v'], ['inspect', pdu, '--decode-as', 'tcp.port==1,http'], ['extract', file, '--to', 'x/y'], ['extract', pdu, '-o', join(dir, 'x'), '--filter', 'mmse.to'], ['extract', pdu]]) {
    const run = await mmse(args)
    t.equal(run.code, 2, args.join(' '))
  }
  const bad = await mmse(['inspect', file, '--decode-as', 'tcp.port==x,http'])
  t.equal(bad.code, 1)
  t.match(bad.err, /decodeAs/)
})

t.test('stdin in many chunks; nested parts; warnings of a message', async (t) => {
  const { Readable } = await import('node:stream')
  const pieces = Array.from({ length: Math.ceil(conversationBytes.length / 3) }, (_, i) => Buffer.from(conversationBytes.subarray(i * 3, i * 3 + 3)))
  const run = await mmse(['inspect', '-'], { stdinStream: Readable.from(pieces) })
  t.equal(run.out, (await mmse(['inspect', file])).out)
  const inner = encode({
    headers: { messageType: 'm-retrieve-conf', transactionId: 'N', mmsVersion: '1.2', date: new Date(0), contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} } },
    parts: [{ contentType: { mediaType: 'application/vnd.wap.multipart.alternative', params: {} }, headers: {}, parts: [{ contentType: { mediaType: 'text/plain', params: {} }, headers: {}, data: Buffer.from('inner') }] }],
  } as never)
  const trailing = Buffer.concat([encode({ headers: { messageType: 'm-send-conf', transactionId: 'W', mmsVersion: '1.2', responseStatus: { name: 'ok', code: 0x80 } } } as never), Buffer.from([1, 2, 3])])
  const warned = join(dir, 'warned.pcap')
  writeFileSync(warned, pcap(packets(ENDS, conversation(ENDS, [
    { request: httpRequest('GET', '/n', new Uint8Array(0)), response: httpResponse(200, inner) },
    { request: httpRequest('GET', '/w', new Uint8Array(0)), response: httpResponse(200, trailing) },
  ]))))
  const verbose = await mmse(['inspect', warned, '-v'])
  t.match(verbose.out, /multipart, \d+ bytes, 1 part/)
  t.match(verbose.out, /warning: WARN_MMSE_TRAILING_DATA at offset \d+/)
  const json = JSON.parse((await mmse(['inspect', warned, '--json'])).out)
  t.match(json.messages[1].warnings, [{ code: 'WARN_MMSE_TRAILING_DATA', offset: Number }])
})

t.test('a damaged capture: warnings on stderr, the message with its error', async (t) => {
  const cut = join(dir, 'cut.pcap')
  writeFileSync(cut, conversationBytes.subarray(0, conversationBytes.length - 900))
  const run = await mmse(['inspect', cut])
  t.equal(run.code, 0)
  t.match(run.out, /incomplete|ERR_MMSE_TRUNCATED/)
  t.match(run.err, /warning: WARN_CAPTURE_TRUNCATED \(frame \d+\)/)
  const json = JSON.parse((await mmse(['inspect', cut, '--json'])).out)
  t.ok(json.warnings.length > 0)
  const verbose = await mmse(['inspect', cut, '-v'])
  t.match(verbose.out, /error: ERR_MMSE_TRUNCATED at offset \d+/)
})

t.test('an untidy capture: IPv6, no transaction id, cut before its headers, cut after its PDU, a gap, a nested PDU, a large part', async (t) => {
  const v6 = { client: '2001:db8::1', server: '2001:db8::2', clientPort: 40001, serverPort: 80, ip6: true }
  const deliveryInd = encode({ headers: { messageType: 'm-delivery-ind', mmsVersion: '1.2', messageId: 'M', to: [{ address: '+1', type: 'PLMN', raw: '+1/TYPE=PLMN' }], date: new Date(0), status: 'retrieved' } } as never)
  const withNested = encode({
    headers: { messageType: 'm-retrieve-conf', transactionId: 'NEST', mmsVersion: '1.2', date: new Date(0), contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} } },
    parts: [{ contentType: { mediaType: 'application/vnd.wap.mms-message', params: {} }, headers: {}, data: deliveryInd }, { contentType: { mediaType: 'image/png', params: {} }, headers: {}, data: Buffer.alloc(1_200_000, 3) }],
  } as never)
  const sendConf = encode({ headers: { messageType: 'm-send-conf', transactionId: 'C', mmsVersion: '1.2', responseStatus: { name: 'ok', code: 0x80 } } } as never)
  const flows = [
    ...packets(v6, conversation(v6, [{ request: httpRequest('POST', '/d', deliveryInd, { 'Content-Type': 'application/vnd.wap.mms-message' }) }, { request: httpRequest('GET', '/n', new Uint8Array(0)), response: httpResponse(200, withNested) }], 60000)),
    // Its body is cut after the PDU: Content-Length says 5 more, the connection ends.
    ...packets(ENDS, conversation(ENDS, [{ request: httpRequest('GET', '/c', new Uint8Array(0)), response: httpResponse(200, sendConf, { 'Content-Length': String(sendConf.length + 5) }) }])),
  ]
  // A segment lost inside a body: a gap.
  const lossy = { ...ENDS, clientPort: 40002 }
  const lossySegments = conversation(lossy, [{ request: httpRequest('POST', '/g', sendReq, { 'Content-Type': 'application/vnd.wap.mms-message' }) }], 1000)
  flows.push(...packets(lossy, lossySegments.filter((_, i) => i !== 3)))
  // Cut before its headers end: only the first octets of a PDU, then the connection ends.
  const early = { ...ENDS, clientPort: 40003 }
  flows.push(...packets(early, conversation(early, [{ request: httpRequest('POST', '/e', sendReq.subarray(0, 1), { 'Content-Type': 'application/vnd.wap.mms-message', 'Content-Length': '500' }) }])))
  const untidy = join(dir, 'untidy.pcap')
  if (process.env.MMSE_KEEP_CAPTURES !== undefined) writeFileSync(join(process.env.MMSE_KEEP_CAPTURES, 'untidy.pcap'), pcap(flows))
  writeFileSync(untidy, pcap(flows))
  const run = await mmse(['inspect', untidy, '-v'], { tty: true })
  t.equal(run.code, 0)
  t.match(run.out, /#1 \S+ \[2001:db8::1\]:40001 > \[2001:db8::2\]:80 ipv6\/tcp\/http POST \/d m-delivery-ind tid=- /)
  t.match(run.out, /m-retrieve-conf tid=NEST .*\n(?:.*\n)*? {6}\[0\] .*application\/vnd.wap.mms-message/)
  t.match(run.out, /m-send-conf tid=C .* \(incomplete\)/)
  t.match(run.out, /warning: WARN_CAPTURE_GAP \(frame \d+\): octets/)
  t.match(run.out, /\(no message type\) .*ERR_MMSE_TRUNCATED/)
  t.match(run.err, /\r\[#+\.*\] +\d+%/, 'progress drawn on a terminal for a large input')
  const json = JSON.parse((await mmse(['inspect', untidy, '--json'])).out)
  t.ok(json.messages.some((m: { warnings: Array<{ frame?: number }> }) => m.warnings.some((w) => typeof w.frame === 'number')))
  const out = join(dir, 'untidy')
  t.equal((await mmse(['extract', untidy, '-o', out])).code, 0)
  t.ok(readdirSync(out).includes('0005-mms'), 'a message without type or transaction id has a folder all the same')
  t.equal(readFileSync(join(out, '0002-m-retrieve-conf-NEST', 'part-1.png')).length, 1_200_000)
  const filtered = join(dir, 'filtered')
  t.equal((await mmse(['extract', untidy, '-o', filtered, '--filter', 'frame.number'])).code, 0)
  t.equal(readdirSync(filtered).length, readdirSync(out).length, 'frame.number, before and after the end of a message')
})

t.test('extract: the directory goes away while a message is written: the run fails whole, nothing hangs, nothing is left', async (t) => {
  const threeParts = encode({
    headers: { messageType: 'm-retrieve-conf', transactionId: 'T3', mmsVersion: '1.2', date: new Date('2026-01-02T03:04:05Z'), contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} } },
    parts: [
      { contentType: { mediaType: 'text/plain', params: {} }, headers: {}, data: Buffer.from('first') },
      { contentType: { mediaType: 'image/png', params: {} }, headers: {}, data: Buffer.alloc(6000, 3) },
      { contentType: { mediaType: 'text/plain', params: {} }, headers: {}, data: Buffer.from('last') },
    ],
  } as never)
  const records = packets(ENDS, conversation(ENDS, [{ request: httpRequest('GET', '/mms/3', new Uint8Array(0)), response: httpResponse(200, threeParts) }], 1000))
  // Up to the response's first segment: its headers and first part, not its last.
  const head = pcap(records.slice(0, 4))
  const out = join(dir, 'gone')
  const folder = join(out, '0001-m-retrieve-conf-T3')
  async function * vanishing (): AsyncGenerator<Uint8Array> {
    yield head
    await until(() => existsSync(folder) && readdirSync(folder).some((name) => name.startsWith('.')))
    // Moved away at once: a file a write is creating in it meanwhile goes with it, never blocks it.
    renameSync(out, join(dir, 'gone-moved'))
    yield pcap(records).subarray(head.length)
  }
  const run = await mmse(['extract', '-', '-o', out], { stdinStream: Readable.from(vanishing()) })
  t.equal(run.code, 1)
  t.match(run.err, /ENOENT: no such file or directory, open .*\.mmse-/, 'a part\'s file could not be made')
  t.notOk(existsSync(out), 'nothing left')
})
