/**
 * The `mmse` CLI, run in process (`main()` on streams in memory), on PDUs built here from the spec's layouts (WAP-209 §7, WAP-230 §8.5, §8.2.4) and on the corpus
 * (read from ../shared/corpus when present, never copied).
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { decode } from '../../lib/index.js'
import { readable, toJson } from '../../lib/cli/render.js'
import { mmse, repo, type Run } from '../support/cli.js'
import { cat, entry, hexOf, multipart } from '../support/wire.js'

const corpus = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url))
const hasCorpus = existsSync(corpus)

const JPEG = cat(0xff, 0xd8, 0xff, 0xe0, 'not really a jpeg', 0xff, 0xd9)

/** An m-retrieve-conf with the shapes the CLI must show and name safely. */
function retrieveConf (): Buffer {
  const related = cat(0x1b, 0xb3, 0x89, 'application/smil', 0, 0x8a, '<smil>', 0)
  const headers = cat(
    0x8c, 0x84, 0x98, 'tx-1', 0, 0x8d, 0x92, 0x85, 0x04, 0x5f, 0x5e, 0x10, 0x00,
    0x89, 0x18, 0x80, '+15551234567/TYPE=PLMN', 0,
    0x97, '+15557654321/TYPE=PLMN', 0, 0x97, 'bob@example.com', 0,
    0x96, 0x09, 0xea, 'Grüße', 0, 0x8a, 0x80, 0x8f, 0x81, 0x99, 0x80,
    'X-Custom', 0, 'v', 0,
    0x84, related,
  )
  const inner = cat(0x8c, 0x84, 0x8d, 0x92, 0x84, 0x83, 'inner body')
  const body = multipart([
    entry(cat('application/smil', 0), cat(0xc0, '"<smil>', 0, 0x8e, 'smil.smil', 0), '<smil/>'),
    entry(cat(0x0c, 0x83, 0x81, 0xea, 0x85, '../../x', 0), '', 'Hello'),
    entry(0x9e, cat(0x8e, '/etc/passwd', 0), JPEG),
    entry(0x83, cat(0xc0, '"<a\r\nb>', 0), 'cid only'),
    entry(cat('application/x-foo', 0), '', cat(0, 1, 2)),
    entry(0x83, cat(0x8e, 'con', 0), 'device name'),
    entry(cat('application/smil', 0), cat(0x8e, 'smil.smil', 0), '<smil>2</smil>'),
    entry(0xa6, '', multipart([entry(0x83, '', 'alt'), entry(0x82, '', '<b>alt</b>')])),
    entry(0xbe, '', inner),
    entry(0x83, cat(0xc5, 0x0d, 0x81, 0x98, 'report.txt', 0, 'Content-Transfer-Encoding', 0, 'base64', 0), Buffer.from('decoded!').toString('base64')),
  ])
  return Buffer.from(cat(headers, body))
}

