/**
 * CaptureScanner, the stream shell of the capture scan: the same events as the machine for any
 * chunking, gzip streamed (and paused while its events are unread), bad chunks and options,
 * errors of the file's format.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { CaptureScanner, type CaptureEvent, encode, buildSendReq } from '../../lib/index.js'
import { conversation, ENDS, httpRequest, httpResponse, packets, pcap } from '../support/pcap.js'
import { scanStream, scanSync, splits } from '../support/capture.js'
import { caught } from '../support/thrown.js'
import { within } from '../support/within.js'

const pdu = encode(buildSendReq({ to: '+15550002', subject: 'stream', parts: [{ contentType: 'text/plain', data: 'y'.repeat(20_000) }] }))
const file = pcap(packets(ENDS, conversation(ENDS, [{ request: httpRequest('POST', '/mms', pdu, { 'Content-Type': 'application/vnd.wap.mms-message' }), response: httpResponse(200, pdu) }], 1400)))

t.test('the stream reports what the machine does, whatever the chunking, gzip or not', async (t) => {
  const expected = scanSync(file)
  for (const [name, chunking] of splits(file.length, 7, 0)) t.strictSame(await scanStream(file, chunking), expected, name)
  const gz = gzipSync(file)
  for (const [name, chunking] of splits(gz.length, 8, 0)) t.strictSame(await scanStream(gz, chunking), expected, `gzip, ${name}`)
  t.strictSame(await scanStream(file, [1, file.length - 1]), expected, 'a first chunk of one octet')
})

t.test('gzip with a slow reader: the gunzip waits, nothing is lost', async (t) => {
  const big = pcap(packets(ENDS, conversation(ENDS, Array.from({ length: 20 }, () => ({ request: httpRequest('POST', '/mms', pdu, { 'Content-Type': 'application/vnd.wap.mms-message' }) })), 1400)))
  const scanner = new CaptureScanner({ highWaterMark: 1 })
  const fed = pipeline(Readable.from([gzipSync(big)]), scanner)
  let ends = 0
  for await (const event of scanner.events()) {
    if (event.type === 'end') ends++
    await new Promise((resolve) => setImmediate(resolve))
  }
  await fed
  t.equal(ends, 20)
})

t.test('errors: a file that is no capture, a broken gzip, a chunk that is not bytes, bad options', async (t) => {
  t.match(await scanStream(Uint8Array.of(1, 2, 3, 4, 5)), [{ type: 'error', code: 'ERR_MMSE_NOT_CAPTURE' }])
  t.match(await scanStream(Uint8Array.of(1)), [{ type: 'error', code: 'ERR_MMSE_NOT_CAPTURE' }])
  t.match(await scanStream(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff)), [{ type: 'error', code: 'ERR_MMSE_BAD_CAPTURE', message: undefined }])
  t.match(await scanStream(gzipSync(Uint8Array.of(9, 9, 9, 9, 9))), [{ type: 'error', code: 'ERR_MMSE_NOT_CAPTURE' }], 'a gzip file that holds no capture')
  const scanner = new CaptureScanner()
  const failed = new Promise<unknown>((resolve) => scanner.once('error', resolve))
  scanner.write('text' as never)
  t.match(await within(failed), { code: 'ERR_MMSE_INVALID_ARGUMENT' })
  t.match(caught(() => new CaptureScanner({ highWaterMark: 0 })), { code: 'ERR_MMSE_BAD_OPTION', field: 'highWaterMark' })
  t.match(caught(() => new CaptureScanner({ captureLimits: { maxFlows: 0 } })), { code: 'ERR_MMSE_BAD_OPTION', field: 'captureLimits.maxFlows' })
  t.match(caught(() => new CaptureScanner({ captureLimits: { maxFlow: 1 } as never })), { code: 'ERR_MMSE_BAD_OPTION', message: /did you mean captureLimits.maxFlows/ })
  t.match(caught(() => new CaptureScanner({ captureLimits: 3 as never })), { code: 'ERR_MMSE_BAD_OPTION', field: 'captureLimits' })
  t.match(caught(() => new CaptureScanner({ decodeAs: 'x' as never })), { code: 'ERR_MMSE_BAD_OPTION', field: 'decodeAs' })
  for (const rule of ['tcp.port==99999,http', 'tcp.port==80,ftp', 'sctp.port==80,http', 3]) {
    t.match(caught(() => new CaptureScanner({ decodeAs: [rule as never] })), { code: 'ERR_MMSE_BAD_OPTION', field: 'decodeAs' }, String(rule))
  }
  t.match(caught(() => new CaptureScanner({ raw: 1 as never })), { code: 'ERR_MMSE_BAD_OPTION', field: 'raw' })
  t.match(caught(() => new CaptureScanner(null as never)), { code: 'ERR_MMSE_INVALID_ARGUMENT' })
})

t.test('destroyed while gzip is open, the gunzip goes too', async (t) => {
  const scanner = new CaptureScanner()
  scanner.write(gzipSync(file).subarray(0, 100))
  scanner.destroy()
  await new Promise((resolve) => scanner.once('close', resolve))
  t.ok(scanner.destroyed)
  const events: CaptureEvent[] = []
  for await (const event of Readable.from([file]).pipe(new CaptureScanner({ raw: true }))) events.push(event as CaptureEvent)
  t.ok(events.some((event) => event.type === 'raw'), 'raw events with options.raw')
})
