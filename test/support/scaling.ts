/**
 * Linear time, measured: the input is made sixteen times larger and the time may grow about
 * sixteen times, never 256 (a quadratic accumulation would). A time is the library's own
 * (mutatorMs), the least of five runs: load elsewhere on the machine (other test files) only
 * ever adds time, so the least is the run it disturbed least. The bound, 48x for 16x the input,
 * leaves linear code three times its ratio for such noise and still catches a quadratic one
 * five times over.
 */
import { PerformanceObserver } from 'node:perf_hooks'
import t, { type Test } from 'tap'

const RUNS = 5
export const FACTOR = 16
const BOUND = 48
const ATTEMPTS = 3

/** Sees the garbage collector's pauses (the entries are taken with takeRecords()). */
const gcObserver = new PerformanceObserver(() => {})
gcObserver.observe({ entryTypes: ['gc'] })
t.teardown(() => gcObserver.disconnect())

/**
 * The time one run spent in the library's code, in ms: wall-clock time less the garbage
 * collector's pauses in it. What the collector spends grows with the live heap (a message of
 * 300,000 parts decoded is all live at its end) by V8's heuristics, not by this code's: with
 * the pauses, decoding tiny parts costs 0.7 to 3.3 µs a part as their number grows from 5,000
 * to 320,000; without them, 0.36 to 0.43 µs.
 */
async function mutatorMs (run: () => Promise<void>): Promise<number> {
  gcObserver.takeRecords()
  const start = performance.now()
  await run()
  const end = performance.now()
  // Node records a pause in a native immediate after it: those run before the script's own
  // immediates, so after one the pauses of the run are all recorded.
  await new Promise(resolve => setImmediate(resolve))
  let paused = 0
  for (const pause of gcObserver.takeRecords()) if (pause.startTime >= start && pause.startTime < end) paused += Math.min(pause.duration, end - pause.startTime)
  return end - start - paused
}

/** Runs `small` and `large` alternately, RUNS times: the least time of each, and their ratio. */
async function ratioOf<I> (small: I, large: I, run: (input: I) => Promise<void>): Promise<{ small: number, large: number, ratio: number }> {
  await run(small)
  const times = { small: Infinity, large: Infinity }
  for (let i = 0; i < RUNS; i++) {
    times.small = Math.min(times.small, await mutatorMs(() => run(small)))
    times.large = Math.min(times.large, await mutatorMs(() => run(large)))
  }
  return { ...times, ratio: times.large / Math.max(times.small, 0.5) }
}

/**
 * Checks that `run` of `large` (FACTOR times `small`) takes less than BOUND times as long.
 * Another test file that takes the cores for a whole measurement can still push a ratio over
 * the bound; a quadratic accumulation is over it at every attempt.
 */
export async function checkLinear<I> (t: Test, name: string, small: I, large: I, run: (input: I) => Promise<void>): Promise<void> {
  const seen: string[] = []
  let ratio = Infinity
  for (let attempt = 0; attempt < ATTEMPTS && ratio >= BOUND; attempt++) {
    const measured = await ratioOf(small, large, run)
    ratio = measured.ratio
    seen.push(`${measured.small.toFixed(1)} ms -> ${measured.large.toFixed(1)} ms (${ratio.toFixed(1)}x)`)
  }
  t.ok(ratio < BOUND, `${name}, ${FACTOR}x the input: ${seen.join('; ')}`)
}
