/**
 * The conveniences of a part: Content-ID without brackets, Content-Location, the transfer
 * encoding, and a file name that is safe to use on disk.
 */
import type { ContentType, PartHeaders, PartInfo } from '../types.js'
import { sanitizeFilename } from '../fs/file-name.js'

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
