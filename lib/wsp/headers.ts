/**
 * WSP headers after a content type (WAP-230 §8.4.2.6, §8.5.3): the headers of a multipart entry
 * and of a push PDU. Well-known headers by their Table 39 number, with values by the kind the
 * table gives them, textual headers (Token-text name, Text-string value, such as
 * Content-Transfer-Encoding), and headers of other code pages after a Shift-sequence, kept raw.
 * A value that does not fit its kind is kept raw with a warning in lenient mode: it never costs
 * the part.
 */
import { badInput, MmseError } from '../errors.js'
import { decodeUtf8Text } from '../text/transcode.js'
import { DISPOSITIONS, WSP_HEADERS, type WspHeaderKind } from '../tables/wsp-headers.js'
import type { ContentDisposition, ContentType, PartHeaders, PartHeaderValue } from '../types.js'
import type { Codec } from './codec.js'
import { contentType, type ContentTypeInput } from './content-type.js'
import { LENGTH_QUOTE_OCTET, SHORT_INTEGER_FLAG, SHORT_INTEGER_MAX, SHORT_LENGTH_MAX, TEXT_QUOTE_OCTET } from './constants.js'
import { compatible, DecodeContext, type EncodeContext, NO_PDU } from './context.js'
import { dateValue } from './date.js'
import { integerValue, readLengthPrefixed, shortInteger, writeLengthPrefixed } from './integers.js'
import { copyBytes, hex, latin1 } from '../bytes/octets.js'
import { readParameters, writeParameter, writeParameters } from './parameters.js'
import { PARAMETERS, type ParamRow } from '../tables/parameters.js'
import { AOSP_PART_HEADERS } from '../tables/aosp.js'
import { type Decoded, needByte } from './read.js'
import { skipValue } from './skip.js'
import { quotedString, textString, tokenText } from './strings.js'
import { versionValue } from './version.js'
import type { ByteWriter } from './writer.js'

export interface EntryHeaders {
  contentType: ContentType
  headers: PartHeaders
  /** Header fields read after the content type, a repeated one once per value. */
  fields: number
}

/** What the encoder takes: any header by name (any case), an array for a repeated one. */
export type HeadersInput = Record<string, PartHeaderValue | PartHeaderValue[] | undefined>

export interface EntryHeadersInput {
  contentType: ContentTypeInput
  headers?: HeadersInput
}

/** The code page of the headers that follow no Shift-sequence (§8.4.2.6). */
const DEFAULT_PAGE = 1

/**
 * ContentType then Headers, which fill exactly `[pos, end)`; the headers go into `headers`,
 * where a caller finds those read before a failure (a push's partial result).
 */
export const entryHeaders = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext, headers = Object.create(null) as PartHeaders): Decoded<EntryHeaders> {
    ctx.field = 'Content-Type'
    const type = contentType.read(bytes, pos, end, ctx)
    let page = DEFAULT_PAGE
    let fields = 0
    for (pos = type.next; pos < end;) {
      const first = bytes[pos] as number
      if (first === TEXT_QUOTE_OCTET || first <= LENGTH_QUOTE_OCTET) {
        // Shift-sequence: Shift-delimiter and a page number, or a Short-cut-shift-delimiter 1-31.
        page = first === TEXT_QUOTE_OCTET ? needByte(bytes, pos + 1, end) : first
        pos += first === TEXT_QUOTE_OCTET ? 2 : 1
        if (page !== DEFAULT_PAGE) ctx.warn('WARN_MMSE_UNKNOWN_FIELD', `header code page ${page}: its headers are kept raw`, pos)
        continue
      }
      if (first < SHORT_INTEGER_FLAG) {
        const name = tokenText.read(bytes, pos, end, ctx)
        const value = textString.read(bytes, name.next, end)
        add(headers, latin1(name.value).toLowerCase(), decodeUtf8Text(value.value).text)
        fields++
        pos = value.next
        continue
      }
      const name = page === DEFAULT_PAGE ? headerName(first) : pageHeaderName(page, first)
      ctx.field = name
      const value = page === DEFAULT_PAGE ? readValue(kindOf(first & SHORT_INTEGER_MAX), bytes, pos + 1, end, ctx) : rawValue(bytes, pos + 1, end, ctx)
      add(headers, name, value.value)
      fields++
      pos = value.next
    }
    return { value: { contentType: type.value, headers, fields }, next: end }
  },
  write (w: ByteWriter, entry: EntryHeadersInput, ctx: EncodeContext = NO_PDU): void {
    contentType.write(w, entry.contentType, ctx)
    writeHeaders(w, entry.headers ?? {}, ctx)
  },
} satisfies Codec<EntryHeaders, EntryHeadersInput>

