/**
 * Time fields (OMA-TS-MMS_ENC 1.3 §7.3): Delivery-Time, Expiry and Reply-Charging-Deadline
 * (Value-length, then Absolute-token Date-value or Relative-token Delta-seconds-value), and
 * Previously-Sent-Date (§7.3.42: Value-length Forwarded-count-value Date-value).
 *
 * Delta-seconds-value is an Integer-value (WAP-230 §8.4.2.3), so both forms are read; the
 * compatible forms write it as a Long-integer whatever its size, the one form AOSP's PduParser
 * reads there (it refuses the PDU on a Short-integer) and the one its composer writes.
 */
import { badInput } from '../../errors.js'
import type { Integer, PreviouslySentDate, TimeValue } from '../../types.js'
import { dateValue } from '../../wsp/date.js'
import { integerValue, longInteger } from '../../wsp/integers.js'
import { compatible } from '../../wsp/context.js'
import { hex } from '../../bytes/octets.js'
import { needByte } from '../../wsp/read.js'
import { expectEnd, lengthValue } from '../field-codec.js'
import { TIME_TOKENS } from '../../tables/mmse-enumerations.js'

const ABSOLUTE = TIME_TOKENS.code('absolute') as number
const RELATIVE = TIME_TOKENS.code('relative') as number

export const time = lengthValue<TimeValue, TimeValue>(
  (bytes, pos, end, ctx) => {
    const token = needByte(bytes, pos, end)
    if (token === ABSOLUTE) {
      const absolute = dateValue.read(bytes, pos + 1, end, ctx)
      expectEnd(absolute.next, end, ctx)
      return { absolute: absolute.value }
    }
    if (token === RELATIVE) {
      const relative = integerValue.read(bytes, pos + 1, end, ctx)
      expectEnd(relative.next, end, ctx)
      return { relative: relative.value }
    }
    throw ctx.error('ERR_MMSE_BAD_VALUE', `expected Absolute- or Relative-token, found 0x${hex(token)}`, pos)
  },
  (w, value, ctx) => {
    if (typeof value === 'object' && value !== null && 'absolute' in value) dateValue.write(w.byte(ABSOLUTE), value.absolute)
    else if (typeof value === 'object' && value !== null && 'relative' in value) (compatible(ctx) ? longInteger : integerValue).write(w.byte(RELATIVE), value.relative)
    else throw badInput('a time is { absolute: Date } or { relative: seconds }')
  },
)

export const previouslySentDate = lengthValue<PreviouslySentDate, { forwardCount: Integer, date: Date }>(
  (bytes, pos, end, ctx) => {
    const count = integerValue.read(bytes, pos, end, ctx)
    const value = dateValue.read(bytes, count.next, end, ctx)
    expectEnd(value.next, end, ctx)
    return { forwardCount: count.value, date: value.value }
  },
  (w, value) => {
    integerValue.write(w, value.forwardCount)
    dateValue.write(w, value.date)
  },
)
