/**
 * Parameters (WAP-230 §8.4.2.4): Typed-parameter (a well-known number of Table 38, then its
 * Typed-value) or Untyped-parameter (Token-text name, then Integer-value or Text-value), read up
 * to the end of their region and written in the order of the `params` object. Each Typed-value
 * kind is one codec with the test of which values it can hold.
 */
import { badInput } from '../errors.js'
import { charsetMib, charsetName, decodeUtf8Text } from '../text/transcode.js'
import { contentTypeName, writtenContentTypeCode } from '../tables/content-types.js'
import { AOSP_PARAMETERS } from '../tables/aosp.js'
import { type ParamKind, PARAMETERS } from '../tables/parameters.js'
import { WSP_HEADERS } from '../tables/wsp-headers.js'
import type { Integer, ParamValue, Params } from '../types.js'
import type { Codec } from './codec.js'
import { ANY_CHARSET_MIB } from '../tables/charsets.js'
import { LENGTH_QUOTE_OCTET, NUL_OCTET, SHORT_INTEGER_FLAG, SHORT_INTEGER_MAX, SHORT_LENGTH_MAX } from './constants.js'
import { compatible, type DecodeContext, type EncodeContext, NO_PDU } from './context.js'
import { dateValue } from './date.js'
import { integerValue, shortInteger, uintvar } from './integers.js'
import { latin1 } from '../bytes/octets.js'
import { type Decoded, needByte } from './read.js'
import { skipValue } from './skip.js'
import { extensionMedia, textString, textValue, tokenText } from './strings.js'
import { versionValue } from './version.js'
import type { ByteWriter } from './writer.js'

/** A Typed-value codec, and whether a value has the shape it can hold. */
interface KindCodec extends Codec<ParamValue, never> {
  fits (value: ParamValue): boolean
  write (w: ByteWriter, value: never, ctx: EncodeContext): void
}

function kind<T extends ParamValue> (fits: (value: ParamValue) => value is T, read: KindCodec['read'], write: (w: ByteWriter, value: T, ctx: EncodeContext) => void): KindCodec {
  return { fits, read, write: write as (w: ByteWriter, value: never, ctx: EncodeContext) => void }
}

const isString = (value: ParamValue): value is string => typeof value === 'string'
const isInteger = (value: ParamValue): value is Integer => typeof value === 'bigint' ? value >= 0n : Number.isSafeInteger(value) && (value as number) >= 0
const isShort = (value: ParamValue): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= SHORT_INTEGER_MAX

const utf8 = (raw: Decoded<Uint8Array>): Decoded<string> => ({ value: decodeUtf8Text(raw.value).text, next: raw.next })
const token = (raw: Decoded<Uint8Array>, lower: boolean): Decoded<string> => {
  const text = latin1(raw.value)
  return { value: lower ? text.toLowerCase() : text, next: raw.next }
}

/** Q-value (§8.4.2.1): a uintvar, q * 100 + 1 for up to two decimals, else q * 1000 + 100. */
const qValue = kind(
  (value): value is number => typeof value === 'number' && value >= 0 && value < 1 && Math.abs(Math.round(value * 1000) - value * 1000) < 1e-6,
  (bytes, pos, end, ctx) => {
    const q = uintvar.read(bytes, pos, end, ctx)
    return { value: q.value <= 100 ? (q.value - 1) / 100 : (q.value - 100) / 1000, next: q.next }
  },
  (w, value) => {
    const hundredths = Math.round(value * 100)
    uintvar.write(w, Math.abs(hundredths / 100 - value) < 1e-9 ? hundredths + 1 : Math.round(value * 1000) + 100)
  },
)

/** The octet of Any-charset `*` (Table 42). */
const ANY_CHARSET_OCTET = SHORT_INTEGER_FLAG | ANY_CHARSET_MIB

/**
 * Well-known-charset: Any-charset as `'*'`, an Integer-value MIBenum as the charset's name (the
 * number when unknown), or, as AOSP accepts, the name as text (written so for a name no table knows).
 */
const charset = kind(
  (value): value is string | Integer => isString(value) || isInteger(value),
  (bytes, pos, end, ctx) => {
    const first = needByte(bytes, pos, end)
    if (first === ANY_CHARSET_OCTET) return { value: '*', next: pos + 1 }
    if (first > LENGTH_QUOTE_OCTET && first < SHORT_INTEGER_FLAG) return token(tokenText.read(bytes, pos, end, ctx), true)
    const mib = integerValue.read(bytes, pos, end, ctx)
    return { value: typeof mib.value === 'number' ? charsetName(mib.value) ?? mib.value : mib.value, next: mib.next }
  },
  (w, value) => {
    if (typeof value !== 'string') integerValue.write(w, value)
    else if (value === '*') w.byte(ANY_CHARSET_OCTET)
    else {
      const mib = charsetMib(value)
      if (mib === undefined) tokenText.write(w, value.toLowerCase())
      else integerValue.write(w, mib)
    }
  },
)

/**
 * A well-known number as a Short-integer, or text: Field-name (a Token-text) and
 * Constrained-encoding (an Extension-media).
 */
function numberedName (nameOf: (code: number) => string | undefined, codeOf: (name: string, ctx: EncodeContext) => number | undefined, text: typeof tokenText | typeof extensionMedia, lower: boolean): KindCodec {
  return kind(isString,
    (bytes, pos, end, ctx) => {
      if (needByte(bytes, pos, end) < SHORT_INTEGER_FLAG) return token(text.read(bytes, pos, end, ctx), lower)
      const code = shortInteger.read(bytes, pos, end, ctx)
      return { value: nameOf(code.value) ?? code.value, next: code.next }
    },
    (w, value, ctx) => {
      const code = codeOf(value, ctx)
      if (code !== undefined && code <= SHORT_INTEGER_MAX) shortInteger.write(w, code)
      else text.write(w, lower ? value.toLowerCase() : value)
    })
}

