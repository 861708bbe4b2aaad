/**
 * MmseParser as a stream: the usage styles (listeners, for await, pipeline), backpressure,
 * skipping, completion order, errors, limits and nesting.
 */
import { once } from 'node:events'
import { Readable, Writable } from 'node:stream'
import { finished, pipeline } from 'node:stream/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { decode, MmseError, MmseParser, MmsePart, type DecodedPart, type MmseEvent, type MmseHeaders, type MmseLimits, type MmseParserOptions, type MmseWarning } from '../../lib/index.js'
import { bytes, hex, multipart, retrieveConf, textEntry, entry } from '../support/wire.js'
import { chunk } from '../support/transcript.js'
import { within } from '../support/within.js'

/** Parses `input` in `size`-byte chunks, collecting events and part data. */
async function collect (input: Uint8Array, size = input.length || 1, options: MmseParserOptions = {}) {
  const parser = new MmseParser(options)
  const events: string[] = []
  const data: string[] = []
  const warnings: string[] = []
  for await (const event of Readable.from(chunk(input, size)).pipe(parser)) {
    events.push(event.type)
    if (event.type === 'warning') warnings.push(event.warning.code)
    if (event.type === 'part') data.push((await readAll(event.part)).toString('latin1'))
  }
  return { events, data, warnings }
}

async function readAll (stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const piece of stream) chunks.push(piece as Buffer)
  return Buffer.concat(chunks)
}

/** A Writable that takes `delay` ms per chunk. */
function slowSink (delay: number, received: Buffer[] = []): Writable {
  return new Writable({
    highWaterMark: 1024,
    write (piece: Buffer, _encoding, callback) {
      received.push(piece)
      setTimeout(callback, delay)
    },
  })
}

const threeParts = retrieveConf(multipart([textEntry('one', 'a'), textEntry('two', 'b'), textEntry('three', 'c')]))

t.test('for await: headers, then each part, in order, under any chunking', async t => {
  for (const size of [1, 2, 7, threeParts.length]) {
    const { events, data } = await collect(threeParts, size)
    t.same(events, ['header', 'header', 'header', 'header', 'header', 'headers', 'part', 'part', 'part'], `chunks of ${size}`)
    t.same(data, ['one', 'two', 'three'], `chunks of ${size}`)
  }
})

t.test('the part stream carries what is known before its data', async t => {
  const parser = new MmseParser()
  parser.end(threeParts)
  for await (const event of parser.events()) {
    if (event.type !== 'part') continue
    const part = event.part
    t.ok(part instanceof Readable && part instanceof MmsePart)
    t.match(part, { index: event.path[0], size: 3 + (part.index === 2 ? 2 : 0), contentId: 'abc'[part.index], contentType: { mediaType: 'text/plain' } })
    t.same(part.info.path, [part.index])
    t.equal(part.headers['content-id'], `<${'abc'[part.index]}>`)
    t.equal(threeParts.subarray(part.offset, part.offset + (part.size as number)).toString(), ['one', 'two', 'three'][part.index])
    const web = Readable.toWeb(part)
    const reader = web.getReader()
    const first = await reader.read()
    t.equal(Buffer.from(first.value as Uint8Array).toString(), ['one', 'two', 'three'][part.index], 'Readable.toWeb works')
  }
})

t.test('listeners only: the parser does not stall on its unread readable side', async t => {
  const parser = new MmseParser()
  const seen: string[] = []
  parser.on('headers', headers => seen.push(`headers ${headers.subject?.text}`))
  parser.on('header', header => seen.push(header.name))
  Readable.from(chunk(threeParts, 5)).pipe(parser)
  await within(finished(parser))
  t.same(seen.slice(-2), ['Content-Type', 'headers Hello'])
})

