/**
 * `destroy()` from anywhere: inside every kind of event listener, while iterating, from a part's
 * consumer, with and without an error, with the whole message in one chunk (so that the rest of
 * the chunk would have more to report). After it, no further event; every announced part that
 * had not ended is destroyed and its pipeline() rejects; the parser ends in 'close'.
 */
import { once } from 'node:events'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import t from 'tap'
import { type MmseEvent, MmseParser, type MmsePart } from '../../lib/index.js'
import { bytes, entry, hex, multipart, retrieveConf, textEntry } from '../support/wire.js'
import { chunk } from '../support/transcript.js'
import { within } from '../support/within.js'

/**
 * An m-retrieve-conf whose every event kind comes more than once: an unknown header field (a
 * warning), headers, a nested multipart, parts big and small.
 */
const MESSAGE = bytes(
  0x8c, 0x84, 0x98, 'tid-1', 0x8d, 0x92, 0xe5, 0x81, 0x96, 'Hi', 0xe6, 0x82, 0x84, 0xb3,
  multipart([
    textEntry('first', 'a'),
    entry(hex('b3'), [], multipart([textEntry('inner one', 'b'), textEntry('inner two', 'c')])),
    textEntry('x'.repeat(5000), 'd'),
    textEntry('last', 'e'),
  ]),
)

/** Sink that takes one chunk per turn of the event loop. */
function sink (): Writable {
  return new Writable({ highWaterMark: 16, write (_chunk, _encoding, callback) { setImmediate(callback) } })
}

interface Outcome {
  after: string[]
  parts: Array<{ index: number[], destroyed: boolean, settled: 'resolved' | 'rejected' | 'pending' }>
  closed: boolean
}

/** Runs the parser over MESSAGE in one chunk; `stop` is called on the `n`-th event of `kind` and may destroy the parser. */
async function run (kind: MmseEvent['type'], n: number, withError: boolean, style: 'listeners' | 'iterator'): Promise<Outcome> {
  const parser = new MmseParser({ smallParts: kind === 'smallPart' ? 8 : 0, partHighWaterMark: 64 })
  const after: string[] = []
  const pipes: Array<{ part: MmsePart, settled: 'resolved' | 'rejected' | 'pending' }> = []
  let seen = 0
  let destroyed = false
  const onEvent = (type: string, part?: MmsePart): void => {
    if (destroyed) after.push(type)
    if (part !== undefined) {
      const entry = { part, settled: 'pending' as 'resolved' | 'rejected' | 'pending' }
      pipes.push(entry)
      pipeline(part, sink()).then(() => { entry.settled = 'resolved' }, () => { entry.settled = 'rejected' })
    }
    if (type === kind && ++seen === n && !destroyed) {
      destroyed = true
      parser.destroy(withError ? new Error('stop') : undefined)
    }
  }
  parser.on('error', () => {})
  // events.once() would reject on the 'error' that destroy(err) emits: wait for 'close' alone.
  const closed = new Promise<true>(resolve => parser.once('close', () => resolve(true)))
  if (style === 'listeners') {
    for (const type of ['header', 'headers', 'nested', 'warning', 'smallPart'] as const) parser.on(type, () => onEvent(type))
    parser.on('part', (part: MmsePart) => onEvent('part', part))
    parser.end(MESSAGE)
  } else {
    parser.end(MESSAGE)
    try {
      for await (const event of parser.events()) onEvent(event.type, event.type === 'part' ? event.part : undefined)
    } catch {}
  }
  const inTime = await within(closed).catch(() => false)
  await new Promise(resolve => setTimeout(resolve, 50))
  return { after, parts: pipes.map(({ part, settled }) => ({ index: part.path, destroyed: part.destroyed, settled })), closed: inTime }
}

t.test('destroy() inside a listener or the loop, for every event kind: nothing after, parts destroyed, close', async (t) => {
  const kinds: Array<[MmseEvent['type'], number]> = [['header', 1], ['header', 3], ['headers', 1], ['headers', 2], ['warning', 1], ['nested', 1], ['part', 1], ['part', 2], ['part', 4], ['smallPart', 1]]
  for (const style of ['listeners', 'iterator'] as const) {
    for (const withError of [false, true]) {
      for (const [kind, n] of kinds) {
        const name = `${style}, ${kind} #${n}, destroy(${withError ? 'err' : ''})`
        const outcome = await run(kind, n, withError, style)
        t.ok(outcome.closed, `${name}: 'close' within 5 s`)
        t.same(outcome.after, [], `${name}: no event after destroy()`)
        for (const part of outcome.parts) {
          t.ok(part.destroyed || part.settled === 'resolved', `${name}: part ${part.index.join('.')} ended or was destroyed`)
          t.not(part.settled, 'pending', `${name}: the pipeline of part ${part.index.join('.')} settled`)
        }
      }
    }
  }
})

t.test('destroy() from a part\'s consumer: the part being received, then all the others', async (t) => {
  const parser = new MmseParser({ partHighWaterMark: 64 })
  const settled: string[] = []
  let events = 0
  parser.on('part', (part: MmsePart) => {
    events++
    const consumer = new Writable({
      write (_chunk, _encoding, callback) {
        if (part.index === 2) parser.destroy()
        callback()
      },
    })
    pipeline(part, consumer).then(() => settled.push(`${part.path.join('.')} ok`), () => settled.push(`${part.path.join('.')} rejected`))
  })
  parser.on('error', () => {})
  // In chunks, so that part 2 is still receiving data when its consumer's first write comes.
  for (const piece of chunk(MESSAGE, 256)) parser.write(piece)
  parser.end()
  await once(parser, 'close')
  await new Promise(resolve => setTimeout(resolve, 20))
  t.equal(events, 4, 'no part announced after the destroy')
  t.same(settled.sort(), ['0 ok', '1.0 ok', '1.1 ok', '2 rejected'])
})

