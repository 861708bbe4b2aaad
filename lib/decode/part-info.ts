/**
 * The conveniences of a part: Content-ID without brackets, Content-Location, the transfer
 * encoding, and a file name that is safe to use on disk.
 */
import type { ContentType, PartHeaders, PartInfo } from '../types.js'

export function partInfo (
  contentType: ContentType, headers: PartHeaders, index: number, path: number[], offset: number, size: number | null,
): PartInfo {
  const info: PartInfo = { index, path, offset, size, contentType, headers }
  const id = first(headers['content-id'])
  if (typeof id === 'string') info.contentId = id.length >= 2 && id.startsWith('<') && id.endsWith('>') ? id.slice(1, -1) : id
  const location = first(headers['content-location'])
  if (typeof location === 'string') info.contentLocation = location
  const encoding = first(headers['content-transfer-encoding'])
  if (typeof encoding === 'string') info.transferEncoding = encoding.trim().toLowerCase()
  const filename = partFilename(contentType, headers, info.contentLocation)
  if (filename !== undefined) info.filename = filename
  return info
}

function first<T> (value: T | T[] | undefined): T | undefined {
  return Array.isArray(value) ? value[0] : value
}

/**
 * Part naming precedence of OMA-TS-MMS_CONF 1.3 §10.2: the Content-Type `name` parameter,
 * then the Content-Disposition `filename`, then Content-Location.
 */
function partFilename (contentType: ContentType, headers: PartHeaders, location: string | undefined): string | undefined {
  const disposition = first(headers['content-disposition'])
  const fromDisposition = typeof disposition === 'object' && 'params' in disposition ? disposition.params.filename ?? disposition.params.name : undefined
  for (const candidate of [contentType.params.name, fromDisposition, location]) {
    if (typeof candidate !== 'string') continue
    const safe = sanitizeFilename(candidate)
    if (safe !== undefined) return safe
  }
  return undefined
}

/** A name that needs no cleaning: word characters, dots, dashes, plus signs and inner spaces; no leading dot, no outer space. */
const PLAIN_NAME = /^[\w+-](?:[\w .+-]{0,253}[\w.+-])?$/

/**
 * The last path segment of a name, without control characters, separators or a leading dot
 * run, at most 255 characters: never `..`, never a path, never a NUL or a line break.
 */
export function sanitizeFilename (name: string): string | undefined {
  if (PLAIN_NAME.test(name)) return name
  const base = name.split(/[/\\]/).pop() as string
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f:*?"<>|]/g, '').replace(/^[.\s]+/, '').trim().slice(0, 255)
  return clean === '' ? undefined : clean
}