t.test('listener style: on("part") consumers', async t => {
  const parser = new MmseParser()
  const texts: Promise<string>[] = []
  parser.on('part', (part: MmsePart) => texts.push(part.text()))
  Readable.from(chunk(threeParts, 3)).pipe(parser)
  await within(finished(parser))
  t.same(await Promise.all(texts), ['one', 'two', 'three'])
})

t.test('a consumer that reads part k only after part k+1 is announced', async t => {
  const parser = new MmseParser()
  const parts: MmsePart[] = []
  const done = new Promise<string[]>(resolve => {
    parser.on('part', async (part: MmsePart) => {
      parts.push(part)
      if (parts.length < 2) return
      const previous = parts[parts.length - 2] as MmsePart
      if (part.index === 2) resolve(await Promise.all([previous.text(), part.text(), parts[0]!.text()]))
    })
  })
  parser.end(threeParts)
  t.same(await within(done), ['two', 'three', 'one'])
  await within(finished(parser))
})

t.test('stream.pipeline with an async generator consumer', async t => {
  const received: string[] = []
  await within(pipeline(Readable.from(chunk(threeParts, 4)), new MmseParser(), async function (events: AsyncIterable<MmseEvent>) {
    for await (const event of events) {
      if (event.type === 'part') received.push(`${event.part.index}:${await event.part.text()}`)
    }
  }))
  t.same(received, ['0:one', '1:two', '2:three'])
})

t.test('pipeline of each part into a file-like sink', async t => {
  const parser = new MmseParser()
  const sinks: Buffer[][] = []
  const pipes: Promise<void>[] = []
  parser.on('part', (part: MmsePart) => {
    const received: Buffer[] = []
    sinks.push(received)
    pipes.push(pipeline(part, slowSink(1, received)))
  })
  await within(pipeline(Readable.from(chunk(threeParts, 2)), parser))
  await Promise.all(pipes)
  t.same(sinks.map(s => Buffer.concat(s).toString()), ['one', 'two', 'three'])
})

t.test('more parts than the object-mode highWaterMark', async t => {
  const entries = Array.from({ length: 150 }, (_, i) => textEntry(`part ${i}`, `p${i}`))
  const message = retrieveConf(multipart(entries))
  const { data } = await within(collect(message, 64))
  t.equal(data.length, 150)
  t.equal(data[149], 'part 149')
  const parser = new MmseParser()
  let count = 0
  parser.on('part', (part: MmsePart) => { count++; part.resume() })
  parser.end(message)
  await within(finished(parser))
  t.equal(count, 150, 'listener style')
})

t.test('iterating: moving on skips a part nobody started to read', async t => {
  const big = 'x'.repeat(300_000)
  const message = retrieveConf(multipart([textEntry(big, 'a'), textEntry('small', 'b'), textEntry(big, 'c')]))
  const parts: MmsePart[] = []
  for await (const event of Readable.from(chunk(message, 16 * 1024)).pipe(new MmseParser())) {
    if (event.type === 'part') parts.push(event.part)
  }
  t.equal(parts.length, 3)
  t.ok(parts.every(part => part.destroyed), 'untouched parts were destroyed')
})

t.test('iterating: a part read inside the loop body does not deadlock', async t => {
  const big = 'y'.repeat(1_000_000)
  const message = retrieveConf(multipart([textEntry(big, 'a'), textEntry('z', 'b')]))
  const lengths: number[] = []
  await within((async () => {
    for await (const event of Readable.from(chunk(message, 1024)).pipe(new MmseParser({ partHighWaterMark: 1024 }))) {
      if (event.type === 'part') lengths.push((await readAll(event.part)).length)
    }
  })())
  t.same(lengths, [1_000_000, 1])
})

t.test('no consumer at all: parts are skipped, not buffered', async t => {
  // A wanted but unread 1 MB part would fill its buffer and stall the parser: finishing proves it was skipped.
  const message = retrieveConf(multipart([textEntry('q'.repeat(1_000_000), 'a'), textEntry('r', 'b')]))
  const parser = new MmseParser()
  let headers = 0
  parser.on('headers', () => headers++)
  Readable.from(chunk(message, 4096)).pipe(parser)
  await within(finished(parser))
  t.equal(headers, 1)
})

