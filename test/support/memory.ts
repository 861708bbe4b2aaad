/**
 * What stays alive, as opposed to what the garbage collector has not yet taken: heap used plus
 * ArrayBuffer backing stores after full collections. A peak of RSS also counts garbage awaiting
 * a collection, and how much of it there is depends on each V8's heuristics (Node 24 lets
 * about twice as much gather as Node 20 while 256 MiB stream through).
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// tap gives no --expose-gc: the flag is set at run time and gc() taken from a new context.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/**
 * Heap and buffers alive after full GCs. Buffer backing stores are released after a GC, off
 * the main thread, so a turn of the event loop between two collections lets them settle.
 */
export async function liveBytes (): Promise<number> {
  gc()
  await new Promise(resolve => setImmediate(resolve))
  gc()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}
