/**
 * How the inspector lists a captured MMS (web/src/capture-format.ts, web/src/capture-list.ts),
 * here in Node: times to the nanosecond, IPv6 ends in brackets, carriers, long frame lists
 * cut, states; and the list built from a scan's events keeps each message's octets as
 * decodeCapture() does, up to the first one the capture lost.
 */
import t from 'tap'
import { CaptureScanner, type CaptureEvent, decodeCapture, encode } from '../../../lib/index.js'
import { captureTime, carrierText, endpoint, framesText, MAX_FRAMES_SHOWN, stateText } from '../../../web/src/capture-format.js'
import { type CapturedEntry, CaptureList } from '../../../web/src/capture-list.js'
import { conversation, ENDS, httpRequest, httpResponse, packets, pcap } from '../../support/pcap.js'

const context = {
  id: 1, time: 1_767_225_600_000_000_007n, interface: 0, src: { address: '2001:db8::1', port: 40000 }, dst: { address: '10.0.0.2', port: 80 },
  path: ['ipv6', 'tcp', 'http'], direction: 'response', carrier: { kind: 'GET', uri: '/m/1', status: 200 }, frame: 3,
}

t.test('context as text', async t => {
  t.equal(captureTime(context.time), '2026-01-01 00:00:00.000000007')
  t.equal(captureTime(10n ** 30n), `${10n ** 30n} ns`, 'a time past what a Date holds stays a number')
  t.equal(endpoint(context.src), '[2001:db8::1]:40000')
  t.equal(endpoint(context.dst), '10.0.0.2:80')
  t.equal(carrierText(context), 'GET /m/1 → 200')
  t.equal(carrierText({ ...context, carrier: { kind: 'Push', applicationId: 'x-wap-application:mms.ua', tid: 0 } }), 'Push x-wap-application:mms.ua TID 0')
  t.equal(framesText([4, 6]), '4, 6')
  const many = Array.from({ length: 40 }, (_, i) => i + 1)
  t.equal(framesText(many), `${many.slice(0, MAX_FRAMES_SHOWN - 1).join(', ')}, …, 40 (40 frames)`)
  const entry: CapturedEntry = { id: 1, context, frames: [3], captureWarnings: [], warnings: [] }
  t.equal(stateText(entry), 'unfinished')
  t.equal(stateText({ ...entry, complete: true }), 'complete')
  t.equal(stateText({ ...entry, complete: false, error: { code: 'ERR_MMSE_TRUNCATED', message: '' }, captureWarnings: [{ code: 'WARN_CAPTURE_GAP', message: '' }] }), 'incomplete, ERR_MMSE_TRUNCATED, 1 warning')
})

t.test('the list from a scan: types, frames, states, and each message\'s octets as decodeCapture() keeps them', async t => {
  const conf = encode({ headers: { messageType: 'm-send-conf', transactionId: 'T-7', mmsVersion: '1.2', responseStatus: { name: 'ok', code: 0x80 } } } as never)
  const frames = packets(ENDS, conversation(ENDS, [
    { request: httpRequest('POST', '/mms', conf), response: httpResponse(200, conf) },
    { request: httpRequest('GET', '/x', new Uint8Array(0)), response: httpResponse(200, new Uint8Array(Array.from({ length: 10 }, () => [...conf]).flat())) },
  ], 20))
  // A segment of the third message lost: it is kept up to the hole.
  const file = pcap(frames.filter((_, i) => i !== frames.length - 4))
  const list = new CaptureList()
  const scanner = new CaptureScanner({ raw: true })
  scanner.end(file)
  for await (const event of scanner.events()) list.event(event as CaptureEvent)
  const expected = [...decodeCapture(file).messages].sort((a, b) => a.context.id - b.context.id)
  t.same(expected.map(m => m.end.complete), [true, true, false], 'the capture holds two whole messages and one cut')
  const { entries } = list.listing
  t.same(entries.map(e => [e.id, e.messageType, e.transactionId, e.frames, e.complete]), expected.map(m => [m.context.id, 'm-send-conf', 'T-7', m.end.frames, m.end.complete]))
  t.same(entries.map(e => e.captureWarnings.map(w => w.code)), expected.map(m => m.warnings.map(w => w.code)))
  for (const [i, entry] of entries.entries()) t.same(new Uint8Array(await (entry.pdu as Blob).arrayBuffer()), expected[i]?.pdu, `MMS ${entry.id}: the octets kept`)
  t.equal(entries[2]?.complete, false, 'the last one lost a segment')

  list.fail({ code: 'ERR_X', message: 'failed' })
  t.same(list.listing.error, { code: 'ERR_X', message: 'failed' })
})
