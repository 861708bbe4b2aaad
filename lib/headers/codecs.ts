/**
 * Value codecs of the MMSE header fields (WAP-209 §7.2, OMA-MMS-ENC 1.2 §7.2,
 * OMA-TS-MMS_ENC 1.3 §7.3). Each decodes one value from `(bytes, pos, end)` into the typed
 * shape of `types.ts`; the header table (table.ts) says which field uses which.
 */
import { MmseError } from '../errors.js'
import type {
  ElementDescriptor, EncodedText, FromValue, Integer, MboxCount, MmFlag, MmsAddress, Params,
  PreviouslySentBy, PreviouslySentDate, StatusCountStatus, StatusCountText, StatusCountUri,
  StatusValue, TimeValue,
} from '../types.js'
import { contentTypeName } from '../tables/content-types.js'
import { type DecodeContext, warn } from '../wsp/context.js'
import { contentType, newParams } from '../wsp/content-type.js'
import {
  type Decoded, dateValue, hex, integerValue, latin1, lengthPrefixed, LENGTH_QUOTE, longInteger,
  needByte, shortInteger, textString, tokenText, versionValue,
} from '../wsp/primitives.js'
import { encodedText, text } from '../wsp/text.js'
import {
  ABSOLUTE_TOKEN, ADDRESS_PRESENT_TOKEN, type Enumeration, INSERT_ADDRESS_TOKEN, isDeleteConf,
  MBOX_UNITS, MESSAGE_CLASSES, MM_FLAG_ACTIONS, RELATIVE_TOKEN, type StatusEnumeration, YES_NO,
} from './enumerations.js'

