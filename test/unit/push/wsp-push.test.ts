/**
 * WAP Push (WAP-230 §8.2.4, WAP-230 §8.2.4) and SMS user data (3GPP TS 23.040 §9.2.3.24):
 * push PDUs built here from the spec's layouts, hostile inputs, and the corpus `.wsppush` files
 * (read from ../shared/corpus when present, never copied).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import t from 'tap'
import { decode } from '../../../lib/index.js'
import { MmseError } from '../../../lib/errors.js'
import { decodeAssembled, decodePush, parseUserData, PUSH_APPLICATION_IDS, PushAssembler } from '../../../lib/index.js'

type Piece = number | string | Uint8Array | readonly number[]

/** Octets from numbers, arrays, byte arrays and strings (strings as UTF-8, no NUL added). */
function cat (...pieces: Piece[]): Buffer {
  return Buffer.concat(pieces.map(p => typeof p === 'number' ? Buffer.from([p]) : typeof p === 'string' ? Buffer.from(p) : Buffer.from(p as Uint8Array)))
}

/** An m-notification-ind (MMSE 1.0): type, transaction id, version, class, size, expiry (relative 72000 s), location. */
const NOTIFICATION = cat(
  0x8c, 0x82, 0x98, 'T-1', 0, 0x8d, 0x90, 0x8a, 0x80, 0x8e, 0x02, 0x74, 0x00,
  0x88, 0x05, 0x81, 0x03, 0x01, 0x19, 0x40, 0x83, 'http://mmsc.example/m1', 0,
)

/** TID, PDU type, uintvar HeadersLen, then content type + headers, then the body. */
function push (type: number, headers: Uint8Array, body: Uint8Array = NOTIFICATION, tid = 0x2a): Buffer {
  if (headers.length > 127) throw new Error('test helper: one-octet HeadersLen only')
  return cat(tid, type, headers.length, headers, body)
}

const MMS_TEXT = cat('application/vnd.wap.mms-message', 0)

function code (fn: () => unknown): { code: string, offset: number } | string {
  try {
    fn()
    return 'no error'
  } catch (err) {
    if (!(err instanceof MmseError)) throw err
    return { code: err.code, offset: err.offset }
  }
}

t.test('Push 0x06, well-known content type, application id as Integer-value', async t => {
  const bytes = push(0x06, cat(0xbe, 0xaf, 0x84))
  const result = decodePush(bytes)
  t.equal(result.tid, 0x2a)
  t.equal(result.pduType, 'push')
  t.equal(result.contentType.mediaType, 'application/vnd.wap.mms-message')
  t.equal(result.headers['x-wap-application-id'], 4)
  t.equal(result.applicationId, 'x-wap-application:mms.ua')
  t.equal(result.bodyOffset, 6)
  t.same(Buffer.from(result.body), NOTIFICATION)
  t.same(result.message, decode(NOTIFICATION))
  t.equal(result.message?.headers.messageType, 'm-notification-ind')
  t.same(result.message?.headers.expiry, { relative: 72000 })
  t.same(result.warnings, [])
  t.equal(result.userDataHeader, undefined)
})

t.test('ConfirmedPush 0x07, textual content type, application id as Uri-value', async t => {
  const headers = cat(MMS_TEXT, 0xaf, 'x-wap-application:mms.ua', 0)
  const result = decodePush(push(0x07, headers))
  t.equal(result.pduType, 'confirmed-push')
  t.equal(result.contentType.mediaType, 'application/vnd.wap.mms-message')
  t.equal(result.applicationId, 'x-wap-application:mms.ua')
  t.equal(result.bodyOffset, 3 + headers.length)
  t.same(result.message, decode(NOTIFICATION))
})

