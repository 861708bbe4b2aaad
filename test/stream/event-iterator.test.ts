/**
 * eventIterator against node:stream's own iterator on the same streams: the same events in the
 * same order, the same end, the same errors, and leaving early destroys the stream.
 */
import { Readable } from 'node:stream'
import t from 'tap'
import { eventIterator } from '../../lib/stream/event-iterator.js'

/** An object-mode stream of `count` numbers, pushed `burst` at a time on each read, then `end` (or an error). */
function numbers (count: number, burst: number, end?: Error): Readable {
  let next = 0
  return new Readable({
    objectMode: true,
    highWaterMark: 4,
    read () {
      // Later bursts come a tick late, so that the iterator finds the buffer empty and waits.
      process.nextTick(() => {
        for (let i = 0; i < burst && next < count; i++) this.push(next++)
        if (next === count) {
          if (end === undefined) this.push(null)
          else this.destroy(end)
        }
      })
    },
  })
}

async function drain (iterable: AsyncIterable<number>): Promise<{ seen: number[], error?: string }> {
  const seen: number[] = []
  try {
    for await (const n of iterable) seen.push(n)
    return { seen }
  } catch (err) {
    return { seen, error: (err as Error).message }
  }
}

t.test('the same events, end and error as node:stream', async (t) => {
  for (const [count, burst] of [[0, 1], [1, 1], [10, 1], [100, 3], [100, 64]] as const) {
    for (const end of [undefined, new Error('boom')]) {
      const ours = await drain(eventIterator<number>(numbers(count, burst, end)))
      const theirs = await drain(numbers(count, burst, end))
      t.same(ours, theirs, `${count} in bursts of ${burst}${end === undefined ? '' : ', then an error'}`)
      if (end === undefined) t.equal(ours.seen.length, count)
    }
  }
})

t.test('a stream destroyed under it ends the loop as node:stream does', async (t) => {
  const make = (): Readable => numbers(1000, 5)
  const run = async (stream: Readable, iterable: AsyncIterable<number>): Promise<{ seen: number[], error?: string }> => {
    const seen: number[] = []
    try {
      for await (const n of iterable) {
        seen.push(n)
        if (n === 7) stream.destroy()
      }
      return { seen }
    } catch (err) {
      return { seen, error: (err as Error).message }
    }
  }
  const a = make()
  const b = make()
  const ours = await run(a, eventIterator<number>(a))
  t.same(ours, await run(b, b))
  t.equal(ours.error, 'Premature close')
})

t.test('leaving the loop early destroys the stream', async (t) => {
  const stream = numbers(100, 10)
  for await (const n of eventIterator<number>(stream)) if (n === 12) break
  t.equal(stream.destroyed, true)
})

t.test('calls not awaited are answered in order', async (t) => {
  const iterator = eventIterator<number>(numbers(50, 3))
  const results = await Promise.all(Array.from({ length: 60 }, async () => await iterator.next()))
  t.same(results.filter((r) => r.done !== true).map((r) => r.value), Array.from({ length: 50 }, (_, i) => i))
  t.equal(results.filter((r) => r.done === true).length, 10)
  t.equal(iterator[Symbol.asyncIterator](), iterator)
})