const dir = mkdtempSync(join(tmpdir(), 'mmse-cli-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const PDU = retrieveConf()
const pduFile = join(dir, 'message.mms')
writeFileSync(pduFile, PDU)

t.test('the fixture decodes as intended', async t => {
  const message = decode(PDU)
  t.same(message.warnings, [])
  t.equal(message.parts.length, 10)
})

t.test('inspect: the readable tree', async t => {
  const run = await mmse(['inspect', '--sha256', pduFile])
  t.equal(run.code, 0, run.err)
  t.equal(run.err, '')
  t.ok(run.out.includes(`sha256: ${createHash('sha256').update(JPEG).digest('hex')}`), 'sha256 of the JPEG')
  const expected = [
    `input: ${PDU.length} bytes`,
    'm-retrieve-conf',
    'X-Mms-Message-Type [0x8c]: m-retrieve-conf',
    'X-Mms-Transaction-Id [0x98]: tx-1',
    'X-Mms-MMS-Version [0x8d]: 1.2',
    'Date [0x85]: 2020-09-13T12:26:40.000Z',
    'From [0x89]: +15551234567 (PLMN)',
    'To [0x97]: +15557654321 (PLMN)',
    'To [0x97]: bob@example.com (email)',
    'Subject [0x96]: "Grüße" [charset utf-8]',
    'X-Mms-Priority [0x8f]: normal',
    'X-Mms-Retrieve-Status [0x99]: ok (code 0x80)',
    'X-Custom: v',
    'Content-Type [0x84]: application/vnd.wap.multipart.related; type=application/smil; start=<smil>',
    'parts (10):',
    '  [0] application/smil (7 bytes)',
    'Content-ID: <smil>',
    '[1] text/plain; charset=utf-8; name=../../x (5 bytes)',
    'filename: x',
    'Content-ID: <a\\x0d\\x0ab>',
    '[7] application/vnd.wap.multipart.alternative (multipart, ',
    '    [7.0] text/plain (3 bytes)',
    '[8] application/vnd.wap.mms-message (message, ',
    '      m-retrieve-conf',
    '        [8.0] text/plain (10 bytes)',
    'Content-Transfer-Encoding: base64',
    'content-disposition: attachment; filename=report.txt',
  ]
  for (const line of expected) t.ok(run.out.includes(line), `shows ${JSON.stringify(line)}`)
  t.notMatch(run.out, /@\d/, 'no offsets unless asked')
})

t.test('inspect --json: stable keys, ISO dates, nested parts', async t => {
  const run = await mmse(['inspect', '--json', '--sha256', pduFile])
  t.equal(run.code, 0, run.err)
  const json = JSON.parse(run.out)
  t.same(Object.keys(json), ['input', 'message', 'warnings'])
  t.equal(json.input.bytes, PDU.length)
  t.equal(json.message.messageType, 'm-retrieve-conf')
  t.equal(json.message.headers.date, '2020-09-13T12:26:40.000Z')
  t.same(json.message.headers.to.map((a: { type: string }) => a.type), ['PLMN', 'email'])
  t.same(json.message.headerList[0], { code: 0x8c, name: 'X-Mms-Message-Type', key: 'messageType', value: 'm-retrieve-conf', offset: 0, length: 2 })
  const part = json.message.parts[2]
  t.same(Object.keys(part), ['path', 'index', 'kind', 'offset', 'size', 'bytes', 'contentType', 'contentId', 'contentLocation', 'filename', 'transferEncoding', 'headers', 'sha256', 'parts'])
  t.equal(part.filename, 'passwd')
  t.equal(part.sha256, createHash('sha256').update(JPEG).digest('hex'))
  t.equal(part.contentType.mediaType, 'image/jpeg')
  t.same(json.message.parts[7].parts.map((p: { path: string }) => p.path), ['7.0', '7.1'])
  t.equal(json.message.parts[8].kind, 'message')
  t.equal(json.message.parts[8].message.messageType, 'm-retrieve-conf')
  t.equal(json.message.parts[8].message.parts[0].path, '8.0')
  t.equal(json.message.parts[9].bytes, 8, 'base64 decoded')
  t.equal(json.message.parts[9].size, 12, 'as declared')
  t.same(json.warnings, [])
  t.notOk('hex' in json.message.headerList[0])
})

t.test('inspect --offsets: offsets and the raw octets of every field', async t => {
  const json = JSON.parse((await mmse(['inspect', '--json', '--offsets', pduFile])).out)
  const check = (message: { headerList: Array<{ offset: number, length: number, hex: string }> }) => {
    for (const header of message.headerList) t.equal(header.hex, PDU.subarray(header.offset, header.offset + header.length).toString('hex'))
  }
  check(json.message)
  check(json.message.parts[8].message)
  const text = await mmse(['inspect', '--offsets', pduFile])
  t.match(text.out, /@0\+2 {2}X-Mms-Message-Type \[0x8c\]: m-retrieve-conf {2}8c84/)
  t.match(text.out, /\[0\] @\d+ application\/smil/)
})

t.test('inspect of stdin equals inspect of the file', async t => {
  const file = await mmse(['inspect', '--json', pduFile])
  const stdin = await mmse(['inspect', '--json', '-'], { input: PDU })
  t.equal(stdin.code, 0, stdin.err)
  t.equal(stdin.out, file.out)
  const redirected = await mmse(['inspect', '--json', '-'], { stdinFile: pduFile })
  t.equal(redirected.out, file.out, 'stdin redirected from a file')
})

/** An unknown field (a warning with a field) and nEntries 0 before one entry (a warning without). */
const WARNED = Buffer.from(cat(0x8c, 0x84, 0x8d, 0x92, 0xfe, 0x80, 0x84, 0xa3, 0x00, entry(0x83, '', 'only one')))

t.test('inspect shows warnings and a single-part body', async t => {
  const run = await mmse(['inspect', '-'], { input: WARNED })
  t.equal(run.code, 0, run.err)
  t.match(run.out, /warnings \(2\):\n {2}WARN_MMSE_UNKNOWN_FIELD at offset 4 \(0xfe\): .*\n {2}WARN_MMSE_ENTRY_COUNT at offset \d+: /)
  const single = await mmse(['inspect', '--offsets', '-'], { input: cat(0x8c, 0x84, 0x8d, 0x92, 0x84, 0x83, 'hello') })
  t.match(single.out, /parts \(1\):\n {2}\[0\] @6 text\/plain \(5 bytes\)/, 'a body that is not multipart runs to the end')
  const unknownType = await mmse(['inspect', '-'], { input: cat(0x8c, 0xff) })
  t.match(unknownType.out, /message type 0xff \(unknown\)/)
})

t.test('decode errors exit 1 with code and offset', async t => {
  const truncated = await mmse(['inspect', '-'], { input: PDU.subarray(0, PDU.length - 3) })
  t.equal(truncated.code, 1)
  t.match(truncated.err, /^mmse: ERR_MMSE_TRUNCATED at offset \d+: /)
  const garbage = await mmse(['inspect', '-'], { input: cat('This is not a valid MMS') })
  t.equal(garbage.code, 1)
  t.match(garbage.err, /^mmse: ERR_MMSE_NOT_MMSE at offset 0: /)
  const missing = await mmse(['inspect', join(dir, 'missing.mms')])
  t.equal(missing.code, 1)
  t.match(missing.err, /^mmse: ENOENT/)
})

t.test('usage errors exit 2; --help and --version exit 0', async t => {
  const cases: Array<[string[], RegExp]> = [
    [[], /Usage: mmse <command>/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['inspect'], /expected <file>, got nothing/],
    [['inspect', 'a', 'b'], /expected <file>, got "a" "b"/],
    [['inspect', '--bogus', pduFile], /Unknown option '--bogus'/],
    [['inspect', dir], /is not a file/],
    [['extract', pduFile], /-o <dir> or --to <store>\/<key> is required/],
    [['push'], /expected <file\|hex>/],
    [['push', 'zz'], /"zz" is neither a file nor hex octets/],
    [['push', '0106', '0106'], /several inputs need --udh/],
  ]
  // Independent runs, two at a time.
  for (let i = 0; i < cases.length; i += 2) {
    const batch = cases.slice(i, i + 2)
    const runs = await Promise.all(batch.map(([args]) => mmse(args)))
    batch.forEach(([args, message], j) => {
      const run = runs[j] as Run
      t.equal(run.code, 2, args.join(' '))
      t.match(run.err + run.out, message, args.join(' '))
    })
  }
  for (const args of [['--help'], ['-h'], ['inspect', '--help'], ['push', '-h']]) {
    const run = await mmse(args)
    t.equal(run.code, 0, args.join(' '))
    t.match(run.out, /Usage: mmse/)
  }
  const version = await mmse(['--version'])
  t.equal(version.out.trim(), JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version)
})

t.test('extract: safe names, manifest, no overwrite without --force', async t => {
  const out = join(dir, 'out')
  const run = await mmse(['extract', pduFile, '-o', out])
  t.equal(run.code, 0, run.err)
  t.equal(run.err, '', 'nothing on stderr when it is not a terminal')
  const files = readdirSync(out).sort()
  t.same(files, ['_con.txt', 'ab.txt', 'manifest.json', 'part-4.bin', 'part-7-0.txt', 'part-7-1.html', 'part-8-0.txt', 'passwd.jpg', 'report.txt', 'smil-2.smil', 'smil.smil', 'x.txt'].sort())
  t.same(readFileSync(join(out, 'passwd.jpg')), JPEG)
  t.equal(readFileSync(join(out, 'report.txt'), 'utf8'), 'decoded!')
  t.equal(readFileSync(join(out, 'part-8-0.txt'), 'utf8'), 'inner body')
  t.notOk(existsSync(join(dir, 'x.txt')) || existsSync(join(dir, 'x')), 'nothing outside the directory')
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
  t.equal(manifest.message.messageType, 'm-retrieve-conf')
  t.equal(manifest.parts.length, 11, 'every leaf part')
  const jpeg = manifest.parts.find((p: { file: string }) => p.file === 'passwd.jpg')
  t.same(jpeg, { path: '2', file: 'passwd.jpg', contentType: { mediaType: 'image/jpeg', params: {} }, size: JPEG.length, sha256: createHash('sha256').update(JPEG).digest('hex'), contentId: null, contentLocation: '/etc/passwd' })
  t.same(manifest.parts.find((p: { path: string }) => p.path === '0').contentId, 'smil')

  const again = await mmse(['extract', pduFile, '-o', out])
  t.equal(again.code, 1)
  t.match(again.err, /smil\.smil exists: use --force to overwrite/, 'the first part in message order')
  rmSync(join(out, 'manifest.json'))
  const partExists = await mmse(['extract', pduFile, '-o', out])
  t.equal(partExists.code, 1)
  t.match(partExists.err, /smil\.smil exists: use --force to overwrite/)
  writeFileSync(join(out, 'passwd.jpg'), 'old')
  const forced = await mmse(['extract', '-', '-o', out, '--force'], { input: PDU })
  t.equal(forced.code, 0, forced.err)
  t.same(readFileSync(join(out, 'passwd.jpg')), JPEG, 'overwritten with --force')
})

t.test('extract fails with the decode error, exit 1', async t => {
  const run = await mmse(['extract', '-', '-o', join(dir, 'bad')], { input: PDU.subarray(0, 300) })
  t.equal(run.code, 1)
  t.match(run.err, /^mmse: ERR_MMSE_TRUNCATED at offset \d+/)
  t.notOk(existsSync(join(dir, 'bad')), 'the directory it made is gone again')
})

t.test('extract of a large input: a progress bar on a terminal only', async t => {
  const size = 3 * 1024 * 1024
  const big = cat(0x8c, 0x84, 0x8d, 0x92, 0x84, 0xa3, multipart([entry(0x9e, cat(0x8e, 'big.jpg', 0), Buffer.alloc(size, 7)), entry(0x83, '', 'tail')]))
  const bigFile = join(dir, 'big.mms')
  writeFileSync(bigFile, big)
  const piped = await mmse(['extract', bigFile, '-o', join(dir, 'big-pipe')])
  t.equal(piped.code, 0, piped.err)
  t.equal(piped.err, '', 'no bar on a pipe')
  const tty = await mmse(['extract', bigFile, '-o', join(dir, 'big-tty')], { tty: true })
  t.equal(tty.code, 0, tty.err)
  t.match(tty.err, /\[#{30}\] 100% 3\.0\/3\.0 MiB/)
  t.ok(tty.err.endsWith('\r\u001b[K'), 'the line cleared at the end')
  t.equal(readFileSync(join(dir, 'big-tty', 'big.jpg')).length, size)
})

/** A push of a small m-notification-ind, built from WAP-230 §8.2.4. */
const NOTIFICATION = Buffer.from(cat(0x8c, 0x82, 0x98, 'T-1', 0, 0x8d, 0x90, 0x88, 0x05, 0x81, 0x03, 0x01, 0x19, 0x40, 0x83, 'http://mmsc.example/m1', 0))
const PUSH = Buffer.from(cat(0x2a, 0x06, 0x03, 0xbe, 0xaf, 0x84, NOTIFICATION))

t.test('push: hex, file, stdin; headers then the notification', async t => {
  const run = await mmse(['push', PUSH.toString('hex')])
  t.equal(run.code, 0, run.err)
  for (const line of ['WSP push (TID 42)', 'Content-Type: application/vnd.wap.mms-message', 'x-wap-application-id: 4', 'application: x-wap-application:mms.ua', `body: ${NOTIFICATION.length} bytes at offset 6`, 'm-notification-ind', 'X-Mms-Expiry [0x88]: +72000 s (relative)']) {
    t.ok(run.out.includes(line), line)
  }
  const spaced = await mmse(['push', PUSH.toString('hex').replace(/(..)/g, '$1 ')])
  t.equal(spaced.out, run.out, 'hex with spaces')
  t.equal((await mmse(['push', '-'], { input: PUSH })).out, run.out, 'stdin')
  const json = JSON.parse((await mmse(['push', '--json', PUSH.toString('hex')])).out)
  t.same(json.push, { tid: 42, pduType: 'push', contentType: { mediaType: 'application/vnd.wap.mms-message', params: {} }, headers: { 'x-wap-application-id': 4 }, bodyOffset: 6, applicationId: 'x-wap-application:mms.ua', bodyBytes: NOTIFICATION.length })
  t.equal(json.message.messageType, 'm-notification-ind')
  t.same(json.warnings, [])
})

t.test('push: not MMS, warnings, errors', async t => {
  t.equal(JSON.parse((await mmse(['push', '--json', hexOf(0x01, 0x06, 0x01, 0xd9, 0x02, 0x05)])).out).message, null)
  const other = await mmse(['push', hexOf(0x01, 0x06, 0x01, 0xd9, 0x02, 0x05)])
  t.equal(other.code, 0, other.err)
  t.match(other.out, /body: 2 bytes at offset 4 \(not an MMSE PDU\)\nwarnings \(1\):\n {2}WARN_MMSE_BAD_VALUE at offset 3 \(Content-Type\)/)
  const warnedJson = JSON.parse((await mmse(['push', '--json', hexOf(0x01, 0x06, 0x01, 0xbe, WARNED)])).out)
  t.equal(warnedJson.message.messageType, 'm-retrieve-conf')
  t.same(warnedJson.warnings.map((w: { code: string, field: string | null }) => [w.code, w.field]), [['WARN_MMSE_UNKNOWN_FIELD', '0xfe'], ['WARN_MMSE_ENTRY_COUNT', null]])
  const retrieve = await mmse(['push', '--sha256', hexOf(0x01, 0x06, 0x01, 0xbe, PDU)])
  t.equal(retrieve.code, 0, retrieve.err)
  t.ok(retrieve.out.includes(`sha256: ${createHash('sha256').update(JPEG).digest('hex')}`), 'a retrieve-conf inside a push, parts hashed')
  t.match(retrieve.out, /\[8\] application\/vnd\.wap\.mms-message \(message, 16 bytes, 1 part\)/)
  const bad = await mmse(['push', '0105'])
  t.equal(bad.code, 1)
  t.match(bad.err, /^mmse: ERR_MMSE_BAD_PUSH at offset 2: /)
  const inner = await mmse(['push', hexOf(0x01, 0x06, 0x01, 0xbe, 'zz')])
  t.equal(inner.code, 1)
  t.match(inner.err, /^mmse: ERR_MMSE_NOT_MMSE at offset 4: /)
})

/** SMS user data segments: UDH with 16-bit ports and 8-bit concatenation, then a slice of the push. */
function smsSegments (pdu: Buffer, size: number): string[] {
  const count = Math.ceil(pdu.length / size)
  return Array.from({ length: count }, (_, i) => hexOf(0x0b, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0, 0x00, 0x03, 0x5a, count, i + 1, pdu.subarray(i * size, (i + 1) * size)))
}

t.test('push --udh: segments in any order', async t => {
  const segments = smsSegments(PUSH, 16)
  t.equal(segments.length, 3)
  const run = await mmse(['push', '--udh', ...[...segments].reverse()])
  t.equal(run.code, 0, run.err)
  t.match(run.out, /SMS user data header:\n {2}ports: 9200 -> 2948 \(16-bit\)\n {2}concatenated: reference 90 \(8-bit\), 3 segments/)
  t.match(run.out, /m-notification-ind/)
  const single = await mmse(['push', '--udh', hexOf(0x06, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0, PUSH)])
  t.equal(single.code, 0, single.err)
  t.notMatch(single.out, /concatenated/)
  const noPorts = await mmse(['push', '--udh', hexOf(0x00, PUSH)])
  t.equal(noPorts.code, 0, noPorts.err)
  t.match(noPorts.out, /SMS user data header:\nm-notification-ind/)
  const incomplete = await mmse(['push', '--udh', segments[0] as string, segments[2] as string])
  t.equal(incomplete.code, 1)
  t.match(incomplete.err, /^mmse: ERR_MMSE_BAD_PUSH at offset 0: 2 of 3 segments of reference 90/)
})

t.test('readable(): one line per value shape', async t => {
  const cases: Array<[unknown, string]> = [
    [new Date(0), '1970-01-01T00:00:00.000Z'],
    [new Uint8Array([1, 0xab]), '0x01ab'],
    [true, 'yes'],
    [false, 'no'],
    [12n ** 20n, (12n ** 20n).toString()],
    [undefined, 'undefined'],
    [null, 'null'],
    [{ absolute: new Date(0) }, '1970-01-01T00:00:00.000Z (absolute)'],
    [{ relative: 60 }, '+60 s (relative)'],
    [{ insertAddress: true }, '(insert-address-token: the MMSC inserts the sender)'],
    [{ address: '1', type: 'PLMN', raw: '1/TYPE=PLMN', mib: 2026 }, '1 (PLMN) [charset MIBenum 2026]'],
    [{ forwardCount: 1, address: { address: 'a@b', type: 'email', raw: 'a@b' } }, '#1 a@b (email)'],
    [{ forwardCount: 2, date: new Date(0) }, '#2 1970-01-01T00:00:00.000Z'],
    [{ statusCount: 3, uri: 'http://x' }, '[3] http://x'],
    [{ statusCount: 3, text: { text: 'gone' } }, '[3] "gone"'],
    [{ statusCount: 3, status: { name: 'ok', code: 0x80 } }, '[3] ok (code 0x80)'],
    [{ text: '?', mib: 0, raw: new Uint8Array([0x41]) }, '"?" [charset MIBenum 0] raw=41'],
    [{ mediaType: 'text/plain', params: { charset: 'utf-8' }, unknownCode: 0x59 }, 'text/plain; charset=utf-8 [unassigned code 0x59]'],
    [{ action: 'add', flag: { text: 'seen' } }, 'add "seen"'],
    [{ unit: 'messages', value: 5 }, '5 messages'],
    [{ contentReference: 'ref', params: { type: 'x' } }, 'ref; type=x'],
    [[{ relative: 1 }, 'a'], '+1 s (relative), a'],
    ['a\r\n\u001b[2J\u0085', 'a\\x0d\\x0a\\x1b[2J\\x85'],
    [{ other: 1n }, '{"other":"1"}'],
  ]
  for (const [value, expected] of cases) t.equal(readable(value), expected, expected)
  t.same(toJson({ a: [1n, new Date(0), new Uint8Array([255])], b: Object.assign(Object.create(null), { c: 'd' }) }), { a: ['1', '1970-01-01T00:00:00.000Z', 'ff'], b: { c: 'd' } })
})

t.test('corpus: inspect and extract agree with decode()', { skip: hasCorpus ? false : `no corpus at ${corpus}` }, async t => {
  const files = readFileSync(join(corpus, 'CATALOG.tsv'), 'utf8').split('\n').slice(1).filter(Boolean).map(line => line.split('\t')[0] as string)
  const retrieve = files.filter(f => f.endsWith('m-retrieve_2.conf') && !f.includes('_history'))
  const picks = [...retrieve, ...files.filter(f => f.endsWith('.wsppush')).slice(0, 1), ...files.filter(f => f.endsWith('BTMMS.MMS'))]
  for (const name of picks) {
    const path = join(corpus, name)
    const bytes = readFileSync(path)
    if (name.endsWith('.wsppush')) {
      const run = await mmse(['push', path])
      t.equal(run.code, 0, `${name}: ${run.err}`)
      t.match(run.out, /application: x-wap-application:mms\.ua/)
      t.match(run.out, /m-notification-ind/)
      continue
    }
    const decoded = decode(bytes)
    const json = JSON.parse((await mmse(['inspect', '--json', '--sha256', path])).out)
    t.equal(json.message.headerList.length, decoded.headerList.length, name)
    const leaves = (parts: typeof decoded.parts): Array<{ path: string, data: Uint8Array }> => parts.flatMap(p => p.parts !== undefined ? leaves(p.parts) : [{ path: p.path.join('.'), data: p.data }])
    const flat = (parts: Array<{ path: string, sha256: string | null, parts: unknown[] }>): Array<{ path: string, sha256: string | null }> => parts.flatMap(p => p.parts.length > 0 ? flat(p.parts as typeof parts) : [{ path: p.path, sha256: p.sha256 }])
    const expected = leaves(decoded.parts).map(p => ({ path: p.path, sha256: createHash('sha256').update(p.data).digest('hex') }))
    t.same(flat(json.message.parts), expected, `${name}: parts and their data`)
    const out = join(dir, `corpus-${expected.length}`)
    const run = await mmse(['extract', path, '-o', out])
    t.equal(run.code, 0, run.err)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    t.same(manifest.parts.map((p: { path: string, sha256: string }) => ({ path: p.path, sha256: p.sha256 })), expected, `${name}: extracted`)
    for (const part of manifest.parts) t.equal(createHash('sha256').update(readFileSync(join(out, part.file))).digest('hex'), part.sha256)
    t.comment(`${name}: ${bytes.length} bytes, ${expected.length} parts`)
  }
})