t.test('application ids: registry names, unknown codes, Long-integers, repeats, junk', async t => {
  t.equal(PUSH_APPLICATION_IDS.size, 11)
  const id = (value: Piece) => decodePush(push(0x06, cat(0xbe, 0xaf, value)))
  t.equal(id(0x81).applicationId, 'x-wap-application:push.sia')
  t.equal(id(0xff).applicationId, 127, 'an unregistered code stays a number')
  const long = id([0x02, 0x80, 0x02])
  t.equal(long.applicationId, 0x8002, 'a Long-integer code (the vendor range)')
  t.equal(long.headers['x-wap-application-id'], 0x8002)
  t.equal(id([0x01, 0x04]).applicationId, 'x-wap-application:mms.ua', 'Long-integer form of 4')
  const junk = id(0x00)
  t.same(junk.headers['x-wap-application-id'], new Uint8Array([0]), 'a Long-integer of length 0 stays raw')
  t.equal(junk.applicationId, undefined)
  const twice = decodePush(push(0x06, cat(0xbe, 0xaf, 0x84, 0xaf, 0x02, 0x90, 0x00)))
  t.same(twice.headers['x-wap-application-id'], [4, 0x9000])
  t.equal(twice.applicationId, undefined, 'ambiguous: more than one')
  const none = decodePush(push(0x06, cat(0xbe)))
  t.equal(none.applicationId, undefined)
  t.same(Object.keys(none.headers), [])
})

t.test('other push headers are named from WAP-230 Table 39 and decoded by shape', async t => {
  const headers = cat(
    0xbe,
    0x8d, 0x02, 0x01, 0x00, // Content-Length 256 (Long-integer)
    0x92, 0x04, 0x5f, 0x5e, 0x10, 0x00, // Date 1 600 000 000
    0xb1, 'http://initiator.example/', 0, // X-Wap-Initiator-URI
    0xb4, 0x81, // Push-Flag 1
    'X-Custom', 0, 'yes', 0, // an application header
  )
  const result = decodePush(push(0x06, headers))
  t.equal(result.headers['content-length'], 256)
  t.same(result.headers.date, new Date(1_600_000_000_000))
  t.equal(result.headers['x-wap-initiator-uri'], 'http://initiator.example/')
  t.equal(result.headers['push-flag'], 1)
  t.equal(result.headers['x-custom'], 'yes')
  const short = decodePush(push(0x06, cat(0xbe, 0x8d, 0x90)))
  t.equal(short.headers['content-length'], 16)
})

t.test('a push that is not MMS keeps its body and decodes no message', async t => {
  // application/vnd.wap.sic (0x2E) for the Service Indication application (push.sia).
  const si = cat(0x02, 0x05, 0x6a, 0x00, 0x45, 0xc6, 0x01)
  const result = decodePush(push(0x06, cat(0xae, 0xaf, 0x81), si))
  t.equal(result.contentType.mediaType, 'application/vnd.wap.sic')
  t.equal(result.applicationId, 'x-wap-application:push.sia')
  t.equal(result.message, undefined)
  t.same(Buffer.from(result.body), si)
  const general = decodePush(push(0x06, cat(0x03, 0x83, 0x81, 0xea), cat('hello')))
  t.equal(general.contentType.mediaType, 'text/plain')
  t.equal(general.contentType.params.charset, 'utf-8')
  t.equal(general.message, undefined)
})

t.test('push header findings are warnings with offsets into the push', async t => {
  const result = decodePush(push(0x06, cat(0xd9), cat('x')))
  t.equal(result.warnings.length, 1)
  t.equal(result.warnings[0]?.code, 'WARN_MMSE_BAD_VALUE')
  t.equal(result.warnings[0]?.offset, 3)
})

