/**
 * Peak memory while a benchmark runs. A timer alone misses the peak of a pipeline that never
 * yields to the event loop (a no-op sink lets a whole message flow in one macrotask), so the
 * chunk source also calls `poll()` every MiB it hands out.
 */
import { MiB } from './stats.js'

export interface MemoryPeaks {
  /** Highest resident set size seen, MiB. */
  peakRss: number
  /** Highest RSS above the RSS at `begin()`, MiB. */
  rssGrowth: number
  /** Highest V8 heapUsed above the heapUsed at `begin()`, MiB. */
  heapGrowth: number
}

export class MemorySampler {
  #rssBase = 0
  #heapBase = 0
  #peakRss = 0
  #rssGrowth = 0
  #heapGrowth = 0
  #timer: NodeJS.Timeout | null = null

  /** Starts a sampled interval; peaks accumulate over every interval of this sampler. */
  begin (): void {
    const usage = process.memoryUsage()
    this.#rssBase = usage.rss
    this.#heapBase = usage.heapUsed
    this.#timer = setInterval(() => this.poll(), 2)
    this.#timer.unref()
  }

  poll (): void {
    const usage = process.memoryUsage()
    this.#peakRss = Math.max(this.#peakRss, usage.rss)
    this.#rssGrowth = Math.max(this.#rssGrowth, usage.rss - this.#rssBase)
    this.#heapGrowth = Math.max(this.#heapGrowth, usage.heapUsed - this.#heapBase)
  }

  end (): void {
    this.poll()
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
  }

  peaks (): MemoryPeaks {
    return { peakRss: this.#peakRss / MiB, rssGrowth: this.#rssGrowth / MiB, heapGrowth: this.#heapGrowth / MiB }
  }
}
