/**
 * Value encoders of the MMSE header fields (WAP-209 §7.2, OMA-MMS-ENC 1.2 §7.2,
 * OMA-TS-MMS_ENC 1.3 §7.3): one per codec of `headers/codecs.ts`, keyed by the codec objects
 * the header table uses (or, for codecs a factory builds, by the factory), so the table stays
 * the one list of header codes. Each writes one value in the form its decoder reads back.
 */
import * as c from '../headers/codecs.js'
import type { HeaderCodec } from '../headers/codecs.js'
import {
  ABSOLUTE_TOKEN, ADDRESS_PRESENT_TOKEN, type Enumeration, INSERT_ADDRESS_TOKEN, isDeleteConf,
  MBOX_UNITS, MESSAGE_CLASSES, MM_FLAG_ACTIONS, RELATIVE_TOKEN, YES_NO,
} from '../headers/enumerations.js'
import { headerByKey } from '../headers/table.js'
import { contentTypeCode } from '../tables/content-types.js'
import type { ElementDescriptor, EncodedText, Integer, StatusValue, TimeValue } from '../types.js'
import { type ContentTypeInput, writeContentType } from './content-type.js'
import type { AddressInput, FromInput, TextInput } from './types.js'
import { badInput, type ByteWriter, type TextOptions } from './writer.js'

export interface EncodeContext {
  /** The X-Mms-Message-Type code of the PDU being written. */
  messageType: number
  text: TextOptions
}

/** Writes one value of a field (a repeating field calls it once per occurrence). */
export type ValueEncoder = (w: ByteWriter, value: unknown, ctx: EncodeContext, enumeration: Enumeration | undefined) => void

/** An address as text: the raw form as sent, or the address with its `/TYPE=` suffix. */
export function addressText (value: AddressInput): EncodedText {
  if (typeof value === 'string') return { text: value }
  const type = value.type
  const text = value.raw ?? (type === undefined || type === 'email' || type === 'unknown' ? value.address : `${value.address}/TYPE=${type}`)
  const out: EncodedText = { text }
  if (value.charset !== undefined) out.charset = value.charset
  if (value.mib !== undefined) out.mib = value.mib
  if (value.bytes !== undefined) out.raw = value.bytes
  return out
}

const address: ValueEncoder = (w, value, ctx) => {
  w.encodedString(addressText(value as AddressInput), ctx.text)
}

const encodedString: ValueEncoder = (w, value, ctx) => {
  w.encodedString(value as TextInput, ctx.text)
}

const textValue: ValueEncoder = (w, value) => {
  w.textString(value as string)
}

/** A name from the enumeration, or a number for a value it does not name. */
function enumCode (enumeration: Enumeration, value: unknown): number {
  const code = typeof value === 'number' ? value : enumeration.code(String(value))
  if (code === undefined || !Number.isInteger(code) || code < 0 || code > 0xff) throw badInput(`${String(value)} is not a value of this field`)
  return code
}

const octetEnum: ValueEncoder = (w, value, _ctx, enumeration) => {
  w.byte(enumCode(enumeration as Enumeration, value))
}

const yesNo: ValueEncoder = (w, value) => {
  w.byte(typeof value === 'boolean' ? YES_NO.code(value ? 'yes' : 'no') as number : enumCode(YES_NO, value))
}

/** A status as the decoder gives it (its code is what was sent), a name, or a number. */
const status: ValueEncoder = (w, value, _ctx, enumeration) => {
  w.byte(typeof value === 'object' && value !== null ? (value as StatusValue).code : enumCode(enumeration as Enumeration, value))
}

const time: ValueEncoder = (w, value) => {
  const t = value as TimeValue
  w.lengthPrefixed((inner) => {
    if ('absolute' in t) inner.byte(ABSOLUTE_TOKEN).dateValue(t.absolute)
    else inner.byte(RELATIVE_TOKEN).integerValue(t.relative)
  })
}

const from: ValueEncoder = (w, value, ctx) => {
  const input = value as FromInput
  w.lengthPrefixed((inner) => {
    if (typeof input === 'object' && 'insertAddress' in input) inner.byte(INSERT_ADDRESS_TOKEN)
    else inner.byte(ADDRESS_PRESENT_TOKEN).encodedString(addressText(input), ctx.text)
  })
}

const messageClass: ValueEncoder = (w, value) => {
  const code = typeof value === 'number' ? value : MESSAGE_CLASSES.code(String(value))
  if (code === undefined) w.tokenText(String(value))
  else w.byte(enumCode(MESSAGE_CLASSES, code))
}

/**
 * The Status-count forms of m-mbox-delete-conf and m-delete-conf (§4.2): Value-length
 * Status-count-value then the value. Only those two PDUs may carry them; elsewhere no reader
 * would look for the count.
 */
function counted (ctx: EncodeContext, w: ByteWriter, statusCount: Integer, inner: (w: ByteWriter) => void): void {
  if (!isDeleteConf(ctx.messageType)) throw badInput('a Status-count value outside m-mbox-delete-conf and m-delete-conf')
  w.lengthPrefixed((body) => {
    body.integerValue(statusCount)
    inner(body)
  })
}