t.test('a part consumer that fails: that part is skipped, the others arrive', async (t) => {
  const parser = new MmseParser({ partHighWaterMark: 64 })
  const settled: string[] = []
  parser.on('part', (part: MmsePart) => {
    const consumer = new Writable({ write (_chunk, _encoding, callback) { callback(part.index === 2 ? new Error('disk full') : null) } })
    pipeline(part, consumer).then(() => settled.push(`${part.path.join('.')} ok`), (err: Error) => settled.push(`${part.path.join('.')} ${err.message}`))
  })
  await pipeline(async function * () { yield entry(0x83, [], '').subarray(0, 0); yield MESSAGE }, parser)
  await new Promise(resolve => setTimeout(resolve, 20))
  t.same(settled.sort(), ['0 ok', '1.0 ok', '1.1 ok', '2 disk full', '3 ok'])
})

/** Collects a stream's bytes through pipeline(), as a store would. */
async function drain (part: MmsePart): Promise<string> {
  const chunks: Buffer[] = []
  await pipeline(part, new Writable({ write (chunk: Buffer, _encoding, callback) { chunks.push(chunk); callback() } }))
  return Buffer.concat(chunks).toString('latin1')
}

t.test('a part whose data is all there outlives destroy(): a pipeline begun later gets all of it', async (t) => {
  const parser = new MmseParser()
  const parts: MmsePart[] = []
  parser.on('part', (part: MmsePart) => {
    parts.push(part)
    // A consumer that fails on the second part, before anyone began to store the first.
    if (part.index === 1) parser.destroy()
  })
  parser.on('error', () => {})
  parser.end(retrieveConf(multipart([textEntry('first', 'a'), textEntry('second', 'b')])))
  await new Promise(resolve => parser.once('close', resolve))
  const [first] = parts as [MmsePart]
  t.ok(first.complete && !first.destroyed, 'the first part, complete, is not destroyed')
  t.equal(await within(drain(first)), 'first', 'and a pipeline begun after the destroy gets its data')
})

t.test('iterating past a complete part nobody touched drains it: a late pipeline settles', async (t) => {
  const parser = new MmseParser()
  parser.end(retrieveConf(multipart([textEntry('first', 'a'), textEntry('second', 'b')])))
  const parts: MmsePart[] = []
  for await (const event of parser.events()) if (event.type === 'part') parts.push(event.part)
  const [first, second] = parts as [MmsePart, MmsePart]
  t.equal(await within(drain(first)), '', 'the skipped part ended, empty')
  t.equal(await within(drain(second)), '', 'so did the last one, skipped when the loop ended')
})

t.test('destroy() from a part\'s sink while the chunk still holds events: none of them comes', async (t) => {
  // Part 0 streams into a sink that destroys the parser on its first write, inside the
  // machine's loop over the one chunk; what follows in the chunk (a part header that warns, a
  // small part) must not be reported.
  const message = retrieveConf(multipart([
    textEntry('abcdefgh', 'a'),
    entry(hex('83'), hex('02'), 'e'),
    textEntry('cd', 'b'),
  ]))
  const parser = new MmseParser({ smallParts: 4 })
  const after: string[] = []
  let destroyed = false
  for (const name of ['smallPart', 'warning', 'part', 'header', 'headers'] as const) parser.on(name, () => { if (destroyed) after.push(name) })
  parser.on('part', (part: MmsePart) => {
    part.pipe(new Writable({ write (_chunk, _encoding, callback) { destroyed = true; parser.destroy(); callback() } }))
  })
  parser.end(message)
  await new Promise(resolve => parser.once('close', resolve))
  t.ok(destroyed, 'the sink destroyed the parser')
  t.same(after, [], 'no event after it')
})

t.test('destroy() from the sink of a flowing part, as a later chunk reaches it: no event after it, part or other', async (t) => {
  for (const next of ['part', 'nested'] as const) {
    const message = retrieveConf(multipart([
      textEntry('abcdefgh', 'a'),
      next === 'part' ? textEntry('b', 'b') : entry(0xb3, [], multipart([textEntry('inner', 'i')])),
    ]))
    const dataStart = message.indexOf('abcdefgh')
    const parser = new MmseParser()
    const after: string[] = []
    let destroyed = false
    parser.on('error', () => {})
    for (const name of ['part', 'nested', 'header', 'headers', 'warning'] as const) parser.on(name, () => { if (destroyed) after.push(name) })
    parser.on('part', (part: MmsePart) => {
      part.pipe(new Writable({
        write (chunk: Buffer, _encoding, callback) {
          if (chunk.includes('e')) { destroyed = true; parser.destroy() }
          callback()
        },
      }))
    })
    parser.write(message.subarray(0, dataStart + 2))
    // 'ab' reaches the sink: the part flows, and the rest of its data goes to the sink at once.
    await new Promise(resolve => setImmediate(resolve))
    parser.end(message.subarray(dataStart + 2))
    await within(once(parser, 'close'))
    t.ok(destroyed, `${next}: the sink destroyed the parser`)
    t.same(after, [], `${next}: no event after it`)
  }
})
