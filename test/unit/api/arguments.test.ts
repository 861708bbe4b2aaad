/**
 * Arguments of the wrong type at every public entry outside the push functions (those are in
 * test/unit/push/arguments.test.ts): one ERR_MMSE_INVALID_ARGUMENT at offset 0 whose `field`
 * names the parameter, never a TypeError from inside; and bytes taken in every form a caller
 * holds them, with the same result as a Buffer of the same octets.
 */
import { Readable } from 'node:stream'
import t from 'tap'
import {
  buildSendReq, decode, encode, fitName, headerByCode, headerByKey, MessageTree, MmseEncoder, type MmseEvent,
  MmseParser, sanitizeFilename, smilDocument,
} from '../../../lib/index.js'
import * as builders from '../../../lib/encode/builders.js'
import { caught } from '../../support/thrown.js'

const any = (value: unknown): never => value as never

const MESSAGE = encode(buildSendReq({
  transactionId: 'T-1', from: '+15550001111', to: '+15550002222', subject: 'hi',
  parts: [{ contentType: 'text/plain', data: 'hello' }, { contentType: 'image/png', data: new Uint8Array([1, 2, 3, 4]) }],
}))

const label = (value: unknown): string => typeof value === 'symbol' ? 'symbol' : typeof value === 'bigint' ? 'bigint'
  : ArrayBuffer.isView(value) || value instanceof ArrayBuffer ? (value as object).constructor.name : JSON.stringify(value) ?? String(value)

const NOT_OBJECT: unknown[] = [null, undefined, 'text', 42, true, [1, 2], () => {}, Symbol('s'), 10n]
const NOT_BYTES: unknown[] = [...NOT_OBJECT, { length: 3 }, { buffer: new ArrayBuffer(2) }]
const NOT_OPTIONS = NOT_OBJECT.filter((value) => value !== undefined)
const NOT_STRING: unknown[] = [null, undefined, 42, {}, [], new Uint8Array(2)]
const HEADERS = { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0) } as const

t.test('every public entry names the argument of the wrong type', async t => {
  const calls: Array<[string, string, (value: unknown) => unknown, unknown[]]> = [
    ['decode', 'bytes', v => decode(any(v)), NOT_BYTES],
    ['decode options', 'options', v => decode(MESSAGE, any(v)), NOT_OPTIONS],
    ['MmseParser', 'options', v => new MmseParser(any(v)), NOT_OPTIONS],
    ['encode', 'message', v => encode(any(v)), NOT_OBJECT],
    ['encode options', 'options', v => encode(decode(MESSAGE), any(v)), NOT_OPTIONS],
    ['MmseEncoder', 'headers', v => new MmseEncoder(any(v)), NOT_OBJECT],
    ['MmseEncoder options', 'options', v => new MmseEncoder(HEADERS, any(v)), NOT_OPTIONS],
    ['MessageTree', 'message', v => new MessageTree(any(v)), NOT_OPTIONS],
    ['MessageTree parts', 'message.parts', v => new MessageTree(any({ headers: {}, headerList: [], parts: v })), [null, undefined, 'text', 42, {}]],
    ['sanitizeFilename', 'name', v => sanitizeFilename(any(v)), NOT_STRING],
    ['fitName', 'name', v => fitName(any(v)), NOT_STRING],
    ['fitName suffix', 'suffix', v => fitName('a.txt', any(v)), NOT_STRING.filter(v => v !== undefined)],
    ['fitName max', 'max', v => fitName('a.txt', '', any(v)), [null, '9', 0, -1, 1.5, NaN, Infinity]],
    ['headerByCode', 'code', v => headerByCode(any(v)), ['length', 'push', null, undefined, {}, 0x8cn]],
    ...(['buildSendReq', 'buildSendConf', 'buildNotificationInd', 'buildNotifyRespInd', 'buildAcknowledgeInd', 'buildRetrieveConf', 'buildDeliveryInd', 'buildReadRecInd'] as const)
      .map((name): [string, string, (value: unknown) => unknown, unknown[]] => [name, 'input', v => builders[name](any(v)), NOT_OBJECT]),
    ['smilDocument', 'parts', v => smilDocument(any(v)), NOT_OBJECT.filter(v => !Array.isArray(v))],
    ['smilDocument part', 'parts[0]', v => smilDocument(any([v])), NOT_OBJECT],
    ['smilDocument name', 'parts[0].name', v => smilDocument(any([{ name: v, mediaType: 'text/plain' }])), NOT_STRING],
    ['smilDocument mediaType', 'parts[0].mediaType', v => smilDocument(any([{ name: 'a', mediaType: v }])), NOT_STRING],
    ['headerByKey', 'key', v => headerByKey(any(v)), [null, undefined, 0x8c, {}, ['subject']]],
  ]
  for (const [what, field, call, values] of calls) {
    for (const value of values) {
      t.match(caught(() => call(value)), { code: 'ERR_MMSE_INVALID_ARGUMENT', field, offset: 0, message: new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')} must be `) }, `${what}(${label(value)})`)
    }
  }
  t.equal(caught(() => decode(any(null))).toString(), '[object Object]')
  t.match(caught(() => decode(any('text'))), { message: 'bytes must be an ArrayBufferView or ArrayBuffer, not a string ("text")' })
})

t.test('what the look-ups take still answers as before', async t => {
  t.equal(headerByCode(0x8c)?.key, 'messageType')
  t.equal(headerByCode(1.5), undefined)
  t.equal(headerByCode(-1), undefined)
  t.equal(headerByKey('subject')?.code, 0x96)
  t.equal(headerByKey('constructor'), undefined)
  t.equal(fitName('a.txt', '-2', 1), 'a')
  t.equal(sanitizeFilename('../x.txt'), 'x.txt')
})

/** A decoded message as plain data: views of any kind as their octets. */
function plain (value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return [...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)]
  if (Array.isArray(value)) return value.map(plain)
  if (typeof value !== 'object' || value === null || value instanceof Date) return value
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, plain(v)]))
}

