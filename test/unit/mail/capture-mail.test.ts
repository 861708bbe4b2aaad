// CaptureMail: an MMS found in a capture, its scan events in, its mail out: the same mail as
// toMime() makes of the PDU; a part's data held back while the mail is not read; an MMS the
// capture holds in part, or that has no mail form, fails the output; a reader that goes away
// leaves nothing waiting.
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import t from 'tap'
import { buildSendReq, type CaptureEvent, CaptureScanner, decode, encode } from '../../../lib/index.js'
import { CaptureMail } from '../../../lib/mail/capture-mail.js'
import { conversation, ENDS, httpRequest, packets, pcap } from '../../support/pcap.js'
import { collect, mailOf, readMail } from '../../support/mail.js'
import { within } from '../../support/within.js'

// Far larger than what the streams between the part and the mail's reader hold (Node 22 made
// their default high-water mark 64 KiB), so that holding it back shows.
const photo = Buffer.alloc(2_000_000, 0x5a)
const sendReq = encode(buildSendReq({ to: '+15550002', subject: 'capture', parts: [{ contentType: 'image/jpeg', data: photo, name: 'cat.jpg' }, { contentType: 'text/plain', data: 'hi' }] }))

/** The scan events of a capture holding `pdus`, one POST each, its segments all kept or all but `drop`. */
async function scanEvents (pdus: Uint8Array[], drop?: number): Promise<CaptureEvent[]> {
  const exchanges = pdus.map((pdu) => ({ request: httpRequest('POST', '/mms', pdu, { 'Content-Type': 'application/vnd.wap.mms-message' }) }))
  const segments = conversation(ENDS, exchanges, 1400).filter((_, i) => i !== drop)
  const scanner = new CaptureScanner({ raw: true })
  const fed = pipeline(Readable.from([pcap(packets(ENDS, segments))]), scanner)
  const events: CaptureEvent[] = []
  // The data views last until the next event: kept as copies.
  for await (const event of scanner.events()) events.push(event.type === 'data' ? { ...event, data: Buffer.from(event.data) } : event)
  await fed
  return events
}

/** Writes the events of MMS `id` to `mail`, each once the last was taken. */
async function feed (mail: CaptureMail, events: CaptureEvent[], id = 1): Promise<void> {
  for (const event of events) if ('id' in event && event.id === id) await mail.write(event)
}

t.test('the mail of a scanned MMS is the mail of its PDU, every part streamed', async (t) => {
  const events = await scanEvents([sendReq])
  t.ok(events.some((e) => e.type === 'raw') && events.some((e) => e.type === 'header'), 'events that are not the mail\'s come too')
  const mail = new CaptureMail({ domain: 'mms.example' })
  const [, bytes] = await within(Promise.all([feed(mail, events), collect(mail.output)]))
  const read = await readMail(bytes)
  const whole = await readMail(await mailOf(decode(sendReq), { domain: 'mms.example' }))
  t.same(read.parts.map((p) => p.data), whole.parts.map((p) => p.data))
  t.same(read.parts[0]?.data, photo)
  t.same(read.headers.subject, whole.headers.subject)
  t.same(read.headers.to, whole.headers.to)
})

t.test('a nested multipart, a single-part body, a bodiless PDU: as toMime() writes them from the PDU', async (t) => {
  const pdus = [
    encode({
      headers: { messageType: 'm-retrieve-conf', transactionId: 'A', mmsVersion: '1.2', date: new Date(0), contentType: 'application/vnd.wap.multipart.mixed' },
      parts: [
        { contentType: 'application/vnd.wap.multipart.alternative', headers: { 'content-id': '<alt>' }, parts: [{ contentType: 'text/plain', data: 'one' }, { contentType: 'text/html', data: '<p>one</p>' }] },
        { contentType: 'image/png', data: Buffer.alloc(5000, 3) },
      ],
    } as never),
    encode({ headers: { messageType: 'm-retrieve-conf', transactionId: 'B', mmsVersion: '1.2', date: new Date(0), contentType: 'text/plain' }, parts: [{ contentType: 'text/plain', data: 'only' }] } as never),
    encode({ headers: { messageType: 'm-notifyresp-ind', transactionId: 'C', mmsVersion: '1.2', status: 'retrieved' } } as never),
  ]
  const events = await scanEvents(pdus)
  const shapes: Array<[number, number]> = []
  for (const [index, pdu] of pdus.entries()) {
    const mail = new CaptureMail()
    const [, bytes] = await within(Promise.all([feed(mail, events, index + 1), collect(mail.output)]))
    const read = await readMail(bytes)
    const whole = await readMail(await mailOf(decode(pdu)))
    t.same(read.parts.map((p) => p.data), whole.parts.map((p) => p.data), `PDU ${index}: its parts`)
    t.same(read.nested.map((n) => n.contentType.mediaType), whole.nested.map((n) => n.contentType.mediaType), `PDU ${index}: its nested multiparts`)
    t.same(read.headers.transactionId, decode(pdu).headers.transactionId)
    shapes.push([read.parts.length, read.nested.length])
  }
  t.same(shapes, [[3, 1], [1, 0], [0, 0]], 'parts and nested multiparts of each')
})

