/**
 * `mmse encode` as users run it (in process: `main()` on streams in memory): JSON in, a PDU
 * out; the output decodes to what the spec says, and inspect --json output (plus part bodies)
 * encodes back to the bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import t from 'tap'
import { decode } from '../../lib/index.js'
import { mmse as run } from '../support/cli.js'

const mmse = async (args: string[], input?: string) => await run(args, input === undefined ? {} : { input })

t.test('a hand-written spec with bodies from a file, text and hex', async t => {
  const dir = t.testdir({ 'photo.jpg': Buffer.from([0xff, 0xd8, 0xff, 0xd9]) })
  const spec = {
    headers: {
      messageType: 'm-send-req', transactionId: 't-42', mmsVersion: '1.3',
      from: { insertAddress: true }, to: ['+15551234567/TYPE=PLMN'], subject: 'Grüße',
      date: '2026-01-02T03:04:05.000Z', expiry: { relative: 3600 }, messageSize: '12345678901234567890',
      contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} },
    },
    parts: [
      { contentType: 'image/jpeg', headers: { 'content-location': 'photo.jpg' }, file: 'photo.jpg' },
      { contentType: { mediaType: 'text/plain', params: { charset: 'utf-8' } }, text: 'hej då' },
      { contentType: 'application/octet-stream', hex: '00ff10' },
      { contentType: 'application/vnd.wap.multipart.alternative', parts: [{ contentType: 'text/plain', text: 'alt' }] },
    ],
  }
  writeFileSync(`${dir}/spec.json`, JSON.stringify(spec))
  const run = await mmse(['encode', `${dir}/spec.json`, '-o', `${dir}/out.mms`])
  t.equal(run.code, 0, run.err)
  const message = decode(readFileSync(`${dir}/out.mms`))
  t.match(message.headers, { messageType: 'm-send-req', transactionId: 't-42', subject: { text: 'Grüße' }, expiry: { relative: 3600 } })
  t.equal(message.headers.date?.toISOString(), '2026-01-02T03:04:05.000Z')
  t.equal(message.headers.messageSize, 12345678901234567890n)
  t.same(message.parts.map(p => Buffer.from(p.data).toString('hex')).slice(0, 3), ['ffd8ffd9', Buffer.from('hej då').toString('hex'), '00ff10'])
  t.equal(message.parts[0]?.contentLocation, 'photo.jpg')
  t.equal(Buffer.from(message.parts[3]?.parts?.[0]?.data ?? []).toString(), 'alt')
})

t.test('inspect --json output plus bodies encodes back to the same bytes', async t => {
  const sample = readFileSync(new URL('../../examples/sample.mms', import.meta.url))
  const inspected = await mmse(['inspect', '--json', 'examples/sample.mms'])
  t.equal(inspected.code, 0, inspected.err)
  const json = JSON.parse(inspected.stdout.toString()) as { message: { parts: Array<Record<string, unknown>> } }
  const decoded = decode(sample)
  json.message.parts.forEach((part, i) => { part.hex = Buffer.from(decoded.parts[i]?.data ?? []).toString('hex') })
  const run = await mmse(['encode', '-', '-o', '-'], JSON.stringify(json))
  t.equal(run.code, 0, run.err)
  t.equal(run.stdout.toString('hex'), sample.toString('hex'), 'byte-identical')
})

t.test('nested PDUs and octets given as hex', async t => {
  const dir = t.testdir()
  const spec = {
    headers: {
      messageType: 'm-mbox-view-conf', transactionId: 'v', mmsVersion: '1.2', responseStatus: 'ok',
      contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} },
    },
    parts: [{
      contentType: 'application/vnd.wap.mms-message',
      message: {
        headers: {
          messageType: 'm-mbox-descr', mmsVersion: '1.2',
          subject: { text: 'ignored: raw wins', charset: 'utf-8', mib: 106, raw: '686921' },
          to: [{ address: 'a@b.example', type: 'email', raw: 'a@b.example' }],
        },
      },
    }],
  }
  writeFileSync(`${dir}/view.json`, JSON.stringify(spec))
  const run = await mmse(['encode', `${dir}/view.json`, '-o', `${dir}/view.mms`])
  t.equal(run.code, 0, run.err)
  const inner = decode(readFileSync(`${dir}/view.mms`)).parts[0]?.message
  t.equal(inner?.headers.subject?.text, 'hi!', 'the raw octets were written')
  t.equal(inner?.headers.to?.[0]?.address, 'a@b.example', 'an address keeps its raw text')
})

t.test('errors: usage (2) and encoding (1)', async t => {
  const dir = t.testdir({ 'bad.json': '{ nope', 'empty.json': '{}', 'number.json': '7', 'incomplete.json': JSON.stringify({ headers: { messageType: 'm-send-conf' } }) })
  t.equal((await mmse(['encode', `${dir}/empty.json`])).code, 2, '-o missing')
  t.match(await mmse(['encode', `${dir}/bad.json`, '-o', '-']), { code: 2, err: /not JSON/ })
  t.match(await mmse(['encode', `${dir}/empty.json`, '-o', '-']), { code: 2, err: /no "headers"/ })
  t.match(await mmse(['encode', `${dir}/number.json`, '-o', '-']), { code: 2, err: /JSON object/ })
  t.match(await mmse(['encode', `${dir}/incomplete.json`, '-o', '-']), { code: 1, err: /ERR_MMSE_MISSING_FIELD/ })
  t.match(await mmse(['encode', `${dir}/missing.json`, '-o', '-']), { code: 1, err: /ENOENT/ })
  writeFileSync(`${dir}/ok.json`, JSON.stringify({ headers: { messageType: 'm-send-conf', transactionId: 't', mmsVersion: '1.2', responseStatus: 'ok' } }))
  t.match(await mmse(['encode', `${dir}/ok.json`, '-o', `${dir}/no/such/dir/out.mms`]), { code: 1, err: /ENOENT/ }, 'an output that cannot be written')
})
