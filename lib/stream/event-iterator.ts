/**
 * Async iteration over an object-mode stream's events that takes what is already buffered at
 * once. node:stream's own iterator is an async generator: every event costs a generator resume
 * and a promise tick or two, which is most of the cost of a small event. Here an event already
 * in the readable buffer is read straight away; only when the buffer is empty (or the stream
 * ended, errored or was destroyed) does the call go to node:stream's iterator, which waits and
 * ends as it always does: the same events in the same order, the same errors, and leaving the
 * loop early (`break`, a throw) destroys the stream, as with `for await (const e of stream)`.
 */
import type { Readable } from 'node:stream'

export function eventIterator<T> (stream: Readable): AsyncIterableIterator<T> {
  const inner = stream[Symbol.asyncIterator]() as AsyncGenerator<T, undefined>
  /** Calls to the inner iterator not answered yet. */
  let waiting = 0
  /** The inner iterator has run (its listeners are on) and has not ended. */
  let open = false
  const slow = async (): Promise<IteratorResult<T>> => {
    waiting++
    const result = await inner.next().finally(() => waiting--)
    open = result.done !== true
    return result
  }
  return {
    [Symbol.asyncIterator] () {
      return this
    },
    async next () {
      // While a call to the inner iterator is outstanding, every call goes there too, in turn.
      if (!open || waiting > 0 || stream.destroyed) return await slow()
      const value = stream.read() as T | null
      return value === null ? await slow() : { value, done: false }
    },
    async return () {
      open = false
      return await inner.return(undefined)
    },
  }
}
