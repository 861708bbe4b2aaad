/** What a call throws: the error itself, its code, or the MmseError's refusal in brief. */
import { MmseError } from '../../lib/index.js'

/** What `fn` throws (undefined when it returns), for asserting on sentinels and error codes. */
export function thrown (fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  return undefined
}

/** The `code` of what `fn` throws. */
export function thrownCode (fn: () => unknown): unknown {
  return (thrown(fn) as { code?: unknown } | undefined)?.code
}

/**
 * What `fn` is refused with: the MmseError's `code`, `offset` and, when set, the detail named by
 * `detail`; 'no error' when it returns. Anything else it throws is thrown on.
 */
export function refusal (fn: () => unknown, detail: 'field' | 'limit' = 'field'): { code: string, offset: number, field?: string, limit?: number } | string {
  const err = thrown(fn)
  if (err === undefined) return 'no error'
  if (!(err instanceof MmseError)) throw err
  return err[detail] === undefined ? { code: err.code, offset: err.offset } : { code: err.code, offset: err.offset, [detail]: err[detail] }
}

/**
 * What `fn` throws, as the fields a caller classifies an MmseError by; 'no error' when it
 * returns; any other exception as its name and message, so that a test can say it is not one.
 */
export function caught (fn: () => unknown): { code: string, field?: string, offset: number, message: string } | string {
  const err = thrown(fn)
  if (err === undefined) return 'no error'
  if (!(err instanceof MmseError)) return `${(err as Error).name}: ${(err as Error).message}`
  return { code: err.code, ...(err.field === undefined ? {} : { field: err.field }), offset: err.offset, message: err.message }
}
