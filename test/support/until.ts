/**
 * Waits for a side effect that has no event of its own to await (a log line, a request an SDK
 * sent): resolves once `condition()` holds, checked every `ms` milliseconds. How long it takes
 * is the only thing timing decides; the test's own timeout bounds it.
 */
export async function until (condition: () => boolean, ms = 10): Promise<void> {
  while (!condition()) await new Promise(resolve => setTimeout(resolve, ms))
}
