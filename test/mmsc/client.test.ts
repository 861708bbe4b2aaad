/**
 * The phone-side CLI (`mmse send`, `mmse fetch`) against the example MMSC: a message sent from
 * files, notified, fetched by its Content-Location, its parts back byte for byte, and the
 * phone's answer turned into the sender's delivery report.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { decode } from '../../lib/index.js'
import { mmse } from '../support/cli.js'
import { startMmsc } from '../support/mmsc-harness.js'
import { seededBytes } from '../support/mmsc-streams.js'

t.setTimeout(60_000)

const ALICE = '+15550001'
const BOB = '+15550002'

t.test('mmse send, then mmse fetch of the notification, answered as a phone does', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'mmse-mmsc-client-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const photo = seededBytes(7, 50_000)
  writeFileSync(join(dir, 'photo.jpg'), photo)
  writeFileSync(join(dir, 'note.txt'), 'Grüße')
  const { url, notifier, mmsc } = await startMmsc(t)
  const sent = await mmse(['send', '--mmsc', url, '--to', BOB, '--subject', 'Hi', '--delivery-report',
    '--header', `x-msisdn: ${ALICE}`, join(dir, 'photo.jpg'), join(dir, 'note.txt')])
  t.equal(sent.code, 0, sent.err)
  t.match(sent.out, /Response-Status.*ok/i)

  const [push] = await notifier.reached(1)
  const notification = decode(push?.pdu as Uint8Array).headers
  t.equal(push?.to, BOB)
  const out = join(dir, 'inbox')
  const fetched = await mmse(['fetch', notification.contentLocation as string, '-o', out,
    '--transaction-id', notification.transactionId as string, '--mmsc', url])
  t.equal(fetched.code, 0, fetched.err)
  t.ok(readFileSync(join(out, 'photo.jpg')).equals(photo), 'the photo byte for byte')
  t.equal(readFileSync(join(out, 'note.txt'), 'utf8'), 'Grüße')
  t.match(readFileSync(join(out, 'manifest.json'), 'utf8'), /application\/smil/)

  const [, report] = await notifier.reached(2)
  t.equal(report?.to, ALICE)
  t.match(decode(report?.pdu as Uint8Array).headers, { messageType: 'm-delivery-ind', status: 'retrieved' })
  await mmsc.settled()

  const refused = await mmse(['send', '--mmsc', url, '--to', BOB, join(dir, 'note.txt')])
  t.equal(refused.code, 1, 'no sender header: refused')
  t.match(refused.err, /error-permanent-service-denied/)
})
