/**
 * Content-type-value (WAP-230 §8.4.2.24) with its parameters (§8.4.2.4, Table 38): the MMS
 * Content-Type header, every multipart entry, the push PDU.
 *
 *   Content-type-value = Constrained-media | Content-general-form
 *   Content-general-form = Value-length Media-type
 *   Media-type = (Well-known-media | Extension-media) *(Parameter)
 */
import { charsetName, decodeUtf8Text } from '../charsets.js'
import { MmseError } from '../errors.js'
import { contentTypeName } from '../tables/content-types.js'
import { type ParamKind, paramDef } from '../tables/parameters.js'
import { wspHeaderName } from '../tables/wsp-headers.js'
import type { ContentType, ParamValue, Params } from '../types.js'
import { type DecodeContext, warn } from './context.js'
import {
  type Decoded, dateValue, hex, integerValue, latin1, lengthPrefixed, LENGTH_QUOTE, needByte,
  shortInteger, skipValue, textString, textValue, tokenText, uintvar, versionValue,
} from './primitives.js'

export function contentType (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<ContentType> {
  const first = needByte(bytes, pos, end)
  if (first >= 0x80) return { value: wellKnown(first & 0x7f, newParams(), ctx, pos), next: pos + 1 }
  if (first > LENGTH_QUOTE) {
    const media = tokenText(bytes, pos, end)
    return { value: { mediaType: latin1(media.value).toLowerCase(), params: newParams() }, next: media.next }
  }
  return lengthPrefixed(bytes, pos, end, (bytes, pos, end) => generalForm(bytes, pos, end, ctx))
}

/** Inside the Value-length: Well-known-media (Integer-value) or Extension-media, then parameters. */
function generalForm (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): ContentType {
  const first = needByte(bytes, pos, end)
  if (first >= 0x20 && first < 0x80) {
    const media = tokenText(bytes, pos, end)
    return { mediaType: latin1(media.value).toLowerCase(), params: parameters(bytes, media.next, end, ctx) }
  }
  const code = integerValue(bytes, pos, end)
  return wellKnown(Number(code.value), parameters(bytes, code.next, end, ctx), ctx, pos)
}

/** A well-known media type by its registered name, or a placeholder that keeps the number (never a crash: §12 #21). */
function wellKnown (code: number, params: Params, ctx: DecodeContext, pos: number): ContentType {
  const name = contentTypeName(code)
  if (name !== undefined) return { mediaType: name, params }
  warn(ctx, 'WARN_MMSE_BAD_VALUE', `unassigned content type 0x${hex(code)}`, pos)
  return { mediaType: `application/x-wsp-0x${hex(code)}`, params, unknownCode: code }
}

export function newParams (): Params {
  return Object.create(null) as Params
}

/**
 * Parameters up to `end`: Typed-parameter (Integer-value token, typed value) or
 * Untyped-parameter (Token-text, Integer-value or Text-value). An unknown typed parameter is
 * skipped by shape and the rest still decoded (AOSP and Gecko drop the rest).
 */
export function parameters (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Params {
  const params = newParams()
  while (pos < end) {
    const first = bytes[pos] as number
    if (first >= 0x20 && first < 0x80) {
      const name = tokenText(bytes, pos, end)
      const value = untypedValue(bytes, name.next, end)
      params[latin1(name.value).toLowerCase()] = value.value
      pos = value.next
      continue
    }
    const token = integerValue(bytes, pos, end)
    const def = typeof token.value === 'number' ? paramDef(token.value) : undefined
    if (def === undefined) {
      warn(ctx, 'WARN_MMSE_BAD_VALUE', `unknown parameter ${token.value}`, pos)
      pos = skipValue(bytes, token.next, end)
      continue
    }
    const value = typedValue(def.kind, bytes, token.next, end)
    params[def.name] = value.value
    pos = value.next
  }
  return params
}

/** Untyped-value = Integer-value | Text-value. */
function untypedValue (bytes: Uint8Array, pos: number, end: number): Decoded<ParamValue> {
  const first = needByte(bytes, pos, end)
  if (first >= 0x80 || (first > 0 && first <= 30)) return integerValue(bytes, pos, end)
  return utf8(textValue(bytes, pos, end))
}

/** Typed values by the kind Table 38 gives each parameter. */
function typedValue (kind: ParamKind, bytes: Uint8Array, pos: number, end: number): Decoded<ParamValue> {
  switch (kind) {
    case 'q-value': {
      const q = uintvar(bytes, pos, end)
      return { value: q.value <= 100 ? (q.value - 1) / 100 : (q.value - 100) / 1000, next: q.next }
    }
    case 'well-known-charset': return charset(bytes, pos, end)
    case 'version-value': return versionValue(bytes, pos, end)
    case 'integer-value':
    case 'delta-seconds': return integerValue(bytes, pos, end)
    case 'short-integer': return shortInteger(bytes, pos, end)
    case 'text-string': return utf8(textString(bytes, pos, end))
    case 'text-value': return utf8(textValue(bytes, pos, end))
    case 'date-value': return dateValue(bytes, pos, end)
    case 'field-name': {
      if (needByte(bytes, pos, end) < 0x80) return ascii(tokenText(bytes, pos, end))
      const code = shortInteger(bytes, pos, end)
      return { value: wspHeaderName(code.value) ?? code.value, next: code.next }
    }
    case 'constrained-encoding': {
      if (needByte(bytes, pos, end) < 0x80) return lower(tokenText(bytes, pos, end))
      const code = shortInteger(bytes, pos, end)
      return { value: contentTypeName(code.value) ?? code.value, next: code.next }
    }
    case 'no-value':
      if (needByte(bytes, pos, end) !== 0) throw new MmseError('ERR_MMSE_BAD_VALUE', 'expected No-value (0x00)', pos)
      return { value: true, next: pos + 1 }
  }
}

/**
 * Well-known-charset: Any-charset (0x80) as `'*'`, an Integer-value MIBenum as the charset's
 * name (the number when unknown), or, as AOSP accepts, the name as text.
 */
function charset (bytes: Uint8Array, pos: number, end: number): Decoded<ParamValue> {
  const first = needByte(bytes, pos, end)
  if (first === 0x80) return { value: '*', next: pos + 1 }
  if (first >= 0x20 && first < 0x80) return lower(tokenText(bytes, pos, end))
  const mib = integerValue(bytes, pos, end)
  return { value: typeof mib.value === 'number' ? charsetName(mib.value) ?? mib.value : mib.value, next: mib.next }
}

function utf8 (raw: Decoded<Uint8Array>): Decoded<string> {
  return { value: decodeUtf8Text(raw.value).text, next: raw.next }
}

function ascii (raw: Decoded<Uint8Array>): Decoded<string> {
  return { value: latin1(raw.value), next: raw.next }
}

function lower (raw: Decoded<Uint8Array>): Decoded<string> {
  return { value: latin1(raw.value).toLowerCase(), next: raw.next }
}
