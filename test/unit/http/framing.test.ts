/**
 * HTTP/1.x framing over a reassembled stream: heads, Content-Length, chunked (extensions,
 * trailers), close-delimited bodies, pipelining; which requests responses answer; gaps; what
 * breaks the framing; MMS told by Content-Type or by its start.
 */
import t from 'tap'
import { HttpConnection } from '../../../lib/http/connection.js'
import type { HttpBody } from '../../../lib/http/framing.js'
import { httpStart, parseHead } from '../../../lib/http/head.js'
import { isMmsContentType, isMmseStart, SniffedBody } from '../../../lib/http/mms-body.js'

const b = (text: string): Uint8Array => Buffer.from(text, 'latin1')

interface Log { events: string[], connection: HttpConnection }

function open (maxHead = 1000): Log {
  const events: string[] = []
  const connection = new HttpConnection({
    message: (head, request, direction, frame) => {
      events.push(`${frame} ${direction} ${head.kind} ${head.method ?? head.status ?? ''} ${head.uri ?? request?.uri ?? '-'} ${request?.method ?? ''}`.trim())
      return body(events)
    },
    warning: (message, frame) => events.push(`${frame} warning ${message}`),
  }, maxHead)
  return { events, connection }
}

function body (events: string[]): HttpBody {
  return {
    data: (bytes, frame) => events.push(`${frame} data ${Buffer.from(bytes).toString('latin1')}`),
    gap: (bytes, frame, why) => events.push(`${frame} gap ${bytes} ${why}`),
    end: (frame, cut) => events.push(`${frame} end ${cut === undefined ? 'complete' : `cut: ${cut}`}`),
  }
}

t.test('heads', async (t) => {
  t.match(parseHead(b('GET /x HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nx-a:  2 \r\nbad line\r\n')), { kind: 'request', method: 'GET', uri: '/x', version: 'HTTP/1.1', fields: new Map([['host', 'a'], ['x-a', '1, 2']]) })
  t.match(parseHead(b('HTTP/1.0 404 Not Found\n')), { kind: 'response', status: 404, version: 'HTTP/1.0' })
  t.match(parseHead(b('HTTP/1.1 204')), { kind: 'response', status: 204 })
  t.equal(parseHead(b('SSH-2.0-OpenSSH')), undefined)
  // A method must be a token (RFC 9112 §3).
  t.equal(parseHead(b('G@T / HTTP/1.1\r\n')), undefined)
  t.equal(httpStart(b('G@T / HTTP/1.1\r\n')), 'no')
  t.equal(httpStart(b('M-SEARCH * HTTP/1.1\r\n')), 'yes')
  // Field lines as RFC 9112 §5 has them; anything else is left out: no name, a name that is no
  // token, no colon, a CR inside the value.
  const fields = parseHead(b('HTTP/1.1 200 OK\r\nEmpty:\r\nTabs:\t v  w\t\r\n: none\r\nBad Name: x\r\nNo colon\r\nCR: a\rb\r\nLast: z'))?.fields
  t.same([...fields ?? []], [['empty', ''], ['tabs', 'v  w'], ['last', 'z']])
  t.same([...parseHead(b('HTTP/1.1 200 OK\nLf: only\n\nAfter: blank'))?.fields ?? []], [['lf', 'only'], ['after', 'blank']])
  t.equal(httpStart(b('\r\nPOST / HTTP/1.1\r\n')), 'yes')
  t.equal(httpStart(b('HTTP/1.1 200 OK\n')), 'yes')
  t.equal(httpStart(b('GE')), 'more')
  t.equal(httpStart(b('GET /x HT')), 'more')
  t.equal(httpStart(b('GET /x HTTP/1.1\r')), 'more')
  t.equal(httpStart(b('')), 'more')
  t.equal(httpStart(b('\x16\x03\x01')), 'no')
  t.equal(httpStart(b('INVITE sip:a SIP/2.0\r\n')), 'no')
  t.equal(httpStart(b('G'.repeat(4096))), 'no')
})

t.test('keep-alive and pipelining: Content-Length, chunked and empty bodies, paired in order', async (t) => {
  const { events, connection } = open()
  const [client, server] = connection.directions
  client.data(b('\r\nPOST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\n\r\nHEAD /c HTTP/1.1\r\n\r\nGET /d HTTP/1.1\r\n\r\n'), 1)
  server.data(b('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3;x=y\r\nabc\r\n'), 2)
  server.data(b('2\r\nde\r\n0\r\nTrailer: 1\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n'), 3)
  t.strictSame(events, [
    '1 0 request POST /a', '1 data abc', '1 end complete',
    '1 0 request GET /b', '1 end complete',
    '1 0 request HEAD /c', '1 end complete',
    '1 0 request GET /d', '1 end complete',
    '2 1 response 200 /a POST', '2 data ok', '2 end complete',
    '2 1 response 200 /b GET', '2 data abc', '3 data de', '3 end complete',
    '3 1 response 200 /c HEAD', '3 end complete',
    '3 1 response 304 /d GET', '3 end complete',
  ])
})

