/**
 * The headers of a multipart entry (WAP-230 §8.5.3, mmse-tables §7.1): the content type, then
 * WSP headers up to HeadersLen: Content-Location, Content-ID, Content-Disposition (0x2E and
 * 0x45), textual headers such as Content-Transfer-Encoding, and any other well-known header,
 * named from WAP-230 Table 39 and decoded by the shape of its value.
 */
import { decodeUtf8Text } from '../charsets.js'
import { MmseError } from '../errors.js'
import {
  WSP_CONTENT_DISPOSITION_11, WSP_CONTENT_DISPOSITION_14, WSP_CONTENT_ID, WSP_CONTENT_LOCATION,
  wspHeaderName,
} from '../tables/wsp-headers.js'
import type { ContentDisposition, ContentType, PartHeaders, PartHeaderValue } from '../types.js'
import { type DecodeContext, warn } from './context.js'
import { contentType, parameters } from './content-type.js'
import {
  type Decoded, copyBytes, dateValue, hex, latin1, lengthPrefixed, needByte, quotedString, skipValue,
  TEXT_QUOTE, textString, tokenText,
} from './primitives.js'

export interface EntryHeaders {
  contentType: ContentType
  headers: PartHeaders
}

/** WSP headers whose values are Date-values: Date, Expires, If-Modified-Since, Last-Modified ... */
const DATE_HEADERS = new Set([0x12, 0x14, 0x17, 0x1b, 0x1d])

/** Decodes ContentType + Headers, which fill exactly `[pos, end)`. */
export function entryHeaders (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): EntryHeaders {
  ctx.field = 'Content-Type'
  const type = contentType(bytes, pos, end, ctx)
  const headers = Object.create(null) as PartHeaders
  let page = 1
  for (pos = type.next; pos < end;) {
    const first = bytes[pos] as number
    if (first === TEXT_QUOTE || first < 0x20) {
      // Shift-sequence (WAP-230 §8.4.2.1): 0x7F page, or a short-cut shift 0x01-0x1F.
      page = first === TEXT_QUOTE ? needByte(bytes, pos + 1, end) : first
      pos += first === TEXT_QUOTE ? 2 : 1
      warn(ctx, 'WARN_MMSE_UNKNOWN_FIELD', `header code page ${page}: its headers are kept raw`, pos)
      continue
    }
    if (first < 0x80) {
      const name = tokenText(bytes, pos, end)
      const value = textString(bytes, name.next, end)
      add(headers, latin1(name.value).toLowerCase(), decodeUtf8Text(value.value).text)
      pos = value.next
      continue
    }
    const code = first & 0x7f
    const name = page === 1 ? wspHeaderName(code)?.toLowerCase() ?? `x-wsp-0x${hex(first)}` : `x-wsp-page${page}-0x${hex(first)}`
    ctx.field = name
    const value = page === 1 ? wellKnownValue(code, bytes, pos + 1, end, ctx) : rawValue(bytes, pos + 1, end)
    add(headers, name, value.value)
    pos = value.next
  }
  return { contentType: type.value, headers }
}

function add (headers: PartHeaders, name: string, value: PartHeaderValue): void {
  const previous = headers[name]
  headers[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value]
}

function wellKnownValue (code: number, bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<PartHeaderValue> {
  switch (code) {
    case WSP_CONTENT_LOCATION: return utf8(textString(bytes, pos, end))
    case WSP_CONTENT_ID: return utf8(quotedString(bytes, pos, end))
    case WSP_CONTENT_DISPOSITION_11:
    case WSP_CONTENT_DISPOSITION_14: return disposition(bytes, pos, end, ctx)
  }
  if (DATE_HEADERS.has(code) && needByte(bytes, pos, end) < 0x20) return dateValue(bytes, pos, end)
  return shapedValue(bytes, pos, end)
}

/**
 * Content-Disposition: Value-length Disposition *(Parameter); Disposition = Form-data (0x80) |
 * Attachment (0x81) | Inline (0x82) | Token-text. Some MMSCs mis-encode it (§12 #16): a value
 * that does not parse is kept raw with a warning; it never costs the part.
 */
function disposition (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<PartHeaderValue> {
  try {
    return lengthPrefixed<ContentDisposition>(bytes, pos, end, (bytes, pos, end) => {
      const first = needByte(bytes, pos, end)
      if (first >= 0x80) {
        const name = DISPOSITIONS[first - 0x80]
        if (name === undefined) throw new MmseError('ERR_MMSE_BAD_VALUE', `unknown disposition 0x${hex(first)}`, pos)
        return { disposition: name, params: parameters(bytes, pos + 1, end, ctx) }
      }
      const token = tokenText(bytes, pos, end)
      return { disposition: latin1(token.value).toLowerCase(), params: parameters(bytes, token.next, end, ctx) }
    })
  } catch (err) {
    if (!(err instanceof MmseError) || ctx.strict) throw err
    warn(ctx, 'WARN_MMSE_BAD_VALUE', `${err.message}: Content-Disposition kept raw`, pos)
    return rawValue(bytes, pos, end)
  }
}

const DISPOSITIONS = ['form-data', 'attachment', 'inline']

/** A value no table describes, by its shape: text as a string, a short integer as a number, else the octets. */
function shapedValue (bytes: Uint8Array, pos: number, end: number): Decoded<PartHeaderValue> {
  const first = needByte(bytes, pos, end)
  if (first >= 0x80) return { value: first & 0x7f, next: pos + 1 }
  if (first >= 0x20) return utf8(textString(bytes, pos, end))
  return rawValue(bytes, pos, end)
}

function rawValue (bytes: Uint8Array, pos: number, end: number): Decoded<Uint8Array> {
  const next = skipValue(bytes, pos, end)
  return { value: copyBytes(bytes.subarray(pos, next)), next }
}

function utf8 (raw: Decoded<Uint8Array>): Decoded<string> {
  return { value: decodeUtf8Text(raw.value).text, next: raw.next }
}
