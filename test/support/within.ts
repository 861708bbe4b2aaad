/**
 * The one hang guard of the tests: settles like `promise`, or rejects once it has taken
 * longer than `ms`. The timer is cleared as soon as the promise settles, so a guard that was
 * not needed keeps neither the test file nor the event loop waiting for it.
 */
export async function within<T> (promise: Promise<T>, ms = 5000, what = 'the promise'): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, late])
  } finally {
    clearTimeout(timer)
  }
}
