/**
 * `mmse convert` and `mmse extract --eml` as users run them (in process): a PDU to mail and
 * back, the direction found from the input, --to checked, stdout or an atomic file, stdin.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import t from 'tap'
import { decode } from '../../lib/index.js'
import { mmse } from '../support/cli.js'
import { readMail } from '../support/mail.js'

const SAMPLE = readFileSync(new URL('../../examples/sample.mms', import.meta.url))

t.test('a PDU to mail and back, every part and mapped field kept', async t => {
  const dir = t.testdir({ 'in.mms': SAMPLE })
  const toEml = await mmse(['convert', `${dir}/in.mms`, '-o', `${dir}/out.eml`, '--domain', 'mms.example'])
  t.same([toEml.code, toEml.err], [0, ''])
  const mail = readFileSync(`${dir}/out.eml`)
  t.match(mail.toString(), /^From: \+15551234567\/TYPE=PLMN@mms\.example\r\n/)
  const back = await mmse(['convert', `${dir}/out.eml`, '--to', 'mms', '-o', `${dir}/back.mms`])
  t.same([back.code, back.err], [0, ''])
  const original = decode(SAMPLE)
  const again = decode(readFileSync(`${dir}/back.mms`))
  t.same(again.parts.map(p => Buffer.from(p.data)), original.parts.map(p => Buffer.from(p.data)))
  t.same([again.headers.subject?.text, again.headers.from, again.headers.date], [original.headers.subject?.text, original.headers.from, original.headers.date])
  t.same(readdirSync(dir).sort(), ['back.mms', 'in.mms', 'out.eml'], 'no temporary left')
})

t.test('stdin to stdout; a plain mail becomes an m-retrieve-conf of MMS 1.2', async t => {
  const run = await mmse(['convert', '-'], { input: 'From: a@example.com\r\nDate: Mon, 7 Dec 2026 08:00:00 +0000\r\nSubject: hi\r\n\r\nhello\r\n' })
  t.equal(run.code, 0)
  const message = decode(run.stdout)
  t.same([message.headers.messageType, message.headers.mmsVersion, message.headers.subject?.text, Buffer.from(message.parts[0]?.data ?? []).toString()], ['m-retrieve-conf', '1.2', 'hi', 'hello\r\n'])
  const eml = await mmse(['convert', '-', '--to', 'eml'], { stdinStream: Readable.from([SAMPLE.subarray(0, 100), SAMPLE.subarray(100)]) })
  t.equal(eml.code, 0)
  t.equal((await readMail(eml.stdout)).parts.length, 3)
})

t.test('usage errors and failures', async t => {
  const dir = t.testdir({ 'in.mms': SAMPLE, 'in.eml': 'Subject: x\r\n\r\nbody' })
  t.match(await mmse(['convert', `${dir}/in.mms`, '--to', 'mms']), { code: 2, err: /is an MMSE PDU: it converts to eml/ })
  t.match(await mmse(['convert', `${dir}/in.eml`, '--to', 'eml']), { code: 2, err: /not an MMSE PDU \(read as mail\): it converts to mms/ })
  t.match(await mmse(['convert', `${dir}/in.eml`, '--to', 'pdf']), { code: 2, err: /--to takes eml or mms/ })
  t.match(await mmse(['convert']), { code: 2 })
  t.match(await mmse(['convert', '-'], { input: '' }), { code: 1, err: /ERR_MMSE_MISSING_FIELD/ }, 'an empty input is a mail without a Date')
  writeFileSync(`${dir}/nested.eml`, 'Date: Mon, 7 Dec 2026 08:00:00 +0000\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n--a--\r\n')
  t.match(await mmse(['convert', `${dir}/nested.eml`, '-o', `${dir}/nested.mms`]), { code: 1, err: /ERR_MMSE_BAD_INPUT.*nested multipart/ })
  t.notOk(existsSync(`${dir}/nested.mms`), 'a failed run leaves no output')
  t.match(await mmse(['convert', `${dir}/in.mms`, '-o', `${dir}/missing/out.eml`]), { code: 1, err: /ENOENT/ })
  const truncated = SAMPLE.subarray(0, SAMPLE.length - 10)
  writeFileSync(`${dir}/cut.mms`, truncated)
  t.match(await mmse(['convert', `${dir}/cut.mms`, '-o', `${dir}/cut.eml`]), { code: 1, err: /ERR_MMSE_TRUNCATED/ })
  t.notOk(existsSync(`${dir}/cut.eml`))
  t.same(readdirSync(dir).filter(name => name.startsWith('.mmse-')), [])
})

t.test('extract --eml writes the message as message.eml', async t => {
  const dir = t.testdir({ 'in.mms': SAMPLE })
  const run = await mmse(['extract', `${dir}/in.mms`, '-o', `${dir}/out`, '--eml'])
  t.same([run.code, run.err], [0, ''])
  t.same(readdirSync(`${dir}/out`), ['message.eml'])
  const mail = await readMail(readFileSync(`${dir}/out/message.eml`))
  t.same(mail.parts.map(p => p.data), decode(SAMPLE).parts.map(p => Buffer.from(p.data)))
  writeFileSync(`${dir}/cut.mms`, SAMPLE.subarray(0, 100))
  t.match(await mmse(['extract', `${dir}/cut.mms`, '-o', `${dir}/cut`, '--eml']), { code: 1 })
  t.notOk(existsSync(`${dir}/cut`), 'nothing left by a failed run')
})