t.test('malformed pushes are ERR_MMSE_BAD_PUSH at the offending octet', async t => {
  t.same(code(() => decodePush(cat(0x01, 0x06))), { code: 'ERR_MMSE_BAD_PUSH', offset: 2 }, 'too short')
  t.same(code(() => decodePush(new Uint8Array(0))), { code: 'ERR_MMSE_BAD_PUSH', offset: 0 }, 'empty')
  t.same(code(() => decodePush(cat(0x01, 0x05, 0x01, 0xbe))), { code: 'ERR_MMSE_BAD_PUSH', offset: 1 }, 'Reply (0x04)/Get... not a push type')
  t.same(code(() => decodePush(cat(0x01, 0x06, 0x00, 0xbe))), { code: 'ERR_MMSE_BAD_PUSH', offset: 2 }, 'HeadersLen 0')
  t.same(code(() => decodePush(cat(0x01, 0x06, 0x05, 0xbe, 0xaf))), { code: 'ERR_MMSE_BAD_PUSH', offset: 2 }, 'HeadersLen past the end')
  t.same(code(() => decodePush(cat(0x01, 0x06, 0x8f, 0xff, 0xff, 0xff, 0x7f, 0xbe))), { code: 'ERR_MMSE_BAD_PUSH', offset: 2 }, 'HeadersLen 2^32-1')
  t.same(code(() => decodePush(cat(0x01, 0x06, 0x81, 0x81, 0x81, 0x81, 0x81, 0x01, 0xbe))), { code: 'ERR_MMSE_BAD_PUSH', offset: 2 }, 'uintvar of 6 octets')
  t.same(code(() => decodePush(cat(0x01, 0x06, 0x81))), { code: 'ERR_MMSE_BAD_PUSH', offset: 2 }, 'uintvar cut by the end')
  t.same(code(() => decodePush(cat(0x01, 0x06, 0x03, 'ab', 0x61))), { code: 'ERR_MMSE_BAD_PUSH', offset: 3 }, 'textual content type without its NUL')
  t.same(code(() => decodePush(cat(0x01, 0x06, 0x03, 0x05, 0xbe, 0x81, 0x00))), { code: 'ERR_MMSE_BAD_PUSH', offset: 3 }, 'content type Value-length past HeadersLen')
  const longDate = cat(0x01, 0x06, 0x0c, 0xbe, 0x92, 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9)
  t.same(code(() => decodePush(longDate, { strict: true })), { code: 'ERR_MMSE_BAD_PUSH', offset: 5 }, 'strict: Date header with a 9-octet Long-integer')
  const lenient = decodePush(cat(longDate, 0x8c, 0x81, 0x98, 'x', 0x00, 0x8d, 0x92, 0x92, 0x80))
  t.same(lenient.headers.date, Uint8Array.of(0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9), 'lenient: the Date kept raw')
  t.same(lenient.warnings.map((w) => [w.code, w.offset, w.field]), [['WARN_MMSE_BAD_VALUE', 5, 'date']], 'with a warning at the value')
  t.same(code(() => decodePush(cat(0x01, 0x06, 0x03, 0xbe, 0x92, 0x40, 0x00))), { code: 'ERR_MMSE_BAD_PUSH', offset: 3 }, 'a text header value cut by HeadersLen')
})

t.test('errors of the PDU inside keep their code, at offsets into the push', async t => {
  t.same(code(() => decodePush(push(0x06, cat(0xbe), cat('not mms')))), { code: 'ERR_MMSE_NOT_MMSE', offset: 4 })
  const cut = NOTIFICATION.subarray(0, 10)
  const inner = code(() => decode(cut)) as { code: string, offset: number }
  t.same(code(() => decodePush(push(0x06, cat(0xbe), cut))), { code: inner.code, offset: inner.offset + 4 })
  const limited = code(() => decodePush(push(0x06, cat(0xbe)), { limits: { maxHeaderFields: 2 } })) as { code: string }
  t.equal(limited.code, 'ERR_MMSE_LIMIT_HEADER_FIELDS', 'decode options reach the inner decoder')
  try {
    decodePush(push(0x06, cat(0xbe)), { limits: { maxHeaderFields: 2 } })
  } catch (err) {
    t.equal((err as MmseError).limit, 2, 'the limit is kept')
  }
  try {
    decodePush(push(0x06, cat(0xbe), cat(NOTIFICATION, 0xfe, 0x80)), { strict: true })
  } catch (err) {
    t.match(err, { code: 'ERR_MMSE_UNKNOWN_FIELD', offset: 4 + NOTIFICATION.length, field: '0xfe' }, 'the field is kept')
  }
  const strict = code(() => decodePush(push(0x06, cat(0xbe), cat(NOTIFICATION, 0x00)), { strict: true })) as { code: string }
  t.equal(strict.code, 'ERR_MMSE_TRAILING_DATA')
})