const integer = kind(isInteger, integerValue.read, integerValue.write)

const KINDS: Readonly<Record<ParamKind, KindCodec>> = {
  'q-value': qValue,
  'well-known-charset': charset,
  'version-value': kind(isString, versionValue.read, versionValue.write),
  'integer-value': integer,
  'delta-seconds': integer,
  'short-integer': kind(isShort, shortInteger.read, shortInteger.write),
  'text-string': kind(isString, (bytes, pos, end) => utf8(textString.read(bytes, pos, end)), textString.write),
  'text-value': kind(isString, (bytes, pos, end, ctx) => utf8(textValue.read(bytes, pos, end, ctx)), textValue.write),
  'date-value': kind((value): value is Date => value instanceof Date, dateValue.read, dateValue.write),
  'field-name': numberedName((code) => WSP_HEADERS.name(code), (name) => WSP_HEADERS.code(name), tokenText, false),
  // The `type` of a multipart/related: a media type, by its code as Content-Type writes it.
  'constrained-encoding': numberedName(contentTypeName, (name, ctx) => writtenContentTypeCode(name, compatible(ctx)), extensionMedia, true),
  'no-value': kind((value): value is true => value === true,
    (bytes, pos, end, ctx) => {
      if (needByte(bytes, pos, end) !== NUL_OCTET) throw ctx.error('ERR_MMSE_BAD_VALUE', 'expected No-value (0x00)', pos)
      return { value: true, next: pos + 1 }
    },
    (w) => { w.byte(NUL_OCTET) }),
}

export function newParams (): Params {
  return Object.create(null) as Params
}

/**
 * Parameters up to `end`. An unknown typed parameter is skipped by shape with a warning and the
 * rest still decoded (AOSP and Gecko drop the rest).
 */
export function readParameters (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Params {
  const params = newParams()
  while (pos < end) {
    const first = bytes[pos] as number
    if (first > LENGTH_QUOTE_OCTET && first < SHORT_INTEGER_FLAG) {
      const name = tokenText.read(bytes, pos, end, ctx)
      const value = untypedValue(bytes, name.next, end, ctx)
      params[latin1(name.value).toLowerCase()] = value.value
      pos = value.next
      continue
    }
    const number = integerValue.read(bytes, pos, end, ctx)
    const row = typeof number.value === 'number' ? PARAMETERS.row(number.value) : undefined
    if (row === undefined) {
      ctx.warn('WARN_MMSE_BAD_VALUE', `unknown parameter ${number.value}`, pos)
      pos = skipValue(bytes, number.next, end, ctx)
      continue
    }
    const value = KINDS[row[2]].read(bytes, number.next, end, ctx)
    if (!writable(row[1], value.value)) ctx.tolerate('WARN_MMSE_BAD_VALUE', noEncoding(row[1], value.value), pos, 'kept')
    params[row[1]] = value.value
    pos = value.next
  }
  return params
}

/** Untyped-value = Integer-value | Text-value. */
function untypedValue (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<ParamValue> {
  const first = needByte(bytes, pos, end)
  if (first >= SHORT_INTEGER_FLAG || (first > NUL_OCTET && first <= SHORT_LENGTH_MAX)) return integerValue.read(bytes, pos, end, ctx)
  return utf8(textValue.read(bytes, pos, end, ctx))
}

/**
 * Each parameter by the first number of its name whose kind holds the value (tables/parameters.ts),
 * else untyped. In the compatible forms the parameters AOSP's PduParser reads come first: it
 * reads `type`, `start`, `charset` and `name`, and skips every parameter after any other one.
 */
export function writeParameters (w: ByteWriter, params: Params, ctx: EncodeContext = NO_PDU): void {
  if (typeof params !== 'object' || params === null) throw badInput('parameters must be an object')
  const entries = Object.entries(params)
  if (compatible(ctx)) entries.sort(([a], [b]) => Number(!AOSP_PARAMETERS.has(a.toLowerCase())) - Number(!AOSP_PARAMETERS.has(b.toLowerCase())))
  for (const [name, value] of entries) writeParameter(w, name, value, ctx)
}

/** One parameter, under the first of `rows` (by default its name's) whose kind holds the value, else untyped. */
export function writeParameter (w: ByteWriter, name: string, value: ParamValue, ctx: EncodeContext, rows = PARAMETERS.rowsNamed(name)): void {
  const row = rows.find(([, , kind]) => KINDS[kind].fits(value))
  if (row !== undefined) {
    shortInteger.write(w, row[0])
    KINDS[row[2]].write(w, value as never, ctx)
  } else if (isInteger(value)) {
    tokenText.write(w, name.toLowerCase())
    integerValue.write(w, value)
  } else if (isString(value)) {
    tokenText.write(w, name.toLowerCase())
    textValue.write(w, value)
  } else {
    throw badInput(noEncoding(name, value))
  }
}

/**
 * Whether writeParameters can write the value: a kind of the name holds it, or it is untyped
 * text or an integer. A Q-value read below 0, or above 1 with a fraction, is none of these.
 */
function writable (name: string, value: ParamValue): boolean {
  return PARAMETERS.rowsNamed(name).some(([, , kind]) => KINDS[kind].fits(value)) || isInteger(value) || isString(value)
}

function noEncoding (name: string, value: unknown): string {
  return `parameter ${name}: ${String(value)} has no untyped encoding`
}
