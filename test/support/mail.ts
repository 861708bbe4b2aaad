/**
 * Mail conversions for the tests: a message to mail bytes, mail bytes back to headers and parts
 * with their data, and the view of a message's mapped fields (lib/tables/mail-headers.ts) that
 * fromMime(toMime(m)) must keep.
 */
import { Buffer } from 'node:buffer'
import type { Readable } from 'node:stream'
import { fromMime, type FromMimeOptions, type MailHeader } from '../../lib/mail/from-mime.js'
import type { MailPartInfo } from '../../lib/mail/mail-part.js'
import { toMime, type MimeSource, type ToMimeOptions } from '../../lib/mail/to-mime.js'
import { MAIL_HEADERS } from '../../lib/tables/mail-headers.js'
import type { MmseHeaders } from '../../lib/types.js'

export async function collect (stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function mailOf (source: MimeSource, options?: ToMimeOptions): Promise<Buffer> {
  return collect(toMime(source, options))
}

export interface ReadMail {
  headers: MmseHeaders
  mailHeaders: MailHeader[]
  nested: MailPartInfo[]
  parts: Array<{ info: MailPartInfo, data: Buffer }>
}

export async function readMail (mail: Uint8Array | Readable, options?: FromMimeOptions): Promise<ReadMail> {
  const out: ReadMail = { headers: {}, mailHeaders: [], nested: [], parts: [] }
  for await (const event of fromMime(mail, options)) {
    if (event.type === 'headers') {
      out.headers = event.headers
      out.mailHeaders = event.mailHeaders
    } else if (event.type === 'nested') {
      out.nested.push(event.info)
    } else {
      out.parts.push({ info: event.part.info, data: await collect(event.part) })
    }
  }
  return out
}

/** Plain JSON-able copy: bigints as `Nn`, dates ISO, bytes hex, null prototypes gone. */
export function plain (value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(plain)
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
}

/**
 * The mapped fields of a header set, as mail can carry them: encoded text by its text (mail
 * writes UTF-8), addresses by their text and type, the status-count arrays and the From
 * insert-address token left out (docs/mail.md lists them), and the Date only when `date`.
 */
export function mappedView (headers: MmseHeaders, date = true): Record<string, unknown> {
  const values = headers as Record<string, unknown>
  const out: Record<string, unknown> = {}
  // An address without a type travels as a display name, its white space folded.
  const address = (a: { address: string, type: string, raw: string }) => a.type === 'unknown'
    ? { type: a.type, raw: a.raw.replace(/\s+/g, ' ').trim() }
    : { address: a.address, type: a.type, raw: a.raw }
  for (const def of MAIL_HEADERS) {
    const value = values[def.key]
    // The empty text has no mail form (lib/mail/header-text.ts).
    if (value === undefined || value === '' || (value as { text?: unknown }).text === '' || (def.key === 'date' && !date)) continue
    switch (def.value.kind) {
      case 'encoded-text': if (!Array.isArray(value)) out[def.key] = (value as { text: string }).text; break
      case 'addresses': { const list = (value as Array<{ raw: string }>).filter((a) => a.raw.trim() !== ''); if (list.length > 0) out[def.key] = list.map(address as never); break }
      case 'address': if (!('insertAddress' in (value as object)) && (value as { raw: string }).raw.trim() !== '') out[def.key] = address(value as never); break
      case 'sent-by': out[def.key] = (value as Array<{ forwardCount: unknown, address: never }>).map((e) => ({ forwardCount: e.forwardCount, address: address(e.address) })); break
      case 'text': case 'status': if (!Array.isArray(value)) out[def.key] = value; break
      default: out[def.key] = value
    }
  }
  const application = Object.entries(headers.applicationHeaders ?? {})
    .map(([name, value]) => [name, [value].flat().filter((text) => text !== '')] as const)
    .filter(([, list]) => list.length > 0)
  if (application.length > 0) out.applicationHeaders = Object.fromEntries(application.map(([name, list]) => [name, list.length === 1 ? list[0] : list]))
  return plain(out) as Record<string, unknown>
}