/** SMS user data: UDHL, the information elements, then the payload. */
function userData (elements: Piece[], payload: Uint8Array): Buffer {
  const header = cat(...elements)
  return cat(header.length, header, payload)
}
const PORTS16 = [0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0] // 9200 -> 2948
const PORTS8 = [0x04, 0x02, 0x0b, 0x0c]

t.test('user data: 16-bit and 8-bit ports, other elements kept', async t => {
  const pdu = push(0x06, cat(0xbe, 0xaf, 0x84))
  const ud = userData([PORTS16, 0x24, 0x01, 0x01], pdu)
  const parsed = parseUserData(ud)
  t.same(parsed.header.ports, { destination: 2948, source: 9200, bits: 16 })
  t.equal(parsed.header.elements.length, 2)
  t.equal(parsed.header.elements[1]?.iei, 0x24)
  t.equal(parsed.payloadOffset, 10)
  const result = decodePush(ud, { udh: true })
  t.same(result.message, decode(NOTIFICATION))
  t.equal(result.bodyOffset, 10 + 6, 'offsets count from the start of the user data')
  t.same(result.userDataHeader?.ports, { destination: 2948, source: 9200, bits: 16 })
  t.same(parseUserData(userData([PORTS8], pdu)).header.ports, { destination: 11, source: 12, bits: 8 })
  t.same(code(() => decodePush(userData([PORTS8], pdu), { udh: true })), { code: 'ERR_MMSE_BAD_PUSH', offset: 1 }, 'port 11 is not WAP Push')
  t.same(code(() => decodePush(userData([0x05, 0x04, 0x13, 0x88, 0x23, 0xf0], pdu), { udh: true })), { code: 'ERR_MMSE_BAD_PUSH', offset: 1 }, 'port 5000')
  t.equal(decodePush(userData([0x05, 0x04, 0x0b, 0x85, 0x23, 0xf1], pdu), { udh: true }).userDataHeader?.ports?.destination, 2949, 'the secure push port')
  t.equal(decodePush(userData([], pdu), { udh: true }).pduType, 'push', 'an empty UDH')
  t.equal(decodePush(userData([0x00, 0x03, 0x07, 0x01, 0x01], pdu), { udh: true }).userDataHeader?.concat?.total, 1, 'concatenation of 1')
  t.same(code(() => decodePush(userData([0x00, 0x03, 0x07, 0x02, 0x01], pdu), { udh: true })), { code: 'ERR_MMSE_BAD_PUSH', offset: 1 }, 'one segment of two')
  const inner = code(() => decodePush(userData([PORTS16], push(0x06, cat(0xbe), cat('zz'))), { udh: true }))
  t.same(inner, { code: 'ERR_MMSE_NOT_MMSE', offset: 7 + 4 }, 'UDHL and the 6-octet ports element, then the push')
})

t.test('user data: malformed headers', async t => {
  const bad = (ud: Uint8Array) => code(() => parseUserData(ud))
  t.same(bad(new Uint8Array(0)), { code: 'ERR_MMSE_BAD_PUSH', offset: 0 })
  t.same(bad(cat(0x05, 0x00)), { code: 'ERR_MMSE_BAD_PUSH', offset: 0 }, 'UDHL past the end')
  t.same(bad(cat(0x01, 0x05)), { code: 'ERR_MMSE_BAD_PUSH', offset: 1 }, 'element cut')
  t.same(bad(cat(0x03, 0x05, 0x04, 0x0b, 0x84)), { code: 'ERR_MMSE_BAD_PUSH', offset: 1 }, 'element data past the UDH')
  t.same(bad(cat(0x04, 0x05, 0x02, 0x0b, 0x84)), { code: 'ERR_MMSE_BAD_PUSH', offset: 1 }, '16-bit ports in 2 octets')
  t.same(bad(cat(0x05, 0x00, 0x03, 0x01, 0x00, 0x01)), { code: 'ERR_MMSE_BAD_PUSH', offset: 1 }, 'total 0')
  t.same(bad(cat(0x05, 0x00, 0x03, 0x01, 0x02, 0x00)), { code: 'ERR_MMSE_BAD_PUSH', offset: 1 }, 'sequence 0')
  t.same(bad(cat(0x06, 0x08, 0x04, 0x01, 0x02, 0x02, 0x03)), { code: 'ERR_MMSE_BAD_PUSH', offset: 1 }, 'sequence past total')
})