t.test('part.destroy() skips the rest of that part; later parts arrive intact', async t => {
  const big = Buffer.alloc(500_000, 0x41)
  const message = retrieveConf(multipart([entry(hex('83'), [], big), textEntry('after', 'b')]))
  const parser = new MmseParser({ partHighWaterMark: 1024 })
  const texts: Promise<string>[] = []
  parser.on('part', (part: MmsePart) => {
    if (part.index === 0) {
      part.once('data', () => part.destroy())
      part.resume()
    } else {
      texts.push(part.text())
    }
  })
  Readable.from(chunk(message, 8192)).pipe(parser)
  await within(finished(parser))
  t.same(await Promise.all(texts), ['after'])
})

t.test('part.destroy() inside the part listener skips it at once, in any split', async t => {
  const message = retrieveConf(multipart([0, 1, 2].map(n => (entry(hex('83'), [], Buffer.alloc(100_000, 0x41 + n))))))
  for (const size of [message.length, 4096, 1]) {
    const parser = new MmseParser({ partHighWaterMark: 1024 })
    const seen: number[] = []
    parser.on('part', (part: MmsePart) => { seen.push(part.index); part.destroy() })
    Readable.from(chunk(message, size)).pipe(parser)
    await within(finished(parser))
    t.same(seen, [0, 1, 2], `${size}-byte chunks`)
  }
})

t.test('backpressure: a slow consumer bounds what the parser holds', async t => {
  const size = 4 * 1024 * 1024
  const message = retrieveConf(multipart([entry(hex('83'), [], Buffer.alloc(size, 0x42))]))
  const chunkSize = 16 * 1024
  const parser = new MmseParser({ partHighWaterMark: 16 * 1024 })
  let peak = 0
  let received = 0
  parser.on('part', (part: MmsePart) => {
    part.on('data', (piece: Buffer) => {
      received += piece.length
      peak = Math.max(peak, part.readableLength + parser.writableLength)
      part.pause()
      setImmediate(() => part.resume())
    })
  })
  await within(pipeline(Readable.from(chunk(message, chunkSize), { highWaterMark: 1 }), parser), 20_000)
  t.equal(received, size)
  t.ok(peak <= 16 * 1024 + 2 * chunkSize + 64 * 1024, `peak buffered ${peak} bytes`)
  t.comment(`slow consumer: peak buffered in part + parser ${peak} bytes for a ${size}-byte part`)
})

t.test("'finish' waits for every part; 'close' comes last", async t => {
  const parser = new MmseParser()
  const order: string[] = []
  parser.on('part', (part: MmsePart) => {
    setTimeout(() => { part.on('end', () => order.push(`end ${part.index}`)); part.resume() }, 20)
  })
  parser.on('finish', () => order.push('finish'))
  parser.on('close', () => order.push('close'))
  parser.end(threeParts)
  await within(once(parser, 'close'))
  t.same(order, ['end 0', 'end 1', 'end 2', 'finish', 'close'])
})

t.test('input ending inside a part errors that part and the parser; finished parts are untouched', async t => {
  const message = retrieveConf(multipart([textEntry('complete', 'a'), textEntry('cut short here', 'b')]))
  const parser = new MmseParser()
  const results: string[] = []
  parser.on('part', (part: MmsePart) => {
    part.text().then(text => results.push(`${part.index} ok ${text}`), (err: MmseError) => results.push(`${part.index} ${err.code}`))
  })
  const error = once(parser, 'error')
  parser.end(message.subarray(0, message.length - 4))
  const [err] = await within(error) as [MmseError]
  t.equal(err.code, 'ERR_MMSE_TRUNCATED')
  t.equal(err.offset, message.length - 4)
  await sleep(10)
  t.same(results.sort(), ['0 ok complete', '1 ERR_MMSE_TRUNCATED'])
})