/**
 * The headers after the content type, in the order of the object; a repeated one once per value.
 * In the compatible forms, Content-Location, Content-ID and Content-Disposition come first: AOSP's
 * PduParser skips every header of a part after a well-known one it does not read. A
 * Content-Transfer-Encoding is left out when `ctx.transferEncoding` is false (the data is not in it).
 */
export function writeHeaders (w: ByteWriter, headers: HeadersInput, ctx: EncodeContext = NO_PDU): void {
  const entries = Object.entries(headers).filter(([name, value]) => value !== undefined && (ctx.transferEncoding !== false || name.toLowerCase() !== TRANSFER_ENCODING))
  if (compatible(ctx)) entries.sort(([a], [b]) => Number(!AOSP_PART_HEADERS.has(a.toLowerCase())) - Number(!AOSP_PART_HEADERS.has(b.toLowerCase())))
  for (const [name, value] of entries) {
    for (const one of Array.isArray(value) ? value : [value as PartHeaderValue]) writeHeader(w, name, one, ctx)
  }
}

const TRANSFER_ENCODING = 'content-transfer-encoding'


function add (headers: PartHeaders, name: string, value: PartHeaderValue): void {
  const previous = headers[name]
  if (previous === undefined) headers[name] = value
  else if (Array.isArray(previous)) previous.push(value)
  else headers[name] = [previous, value]
}

/**
 * The lower-case names of the default page by number, made once and interned: a name made at run
 * time (toLowerCase() returns a new string) is looked up in the engine's string table on every
 * property store it keys; a key read back from an object is the interned string itself.
 */
const HEADER_NAMES: ReadonlyArray<string | undefined> = Array.from({ length: SHORT_INTEGER_MAX + 1 }, (_, number) => {
  const name = WSP_HEADERS.name(number)?.toLowerCase()
  return name === undefined ? undefined : Object.keys({ [name]: 0 })[0]
})

/** A header of the default page by its lower-case Table 39 name, or `x-wsp-0xNN` for a number the table lacks. */
function headerName (octet: number): string {
  return HEADER_NAMES[octet & SHORT_INTEGER_MAX] ?? `x-wsp-0x${hex(octet)}`
}

/** A header of another code page, whose numbers no table here names. */
function pageHeaderName (page: number, octet: number): string {
  return `x-wsp-page${page}-0x${hex(octet)}`
}

/** The inverse of the two names above: the page and the wire octet of a header this library named. */
const NUMBERED = /^x-wsp-(?:page(\d{1,3})-)?0x([89a-f][0-9a-f])$/

function kindOf (number: number): WspHeaderKind {
  return WSP_HEADERS.row(number)?.[2] ?? 'shaped'
}