/** Splits user data into segments with a concatenation element (8- or 16-bit reference). */
function segments (payload: Uint8Array, size: number, reference: number, bits: 8 | 16, ports = true): Buffer[] {
  const count = Math.ceil(payload.length / size)
  const out: Buffer[] = []
  for (let i = 0; i < count; i++) {
    const concat = bits === 8 ? [0x00, 0x03, reference, count, i + 1] : [0x08, 0x04, reference >> 8, reference & 0xff, count, i + 1]
    out.push(userData([...(ports ? PORTS16 : []), ...concat], payload.subarray(i * size, (i + 1) * size)))
  }
  return out
}

t.test('PushAssembler: in order, out of order, duplicates, originators', async t => {
  const pdu = push(0x06, cat(MMS_TEXT, 0xaf, 0x84))
  const parts = segments(pdu, 20, 0xbeef, 16)
  t.ok(parts.length >= 3)
  const inOrder = new PushAssembler()
  const results = parts.map(p => inOrder.add(p, '+15550001'))
  t.same(results.slice(0, -1), parts.slice(0, -1).map(() => null))
  const whole = results[results.length - 1]
  t.same(Buffer.from(whole?.payload ?? []), pdu)
  t.equal(whole?.segments, parts.length)
  t.equal(whole?.originator, '+15550001')
  t.same(whole?.header.ports, { destination: 2948, source: 9200, bits: 16 })
  t.same(decodeAssembled(whole as NonNullable<typeof whole>).message, decode(NOTIFICATION))
  t.same(inOrder.pendingMessages(), [])

  const shuffled = new PushAssembler()
  const order = [...parts.keys()].reverse()
  let out = null
  for (const i of order) {
    t.equal(out, null)
    out = shuffled.add(parts[i] as Buffer)
    if (i === order[0]) t.equal(shuffled.add(parts[i] as Buffer), null, 'a resent segment is ignored')
  }
  t.same(Buffer.from(out?.payload ?? []), pdu)

  // The same reference from two originators, and 8-bit next to 16-bit, are different messages.
  const mixed = new PushAssembler()
  const a = segments(pdu, 50, 7, 8)
  const b = segments(pdu, 50, 7, 16)
  t.equal(mixed.add(a[0] as Buffer, 'A'), null)
  t.equal(mixed.add(a[0] as Buffer, 'B'), null)
  t.equal(mixed.add(b[0] as Buffer, 'A'), null)
  t.same(mixed.pendingMessages(), [
    { originator: 'A', reference: 7, total: a.length, received: 1 },
    { originator: 'B', reference: 7, total: a.length, received: 1 },
    { originator: 'A', reference: 7, total: b.length, received: 1 },
  ])
  for (const s of a.slice(1)) mixed.add(s, 'B')
  t.equal(mixed.pendingMessages().length, 2, 'B complete')
  t.ok(mixed.discard('A', 7), 'the caller times A out')
  t.notOk(mixed.discard('A', 7))
  t.same(mixed.pendingMessages(), [])

  const single = new PushAssembler()
  t.same(Buffer.from(single.add(userData([PORTS16], pdu.subarray(0, 100)))?.payload ?? []), pdu.subarray(0, 100), 'not concatenated: at once')
  t.equal(single.add(userData([0x00, 0x03, 0x09, 0x01, 0x01], cat('x')))?.segments, 1, 'a concatenation of 1: at once')
})