export interface HeaderCodec<T = unknown> {
  decode (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<T>
  /**
   * Set on codecs a factory builds (`octetEnum`, `status`, `responseStatus`, `attribute`): the
   * factory and the enumeration it was given, so the encoder can key its value encoders by
   * factory and read the same names and codes.
   */
  readonly factory?: (...args: never[]) => HeaderCodec
  readonly enumeration?: Enumeration
}

type Decoder<T> = HeaderCodec<T>['decode']

function codec<T> (decode: Decoder<T>): HeaderCodec<T> {
  return { decode }
}

/** A value inside a Value-length, decoded with the context at hand. */
function lengthValue<T> (inner: (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext) => T): HeaderCodec<T> {
  return codec((bytes, pos, end, ctx) => lengthPrefixed(bytes, pos, end, (b, p, e) => inner(b, p, e, ctx)))
}

/** Throws unless `pos` is exactly `end`: a length-bounded value must use all its octets. */
function expectEnd (pos: number, end: number): void {
  if (pos !== end) throw new MmseError('ERR_MMSE_BAD_VALUE', `${end - pos} unexpected octets at the end of the value`, pos)
}

/** One octet named by an enumeration; an unknown one is kept as its number with a warning. */
function enumName<N extends string> (values: Enumeration<N>, octet: number, ctx: DecodeContext, pos: number): N | number {
  const name = values.name(octet)
  if (name !== undefined) return name
  warn(ctx, 'WARN_MMSE_BAD_VALUE', `unknown value 0x${hex(octet)}`, pos)
  return octet
}

export function octetEnum<N extends string> (values: Enumeration<N>): HeaderCodec<N | number> {
  const decode: Decoder<N | number> = (bytes, pos, end, ctx) => ({ value: enumName(values, needByte(bytes, pos, end), ctx, pos), next: pos + 1 })
  return { decode, factory: octetEnum, enumeration: values }
}

/** Yes/No: 0x80 Yes, 0x81 No; any other octet is kept with a warning (T-Mobile's 115, §12 #8). */
export const yesNo = codec<boolean | number>((bytes, pos, end, ctx) => {
  const value = enumName(YES_NO, needByte(bytes, pos, end), ctx, pos)
  return { value: typeof value === 'number' ? value : value === 'yes', next: pos + 1 }
})

/** Response-, Retrieve-, Store-Status: the name (or its reserved range's) and the code. */
function statusValue (values: StatusEnumeration, octet: number, ctx: DecodeContext, pos: number): StatusValue {
  const name = values.meaning(octet)
  if (name !== undefined) return { name, code: octet }
  warn(ctx, 'WARN_MMSE_BAD_VALUE', `unknown status 0x${hex(octet)}`, pos)
  return { name: 'unknown', code: octet }
}

export function status (values: StatusEnumeration): HeaderCodec<StatusValue> {
  const decode: Decoder<StatusValue> = (bytes, pos, end, ctx) => ({ value: statusValue(values, needByte(bytes, pos, end), ctx, pos), next: pos + 1 })
  return { decode, factory: status, enumeration: values }
}

export const textValue = codec(text)
export const encodedString = codec(encodedText)
export const date = codec<Date>((bytes, pos, end) => dateValue(bytes, pos, end))
export const longInt = codec<Integer>((bytes, pos, end) => longInteger(bytes, pos, end))
export const integer = codec<Integer>((bytes, pos, end) => integerValue(bytes, pos, end))
export const version = codec<string>((bytes, pos, end) => versionValue(bytes, pos, end))
export const contentTypeValue = codec(contentType)

/** Message-Class: Class-identifier octet or Token-text. */
export const messageClass = codec<string | number>((bytes, pos, end, ctx) => {
  const first = needByte(bytes, pos, end)
  if (first >= 0x80) return { value: enumName(MESSAGE_CLASSES, first, ctx, pos), next: pos + 1 }
  const token = tokenText(bytes, pos, end)
  return { value: latin1(token.value), next: token.next }
})

/** Delivery-Time, Expiry, Reply-Charging-Deadline: Value-length (Absolute-token Date-value | Relative-token Delta-seconds-value). */
export const time = lengthValue<TimeValue>((bytes, pos, end) => {
  const token = needByte(bytes, pos, end)
  if (token === ABSOLUTE_TOKEN) {
    const absolute = dateValue(bytes, pos + 1, end)
    expectEnd(absolute.next, end)
    return { absolute: absolute.value }
  }
  if (token === RELATIVE_TOKEN) {
    const relative = integerValue(bytes, pos + 1, end)
    expectEnd(relative.next, end)
    return { relative: relative.value }
  }
  throw new MmseError('ERR_MMSE_BAD_VALUE', `expected Absolute- or Relative-token, found 0x${hex(token)}`, pos)
})

/** Splits the `/TYPE=` suffix of an address (MMSE §8); an address without one is an email address if it has an '@'. */
export function parseAddress (value: EncodedText): MmsAddress {
  const raw = value.text
  const slash = raw.lastIndexOf('/TYPE=')
  const address: MmsAddress = slash === -1
    ? { address: raw, type: raw.includes('@') ? 'email' : 'unknown', raw }
    : { address: raw.slice(0, slash), type: addressType(raw.slice(slash + 6)), raw }
  if (value.charset !== undefined) address.charset = value.charset
  if (value.mib !== undefined) address.mib = value.mib
  if (value.raw !== undefined) address.bytes = value.raw
  return address
}

const ADDRESS_TYPES = new Map([['plmn', 'PLMN'], ['ipv4', 'IPv4'], ['ipv6', 'IPv6']])

function addressType (token: string): string {
  return ADDRESS_TYPES.get(token.toLowerCase()) ?? token
}

function address (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<MmsAddress> {
  const value = encodedText(bytes, pos, end, ctx)
  return { value: parseAddress(value.value), next: value.next }
}

export const addressValue = codec(address)

/**
 * From: Value-length (Address-present-token Encoded-string-value | Insert-address-token).
 * Some MMSCs (NowSMS) send a bare Encoded-string-value; that is accepted with a warning.
 */
export const from = codec<FromValue>((bytes, pos, end, ctx) => {
  if (needByte(bytes, pos, end) > LENGTH_QUOTE) {
    if (ctx.strict) throw new MmseError('ERR_MMSE_BAD_VALUE', 'From without a Value-length', pos)
    warn(ctx, 'WARN_MMSE_BAD_VALUE', 'From without a Value-length: read as an address', pos)
    return address(bytes, pos, end, ctx)
  }
  return lengthPrefixed<FromValue>(bytes, pos, end, (bytes, pos, end) => {
    const token = needByte(bytes, pos, end)
    if (token === INSERT_ADDRESS_TOKEN) {
      expectEnd(pos + 1, end)
      return { insertAddress: true }
    }
    if (token !== ADDRESS_PRESENT_TOKEN) {
      throw new MmseError('ERR_MMSE_BAD_VALUE', `expected Address-present- or Insert-address-token, found 0x${hex(token)}`, pos)
    }
    const value = address(bytes, pos + 1, end, ctx)
    expectEnd(value.next, end)
    return value.value
  })
})

/** Previously-Sent-By: Value-length Forwarded-count-value Encoded-string-value. */
export const previouslySentBy = lengthValue<PreviouslySentBy>((bytes, pos, end, ctx) => {
  const count = integerValue(bytes, pos, end)
  const value = address(bytes, count.next, end, ctx)
  expectEnd(value.next, end)
  return { forwardCount: count.value, address: value.value }
})

/** Previously-Sent-Date: Value-length Forwarded-count-value Date-value. */
export const previouslySentDate = lengthValue<PreviouslySentDate>((bytes, pos, end) => {
  const count = integerValue(bytes, pos, end)
  const value = dateValue(bytes, count.next, end)
  expectEnd(value.next, end)
  return { forwardCount: count.value, date: value.value }
})

/** MM-Flags: Value-length (Add-token | Remove-token | Filter-token) Encoded-string-value. */
export const mmFlag = lengthValue<MmFlag>((bytes, pos, end, ctx) => {
  const action = enumName(MM_FLAG_ACTIONS, needByte(bytes, pos, end), ctx, pos)
  const flag = encodedText(bytes, pos + 1, end, ctx)
  expectEnd(flag.next, end)
  return { action, flag: flag.value }
})

/** Mbox-Totals, Mbox-Quotas: Value-length (messages-token | size-token) Integer-value. */
export const mboxCount = lengthValue<MboxCount>((bytes, pos, end, ctx) => {
  const unit = enumName(MBOX_UNITS, needByte(bytes, pos, end), ctx, pos)
  const value = integerValue(bytes, pos + 1, end)
  expectEnd(value.next, end)
  return { unit, value: value.value }
})

/**
 * Element-Descriptor: Value-length Content-Reference-value (Text-string), then parameters:
 * Parameter-name (Short-integer or Text-string) Parameter-value (Constrained-encoding or
 * Text-string). The only assigned name is `type` (0x02).
 */
export const elementDescriptor = lengthValue<ElementDescriptor>((bytes, pos, end, ctx) => {
  const reference = text(bytes, pos, end, ctx)
  const params: Params = newParams()
  for (pos = reference.next; pos < end;) {
    let name: string
    if (needByte(bytes, pos, end) >= 0x80) {
      const code = shortInteger(bytes, pos, end)
      name = code.value === 0x02 ? 'type' : `0x${hex(code.value)}`
      pos = code.next
    } else {
      const token = textString(bytes, pos, end)
      name = latin1(token.value)
      pos = token.next
    }
    if (needByte(bytes, pos, end) >= 0x80) {
      const code = shortInteger(bytes, pos, end)
      params[name] = contentTypeName(code.value) ?? code.value
      pos = code.next
    } else {
      const value = text(bytes, pos, end, ctx)
      params[name] = value.value
      pos = value.next
    }
  }
  return { contentReference: reference.value, params }
})

/** Content and Additional-headers have no value of their own (they name attributes). */
export const noValue = codec<true>((_bytes, pos, _end, ctx) => {
  warn(ctx, 'WARN_MMSE_BAD_VALUE', 'a field that only names an attribute appears as a header', pos)
  return { value: true, next: pos }
})

/** The Status-count forms of m-mbox-delete-conf and m-delete-conf: Value-length Status-count-value then the value. */
function withStatusCount<T, S> (
  normal: HeaderCodec<T>,
  inner: (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext) => Decoded<S>,
  shape: (statusCount: Integer, value: S) => unknown,
): HeaderCodec {
  const counted = lengthValue((bytes, pos, end, ctx) => {
    const count = integerValue(bytes, pos, end)
    const value = inner(bytes, count.next, end, ctx)
    expectEnd(value.next, end)
    return shape(count.value, value.value)
  })
  return codec((bytes, pos, end, ctx) => isDeleteConf(ctx.messageType) && needByte(bytes, pos, end) <= LENGTH_QUOTE
    ? counted.decode(bytes, pos, end, ctx)
    : normal.decode(bytes, pos, end, ctx))
}

export const contentLocation = withStatusCount(textValue, text, (statusCount, uri): StatusCountUri => ({ statusCount, uri }))
export const responseText = withStatusCount(encodedString, encodedText, (statusCount, text): StatusCountText => ({ statusCount, text }))

export function responseStatus (values: StatusEnumeration): HeaderCodec {
  const octet = (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<StatusValue> =>
    ({ value: statusValue(values, needByte(bytes, pos, end), ctx, pos), next: pos + 1 })
  const counted = withStatusCount(codec(octet), octet, (statusCount, status): StatusCountStatus => ({ statusCount, status }))
  return { decode: counted.decode, factory: responseStatus, enumeration: values }
}

/** X-Mms-Attributes: a Short-integer naming one header field; `keyOf` maps it to its JS key. */
export function attribute (keyOf: (code: number) => string | undefined): HeaderCodec<string | number> {
  const decode: Decoder<string | number> = (bytes, pos, end, ctx) => {
    const code = shortInteger(bytes, pos, end)
    const key = keyOf(code.value | 0x80)
    if (key !== undefined) return { value: key, next: code.next }
    warn(ctx, 'WARN_MMSE_BAD_VALUE', `attribute names unknown field 0x${hex(code.value | 0x80)}`, pos)
    return { value: code.value | 0x80, next: code.next }
  }
  return { decode, factory: attribute }
}