t.test('destroying the parser destroys the part being received', async t => {
  const message = retrieveConf(multipart([entry(hex('83'), [], Buffer.alloc(200_000))]))
  const parser = new MmseParser({ partHighWaterMark: 1024 })
  const part = new Promise<MmsePart>(resolve => parser.once('part', resolve))
  parser.write(message.subarray(0, 50_000))
  const received = await part
  parser.destroy()
  await once(received, 'close')
  t.ok(received.destroyed)
})

t.test('bodiless PDUs: headers at the end of input; trailing data warns, or fails in strict mode', async t => {
  const notification = bytes(0x8c, 0x82, 0x98, 'n1', 0x8d, 0x90, 0x8a, 0x80, 0x8e, 0x02, 0x74, 0x00, 0x88, 0x05, 0x81, 0x03, 0x01, 0x51, 0x80, 0x83, 'http://x/y')
  const { events } = await collect(notification, 3)
  t.equal(events.at(-1), 'headers')
  const trailing = await collect(bytes(notification, 0x00, 0x00), 3)
  t.same(trailing.warnings, ['WARN_MMSE_TRAILING_DATA'])
  const parser = new MmseParser({ strict: true })
  parser.end(bytes(notification, 0x00))
  const [err] = await once(parser, 'error') as [MmseError]
  t.equal(err.code, 'ERR_MMSE_TRAILING_DATA')
  t.equal(err.offset, notification.length)
})

t.test('a single non-multipart body is part 0; an empty body has no parts', async t => {
  const single = retrieveConf(Buffer.from('just text'), hex('83'))
  const parser = new MmseParser()
  parser.end(single)
  const sizes: Array<number | null> = []
  const texts: string[] = []
  for await (const event of parser) {
    if (event.type === 'part') { sizes.push(event.part.size); texts.push(await event.part.text()) }
  }
  t.same(sizes, [null], 'the size of a body that runs to the end of the input is unknown to the stream')
  t.same(texts, ['just text'])
  const empty = await collect(retrieveConf(Buffer.alloc(0)))
  t.notOk(empty.events.includes('part'))
})

t.test('not an MMSE PDU', async t => {
  const parser = new MmseParser()
  parser.end(Buffer.from('This is not MMS'))
  const [err] = await once(parser, 'error') as [MmseError]
  t.match(err, { code: 'ERR_MMSE_NOT_MMSE', offset: 0 })
  const empty = new MmseParser()
  empty.end()
  const [truncated] = await once(empty, 'error') as [MmseError]
  t.match(truncated, { code: 'ERR_MMSE_TRUNCATED', offset: 0 })
})

t.test('limits fail loudly, before any data of the offending part flows', async t => {
  const big = textEntry('0123456789', 'big')
  const cases: Array<[string, Partial<MmseLimits>, Uint8Array, number]> = [
    ['ERR_MMSE_LIMIT_PARTS', { maxParts: 2 }, threeParts, 2],
    ['ERR_MMSE_LIMIT_PART_SIZE', { maxPartSize: 9 }, retrieveConf(multipart([textEntry('ok', 'a'), big])), 9],
    ['ERR_MMSE_LIMIT_PART_HEADER_BYTES', { maxPartHeaderBytes: 4 }, threeParts, 4],
    ['ERR_MMSE_LIMIT_TOTAL_BYTES', { maxTotalBytes: 40 }, threeParts, 40],
    ['ERR_MMSE_LIMIT_HEADER_BYTES', { maxHeaderBytes: 10 }, threeParts, 10],
    ['ERR_MMSE_LIMIT_HEADER_FIELDS', { maxHeaderFields: 3 }, threeParts, 3],
  ]
  for (const [code, limits, input, limit] of cases) {
    for (const size of [1, 16, input.length]) {
      const parser = new MmseParser({ limits })
      const flowed: number[] = []
      parser.on('part', (part: MmsePart) => {
        part.on('data', (piece: Buffer) => flowed.push(part.index, piece.length))
        part.on('error', () => {})
      })
      Readable.from(chunk(input, size)).pipe(parser)
      const [err] = await within(once(parser, 'error')) as [MmseError]
      t.match(err, { code, limit }, `${code} in chunks of ${size}`)
      t.ok(err.offset >= 0 && err.offset <= input.length)
      if (code === 'ERR_MMSE_LIMIT_PART_SIZE') t.same(flowed.filter((_, i) => i % 2 === 0).filter(i => i === 1), [], 'no data of the big part')
    }
  }
  t.throws(() => new MmseParser({ limits: { maxParts: -1 } }), { code: 'ERR_MMSE_BAD_OPTION' })
})

