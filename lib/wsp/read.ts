/**
 * The reading contract of every codec: a pure function over `(bytes, pos, end, ctx)` that
 * returns `{ value, next }`. When `end` comes before the value is complete it throws the
 * {@link NEED_MORE} sentinel: the stream keeps the bytes and tries again with more, and a caller
 * holding a complete, bounded region turns it into a malformed-value error ({@link bounded}).
 * A value that can never be valid throws an `MmseError` at its absolute offset (`ctx.error`).
 */
import type { DecodeContext } from './context.js'

/** Thrown when `end` is reached before the value is complete. Distinct from malformed. */
export const NEED_MORE: unique symbol = Symbol('NEED_MORE')

export interface Decoded<T> {
  value: T
  next: number
}

/** Reads one value; see the module comment. */
export type Reader<T> = (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext) => Decoded<T>

/** The octet at `pos`, or NEED_MORE. */
export function needByte (bytes: Uint8Array, pos: number, end: number): number {
  if (pos >= end) throw NEED_MORE
  return bytes[pos] as number
}

/** Offset of the NUL that ends a string starting at `pos`, or NEED_MORE. */
export function findNul (bytes: Uint8Array, pos: number, end: number): number {
  const nul = bytes.indexOf(0, pos)
  if (nul === -1 || nul >= end) throw NEED_MORE
  return nul
}

/** Runs `inner` over a complete region `[pos, end)`: running out of bytes there means the value overruns it. */
export function bounded<T> (
  inner: (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext) => T,
  bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext,
): T {
  try {
    return inner(bytes, pos, end, ctx)
  } catch (err) {
    if (err === NEED_MORE) throw ctx.error('ERR_MMSE_BAD_VALUE', 'value overruns its length', pos)
    throw err
  }
}