/** The same octets as `bytes` in every form a caller may hold them. */
function forms (bytes: Uint8Array): Array<[string, unknown]> {
  const copy = (): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  const padded = new Uint8Array(bytes.length + 8)
  padded.set(bytes, 4)
  const shared = new SharedArrayBuffer(bytes.length)
  new Uint8Array(shared).set(bytes)
  const list: Array<[string, unknown]> = [
    ['Uint8Array at an offset', padded.subarray(4, 4 + bytes.length)],
    ['DataView at an offset', new DataView(padded.buffer, 4, bytes.length)],
    ['Int8Array', new Int8Array(copy())],
    ['Uint8ClampedArray', new Uint8ClampedArray(copy())],
    ['ArrayBuffer', copy()],
    ['SharedArrayBuffer', shared],
  ]
  if (bytes.length % 2 === 0) list.push(['Uint16Array', new Uint16Array(copy())])
  if (bytes.length % 8 === 0) list.push(['Float64Array', new Float64Array(copy())])
  return list
}

t.test('decode() takes bytes in every form, with the same result', async t => {
  const expected = plain(decode(Buffer.from(MESSAGE)))
  for (const [what, form] of forms(MESSAGE)) t.same(plain(decode(any(form))), expected, what)
  const even = new Uint8Array(MESSAGE.length + (MESSAGE.length % 8 === 0 ? 0 : 8 - MESSAGE.length % 8))
  t.equal(caught(() => decode(any(new Float64Array(even.buffer)))).constructor, Object, 'a Float64Array of padded bytes is read, as octets')
})

/** The parser's events for `chunks`, as plain data (parts read as text). */
async function events (chunks: unknown[]): Promise<unknown[]> {
  const parser = new MmseParser()
  const seen: unknown[] = []
  const reading = (async () => {
    for await (const event of parser.events() as AsyncIterable<MmseEvent>) {
      seen.push(event.type === 'part' ? { type: 'part', path: event.path, text: await event.part.text() } : plain(event))
    }
  })()
  for (const chunk of chunks) parser.write(any(chunk))
  parser.end()
  await reading
  return seen
}

t.test('MmseParser takes written chunks in every form, with the same events', async t => {
  const half = MESSAGE.length >> 1
  const expected = await events([Buffer.from(MESSAGE.subarray(0, half)), Buffer.from(MESSAGE.subarray(half))])
  t.ok(expected.length > 3)
  for (const [what, form] of forms(MESSAGE)) t.same(await events([form]), expected, what)
  const dataView = new DataView(MESSAGE.buffer, MESSAGE.byteOffset, MESSAGE.byteLength)
  const ended: unknown[] = []
  const parser = new MmseParser()
  parser.on('data', (event: MmseEvent) => {
    ended.push(event.type)
    if (event.type === 'part') event.part.resume()
  })
  await new Promise<void>((resolve) => parser.end(any(dataView), () => resolve()))
  t.same(ended, (expected as Array<{ type: string }>).map(e => e.type), 'end(chunk) takes a DataView too')
})