t.test('close-delimited bodies, 101, bad lengths; the stream ending inside a message', async (t) => {
  const close = open()
  close.connection.directions[1].data(b('HTTP/1.0 200 OK\r\n\r\nall of'), 1)
  close.connection.directions[1].data(b(' it'), 2)
  close.connection.directions[1].gap(4, 3, 'lost')
  close.connection.directions[1].end(4)
  t.strictSame(close.events, ['1 1 response 200 -', '1 data all of', '2 data  it', '3 gap 4 lost', '4 end complete'])
  const upgrade = open()
  upgrade.connection.directions[1].data(b('HTTP/1.1 101 Switching\r\n\r\nanything'), 1)
  t.strictSame(upgrade.events, [])
  const lengths = open()
  lengths.connection.directions[0].data(b('POST / HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\nabPOST / HTTP/1.1\r\nContent-Length: x\r\n\r\nrest'), 1)
  lengths.connection.directions[0].end(2)
  t.match(lengths.events, ['1 0 request POST /', '1 data ab', '1 end complete', '1 warning HTTP Content-Length "x" is not a length: the body is read to the end of the connection', '1 0 request POST /', '1 data rest', '2 end complete'])
  const cut = open()
  cut.connection.directions[0].data(b('POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nab'), 1)
  cut.connection.directions[0].end(2)
  cut.connection.directions[0].data(b('more'), 3)
  t.strictSame(cut.events, ['1 0 request POST /', '1 data ab', '2 warning HTTP stream ends inside a message body', '2 end cut: the HTTP stream ends before the end its framing declares'])
  const head = open()
  head.connection.directions[0].data(b('GET / HTTP/1.1\r\n'), 1)
  head.connection.directions[0].end(2)
  t.strictSame(head.events, ['2 warning HTTP stream ends inside a message head (16 octets)'])
  const idle = open()
  idle.connection.directions[0].end(1)
  t.strictSame(idle.events, [])
})

t.test('gaps: inside a body they pass on; elsewhere the framing is lost', async (t) => {
  const inBody = open()
  const [client] = inBody.connection.directions
  client.data(b('POST / HTTP/1.1\r\nContent-Length: 6\r\n\r\nab'), 1)
  client.gap(2, 2, 'lost')
  client.data(b('efGET'), 3)
  client.gap(2, 4, 'lost again')
  client.data(b('more'), 5)
  t.strictSame(inBody.events, ['1 0 request POST /', '1 data ab', '2 gap 2 lost', '3 data ef', '3 end complete', '4 warning HTTP framing lost: 2 octets missing (lost again) where the message framing needed them; the rest of this direction is skipped'])
  t.equal(client.held, 0)
  const chunk = open()
  chunk.connection.directions[0].data(b('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\na'), 1)
  chunk.connection.directions[0].gap(3, 2, 'lost')
  chunk.connection.directions[0].data(b('\r\n0\r\n\r\n'), 3)
  t.strictSame(chunk.events, ['1 0 request POST /', '1 data a', '2 gap 3 lost', '3 end complete'])
  const over = open()
  over.connection.directions[0].data(b('POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n'), 1)
  over.connection.directions[0].gap(5, 2, 'lost')
  t.match(over.events, ['1 0 request POST /', '2 gap 2 lost', '2 end complete', /warning HTTP framing lost: 3 octets missing/], 'a hole past a body: its octets are its gap, the rest loses the framing')
  const chunked = (then: (framing: HttpConnection['directions'][0]) => void): string[] => {
    const log = open()
    log.connection.directions[1].data(b('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nab'), 1)
    then(log.connection.directions[1])
    return log.events
  }
  t.match(chunked((f) => f.gap(9, 2, 'lost')), ['1 1 response 200 -', '1 data ab', '2 gap 2 lost', /2 warning HTTP framing lost: 7 octets missing/, /^2 end cut: HTTP framing lost inside it: 7 octets missing/],
    'a hole from chunk data into the framing after it: the chunk\'s octets are a gap, then the body is cut')
  t.match(chunked((f) => { f.data(b('cd\r\n'), 2); f.gap(4, 3, 'lost') }), ['1 1 response 200 -', '1 data ab', '2 data cd', /3 warning HTTP framing lost: 4 octets missing/, /^3 end cut: HTTP framing lost inside it/],
    'a hole where a chunk size was: the body is cut')
  t.match(chunked((f) => { f.data(b('cd\r\n0\r\n'), 2); f.gap(4, 3, 'lost'); f.data(b('GET'), 4) }), ['1 1 response 200 -', '1 data ab', '2 data cd', '3 end complete', /3 warning HTTP framing lost: 4 octets missing/],
    'a hole in the trailer section: every octet of the body came')
})

