/**
 * `part.pipe(dest)` on a part announced before its data, each case on its own and
 * deterministically: the destination fails or closes, the part is unpiped, another consumer
 * comes in (a 'data' listener, `addListener`, `read()`, `pause()`, a second pipe), including
 * while the destination asks to wait, whose backpressure holds the parser.
 */
import { Writable } from 'node:stream'
import t from 'tap'
import { MmseParser, type MmsePart } from '../../lib/index.js'
import { bytes, multipart, retrieveConf, textEntry, entry } from '../support/wire.js'

/** A message whose one part is 'abcdef', in chunks: the part is announced before its data. */
const MESSAGE = retrieveConf(multipart([textEntry('abcdef', 'a')]))
const DATA_START = MESSAGE.length - 6

/** A sink that keeps what it gets; `wait` holds its first write (so it asks to wait) until `release()`. */
class Sink extends Writable {
  readonly got: Buffer[] = []
  #holding: boolean
  #held: (() => void) | undefined
  constructor (wait = false) {
    super({ highWaterMark: wait ? 1 : 16 * 1024 })
    this.#holding = wait
  }

  override _write (chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.got.push(chunk)
    if (this.#holding) this.#held = callback
    else callback()
  }

  /** Completes the held write, so that 'drain' comes; writes pass from now on. */
  release (): void {
    this.#holding = false
    this.#held?.()
  }

  get text (): string {
    return Buffer.concat(this.got).toString('latin1')
  }
}

/** Feeds the message up to the part's data, calls `withPart`, then feeds the data in two halves. */
async function withPart (act: (part: MmsePart, parser: MmseParser) => void | Promise<void>): Promise<{ part: MmsePart, parser: MmseParser }> {
  const parser = new MmseParser()
  let announced: MmsePart | undefined
  parser.on('part', (part: MmsePart) => { announced = part })
  parser.write(MESSAGE.subarray(0, DATA_START))
  await new Promise(resolve => setImmediate(resolve))
  const part = announced as MmsePart
  await act(part, parser)
  parser.write(MESSAGE.subarray(DATA_START, DATA_START + 3))
  parser.end(MESSAGE.subarray(DATA_START + 3))
  return { part, parser }
}

const ended = (stream: Writable): Promise<void> => new Promise(resolve => stream.once('finish', () => resolve()))

t.test('straight to the destination, which is ended with the data', async t => {
  const sink = new Sink()
  await withPart(part => { t.equal(part.pipe(sink), sink, 'pipe() returns the destination') })
  await ended(sink)
  t.equal(sink.text, 'abcdef')
})

t.test('a destination that fails or closes early: nothing more goes to it, the part can still be drained', async t => {
  for (const how of ['fails', 'closes'] as const) {
    const sink = new Sink()
    sink.on('error', () => {})
    const { part, parser } = await withPart(part => {
      part.pipe(sink)
      sink.destroy(how === 'fails' ? new Error('disk full') : undefined)
    })
    await new Promise(resolve => sink.once('close', resolve))
    t.equal(sink.text, '', `${how}: nothing forwarded`)
    part.resume()
    await new Promise(resolve => parser.once('finish', resolve))
  }
})

t.test('an error of the destination nobody else listens for is thrown, as node:stream pipe() lets it be', async t => {
  const sink = new Sink()
  const { part } = await withPart(part => {
    part.pipe(sink)
    t.throws(() => sink.emit('error', new Error('disk full')), /disk full/)
  })
  t.equal(sink.text, '', 'nothing forwarded after the error')
  part.resume()
})

t.test('unpipe(): of the destination, of nothing named, of another stream', async t => {
  for (const how of ['dest', 'all'] as const) {
    const sink = new Sink()
    let unpiped = false
    sink.on('unpipe', () => { unpiped = true })
    const { part } = await withPart(part => {
      part.pipe(sink)
      part.unpipe(how === 'dest' ? sink : undefined)
    })
    t.ok(unpiped, `${how}: the destination hears 'unpipe'`)
    t.equal(sink.text, '', `${how}: nothing forwarded`)
    part.resume()
  }
  const sink = new Sink()
  await withPart(part => {
    part.pipe(sink)
    t.equal(part.unpipe(new Sink()), part, 'another stream: the pipe goes on')
  })
  await ended(sink)
  t.equal(sink.text, 'abcdef')
})

t.test('another consumer beside the pipe: neither loses anything', async t => {
  const joins: Array<[string, (part: MmsePart, seen: Buffer[]) => void]> = [
    ['a data listener', (part, seen) => { part.on('data', (chunk: Buffer) => seen.push(chunk)) }],
    ['addListener', (part, seen) => { part.addListener('data', (chunk: Buffer) => seen.push(chunk)) }],
    ['read()', (part) => { part.read(0) }],
    ['pause()', (part) => { part.pause(); part.resume() }],
    ['a second pipe()', (part, seen) => { part.pipe(new Writable({ write (chunk: Buffer, _e, cb) { seen.push(chunk); cb() } })) }],
  ]
  for (const [name, join] of joins) {
    const sink = new Sink()
    const seen: Buffer[] = []
    await withPart(part => {
      part.pipe(sink)
      join(part, seen)
    })
    await ended(sink)
    t.equal(sink.text, 'abcdef', `${name}: the destination gets everything`)
    if (seen.length > 0) t.equal(Buffer.concat(seen).toString('latin1'), 'abcdef', `${name}: so does the newcomer`)
  }
})

t.test('a consumer that comes in while the destination asks to wait: the wait is kept', async t => {
  const sink = new Sink(true)
  const seen: Buffer[] = []
  const parser = new MmseParser()
  let part: MmsePart | undefined
  parser.on('part', (p: MmsePart) => {
    part = p
    p.pipe(sink)
  })
  parser.write(MESSAGE.subarray(0, DATA_START + 3))
  await new Promise(resolve => setImmediate(resolve))
  t.equal(sink.text, 'abc', 'piped, and the destination asked to wait')
  ;(part as MmsePart).on('data', (chunk: Buffer) => seen.push(chunk))
  parser.end(MESSAGE.subarray(DATA_START + 3))
  await new Promise(resolve => setImmediate(resolve))
  t.equal(sink.text, 'abc', 'nothing more while it waits')
  sink.release()
  await ended(sink)
  t.equal(sink.text, 'abcdef', 'the rest came once the destination drained')
  t.equal(Buffer.concat(seen).toString('latin1'), 'def', 'and the newcomer got what came after it joined')
})

t.test('pipe(dest, { end: false }): the data, and the destination left open', async t => {
  const sink = new Sink()
  const { part } = await withPart(part => { part.pipe(sink, { end: false }) })
  await new Promise(resolve => part.once('end', resolve))
  t.equal(sink.text, 'abcdef')
  t.equal(sink.writableEnded, false, 'not ended')
  sink.end()
})

t.test('a destination that asks to wait holds the parser until its drain', async t => {
  const sink = new Sink(true)
  const parser = new MmseParser()
  parser.on('part', (part: MmsePart) => { part.pipe(sink) })
  parser.write(MESSAGE.subarray(0, DATA_START + 3))
  parser.end(MESSAGE.subarray(DATA_START + 3))
  await new Promise(resolve => setImmediate(resolve))
  t.equal(sink.text, 'abc', 'the rest waits for the drain')
  sink.release()
  await ended(sink)
  t.equal(sink.text, 'abcdef')
})

t.test('the part carries its facts before any data: Content-Location, transfer encoding', async t => {
  const message = retrieveConf(multipart([entry(Buffer.from([0x83]), bytes(0x8e, 'a.txt', 'Content-Transfer-Encoding', 'base64'), 'YWJj')]))
  const parser = new MmseParser()
  const seen: Array<[string | undefined, string | undefined]> = []
  parser.on('part', (part: MmsePart) => {
    seen.push([part.contentLocation, part.transferEncoding])
    part.resume()
  })
  parser.end(message)
  await new Promise(resolve => parser.once('finish', resolve))
  t.same(seen, [['a.txt', 'base64']])
})
