/**
 * Content types between MMSE and MIME. MMSE names its multiparts
 * `application/vnd.wap.multipart.*` (WAP-230 §8.5, OMA-TS-MMS_ENC §7.2.13); mail names them
 * `multipart/*` (RFC 2046 §5.1), with the same subtypes: related (RFC 2387, its `type` and
 * `start` kept), mixed, alternative. Parameters are written and read by libmime, RFC 2231 for
 * a value that is not ASCII.
 */
import libmime from 'libmime'
import type { ContentType, Params } from '../types.js'

const WAP_MULTIPART = 'application/vnd.wap.multipart.'
const MULTIPART = 'multipart/'

export function mimeMediaType (mediaType: string): string {
  return mediaType.startsWith(WAP_MULTIPART) ? MULTIPART + mediaType.slice(WAP_MULTIPART.length) : mediaType
}

export function isMultipart (contentType: ContentType): boolean {
  return mimeMediaType(contentType.mediaType).startsWith(MULTIPART)
}

/** The Content-Type header value of an MMSE content type. */
export function contentTypeText (contentType: ContentType): string {
  return libmime.buildHeaderValue({ value: mimeMediaType(contentType.mediaType), params: textParams(contentType.params) })
}

/** An MMSE content type from a mail Content-Type value (the boundary is the mail's own). */
export function readContentType (value: string): ContentType {
  const parsed = libmime.parseHeaderValue(value)
  const mediaType = parsed.value.toLowerCase()
  const params: Params = Object.create(null) as Params
  for (const [name, param] of Object.entries(parsed.params)) {
    if (name !== 'boundary') params[name] = param
  }
  return { mediaType: mediaType.startsWith(MULTIPART) ? WAP_MULTIPART + mediaType.slice(MULTIPART.length) : mediaType, params }
}

/** Parameter values as text: a number in decimal, a date as an RFC 5322 date, a flag as its name. */
export function textParams (params: Params): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) out[name] = value instanceof Date ? value.toUTCString() : value === true ? '' : String(value)
  return out
}