t.test('PushAssembler: bounded', async t => {
  const assembler = new PushAssembler({ maxPending: 2, maxSegmentBytes: 40 })
  for (const reference of [1, 2, 3]) assembler.add(userData([0x00, 0x03, reference, 0x02, 0x01], cat('x')))
  t.equal(assembler.dropped, 1)
  t.same(assembler.pendingMessages().map(p => p.reference), [2, 3], 'the oldest went first')
  t.same(code(() => assembler.add(new Uint8Array(41))), { code: 'ERR_MMSE_BAD_PUSH', offset: 0 })
  t.same(code(() => new PushAssembler({ maxPending: 0 })), { code: 'ERR_MMSE_BAD_OPTION', offset: 0 })
  t.same(code(() => new PushAssembler({ maxSegmentBytes: 1.5 })), { code: 'ERR_MMSE_BAD_OPTION', offset: 0 })
  // 255 segments is the most an octet can count; all of them reassemble.
  const big = new PushAssembler()
  const payload = Buffer.alloc(255 * 10, 0x61)
  const many = segments(payload, 10, 0x1234, 16, false)
  t.equal(many.length, 255)
  let result = null
  for (const s of many) result = big.add(s)
  t.same(Buffer.from(result?.payload ?? []), payload)
})

t.test('hostile input: only MmseError, never anything else', async t => {
  let runs = 0
  const onlyMmseError = (fn: () => unknown) => {
    runs++
    try {
      fn()
    } catch (err) {
      if (!(err instanceof MmseError)) throw err
    }
  }
  const prefix = fc.constantFrom(new Uint8Array(0), cat(0x01, 0x06), cat(0x01, 0x07, 0x03, 0xbe, 0xaf), cat(0x06, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0))
  fc.assert(fc.property(prefix, fc.uint8Array({ maxLength: 64 }), (head, tail) => {
    const bytes = cat(head, tail)
    onlyMmseError(() => decodePush(bytes))
    onlyMmseError(() => decodePush(bytes, { udh: true }))
    onlyMmseError(() => decodePush(bytes, { strict: true }))
    onlyMmseError(() => new PushAssembler().add(bytes))
  }), { seed: 0x9054, numRuns: 2000 })
  // Truncations of a real push.
  const pdu = push(0x06, cat(MMS_TEXT, 0xaf, 0x84))
  for (let n = 0; n < pdu.length; n++) onlyMmseError(() => decodePush(pdu.subarray(0, n)))
  t.comment(`${runs} hostile inputs, all rejected or decoded with MmseError only`)
  t.pass()
})

// The corpus (GPL/AGPL): read in place, never copied; skipped when absent.
const corpus = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url))

t.test('corpus .wsppush files', { skip: existsSync(corpus) ? false : `no corpus at ${corpus}` }, async t => {
  const files = walk(corpus).filter(f => f.endsWith('.wsppush'))
  t.ok(files.length > 0, 'some .wsppush files')
  for (const file of files) {
    const bytes = readFileSync(file)
    const result = decodePush(bytes)
    t.equal(result.contentType.mediaType, 'application/vnd.wap.mms-message', file)
    t.equal(result.applicationId, 'x-wap-application:mms.ua', file)
    t.ok(result.message, file)
    const sibling = file.replace(/\.wsppush$/, '.mms')
    if (existsSync(sibling)) t.same(result.message, decode(readFileSync(sibling)), `${file}: message equals decode() of the sibling .mms`)
    else t.same(result.message, decode(result.body), `${file}: no sibling .mms; message equals decode() of the body`)
    // Carried over SMS: cut into 8-bit user data segments with a UDH, shuffled, reassembled.
    const parts = segments(bytes, 120, 0x9f, 16)
    const assembler = new PushAssembler()
    let whole = null
    for (const part of [...parts].reverse()) whole = assembler.add(part, 'corpus')
    t.same(decodeAssembled(whole as NonNullable<typeof whole>).message, result.message, `${file}: through ${parts.length} SMS segments`)
  }
})

function walk (dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
}
