/**
 * Reading a part inside the body of `for await (const event of parser.events())`, every way a
 * consumer can start (README, consumption rules): the loop asks for the next event while the
 * part's data may not have arrived yet, and the part must not be taken for one nobody reads.
 * Every style runs under chunk boundaries at every offset around each part's start and end,
 * and under seeded random splits; every sink must get every byte, and nothing may hang.
 */
import { Buffer } from 'node:buffer'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import t from 'tap'
import { decode, MmseParser, type MmsePart } from '../../lib/index.js'
import { prng } from '../support/fuzz.js'
import { within } from '../support/within.js'
import { entry, multipart, retrieveConf } from '../support/wire.js'

/** Three parts: one shorter than a chunk boundary window, one past the part buffer below, one of a single octet. */
const DATA = [
  Buffer.from('short part, 23 octets.\n'),
  Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff)),
  Buffer.from('z'),
]
const PDU = retrieveConf(multipart(DATA.map(data => entry(0x83, [], data))))
const PARTS = decode(PDU).parts
/** Small enough that the middle part fills its buffer several times (backpressure both ways). */
const OPTIONS = { partHighWaterMark: 64 }

/** A sink that asks to wait after every chunk (its buffer is smaller than any), resumed a tick later. */
function sink (received: Buffer[]): Writable {
  return new Writable({ highWaterMark: 1, write (chunk: Buffer, _encoding, callback) { received.push(chunk); callback() } })
}

/** Starts reading `part` in the loop body, without awaiting; resolves with its bytes. */
type Style = (part: MmsePart) => Promise<Buffer>

function ended (part: MmsePart, received: Buffer[], done: Promise<unknown>): Promise<Buffer> {
  // A part destroyed before its end is data lost: fail at once rather than wait for the guard.
  const lost = new Promise<never>((_resolve, reject) => part.once('close', () => { if (!part.readableEnded) reject(new Error(`part ${part.index} closed before its end`)) }))
  const read = Promise.race([done, lost]).then(() => Buffer.concat(received))
  // Awaited once the parse is over; a parse that failed first is the failure reported.
  read.catch(() => {})
  return read
}

const STYLES: Record<string, Style> = {
  pipe (part) {
    const received: Buffer[] = []
    const dest = part.pipe(sink(received))
    return ended(part, received, new Promise(resolve => dest.once('finish', resolve)))
  },
  pipeline (part) {
    const received: Buffer[] = []
    return ended(part, received, pipeline(part, sink(received)))
  },
  data (part) {
    const received: Buffer[] = []
    part.on('data', (chunk: Buffer) => received.push(chunk))
    return ended(part, received, new Promise(resolve => part.once('end', resolve)))
  },
  read (part) {
    // read() alone starts it; the consumer comes back for the rest a turn of the loop later.
    const received: Buffer[] = []
    const first = part.read() as Buffer | null
    if (first !== null) received.push(first)
    const done = new Promise(resolve => {
      part.once('end', resolve)
      setImmediate(() => {
        const drain = (): void => { for (let chunk; (chunk = part.read() as Buffer | null) !== null;) received.push(chunk) }
        part.on('readable', drain)
        drain()
      })
    })
    return ended(part, received, done)
  },
  iterate (part) {
    const received: Buffer[] = []
    return ended(part, received, (async () => { for await (const chunk of part) received.push(chunk as Buffer) })())
  },
  resume (part) {
    const received: Buffer[] = []
    part.resume()
    part.on('data', (chunk: Buffer) => received.push(chunk))
    return ended(part, received, new Promise(resolve => part.once('end', resolve)))
  },
  toWeb (part) {
    const received: Buffer[] = []
    const reader = Readable.toWeb(part).getReader()
    const done = (async () => {
      for (let next = await reader.read(); next.done !== true; next = await reader.read()) received.push(Buffer.from(next.value as Uint8Array))
    })()
    return ended(part, received, done)
  },
}