function readValue (kind: WspHeaderKind, bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<PartHeaderValue> {
  try {
    return kindValue(kind, bytes, pos, end, ctx) ?? shapedValue(bytes, pos, end, ctx)
  } catch (err) {
    if (!(err instanceof MmseError)) throw err
    ctx.tolerate('WARN_MMSE_BAD_VALUE', err.message, pos, `${ctx.field} kept raw`, err)
    return rawValue(bytes, pos, end, ctx)
  }
}

/** The value in the form its kind gives it, or undefined where that form does not apply (then it is read by shape). */
function kindValue (kind: WspHeaderKind, bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<PartHeaderValue> | undefined {
  const first = needByte(bytes, pos, end)
  switch (kind) {
    case 'uri': return utf8(textString.read(bytes, pos, end))
    case 'quoted': return utf8(quotedString.read(bytes, pos, end, ctx))
    case 'disposition': return readLengthPrefixed(bytes, pos, end, ctx, readDisposition)
    case 'version': return versionValue.read(bytes, pos, end, ctx)
    case 'date': return first <= LENGTH_QUOTE_OCTET ? dateValue.read(bytes, pos, end, ctx) : undefined
    case 'integer': return isIntegerStart(first) ? integerValue.read(bytes, pos, end, ctx) : undefined
    case 'application-id': return isIntegerStart(first) ? integerValue.read(bytes, pos, end, ctx) : utf8(textString.read(bytes, pos, end))
    case 'shaped': return undefined
  }
}

/** An Integer-value starts with a Short-integer or a Short-length. */
function isIntegerStart (octet: number): boolean {
  return octet >= SHORT_INTEGER_FLAG || octet <= SHORT_LENGTH_MAX
}

/**
 * Content-Disposition (§8.4.2.53): Value-length Disposition *(Parameter), the Disposition a
 * well-known octet or a Token-text. Some MMSCs mis-encode it (docs/wire-format.md).
 */
function readDisposition (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): ContentDisposition {
  const first = needByte(bytes, pos, end)
  if (first >= SHORT_INTEGER_FLAG) {
    const name = DISPOSITIONS.name(first)
    if (name === undefined) throw ctx.error('ERR_MMSE_BAD_VALUE', `unknown disposition 0x${hex(first)}`, pos)
    return { disposition: name, params: readParameters(bytes, pos + 1, end, ctx) }
  }
  const token = tokenText.read(bytes, pos, end, ctx)
  return { disposition: latin1(token.value).toLowerCase(), params: readParameters(bytes, token.next, end, ctx) }
}

/**
 * A value no table describes, by its shape: text as a string, a Short-integer as a number, else
 * the octets. Text that a Quote lets start with a control octet, or empty text, has no shape to
 * write it back in (writeShaped): kept with a warning, refused in strict mode.
 */
function shapedValue (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<PartHeaderValue> {
  const first = needByte(bytes, pos, end)
  if (first >= SHORT_INTEGER_FLAG) return { value: first & SHORT_INTEGER_MAX, next: pos + 1 }
  if (first <= LENGTH_QUOTE_OCTET) return rawValue(bytes, pos, end, ctx)
  const text = utf8(textString.read(bytes, pos, end))
  if (!isShapedText(text.value)) ctx.tolerate('WARN_MMSE_BAD_VALUE', noShape(ctx.field, text.value), pos, 'kept')
  return text
}

/** Text the shape reader takes back as text: it starts with an octet that is no Value-length. */
function isShapedText (value: string): boolean {
  return value !== '' && value.charCodeAt(0) > LENGTH_QUOTE_OCTET
}

function noShape (name: string, value: unknown): string {
  return `header ${name}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)} has no form this header's reader takes back`
}

function rawValue (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<Uint8Array> {
  const next = skipValue(bytes, pos, end, ctx)
  return { value: copyBytes(bytes.subarray(pos, next)), next }
}

function utf8 (raw: Decoded<Uint8Array>): Decoded<string> {
  return { value: decodeUtf8Text(raw.value).text, next: raw.next }
}

function writeHeader (w: ByteWriter, name: string, value: PartHeaderValue, ctx: EncodeContext): void {
  const lower = name.toLowerCase()
  const numbered = NUMBERED.exec(lower)
  if (numbered !== null) {
    writeNumbered(w, numbered[1] === undefined ? DEFAULT_PAGE : Number(numbered[1]), parseInt(numbered[2] as string, 16), name, value, ctx)
    return
  }
  const number = WSP_HEADERS.code(lower)
  if (number === undefined) {
    if (typeof value !== 'string') throw badInput(`header ${name}: a textual header needs a text value`)
    tokenText.write(w, name === lower ? capitalised(name) : name)
    textString.write(w, value)
    return
  }
  shortInteger.write(w, number)
  if (value instanceof Uint8Array) writeRaw(w, value)
  else writeValue(w, kindOf(number), name, value, ctx)
}

/** A header the decoder named by number: back on its page (a Shift-sequence there and back), its value as it came. */
function writeNumbered (w: ByteWriter, page: number, octet: number, name: string, value: PartHeaderValue, ctx: EncodeContext): void {
  if (page === DEFAULT_PAGE) {
    w.byte(octet)
    if (value instanceof Uint8Array) writeRaw(w, value)
    else writeValue(w, kindOf(octet & SHORT_INTEGER_MAX), name, value, ctx)
    return
  }
  if (!(value instanceof Uint8Array)) throw badInput(`header ${name}: a header of code page ${page} is written from its raw octets`)
  if (page > 0xff) throw badInput(`header ${name}: no code page ${page}`)
  if (page <= LENGTH_QUOTE_OCTET) w.byte(page)
  else w.byte(TEXT_QUOTE_OCTET).byte(page)
  w.byte(octet)
  writeRaw(w, value)
  w.byte(DEFAULT_PAGE)
}

/** Octets the decoder kept raw: written as they came, once checked to be one whole value by shape. */
function writeRaw (w: ByteWriter, value: Uint8Array): void {
  let whole = false
  try {
    whole = value.length > 0 && skipValue(value, 0, value.length, new DecodeContext(true)) === value.length
  } catch {}
  if (!whole) throw badInput('raw header octets are not one value')
  w.bytes(value)
}

function writeValue (w: ByteWriter, kind: WspHeaderKind, name: string, value: PartHeaderValue, ctx: EncodeContext): void {
  const text = typeof value === 'string'
  const integer = typeof value === 'number' || typeof value === 'bigint'
  if (kind === 'uri' && text) textString.write(w, value)
  else if (kind === 'quoted' && text) quotedString.write(w, value)
  else if (kind === 'version' && text) versionValue.write(w, value)
  else if (kind === 'disposition' && typeof value === 'object') writeDisposition(w, value as ContentDisposition, ctx)
  else if (kind === 'disposition' && text) writeDisposition(w, { disposition: value, params: {} }, ctx)
  else if (kind === 'date' && value instanceof Date) dateValue.write(w, value)
  else if ((kind === 'integer' || kind === 'application-id') && integer) integerValue.write(w, value)
  else if (kind === 'application-id' && text) textString.write(w, value)
  else if (kind === 'shaped' || kind === 'date' || kind === 'integer') writeShaped(w, name, value)
  else throw badInput(`header ${name}: ${String(value)} is not a ${kind} value`)
}

/**
 * Content-Disposition (§8.4.2.53). In the compatible forms a filename is written twice, first under
 * the WSP 1.4 code (0x18), the only one AOSP's PduParser reads, and only as the first parameter,
 * then under the WSP 1.1 code (0x06) for readers of the older table; both read back as one value.
 */
function writeDisposition (w: ByteWriter, value: ContentDisposition, ctx: EncodeContext): void {
  if (typeof value.disposition !== 'string') throw badInput('a disposition needs its name')
  writeLengthPrefixed(w, (inner) => {
    const code = DISPOSITIONS.code(value.disposition)
    if (code === undefined) tokenText.write(inner, value.disposition.toLowerCase())
    else inner.byte(code)
    const filename = value.params?.['filename']
    if (compatible(ctx) && typeof filename === 'string') writeParameter(inner, 'filename', filename, ctx, [FILENAME_1_4])
    writeParameters(inner, value.params, ctx)
  })
}

const FILENAME_1_4 = PARAMETERS.row(0x18) as ParamRow

/** By the shape its reader takes back (`shapedValue`): text that starts with a text octet, or a Short-integer. */
function writeShaped (w: ByteWriter, name: string, value: PartHeaderValue): void {
  if (typeof value === 'string' && isShapedText(value)) textString.write(w, value)
  else if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= SHORT_INTEGER_MAX) shortInteger.write(w, value)
  else if (typeof value === 'object' && 'disposition' in value) throw badInput(`header ${name}: a disposition value for a header that is not Content-Disposition`)
  else throw badInput(noShape(name, value))
}

/** `content-transfer-encoding` as `Content-Transfer-Encoding`: the decoder lower-cases names, senders capitalise them. */
function capitalised (name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())
}