t.test('nested multipart: paths, the nested event, the depth limit, and switching it off', async t => {
  const inner = multipart([textEntry('alt text', 'i0'), entry(hex('9d'), [], 'GIF89a')])
  const message = retrieveConf(multipart([textEntry('first', 'a'), entry(hex('a6'), [], inner), textEntry('last', 'c')]))
  const paths: string[] = []
  const parser = new MmseParser()
  parser.end(message)
  for await (const event of parser) {
    if (event.type === 'nested') paths.push(`nested ${event.info.kind} ${event.path.join('.')}`)
    if (event.type === 'part') paths.push(`${event.path.join('.')} ${await event.part.text()}`)
  }
  t.same(paths, ['0 first', 'nested multipart 1', '1.0 alt text', '1.1 GIF89a', '2 last'])
  const flat = new MmseParser({ nestedMultipart: false })
  flat.end(message)
  const flatPaths: string[] = []
  for await (const event of flat) if (event.type === 'part') { flatPaths.push(event.path.join('.')); event.part.resume() }
  t.same(flatPaths, ['0', '1', '2'])
  const shallow = new MmseParser({ limits: { maxDepth: 0 } })
  shallow.resume()
  shallow.end(message)
  const [err] = await once(shallow, 'error') as [MmseError]
  t.match(err, { code: 'ERR_MMSE_LIMIT_DEPTH', limit: 0 })
})

t.test('nested PDUs: an m-mbox-view-conf whose entries are m-mbox-descr messages', async t => {
  const descr = (n: number) => bytes(0x8c, 0x93, 0x8d, 0x92, 0x8b, `msg-${n}`, 0x96, `subject ${n}`, 0x84, 0x83, Buffer.from(`body ${n}`))
  const view = bytes(0x8c, 0x8e, 0x98, 'v1', 0x8d, 0x92, 0x92, 0x80, 0x84, 0xa3, multipart([entry(hex('be'), [], descr(1)), entry(hex('be'), [], descr(2))]))
  const seen: string[] = []
  const parser = new MmseParser()
  parser.end(view)
  for await (const event of parser) {
    if (event.type === 'headers') seen.push(`headers [${event.path.join('.')}] ${event.headers.messageType} ${event.headers.subject?.text ?? ''}`)
    if (event.type === 'part') seen.push(`part ${event.path.join('.')} ${await event.part.text()}`)
  }
  t.same(seen, [
    'headers [] m-mbox-view-conf ',
    'headers [0] m-mbox-descr subject 1', 'part 0.0 body 1',
    'headers [1] m-mbox-descr subject 2', 'part 1.0 body 2',
  ])
  const raw = new MmseParser({ nestedMessages: false })
  raw.end(view)
  const types: string[] = []
  for await (const event of raw) if (event.type === 'part') { types.push(event.part.contentType.mediaType); event.part.resume() }
  t.same(types, ['application/vnd.wap.mms-message', 'application/vnd.wap.mms-message'])
})