t.test('a part\'s data waits while the mail is not read', async (t) => {
  const events = (await scanEvents([sendReq])).filter((e) => 'id' in e && e.id === 1)
  const mail = new CaptureMail({ highWaterMark: 16 * 1024 })
  let written = 0
  let at = 0
  let waiting: Promise<void> | undefined
  for (; at < events.length && waiting === undefined; at++) {
    const event = events[at] as CaptureEvent
    const write = mail.write(event)
    let taken = false
    void write.then(() => { taken = true })
    // Nothing but a read of the output lets a held write go: one turn of the loop tells.
    await new Promise((resolve) => setImmediate(resolve))
    if (!taken) waiting = write
    if (event.type === 'data') written += event.data.length
  }
  t.ok(waiting !== undefined, 'a write waits')
  t.ok(written < photo.length / 4, `held back after ${written} octets of ${photo.length}`)
  const bytes = collect(mail.output)
  await within(waiting as Promise<void>)
  await within(feed(mail, events.slice(at)))
  const read = await readMail(await within(bytes))
  t.same(read.parts[0]?.data, photo)
})

t.test('an MMS the capture holds in part: the output fails, with the decoder\'s error or a truncation', async (t) => {
  const cut = await scanEvents([sendReq], 4)
  const end = cut.find((e) => e.type === 'end') as Extract<CaptureEvent, { type: 'end' }>
  t.equal(end.end.complete, false)
  t.match(end.end.error, { code: 'ERR_MMSE_TRUNCATED' })
  const mail = new CaptureMail()
  const failed = within(collect(mail.output).then(() => undefined, (err: unknown) => err))
  await within(feed(mail, cut))
  t.equal(await failed, end.end.error, 'the decoder\'s own error')
  await mail.write(end)
  t.pass('an event after the end is dropped')

  // Every octet of the PDU came, but its carrier said more would: incomplete all the same.
  const whole = (await scanEvents([sendReq])).filter((e) => 'id' in e && e.id === 1)
  const last = whole.pop() as Extract<CaptureEvent, { type: 'end' }>
  const short = new CaptureMail()
  const shortFailed = within(collect(short.output).then(() => undefined, (err: unknown) => err))
  await feed(short, [...whole, { ...last, end: { ...last.end, complete: false } }])
  t.match(await shortFailed, { code: 'ERR_MMSE_TRUNCATED', offset: sendReq.length, message: `the capture holds ${sendReq.length} octets of the MMS, not all of it` })
})

t.test('no mail form: the output fails and the writes that follow take nothing', async (t) => {
  const nested = encode({
    headers: { messageType: 'm-retrieve-conf', transactionId: 'N', mmsVersion: '1.2', date: new Date(0), contentType: 'application/vnd.wap.multipart.mixed' },
    parts: [{ contentType: 'application/vnd.wap.mms-message', data: encode(buildSendReq({ to: '+1', parts: [{ contentType: 'text/plain', data: 'x' }] })) }, { contentType: 'image/png', data: Buffer.alloc(200_000, 7) }],
  } as never)
  const events = await scanEvents([nested])
  t.ok(events.some((e) => e.type === 'nested' && e.info.kind === 'message'))
  const mail = new CaptureMail()
  const failed = collect(mail.output).then(() => undefined, (err: unknown) => err)
  await within(feed(mail, events))
  t.match(await within(failed), { code: 'ERR_MMSE_BAD_INPUT', message: /part 0 is an MMSE PDU/ })
})

t.test('a reader that goes away mid-part: the waiting write is let go, what follows is dropped', async (t) => {
  const events = (await scanEvents([sendReq])).filter((e) => 'id' in e && e.id === 1)
  const mail = new CaptureMail({ highWaterMark: 1024 })
  const output = mail.output
  output.once('data', () => output.destroy())
  await within(feed(mail, events))
  t.ok(output.destroyed)
})
