/** Date-value (WAP-230 §8.4.2.3): a Long-integer of seconds since 1970-01-01T00:00:00Z. */
import { badInput } from '../errors.js'
import type { Codec } from './codec.js'
import type { DecodeContext } from './context.js'
import { longInteger } from './integers.js'
import type { Decoded } from './read.js'
import type { ByteWriter } from './writer.js'

/** Seconds since the epoch that still fit a JS Date (±8.64e15 ms, ECMA-262 §21.4.1.1). */
const MAX_DATE_SECONDS = 8.64e12

export const dateValue = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<Date> {
    const seconds = longInteger.read(bytes, pos, end, ctx)
    if (typeof seconds.value === 'bigint' || seconds.value > MAX_DATE_SECONDS) {
      throw ctx.error('ERR_MMSE_BAD_VALUE', `date ${seconds.value} s is beyond the range of a Date`, pos)
    }
    return { value: new Date(seconds.value * 1000), next: seconds.next }
  },
  /** Fractions of a second are dropped: the wire counts whole seconds. */
  write (w: ByteWriter, date: Date): void {
    const ms = date instanceof Date ? date.getTime() : NaN
    if (!(ms >= 0)) throw badInput(`date ${String(date)} is before 1970 or invalid`)
    longInteger.write(w, Math.floor(ms / 1000))
  },
} satisfies Codec<Date>
