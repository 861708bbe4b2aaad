/**
 * Writes a WSP Content-type-value (WAP-230 §8.4.2.24) and its parameters (§8.4.2.4, Table 38):
 * the MMS Content-Type header, multipart entries, Content-Disposition parameters.
 *
 * - The media type is the well-known code when the table has one (Short-integer up to 0x7F; the
 *   extension codes need the general form, as a Long-integer), else Extension-media text.
 * - The general form (Value-length Media-type *Parameter) only when there are parameters.
 * - Parameters are written in the order of the `params` object (a decoded content type comes
 *   back in wire order). A known name gets its well-known code, the older code where Table 38
 *   has two (quirk #14, PREFERRED_PARAM_CODE); an unknown name, or a value its typed encoding
 *   cannot hold, becomes an Untyped-parameter (Token-text name, Integer-value or Text-value).
 */
import { charsetMib } from '../charsets.js'
import { contentTypeCode } from '../tables/content-types.js'
import { type ParamKind, paramDef, PREFERRED_PARAM_CODE } from '../tables/parameters.js'
import { wspHeaderCode } from '../tables/wsp-headers.js'
import type { ContentType, ParamValue, Params } from '../types.js'
import { badInput, type ByteWriter } from './writer.js'

/** A content type as the decoder gives it, or a bare media type. */
export type ContentTypeInput = ContentType | string

/** `type` with an integer value is the Integer-value parameter 0x03, not multipart/related's 0x09. */
const INTEGER_TYPE_CODE = 0x03
const ANY_CHARSET = 0x80

export function writeContentType (w: ByteWriter, input: ContentTypeInput): void {
  const type: ContentType = typeof input === 'string' ? { mediaType: input, params: {} } : input
  const code = type.unknownCode ?? contentTypeCode(type.mediaType)
  const params = Object.entries(type.params)
  if (params.length === 0 && code === undefined) {
    w.tokenText(type.mediaType.toLowerCase())
    return
  }
  if (params.length === 0 && code !== undefined && code <= 0x7f) {
    w.shortInteger(code)
    return
  }
  w.lengthPrefixed((inner) => {
    if (code === undefined) inner.tokenText(type.mediaType.toLowerCase())
    else inner.integerValue(code)
    writeParams(inner, type.params)
  })
}

export function writeParams (w: ByteWriter, params: Params): void {
  for (const [name, value] of Object.entries(params)) {
    const code = typeof value !== 'string' && name === 'type' ? INTEGER_TYPE_CODE : PREFERRED_PARAM_CODE[name]
    const def = code === undefined ? undefined : paramDef(code)
    if (def !== undefined && typedFits(def.kind, value)) {
      w.shortInteger(def.code)
      typedValue(w, def.kind, value)
    } else {
      untyped(w, name, value)
    }
  }
}

/** Whether `value` has the shape of the Typed-value `kind`. */
function typedFits (kind: ParamKind, value: ParamValue): boolean {
  switch (kind) {
    case 'q-value': return typeof value === 'number' && value >= 0 && value < 1 && Math.abs(Math.round(value * 1000) - value * 1000) < 1e-6
    case 'well-known-charset': return typeof value === 'string' || isInteger(value)
    case 'version-value':
    case 'text-string':
    case 'text-value':
    case 'field-name':
    case 'constrained-encoding': return typeof value === 'string'
    case 'short-integer': return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0x7f
    case 'integer-value':
    case 'delta-seconds': return isInteger(value)
    case 'date-value': return value instanceof Date
    case 'no-value': return value === true
  }
}

function isInteger (value: ParamValue): value is number | bigint {
  return typeof value === 'bigint' ? value >= 0n : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function typedValue (w: ByteWriter, kind: ParamKind, value: ParamValue): void {
  switch (kind) {
    case 'q-value': {
      // Q-value (WAP-230 §8.4.2.3): q*100+1 for up to two decimals, else q*1000+100.
      const hundredths = Math.round((value as number) * 100)
      w.uintvar(Math.abs(hundredths / 100 - (value as number)) < 1e-9 ? hundredths + 1 : Math.round((value as number) * 1000) + 100)
      return
    }
    case 'well-known-charset':
      charset(w, value as string | number | bigint)
      return
    case 'version-value':
      w.versionValue(value as string)
      return
    case 'text-string':
      w.textString(value as string)
      return
    case 'text-value':
      w.textValue(value as string)
      return
    case 'field-name': {
      const code = wspHeaderCode(value as string)
      if (code === undefined) w.tokenText(value as string)
      else w.shortInteger(code)
      return
    }
    case 'constrained-encoding': {
      const code = contentTypeCode(value as string)
      if (code !== undefined && code <= 0x7f) w.shortInteger(code)
      else w.tokenText((value as string).toLowerCase())
      return
    }
    case 'short-integer':
      w.shortInteger(value as number)
      return
    case 'integer-value':
    case 'delta-seconds':
      w.integerValue(value as number | bigint)
      return
    case 'date-value':
      w.dateValue(value as Date)
      return
    case 'no-value':
      w.byte(0)
  }
}

/** Well-known-charset: `*` is Any-charset, a name its MIBenum; a name no table knows goes as text, as AOSP reads it. */
function charset (w: ByteWriter, value: string | number | bigint): void {
  if (typeof value !== 'string') {
    w.integerValue(value)
    return
  }
  if (value === '*') {
    w.byte(ANY_CHARSET)
    return
  }
  const mib = charsetMib(value)
  if (mib === undefined) w.tokenText(value.toLowerCase())
  else w.integerValue(mib)
}

/** Untyped-parameter: Token-text name, then Integer-value or Text-value. */
function untyped (w: ByteWriter, name: string, value: ParamValue): void {
  if (isInteger(value)) {
    w.tokenText(name).integerValue(value)
    return
  }
  if (typeof value !== 'string') throw badInput(`parameter ${name}: ${String(value)} has no untyped encoding`, name)
  w.tokenText(name).textValue(value)
}
