/**
 * The Status-count forms of m-mbox-delete-conf and m-delete-conf (OMA-TS-MMS_ENC 1.3 §7.3.10,
 * §7.3.48-49): Value-length Status-count-value, then the field's usual value. In those two PDUs
 * Content-Location, Response-Text and Response-Status repeat, once per message deleted; elsewhere
 * no reader looks for the count.
 */
import { badInput } from '../../errors.js'
import type { EncodedText, Integer, StatusCountStatus, StatusCountText, StatusCountUri, StatusValue } from '../../types.js'
import { LENGTH_QUOTE_OCTET } from '../../wsp/constants.js'
import { encodedString, type TextInput } from '../../wsp/encoded-string.js'
import { integerValue } from '../../wsp/integers.js'
import { needByte } from '../../wsp/read.js'
import { utf8Text } from '../../wsp/strings.js'
import { expectEnd, type FieldCodec, lengthValue } from '../field-codec.js'
import { hasStatusCounts, type StatusTable } from '../../tables/mmse-enumerations.js'
import { status, type StatusInput } from './enumerated.js'

/** Whether a value is in the Status-count form. */
export function isCounted (value: unknown): value is { statusCount: Integer } {
  return typeof value === 'object' && value !== null && 'statusCount' in value
}

function withStatusCount<Out, In, K extends string> (normal: FieldCodec<Out, In>, key: K): FieldCodec<Out | ({ statusCount: Integer } & Record<K, Out>), In | ({ statusCount: Integer } & Record<K, In>)> {
  const counted = lengthValue<{ statusCount: Integer } & Record<K, Out>, { statusCount: Integer } & Record<K, In>>(
    (bytes, pos, end, ctx) => {
      const count = integerValue.read(bytes, pos, end, ctx)
      const value = normal.read(bytes, count.next, end, ctx)
      expectEnd(value.next, end, ctx)
      return { statusCount: count.value, [key]: value.value } as { statusCount: Integer } & Record<K, Out>
    },
    (w, value, ctx) => {
      integerValue.write(w, value.statusCount)
      normal.write(w, value[key], ctx)
    },
  )
  return {
    read: (bytes, pos, end, ctx) => hasStatusCounts(ctx.messageType) && needByte(bytes, pos, end) <= LENGTH_QUOTE_OCTET
      ? counted.read(bytes, pos, end, ctx)
      : normal.read(bytes, pos, end, ctx),
    write (w, value, ctx) {
      if (!isCounted(value)) normal.write(w, value as In, ctx)
      else if (!hasStatusCounts(ctx.messageType)) throw badInput('a Status-count value outside m-mbox-delete-conf and m-delete-conf')
      else counted.write(w, value as { statusCount: Integer } & Record<K, In>, ctx)
    },
  }
}

export const contentLocation: FieldCodec<string | StatusCountUri, string | StatusCountUri> = withStatusCount(utf8Text, 'uri')
export const responseText: FieldCodec<EncodedText | StatusCountText, TextInput | { statusCount: Integer, text: TextInput }> = withStatusCount(encodedString, 'text')

export function responseStatus (table: StatusTable): FieldCodec<StatusValue | StatusCountStatus, StatusInput | { statusCount: Integer, status: StatusInput }> {
  return withStatusCount(status(table), 'status')
}
