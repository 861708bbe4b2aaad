/**
 * Interleaved timing: every contender is warmed up, then timed once per round, in
 * turn, the starting contender rotating from round to round; the figure is the median over
 * the rounds. A sample times `reps` messages back to back, `reps` chosen in the warm-up so a
 * sample lasts at least `sampleNs` (a 300 KB message takes tens of µs, too short to time
 * alone). No GC is forced anywhere here: a `gc()` before a run makes V8 drop the optimised
 * stream code, and every run would then measure recompilation.
 */
import { now } from './stats.js'

export interface RoundOptions {
  rounds: number
  /** The least duration of one sample, ns. */
  sampleNs: number
  /** The least warm-up per contender, ns (at least two messages either way). */
  warmupNs: number
  /** Runs after each sample and after the warm-up, outside the timed region (deleting files a sample wrote). */
  afterSample?: () => void
}

export interface Timed {
  /** Messages per sample. */
  reps: number
  /** Wall time, ns per message, one value per round. */
  samples: number[]
  /**
   * CPU time of the process (user + system, every thread), ns per message, one per round:
   * less sensitive than wall time to other work on a shared machine, which it does not count.
   */
  cpuSamples: number[]
}

export async function timeInRounds (runs: ReadonlyArray<() => Promise<unknown>>, options: RoundOptions): Promise<Timed[]> {
  const reps: number[] = []
  for (const run of runs) {
    let count = 0
    const start = now()
    while (count < 2 || now() - start < options.warmupNs) {
      await run()
      count++
    }
    reps.push(Math.max(1, Math.ceil(options.sampleNs / ((now() - start) / count))))
    options.afterSample?.()
  }
  const timed: Timed[] = reps.map(r => ({ reps: r, samples: [], cpuSamples: [] }))
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < runs.length; k++) {
      const index = (round + k) % runs.length
      const run = runs[index] as () => Promise<unknown>
      const entry = timed[index] as Timed
      const cpu = process.cpuUsage()
      const start = now()
      for (let i = 0; i < entry.reps; i++) await run()
      entry.samples.push((now() - start) / entry.reps)
      const used = process.cpuUsage(cpu)
      entry.cpuSamples.push((used.user + used.system) * 1e3 / entry.reps)
      options.afterSample?.()
    }
  }
  return timed
}
