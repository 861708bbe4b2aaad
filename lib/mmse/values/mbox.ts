/**
 * The MMBox fields of OMA-MMS-ENC 1.2 / OMA-TS-MMS_ENC 1.3 §7.3: MM-Flags (Value-length, then
 * Add-, Remove- or Filter-token and an Encoded-string-value), Mbox-Totals and Mbox-Quotas
 * (Value-length, then messages- or size-token and an Integer-value), Element-Descriptor
 * (§7.3.16), and Content and Additional-headers, which only name attributes.
 */
import { badInput } from '../../errors.js'
import { contentTypeCode, contentTypeName } from '../../tables/content-types.js'
import type { ElementDescriptor, Integer, MboxCount, MmFlag, Params } from '../../types.js'
import { SHORT_INTEGER_FLAG, SHORT_INTEGER_MAX } from '../../wsp/constants.js'
import { encodedString, type TextInput } from '../../wsp/encoded-string.js'
import { integerValue, shortInteger } from '../../wsp/integers.js'
import { hex, latin1 } from '../../bytes/octets.js'
import { newParams } from '../../wsp/parameters.js'
import { needByte } from '../../wsp/read.js'
import { textString, utf8Text } from '../../wsp/strings.js'
import { expectEnd, type FieldCodec, lengthValue } from '../field-codec.js'
import { MBOX_UNITS, MM_FLAG_ACTIONS } from '../../tables/mmse-enumerations.js'
import { type EnumInput, octetEnum } from './enumerated.js'

const action = octetEnum(MM_FLAG_ACTIONS)
const unit = octetEnum(MBOX_UNITS)

export const mmFlag = lengthValue<MmFlag, { action: EnumInput, flag: TextInput }>(
  (bytes, pos, end, ctx) => {
    const flagAction = action.read(bytes, pos, end, ctx)
    const flag = encodedString.read(bytes, flagAction.next, end, ctx)
    expectEnd(flag.next, end, ctx)
    return { action: flagAction.value, flag: flag.value }
  },
  (w, value, ctx) => {
    action.write(w, value.action, ctx)
    encodedString.write(w, value.flag, ctx)
  },
)

export const mboxCount = lengthValue<MboxCount, { unit: EnumInput, value: Integer }>(
  (bytes, pos, end, ctx) => {
    const countUnit = unit.read(bytes, pos, end, ctx)
    const value = integerValue.read(bytes, countUnit.next, end, ctx)
    expectEnd(value.next, end, ctx)
    return { unit: countUnit.value, value: value.value }
  },
  (w, value, ctx) => {
    unit.write(w, value.unit, ctx)
    integerValue.write(w, value.value)
  },
)

/** The one parameter name Element-Descriptor assigns (§7.3.16): `type`, 0x02. Others are numbered `0xNN`. */
const TYPE_PARAM = 0x02
const NUMBERED_PARAM = /^0x([0-7][0-9a-f])$/

/**
 * Element-Descriptor: Value-length Content-Reference-value (Text-string), then parameters:
 * Parameter-name (Short-integer or Text-string) Parameter-value (Constrained-encoding: a content
 * type code, or a Text-string).
 */
export const elementDescriptor = lengthValue<ElementDescriptor, ElementDescriptor>(
  (bytes, pos, end, ctx) => {
    const reference = utf8Text.read(bytes, pos, end, ctx)
    const params: Params = newParams()
    for (pos = reference.next; pos < end;) {
      let name: string
      if (needByte(bytes, pos, end) >= SHORT_INTEGER_FLAG) {
        const code = shortInteger.read(bytes, pos, end, ctx)
        name = code.value === TYPE_PARAM ? 'type' : `0x${hex(code.value)}`
        pos = code.next
      } else {
        const token = textString.read(bytes, pos, end)
        name = latin1(token.value)
        pos = token.next
      }
      if (needByte(bytes, pos, end) >= SHORT_INTEGER_FLAG) {
        const code = shortInteger.read(bytes, pos, end, ctx)
        params[name] = contentTypeName(code.value) ?? code.value
        pos = code.next
      } else {
        const value = utf8Text.read(bytes, pos, end, ctx)
        params[name] = value.value
        pos = value.next
      }
    }
    return { contentReference: reference.value, params }
  },
  (w, value) => {
    utf8Text.write(w, value.contentReference)
    for (const [name, param] of Object.entries(value.params)) {
      const numbered = NUMBERED_PARAM.exec(name)
      if (name === 'type') shortInteger.write(w, TYPE_PARAM)
      else if (numbered !== null) shortInteger.write(w, parseInt(numbered[1] as string, 16))
      else textString.write(w, name)
      const code = typeof param === 'number' ? param : contentTypeCode(String(param))
      if (code !== undefined && code <= SHORT_INTEGER_MAX) shortInteger.write(w, code)
      else if (typeof param === 'string') utf8Text.write(w, param)
      else throw badInput(`element descriptor parameter ${name}: ${String(param)} is neither a content type nor text`)
    }
  },
)

/** Content and Additional-headers have no value of their own: as a header, the bare code. */
export const noValue: FieldCodec<true, true> = {
  read (_bytes, pos, _end, ctx) {
    ctx.warn('WARN_MMSE_BAD_VALUE', 'a field that only names an attribute appears as a header', pos)
    return { value: true, next: pos }
  },
  write () {},
}