t.test('nEntries disagreeing with the entries', async t => {
  const extra = retrieveConf(multipart([textEntry('a', 'a'), textEntry('b', 'b')], 1))
  const lenient = await collect(extra, 5)
  t.same(lenient.data, ['a', 'b'])
  t.same(lenient.warnings, ['WARN_MMSE_ENTRY_COUNT'])
  const strict = new MmseParser({ strict: true })
  strict.resume()
  strict.end(extra)
  t.match((await once(strict, 'error'))[0], { code: 'ERR_MMSE_ENTRY_COUNT' })
  const missing = new MmseParser()
  missing.resume()
  missing.end(retrieveConf(multipart([textEntry('a', 'a')], 3)))
  t.match((await once(missing, 'error'))[0], { code: 'ERR_MMSE_TRUNCATED' }, 'fewer entries than declared at the end of input')
  const nestedShort = retrieveConf(multipart([entry(hex('a3'), [], multipart([textEntry('x', 'x')], 2))]))
  t.same((await collect(nestedShort)).warnings, ['WARN_MMSE_ENTRY_COUNT'], 'a nested multipart with fewer entries than declared')
  const nestedStrict = new MmseParser({ strict: true })
  nestedStrict.resume()
  nestedStrict.end(nestedShort)
  t.match((await once(nestedStrict, 'error'))[0], { code: 'ERR_MMSE_ENTRY_COUNT' })
})

t.test('transfer encodings decode as streams, at every split, and in decode()', async t => {
  const text = 'Tämä on testi 😈 = ok\r\nrivi kaksi'
  const base64 = Buffer.from(text).toString('base64').replace(/(.{10})/g, '$1\r\n')
  const qp = 'T=C3=A4m=C3=A4 on testi =F0=9F=98=88 =3D ok\r\nrivi =\r\nkaksi'
  const cte = (value: string) => bytes('Content-Transfer-Encoding', value)
  for (const [name, encoded, expected] of [['base64', base64, text], ['quoted-printable', qp, 'Tämä on testi 😈 = ok\r\nrivi kaksi']] as const) {
    const message = retrieveConf(multipart([entry(bytes(0x03, 0x83, 0x81, 0xea), cte(name), encoded)]))
    const bodyStart = message.length - encoded.length
    for (let split = bodyStart; split <= message.length; split++) {
      const parser = new MmseParser()
      parser.write(message.subarray(0, split))
      parser.end(message.subarray(split))
      for await (const event of parser) {
        if (event.type === 'part') {
          const decoded = await event.part.text()
          if (decoded !== expected) t.fail(`${name} split at ${split}: ${decoded}`)
        }
      }
    }
    t.pass(`${name}: identical at all ${message.length - bodyStart + 1} splits`)
    const raw = await collect(message, message.length, { decodeTransferEncoding: false })
    t.same(raw.data, [Buffer.from(encoded).toString('latin1')], `${name}: raw bytes by option`)
    const whole = (options?: { decodeTransferEncoding: false }): string => Buffer.from(decode(message, options).parts[0]?.data ?? []).toString()
    t.equal(whole(), expected, `${name}: decode() the same`)
    t.equal(whole({ decodeTransferEncoding: false }), encoded, `${name}: decode() keeps the raw bytes by option`)
  }
  const cut = retrieveConf(multipart([entry(hex('83'), cte('base64'), 'QUJD\r\nR')]))
  const lenient = await collect(cut)
  t.same(lenient.data, ['ABC'])
  t.same(lenient.warnings, ['WARN_MMSE_TRANSFER_ENCODING'])
  const strict = new MmseParser({ strict: true })
  strict.on('part', (part: MmsePart) => { part.on('error', () => {}); part.resume() })
  strict.end(cut)
  t.match((await once(strict, 'error'))[0], { code: 'ERR_MMSE_BAD_TRANSFER_ENCODING' })
})