/** The error a parser fails with after `act`, and what the write's callback got. */
async function refused (act: (parser: MmseParser, callback: (err?: Error | null) => void) => unknown): Promise<{ error: unknown, callback: unknown, events: number }> {
  const parser = new MmseParser()
  let events = 0
  parser.on('header', () => events++)
  let callback: unknown = 'not called'
  const error = await new Promise((resolve) => {
    parser.on('error', resolve)
    act(parser, (err) => { callback = err })
  })
  await new Promise((resolve) => setImmediate(resolve))
  return { error, callback, events }
}

t.test('MmseParser refuses a chunk that is not bytes through its error, a string too', async t => {
  for (const value of [...NOT_BYTES.filter(v => v !== undefined && v !== null && typeof v !== 'function'), 'x'.repeat(40)]) {
    const got = await refused((parser, callback) => parser.write(any(value), callback))
    t.match(got, { error: { code: 'ERR_MMSE_INVALID_ARGUMENT', field: 'chunk', offset: 0, message: /^chunk must be an ArrayBufferView or ArrayBuffer/ } }, `write(${label(value)})`)
    t.equal(got.callback, got.error, `write(${label(value)}): the callback gets the same error`)
  }
  const withEncoding = await refused((parser, callback) => parser.write(any('abc'), 'latin1', callback))
  t.equal(withEncoding.callback, withEncoding.error, 'write(string, encoding, callback)')
  const late = await refused((parser) => { parser.write(MESSAGE.subarray(0, 4)); parser.write(any(7)) })
  t.match(late.error, { code: 'ERR_MMSE_INVALID_ARGUMENT' }, 'after good bytes, without a callback')
  const atEnd = await refused((parser, callback) => parser.end(any('abc'), callback))
  t.equal(atEnd.callback, atEnd.error, 'end(string, callback)')
  t.match(atEnd.error, { code: 'ERR_MMSE_INVALID_ARGUMENT', field: 'chunk' })
  const atEndEncoding = await refused((parser, callback) => parser.end(any(5), 'utf8', () => callback()))
  t.match(atEndEncoding.error, { code: 'ERR_MMSE_INVALID_ARGUMENT', field: 'chunk' }, 'end(number, encoding, callback)')
  const bare = await refused((parser) => parser.end(any({})))
  t.match(bare.error, { code: 'ERR_MMSE_INVALID_ARGUMENT', field: 'chunk' }, 'end(object)')
})

t.test('end() without a chunk still ends the parser, with or without its callback', async t => {
  const parser = new MmseParser()
  parser.resume()
  parser.write(MESSAGE)
  await new Promise<void>((resolve) => parser.end(null, resolve))
  t.ok(parser.writableFinished)
  const piped = await events([MESSAGE])
  t.ok(piped.length > 0)
  const readable = Readable.from([MESSAGE]).pipe(new MmseParser())
  let count = 0
  for await (const event of readable.events()) if (event.type === 'headers') count++
  t.equal(count, 1, 'pipe() writes through the same write()')
})

t.test('encode() and MmseEncoder take part data in every form', async t => {
  const data = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])
  const message = (form: unknown): Uint8Array => encode(any({ headers: { ...HEADERS, contentType: 'application/vnd.wap.multipart.mixed' }, parts: [{ contentType: 'image/png', data: form }] }))
  const expected = Buffer.from(message(data))
  for (const [what, form] of forms(data)) t.same(Buffer.from(message(form)), expected, `encode: ${what}`)
  const streamed = async (form: unknown): Promise<Buffer> => {
    const chunks: Buffer[] = []
    for await (const chunk of new MmseEncoder(HEADERS, { parts: [{ contentType: 'image/png', body: any(form) }] })) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }
  const whole = await streamed(data)
  for (const [what, form] of forms(data)) t.same(await streamed(form), whole, `MmseEncoder: ${what}`)
  t.match(caught(() => message(5)), { code: 'ERR_MMSE_BAD_INPUT', field: 'data', message: 'part data must be bytes or a string' })
  t.match(caught(() => new MmseEncoder(HEADERS, { parts: [any(null)] })), { code: 'ERR_MMSE_BAD_INPUT', message: 'a part must be an object' })
  t.match(caught(() => new MmseEncoder(HEADERS, { parts: [{ contentType: 'text/plain', body: any(null) }] })), { code: 'ERR_MMSE_BAD_INPUT', field: 'body' })
  t.match(caught(() => new MmseEncoder(HEADERS, { parts: [{ contentType: 'text/plain', body: any(7) }] })), { code: 'ERR_MMSE_BAD_INPUT', field: 'body' })
})