function hasStatusCount (value: unknown): value is { statusCount: Integer, [key: string]: unknown } {
  return typeof value === 'object' && value !== null && 'statusCount' in value
}

const contentLocation: ValueEncoder = (w, value, ctx) => {
  if (hasStatusCount(value)) counted(ctx, w, value.statusCount, (body) => body.textString(value.uri as string))
  else w.textString(value as string)
}

const responseText: ValueEncoder = (w, value, ctx) => {
  if (hasStatusCount(value)) counted(ctx, w, value.statusCount, (body) => body.encodedString(value.text as EncodedText, ctx.text))
  else w.encodedString(value as TextInput, ctx.text)
}

const responseStatus: ValueEncoder = (w, value, ctx, enumeration) => {
  if (hasStatusCount(value)) counted(ctx, w, value.statusCount, (body) => status(body, value.status, ctx, enumeration))
  else status(w, value, ctx, enumeration)
}

const previouslySentBy: ValueEncoder = (w, value, ctx) => {
  const v = value as { forwardCount: Integer, address: AddressInput }
  w.lengthPrefixed((inner) => inner.integerValue(v.forwardCount).encodedString(addressText(v.address), ctx.text))
}

const previouslySentDate: ValueEncoder = (w, value) => {
  const v = value as { forwardCount: Integer, date: Date }
  w.lengthPrefixed((inner) => inner.integerValue(v.forwardCount).dateValue(v.date))
}

const mmFlag: ValueEncoder = (w, value, ctx) => {
  const v = value as { action: string | number, flag: TextInput }
  w.lengthPrefixed((inner) => inner.byte(enumCode(MM_FLAG_ACTIONS, v.action)).encodedString(v.flag, ctx.text))
}

const mboxCount: ValueEncoder = (w, value) => {
  const v = value as { unit: string | number, value: Integer }
  w.lengthPrefixed((inner) => inner.byte(enumCode(MBOX_UNITS, v.unit)).integerValue(v.value))
}

/** X-Mms-Attributes: the JS key of a header field (or its code) as the Short-integer of its number. */
const attribute: ValueEncoder = (w, value) => {
  const code = typeof value === 'number' ? value : headerByKey(String(value))?.code
  if (code === undefined) throw badInput(`${String(value)} names no header field`)
  w.shortInteger(code & 0x7f)
}

/**
 * Element-Descriptor: Value-length, Content-Reference (Text-string), then parameters: `type`
 * as Short-integer 0x02 (a `0xNN` name as that code, any other name as Text-string), the value
 * as a well-known content type code where there is one, else a Text-string.
 */
const elementDescriptor: ValueEncoder = (w, value) => {
  const v = value as ElementDescriptor
  w.lengthPrefixed((inner) => {
    inner.textString(v.contentReference)
    for (const [name, param] of Object.entries(v.params)) {
      const numbered = /^0x([0-7][0-9a-f])$/.exec(name)
      if (name === 'type') inner.shortInteger(0x02)
      else if (numbered !== null) inner.shortInteger(parseInt(numbered[1] as string, 16))
      else inner.textString(name)
      const code = typeof param === 'number' ? param : contentTypeCode(String(param))
      if (code !== undefined && code <= 0x7f) inner.shortInteger(code)
      else if (typeof param === 'string') inner.textString(param)
      else throw badInput(`element descriptor parameter ${name}: ${String(param)} is neither a content type nor text`)
    }
  })
}

/** Content and Additional-headers only name attributes: as a header, the bare code, which is how the decoder reads them. */
const noValue: ValueEncoder = () => {}

const contentType: ValueEncoder = (w, value) => {
  writeContentType(w, value as ContentTypeInput)
}

const BY_CODEC = new Map<HeaderCodec, ValueEncoder>([
  [c.addressValue, address],
  [c.contentLocation, contentLocation],
  [c.contentTypeValue, contentType],
  [c.date, (w, value) => { w.dateValue(value as Date) }],
  [c.yesNo, yesNo],
  [c.time, time],
  [c.from, from],
  [c.messageClass, messageClass],
  [c.textValue, textValue],
  [c.version, (w, value) => { w.versionValue(value as string) }],
  [c.longInt, (w, value) => { w.longInteger(value as Integer) }],
  [c.responseText, responseText],
  [c.encodedString, encodedString],
  [c.previouslySentBy, previouslySentBy],
  [c.previouslySentDate, previouslySentDate],
  [c.mmFlag, mmFlag],
  [c.mboxCount, mboxCount],
  [c.integer, (w, value) => { w.integerValue(value as Integer) }],
  [c.noValue, noValue],
  [c.elementDescriptor, elementDescriptor],
])

const BY_FACTORY = new Map<HeaderCodec['factory'], ValueEncoder>([
  [c.octetEnum, octetEnum],
  [c.status, status],
  [c.responseStatus, responseStatus],
  [c.attribute, attribute],
])

/** The encoder for a header table codec (the tests check that every row of the table has one). */
export function valueEncoder (codec: HeaderCodec): ValueEncoder {
  return (BY_CODEC.get(codec) ?? BY_FACTORY.get(codec.factory)) as ValueEncoder
}