t.test('what breaks the framing', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['SSH-2.0\r\n\r\n', /not an HTTP\/1.x start line/],
    ['GET / HTTP/1.1\r\nX: ' + 'a'.repeat(100), /longer than captureLimits.maxHttpHeaderBytes \(64\)/],
    ['POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /not a chunk size: "zz"/],
    ['POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY\r\n', /chunk data not followed by CRLF/],
    ['POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1' + ' '.repeat(5000), /line longer than 4096/],
  ]
  for (const [input, warning] of cases) {
    const { events, connection } = open(64)
    connection.directions[0].data(b(input), 1)
    connection.directions[0].data(b('GET / HTTP/1.1\r\n\r\n'), 2)
    t.match(events.filter((e) => e.includes('warning')), [warning], JSON.stringify(input.slice(0, 30)))
    t.notOk(events.some((e) => e.startsWith('2 ')), 'nothing after')
  }
  const lost = open()
  lost.connection.directions[0].data(b('SSH\r\n\r\n'), 1)
  lost.connection.directions[0].gap(3, 2, 'lost')
  const crlf = open()
  crlf.connection.directions[0].data(b('\r\n'), 1)
  crlf.connection.directions[0].data(b('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1'), 2)
  crlf.connection.directions[0].data(b('\r\nz\r\n0\r\n\r\n'), 3)
  t.strictSame([lost.events.length, crlf.events], [1, ['2 0 request POST /', '3 data z', '3 end complete']], 'a gap once lost; empty lines alone; a chunk size split')
  const split = open()
  for (const octet of b('GET / HTTP/1.1\r\n\r\n')) split.connection.directions[0].data(Uint8Array.of(octet), 1)
  const lf = open()
  lf.connection.directions[0].data(b('GET / HTTP/1.1\n'), 1)
  lf.connection.directions[0].data(b('\nGET /2 HTTP/1.1\n\n'), 2)
  t.strictSame([split.events, lf.events], [['1 0 request GET /', '1 end complete'], ['2 0 request GET /', '2 end complete', '2 0 request GET /2', '2 end complete']], 'an empty line split across segments, LF alone')
})

t.test('MMS by Content-Type or by a valid start', async (t) => {
  t.ok(isMmsContentType('Application/Vnd.Wap.Mms-Message; charset=x'))
  t.notOk(isMmsContentType(undefined))
  t.notOk(isMmsContentType('text/plain'))
  t.ok(isMmseStart(Uint8Array.of(0x8c, 0x84, 0x98)))
  t.ok(isMmseStart(Uint8Array.of(0x8c, 0x86, 0x8d)))
  t.notOk(isMmseStart(Uint8Array.of(0x8c, 0x7f, 0x98)))
  t.notOk(isMmseStart(Uint8Array.of(0x8c, 0x84, 0x99)))
  t.notOk(isMmseStart(Uint8Array.of(0x8c, 0x84)))
  const sniff = (trusted: boolean, feed: (body: SniffedBody) => void): string[] => {
    const events: string[] = []
    const sniffed = new SniffedBody(trusted, () => { events.push('open'); return body(events) })
    feed(sniffed)
    return events
  }
  t.strictSame(sniff(false, (s) => { s.data(Uint8Array.of(0x8c), 1); s.data(Uint8Array.of(0x84, 0x98, 0x41), 2); s.data(b('B'), 3); s.end(3) }),
    ['open', '1 data \x8c\x84\x98', '2 data A', '3 data B', '3 end complete'])
  t.strictSame(sniff(false, (s) => { s.data(b('<html>'), 1); s.end(2) }), [])
  t.strictSame(sniff(false, (s) => { s.data(Uint8Array.of(0x8c, 0x84), 1); s.gap(5, 2, 'lost'); s.end(3, 'cut') }), [], 'too little to tell')
  t.strictSame(sniff(false, (s) => { s.data(Uint8Array.of(0x8c, 0x84, 0x98), 1); s.gap(5, 2, 'lost') }), ['open', '1 data \x8c\x84\x98', '2 gap 5 lost'])
  t.strictSame(sniff(true, (s) => { s.data(b('x'), 1); s.data(b('y'), 2); s.end(3) }), ['open', '1 data x', '2 data y', '3 end complete'])
  t.strictSame(sniff(true, (s) => { s.end(1) }), [], 'an empty body is no MMS')
  t.strictSame(sniff(true, (s) => { s.gap(1, 1, 'lost'); s.end(2) }), ['open', '1 gap 1 lost', '2 end complete'], 'named MMSE, its octets lost: it is still reported')
  t.strictSame(sniff(true, (s) => { s.end(2, 'cut') }), ['open', '2 end cut: cut'])
})
