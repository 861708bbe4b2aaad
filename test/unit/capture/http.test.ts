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

t.test('octets the capture never held: the FIN and the peer\'s acknowledgment tell, and the message they belonged to says so', async (t) => {
  const mss = 20
  const body = chunked(retrieveConf, 1000)
  const response = (pad: string): Uint8Array => httpResponse(200, body, { 'Content-Length': undefined, 'Transfer-Encoding': 'chunked', 'X-Pad': pad })
  // The m-retrieve-conf's head padded to whole segments: its first chunk size starts one.
  const unpadded = response('').length - body.length
  const conf = response('p'.repeat(mss - unpadded % mss))
  const headLength = conf.length - body.length
  const exchanges = [
    { request: httpRequest('POST', '/mms', sendReq, { 'Content-Type': 'application/vnd.wap.mms-message' }), response: httpResponse(200, sendConf) },
    { request: httpRequest('GET', '/mms?id=1', new Uint8Array(0)), response: conf },
  ]
  const closed = conversation(ENDS, exchanges, mss)
  const open = conversation(ENDS, exchanges, mss, false)
  const segmentsOf = (bytes: Uint8Array): number => Math.ceil(bytes.length / mss)
  const [post, get] = exchanges as [typeof exchanges[0], typeof exchanges[0]]
  const lastOfPost = 1 + segmentsOf(post.request)
  const sendConfAt = lastOfPost + 1
  const confAt = sendConfAt + segmentsOf(post.response) + segmentsOf(get.request)
  const scan = (segments: typeof closed, drop: number): ReturnType<typeof decodeCapture> => decodeCapture(pcap(packets(ENDS, segments.filter((_, i) => i !== drop))))
  // The last segment of the POST: the client's FIN, or the server's acknowledgment, says it was sent.
  for (const [name, segments] of [['FIN', closed], ['acknowledgment', open]] as const) {
    const result = scan(segments, lastOfPost)
    t.match(result.warnings, [{ code: 'WARN_CAPTURE_GAP', message: /octets of the stream from 10.0.0.1:40000 are missing: the capture holds none of them/ }], name)
    t.match(result.messages.find((m) => m.context.direction === 'request'), { end: { complete: false }, error: { code: 'ERR_MMSE_TRUNCATED' }, warnings: [{ code: 'WARN_CAPTURE_GAP', message: /^octets \d+ to \d+ of the MMS are missing/ }] }, `${name}: the m-send-req it cut`)
  }
  // The m-send-conf's first segment: its head is lost, so is the rest of the direction, and the hole is said.
  const lostConf = scan(closed, sendConfAt)
  t.match(lostConf.warnings, [{ code: 'WARN_CAPTURE_GAP', message: /from 10.0.0.2:80 are missing/ }, { code: 'WARN_CAPTURE_HTTP', message: /HTTP framing lost/ }])
  t.same(lostConf.messages.map((m) => m.message?.headers.messageType), ['m-send-req'], 'the rest of the direction is skipped')
  // Every segment of the chunked m-retrieve-conf after its head: the message says what it lost.
  const bodyAt = confAt + headLength / mss
  for (let drop = bodyAt; drop < confAt + segmentsOf(conf); drop++) {
    const result = scan(closed, drop)
    const found = result.messages.find((m) => m.context.carrier.kind === 'GET')
    t.ok(found !== undefined && !found.end.complete && found.warnings.some((w) => w.code === 'WARN_CAPTURE_GAP' || w.code === 'WARN_CAPTURE_INCOMPLETE'), `segment ${drop} of the chunked body lost: the message says so`)
  }
  t.match(scan(closed, bodyAt).messages.find((m) => m.context.carrier.kind === 'GET'), { end: { complete: false, size: 0 }, warnings: [{ code: 'WARN_CAPTURE_INCOMPLETE', message: /^the MMS ends after 0 octets: HTTP framing lost inside it: \d+ octets missing/ }] },
    'its first chunk size lost: named MMSE by its Content-Type, reported with no octets')
})