t.test('part.text() decodes the charset parameter, within a bound', async t => {
  const latin = retrieveConf(multipart([entry(bytes(0x03, 0x83, 0x81, 0x84), [], Buffer.from([0x70, 0xe4, 0x72]))]))
  const parser = new MmseParser()
  parser.end(latin)
  for await (const event of parser) if (event.type === 'part') t.equal(await event.part.text(), 'pär')
  const long = new MmseParser()
  long.end(threeParts)
  const errors: string[] = []
  for await (const event of long) {
    if (event.type === 'part') await event.part.text(3).catch((err: MmseError) => errors.push(`${err.code} ${err.limit}`))
  }
  t.same(errors, ['ERR_MMSE_LIMIT_TEXT_BYTES 3'], 'only "three" exceeds 3 bytes')
})

t.test('an error after a part that filled its buffer reaches the parser', async t => {
  // The first part overfills its 1 KiB buffer; the malformed entry after it still fails the parse.
  const good = entry(hex('83'), [], Buffer.alloc(100_000, 0x43))
  const message = Buffer.concat([retrieveConf(multipart([good], 2)), hex('05 01 20 20 20 20 20 00')])
  const parser = new MmseParser({ partHighWaterMark: 1024 })
  parser.on('part', (part: MmsePart) => {
    part.on('error', () => {})
    setTimeout(() => part.resume(), 10)
  })
  parser.end(message)
  const [err] = await within(once(parser, 'error')) as [MmseError]
  t.match(err, { code: 'ERR_MMSE_BAD_VALUE' })
})

t.test('part data are zero-copy views of the input chunks', async t => {
  const message = retrieveConf(multipart([entry(hex('83'), [], Buffer.alloc(200_000, 0x44))]))
  const chunks = chunk(message, 65_536)
  const sources = new Set(chunks.map(piece => piece.buffer))
  const parser = new MmseParser()
  let pieces = 0
  let views = 0
  parser.on('part', (part: MmsePart) => part.on('data', (piece: Buffer) => {
    pieces++
    if (sources.has(piece.buffer as ArrayBuffer)) views++
  }))
  await pipeline(Readable.from(chunks), parser)
  t.ok(pieces >= 4)
  t.equal(views, pieces, `${views} of ${pieces} pieces are views of input chunks`)
})

t.test('decode() gives the same parts as the stream', async t => {
  const { decode } = await import('../../lib/index.js')
  const inner = multipart([textEntry('alt', 'i0'), entry(hex('9e'), [], Buffer.from([0xff, 0xd8, 0xff]))])
  const b64 = entry(hex('83'), bytes('Content-Transfer-Encoding', 'base64'), Buffer.from('héllo').toString('base64'))
  const messages = [threeParts, retrieveConf(multipart([textEntry('a', 'a'), entry(hex('a6'), [], inner), b64])), retrieveConf(Buffer.from('single'), hex('83'))]
  for (const message of messages) {
    const decoded: string[] = []
    const walk = (parts: ReturnType<typeof decode>['parts']): void => {
      for (const part of parts) {
        if (part.parts !== undefined && part.parts.length > 0) walk(part.parts)
        else decoded.push(`${part.path.join('.')} ${part.contentType.mediaType} ${Buffer.from(part.data).toString('hex')}`)
      }
    }
    walk(decode(message).parts)
    const streamed: string[] = []
    for await (const event of Readable.from(chunk(message, 3)).pipe(new MmseParser()).events()) {
      if (event.type === 'part') streamed.push(`${event.path.join('.')} ${event.part.contentType.mediaType} ${(await readAll(event.part)).toString('hex')}`)
    }
    t.same(streamed, decoded)
  }
})

