/**
 * MMS over HTTP/1.x over TCP in synthetic captures: requests and responses, keep-alive and
 * pipelining, Content-Length, chunked and close-delimited bodies, MMS told by Content-Type or by
 * its start; every capture scanned whole, byte by byte and in random splits, with the same result.
 */
import t from 'tap'
import { encode } from '../../../lib/index.js'
import { decodeCapture } from '../../../lib/capture/decode-capture.js'
import { chunked, conversation, ENDS, httpRequest, httpResponse, packets, pcap, pcapng } from '../../support/pcap.js'
import { only, scanSync, splits } from '../../support/capture.js'

const sendReq = encode({
  headers: { messageType: 'm-send-req', transactionId: 'T1', mmsVersion: '1.2', from: { insertAddress: true }, to: [{ address: '+15550001', type: 'PLMN', raw: '+15550001/TYPE=PLMN' }], subject: { text: 'hi' }, contentType: { mediaType: 'application/vnd.wap.multipart.related', params: {} } },
  parts: [{ contentType: { mediaType: 'text/plain', params: { charset: 'utf-8' } }, headers: {}, data: Buffer.from('hello world') }],
} as never)
const retrieveConf = encode({
  headers: { messageType: 'm-retrieve-conf', transactionId: 'T2', mmsVersion: '1.2', from: { address: '+15550002', type: 'PLMN', raw: '+15550002/TYPE=PLMN' }, date: new Date('2026-01-01T00:00:00Z'), contentType: { mediaType: 'application/vnd.wap.multipart.mixed', params: {} } },
  parts: [{ contentType: { mediaType: 'image/jpeg', params: {} }, headers: {}, data: Buffer.alloc(5000, 7) }],
} as never)
const sendConf = encode({ headers: { messageType: 'm-send-conf', transactionId: 'T1', mmsVersion: '1.2', responseStatus: { name: 'ok', code: 0x80 } } } as never)

t.test('a POST m-send-req and a GET m-retrieve-conf on one keep-alive connection', async (t) => {
  const segments = conversation(ENDS, [
    { request: httpRequest('POST', '/mms', sendReq, { 'Content-Type': 'application/vnd.wap.mms-message' }), response: httpResponse(200, sendConf) },
    { request: httpRequest('GET', '/mms?id=1', new Uint8Array(0)), response: httpResponse(200, retrieveConf) },
  ], 700)
  const file = pcap(packets(ENDS, segments))
  const whole = scanSync(file)
  const mms = only(whole, 'mms')
  t.equal(mms.length, 3)
  t.match(mms.map((m) => (m.context as Record<string, unknown>).carrier), [{ kind: 'POST', uri: '/mms' }, { kind: 'POST', status: 200, uri: '/mms' }, { kind: 'GET', status: 200, uri: '/mms?id=1' }])
  t.match(only(whole, 'end'), [{ complete: true }, { complete: true }, { complete: true }])
  t.same(only(whole, 'warning'), [])
  for (const [name, chunking] of splits(file.length, 1)) t.strictSame(scanSync(file, chunking), whole, name)
  const result = decodeCapture(file)
  t.equal(result.messages.length, 3)
  t.equal(result.messages[2]?.message?.parts[0]?.data.length, 5000)
  t.equal(result.messages[0]?.context.path.join('/'), 'ipv4/tcp/http')
})

t.test('chunked and close-delimited bodies, MMS told by its start', async (t) => {
  const segments = conversation(ENDS, [
    { request: httpRequest('GET', '/a', new Uint8Array(0)), response: httpResponse(200, chunked(retrieveConf, 1000), { 'Content-Length': undefined, 'Transfer-Encoding': 'chunked', 'Content-Type': 'application/octet-stream' }) },
    { request: httpRequest('GET', '/b', new Uint8Array(0)), response: httpResponse(200, retrieveConf, { 'Content-Length': undefined, 'Content-Type': undefined }) },
  ], 500)
  const file = pcap(packets(ENDS, segments))
  const whole = scanSync(file)
  t.equal(only(whole, 'mms').length, 2)
  t.match(only(whole, 'partEnd'), [{ length: 5000 }, { length: 5000 }])
  t.match(only(whole, 'end'), [{ complete: true }, { complete: true }])
  for (const [name, chunking] of splits(file.length, 2)) t.strictSame(scanSync(file, chunking), whole, name)
})

t.test('every prefix of a capture ends clean: a result, warnings, or an MmseError', async (t) => {
  const small = encode({ headers: { messageType: 'm-send-conf', transactionId: 'P', mmsVersion: '1.2', responseStatus: { name: 'ok', code: 0x80 } } } as never)
  const segments = conversation(ENDS, [{ request: httpRequest('POST', '/mms', small, { 'Content-Type': 'application/vnd.wap.mms-message' }), response: httpResponse(200, small) }], 40)
  const files = [pcap(packets(ENDS, segments)), pcapng([{ interfaces: [{ linkType: 1 }], blocks: packets(ENDS, segments).map((packet) => ({ type: 'packet' as const, packet })) }])]
  for (const file of files) {
    let errors = 0
    for (let n = 0; n <= file.length; n++) {
      const entries = scanSync(file.subarray(0, n))
      if (entries.at(-1)?.type === 'error') errors++
      for (const end of only(entries, 'end')) if (end.complete === true && end.error === undefined) t.equal(end.size, small.length)
    }
    t.ok(errors < 30, `${file.length + 1} prefixes, ${errors} of them not a capture yet (under its first header)`)
  }
})
