/**
 * `mmse notify`, run in process (`main()` on streams in memory): a notification (a .mms file, a JSON spec in
 * the decoder's shape, either on stdin) into a WAP Push (WAP-230 §8.2.4) as hex or binary, and
 * into SMS user data segments (3GPP TS 23.040 §9.2.3.24), one hex line each; `mmse push --udh`
 * reads those lines back.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { decode, encode, encodePush, segmentPush } from '../../lib/index.js'
import { mmse } from '../support/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'mmse-push-cli-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

const spec = {
  headers: {
    messageType: 'm-notification-ind', transactionId: 'T-cli', mmsVersion: '1.2', messageClass: 'personal',
    messageSize: 4096, expiry: { absolute: '2030-01-02T03:04:05.000Z' }, subject: { text: 'Grüße' },
    contentLocation: `http://mmsc.example/m/${'x'.repeat(150)}`,
  },
}
const NOTIFICATION = encode({ headers: { ...spec.headers, messageType: 'm-notification-ind', expiry: { absolute: new Date(spec.headers.expiry.absolute) } } })
const specFile = join(dir, 'notification.json')
writeFileSync(specFile, JSON.stringify(spec))
const mmsFile = join(dir, 'notification.mms')
writeFileSync(mmsFile, NOTIFICATION)
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

t.test('a .mms file and a JSON spec give the same push, as hex', async t => {
  t.same(decode(NOTIFICATION).headers.subject?.text, 'Grüße', 'the fixture')
  const expected = `${hex(encodePush({ body: NOTIFICATION }))}\n`
  for (const [what, args, input] of [
    ['.mms file', [mmsFile], undefined], ['JSON spec', [specFile], undefined], ['JSON on stdin', ['-'], Buffer.from(JSON.stringify(spec))],
  ] as const) {
    const run = await mmse(['notify', ...args], { input })
    t.equal(run.code, 0, `${what}: exit 0 ${run.err}`)
    t.equal(run.out, expected, what)
  }
})

t.test('--sms: the segments, one hex line each, that `mmse push --udh` reads back', async t => {
  const push = encodePush({ body: NOTIFICATION, tid: 9, pduType: 'confirmed-push', headers: { 'x-wap-initiator-uri': 'http://mmsc.example/' } })
  const run = await mmse(['notify', mmsFile, '--sms', '--tid', '9', '--confirmed', '--initiator', 'http://mmsc.example/', '--reference', '200'])
  t.equal(run.code, 0, run.err)
  const lines = run.out.trimEnd().split('\n')
  t.same(lines, segmentPush(push, { reference: 200 }).map(hex))
  t.ok(lines.length >= 2, `${lines.length} segments`)
  const back = await mmse(['push', '--udh', '--json', ...[...lines].reverse()])
  t.equal(back.code, 0, back.err)
  const json = JSON.parse(back.out) as { push: { tid: number, pduType: string }, message: { headers: Record<string, unknown> } }
  t.equal(json.push.tid, 9)
  t.equal(json.push.pduType, 'confirmed-push')
  t.equal(json.message.headers.contentLocation, spec.headers.contentLocation)
  const wide = await mmse(['notify', specFile, '--sms', '--reference16', '--reference', '4660'])
  t.same(wide.out.trimEnd().split('\n'), segmentPush(encodePush({ body: NOTIFICATION }), { reference: 4660, referenceBits: 16 }).map(hex), '16-bit reference')
  const counted = await mmse(['notify', specFile, '--sms'])
  t.same(counted.out.trimEnd().split('\n'), segmentPush(encodePush({ body: NOTIFICATION }), { reference: 1 }).map(hex), 'the first reference a process hands out is 1')
})

t.test('-o: the binary push to a file or stdout, the hex lines to a file', async t => {
  const push = encodePush({ body: NOTIFICATION })
  const file = join(dir, 'out.wsppush')
  t.equal((await mmse(['notify', mmsFile, '-o', file])).code, 0)
  t.same(readFileSync(file), Buffer.from(push))
  const stdout = await mmse(['notify', mmsFile, '-o', '-'])
  t.same(stdout.stdout, Buffer.from(push))
  const lines = join(dir, 'out.txt')
  t.equal((await mmse(['notify', mmsFile, '--sms', '--reference', '3', '-o', lines])).code, 0)
  t.equal(readFileSync(lines, 'utf8'), segmentPush(push, { reference: 3 }).map(s => `${hex(s)}\n`).join(''))
})

t.test('errors: usage (exit 2), a PDU that does not decode (exit 1)', async t => {
  const usage = await mmse(['notify'])
  t.equal(usage.code, 2)
  t.match(usage.err, 'expected <spec.json|notification.mms>')
  for (const args of [['--tid', '256'], ['--tid', 'x']]) {
    const run = await mmse(['notify', mmsFile, ...args])
    t.equal(run.code, 2, args.join(' '))
    t.match(run.err, /--tid must be an integer 0-255/)
  }
  const truncated = join(dir, 'cut.mms')
  writeFileSync(truncated, NOTIFICATION.subarray(0, 10))
  const cut = await mmse(['notify', truncated])
  t.equal(cut.code, 1)
  t.match(cut.err, /^mmse: ERR_MMSE_TRUNCATED at offset \d+/)
})