t.test('a Buffer written again, refilled, once its write is done: read anew', async (t) => {
  // Two chunks of 8 octets through one Buffer: the Transaction-Id, then the Subject where the
  // Transaction-Id's text was.
  const chunks = [bytes(0x8c, 0x84, 0x98, 'AAAA'), bytes(0x8d, 0x92, 0x96, 'BBBB')]
  const reused = Buffer.alloc(8)
  const parser = new MmseParser()
  const done = new Promise<MmseHeaders>(resolve => parser.on('headers', resolve))
  reused.set(chunks[0] as Uint8Array)
  parser.write(reused, () => {
    reused.set(chunks[1] as Uint8Array)
    parser.end(reused)
  })
  const headers = await done
  t.equal(headers.transactionId, 'AAAA')
  t.same(headers.subject, { text: 'BBBB' })
})

t.test('the readable side read by a data listener gets every event, as well as the emitter events', async (t) => {
  const parser = new MmseParser()
  const read: string[] = []
  const emitted: string[] = []
  parser.on('headers', () => emitted.push('headers'))
  parser.on('data', (event: MmseEvent) => {
    read.push(event.type)
    if (event.type === 'part') event.part.resume()
  })
  parser.end(retrieveConf(multipart([textEntry('a'), textEntry('b')])))
  await once(parser, 'end')
  t.same(read.filter(type => type !== 'header'), ['headers', 'part', 'part'])
  t.same(emitted, ['headers'])
})

t.test('smallParts: parts of at most n bytes come whole, as smallPart events, in order with the streams', async (t) => {
  const message = retrieveConf(multipart([textEntry('ab', 'a'), textEntry('abcdefgh', 'b'), textEntry('cd', 'c'), entry(hex('83'), [], '')]))
  for (const size of [message.length, 7, 1]) {
    const parser = new MmseParser({ smallParts: 4 })
    const seen: string[] = []
    parser.on('smallPart', (part: DecodedPart) => seen.push(`small ${part.contentId} ${Buffer.from(part.data).toString('latin1')}`))
    parser.on('part', (part: MmsePart) => {
      seen.push(`stream ${part.contentId}`)
      part.resume()
    })
    await pipeline(Readable.from(chunk(message, size)), parser)
    t.same(seen, ['small a ab', 'stream b', 'small c cd', 'small undefined '], `chunks of ${size}`)
  }
  const iterated: string[] = []
  for await (const event of Readable.from([message]).pipe(new MmseParser({ smallParts: 4 })).events()) {
    if (event.type === 'smallPart') iterated.push(event.part.contentId ?? '-')
  }
  t.same(iterated, ['a', 'c', '-'], 'on the readable side too')
})

t.test('smallParts: a base64 part cut inside a unit warns (strict: fails), as a stream does', async (t) => {
  const cut = retrieveConf(multipart([entry(hex('83'), bytes('Content-Transfer-Encoding', 'base64'), 'QUJD\r\nR')]))
  const lenient = new MmseParser({ smallParts: 64 })
  const warnings: string[] = []
  const data: string[] = []
  lenient.on('warning', (w: MmseWarning) => warnings.push(w.code))
  lenient.on('smallPart', (part: DecodedPart) => data.push(Buffer.from(part.data).toString('latin1')))
  await pipeline(Readable.from([cut]), lenient)
  t.same(data, ['ABC'])
  t.same(warnings, ['WARN_MMSE_TRANSFER_ENCODING'])
  const strict = new MmseParser({ smallParts: 64, strict: true })
  strict.on('smallPart', () => {})
  await t.rejects(pipeline(Readable.from([cut]), strict), { code: 'ERR_MMSE_BAD_TRANSFER_ENCODING' })
})

t.test('a body that runs to the end of the input streams even under smallParts; a data listener gets the events', async t => {
  const single = retrieveConf(Buffer.from('hello'), hex('83'))
  const parser = new MmseParser({ smallParts: 1024 })
  const types: string[] = []
  parser.on('data', (event: MmseEvent) => {
    types.push(event.type)
    if (event.type === 'part') event.part.resume()
  })
  parser.end(single)
  await within(finished(parser))
  t.equal(types.includes('smallPart'), false, 'its size is not known before it ends')
  t.equal(types.at(-1), 'part')
})