/** Splits PDU at `cuts` (ascending offsets). */
function split (cuts: number[]): Buffer[] {
  const edges = [0, ...cuts.filter(cut => cut > 0 && cut < PDU.length), PDU.length]
  return edges.slice(1).map((end, i) => PDU.subarray(edges[i], end))
}

/** The chunks as a socket delivers them, a turn of the event loop apart, or all at once. */
const FEEDS = {
  'spaced chunks': async function * (chunks: Buffer[]) {
    for (const chunk of chunks) {
      await new Promise(resolve => setImmediate(resolve))
      yield chunk
    }
  },
  'chunks at once': function * (chunks: Buffer[]) { yield * chunks },
}

/** Parses the chunks, reading every part in the loop body with `style`; the parts' bytes, or what went wrong. */
async function run (style: Style, feed: (chunks: Buffer[]) => Iterable<Buffer> | AsyncIterable<Buffer>, chunks: Buffer[]): Promise<Buffer[] | string> {
  const parser = new MmseParser(OPTIONS)
  const fed = pipeline(Readable.from(feed(chunks)), parser)
  const reads: Array<Promise<Buffer>> = []
  try {
    await within((async () => {
      for await (const event of parser.events()) if (event.type === 'part') reads.push(style(event.part))
      await fed
    })(), 5000, 'the parse')
    return await within(Promise.all(reads), 5000, 'the part reads')
  } catch (err) {
    return (err as Error).message
  }
}

function check (data: Buffer[] | string): string | null {
  if (typeof data === 'string') return data
  if (data.length !== DATA.length) return `${data.length} parts read of ${DATA.length}`
  const wrong = data.findIndex((bytes, i) => !bytes.equals(DATA[i] as Buffer))
  return wrong < 0 ? null : `part ${wrong}: ${data[wrong]?.length} octets, not ${DATA[wrong]?.length} as sent`
}

/** One cut at every offset within 3 of each part's start and end, and the pair of cuts at its very start and end. */
function boundaries (): Array<{ name: string, cuts: number[] }> {
  const out: Array<{ name: string, cuts: number[] }> = []
  for (const part of PARTS) {
    const start = part.offset
    const end = start + part.data.length
    for (const [edge, at] of [['start', start], ['end', end]] as const) {
      for (let d = -3; d <= 3; d++) out.push({ name: `cut at part ${part.index} ${edge}${d === 0 ? '' : d > 0 ? `+${d}` : d}`, cuts: [at + d] })
    }
    out.push({ name: `cuts at part ${part.index} start and end`, cuts: [start, end] })
  }
  return out
}

t.test('every consumption style in the loop body, at every chunk boundary around each part: every byte arrives', async t => {
  const cases = boundaries()
  for (const [name, style] of Object.entries(STYLES)) {
    for (const [fed, feed] of Object.entries(FEEDS)) {
      const failures: string[] = []
      for (const { name: where, cuts } of cases) {
        const problem = check(await run(style, feed, split(cuts)))
        if (problem !== null) failures.push(`${where}: ${problem}`)
      }
      t.strictSame(failures, [], `${name}, ${fed}: ${cases.length} chunkings, byte-exact`)
    }
  }
})

t.test('every consumption style in the loop body, under seeded random splits: every byte arrives', async t => {
  const rnd = prng(0x5eed)
  for (const [name, style] of Object.entries(STYLES)) {
    for (const [fed, feed] of Object.entries(FEEDS)) {
      const failures: string[] = []
      for (let i = 0; i < 25; i++) {
        const cuts: number[] = []
        for (let at = 1 + Math.floor(rnd() * 40); at < PDU.length; at += 1 + Math.floor(rnd() * 40)) cuts.push(at)
        const problem = check(await run(style, feed, split(cuts)))
        if (problem !== null) failures.push(`split ${i} at ${cuts.join(',')}: ${problem}`)
      }
      t.strictSame(failures, [], `${name}, ${fed}: 25 random splits, byte-exact`)
    }
  }
})
