/**
 * Skipping one value by the shape of its first octet (WAP-230 §8.4.1.2): 0-30 a Short-length,
 * 31 a uintvar length, 32-127 NUL-terminated text, 128-255 a single octet. This is what keeps the
 * decoder in sync past unknown or malformed fields.
 */
import { LENGTH_QUOTE_OCTET, SHORT_INTEGER_FLAG } from './constants.js'
import type { DecodeContext } from './context.js'
import { valueLength } from './integers.js'
import { findNul, NEED_MORE, needByte } from './read.js'

/** The offset after the value at `pos`. */
export function skipValue (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): number {
  const octet = needByte(bytes, pos, end)
  if (octet >= SHORT_INTEGER_FLAG) return pos + 1
  if (octet <= LENGTH_QUOTE_OCTET) {
    const length = valueLength.read(bytes, pos, end, ctx)
    const stop = length.next + length.value
    if (stop > end) throw NEED_MORE
    return stop
  }
  return findNul(bytes, pos, end) + 1
}
