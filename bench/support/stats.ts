/**
 * Small statistics and timing helpers for the plain-Node harness (
 * hrtime, warm-up, median of several runs).
 */

/** Nanoseconds since an arbitrary origin, as a number (exact below 2^53 ns, about 104 days). */
export function now (): number {
  return Number(process.hrtime.bigint())
}

export function median (values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] as number : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Runs a full GC when the process has --expose-gc, so heap figures start from live data only. */
export function collectGarbage (): void {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc !== undefined) gc()
}

export const MiB = 1024 * 1024

/** Bytes per second in MB/s (10^6 bytes), the unit storage and network figures use. */
export function mbPerSecond (bytes: number, ns: number): number {
  return bytes / (ns / 1e9) / 1e6
}
