/**
 * Helpers for hand-written test PDUs (hex with spaces, text with its NUL, concatenation) and
 * for what a call throws.
 */
import { MmseError } from '../../lib/index.js'

/** `hex('8c 84 98')`: whitespace ignored. */
export function hex (text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex')
}

/** A NUL-terminated string, as in a Text-string. */
export function str (text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0])])
}

/** Concatenates numbers (single octets), byte arrays and strings (as NUL-terminated text). */
export function bytes (...items: Array<number | Uint8Array | string>): Buffer {
  return Buffer.concat(items.map(item => typeof item === 'number' ? Buffer.from([item]) : typeof item === 'string' ? str(item) : Buffer.from(item)))
}

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
