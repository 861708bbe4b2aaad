/**
 * The one code path that writes an MMSE PDU (WAP-209, OMA-MMS-ENC 1.1-1.2, OMA-TS-MMS_ENC 1.3
 * §7): the header section, then the body after Content-Type, a WSP multipart for the multipart
 * types, else the single part's data. Framing octets go to a ByteWriter; each part's data is the
 * caller's, which DataLen counts before it comes: `encode()` copies it in place, the stream
 * encoder streams it there.
 *
 * Header order: X-Mms-Message-Type, X-Mms-Transaction-Id (when present) and X-Mms-MMS-Version
 * first, Content-Type last, as §7 requires; every other field in the order of the input object.
 * A decoded header set lists its fields in wire order, so a decoded PDU is written back in its
 * own order (repeated fields together, where the first occurrence was; application headers
 * together, where the first one was).
 *
 * In the compatible forms (the default) an m-retrieve-conf whose Content-Type is not
 * application/vnd.wap.multipart.mixed, .related or .alternative carries its body as the one entry
 * of a multipart.mixed: AOSP's PduParser reads every m-retrieve-conf body as a multipart and
 * refuses any other type (docs/compatibility.md).
 */
import { MmseError } from '../errors.js'
import { writeApplicationHeader, writeField } from '../mmse/fields.js'
import { checkMandatory } from '../mmse/mandatory.js'
import { headerByKey, type HeaderKey } from '../mmse/table.js'
import { AOSP_RETRIEVE_CONF_TYPES } from '../tables/aosp.js'
import { isWspMultipart } from '../tables/content-types.js'
import { MESSAGE_TYPES, type MessageType } from '../tables/mmse-enumerations.js'
import type { ContentType } from '../types.js'
import { contentType, type ContentTypeInput } from '../wsp/content-type.js'
import { compatible, type EncodeContext } from '../wsp/context.js'
import { writeHeaders } from '../wsp/headers.js'
import { uintvar } from '../wsp/integers.js'
import { ByteWriter } from '../wsp/writer.js'
import type { EncodeHeaders, EncodeOptions, EncodePartHeaders } from './input.js'

/** A multipart entry's ContentType and Headers. */
export interface EntryPart {
  contentType: ContentTypeInput
  headers?: EncodePartHeaders
}

/** The data of one part and its length in octets. */
export interface PartData<Data> {
  readonly size: number
  readonly data: Data
}

/** Where the parts' data comes from and goes. */
export interface PartDataSink<Part, Data> {
  /** A part's data, checked, before any octet of the part is written. */
  take (part: Part): PartData<Data>
  /** Puts a part's data right after the octets written so far. */
  put (part: PartData<Data>): void
}

/** The context the values of a PDU are written in: its message type and the options that choose forms. */
export function encodeContext (type: EncodeHeaders['messageType'] | undefined, options: EncodeOptions, transferEncoding: boolean): EncodeContext {
  const ctx: EncodeContext = { messageType: typeof type === 'number' ? type : type === undefined ? -1 : MESSAGE_TYPES.code(type) ?? -1, transferEncoding }
  if (options.charset !== undefined) ctx.charset = options.charset
  if (options.forms !== undefined) ctx.forms = options.forms
  return ctx
}

/**
 * Writes a PDU: its header section and the body its Content-Type says, one part for a type that
 * is no multipart. `transferEncoding`: whether part data is in the encoding its headers name.
 */
export function writePdu<Part extends EntryPart, Data> (w: ByteWriter, headers: EncodeHeaders, parts: readonly Part[], options: EncodeOptions, sink: PartDataSink<Part, Data>, transferEncoding = true): void {
  const ctx = encodeContext(headers.messageType, options, transferEncoding)
  if (!Array.isArray(parts)) throw new MmseError('ERR_MMSE_BAD_INPUT', 'parts must be an array', w.length)
  const type = headers.contentType
  if (type !== undefined && compatible(ctx) && ctx.messageType === RETRIEVE_CONF && !isAndroidRetrieveType(type)) {
    // The Content-Type is checked as the header it was to be, then its body written as the one entry.
    writeHeader(new ByteWriter(64), 'contentType', type, ctx)
    // Another multipart becomes one nested multipart entry, a single part the one entry.
    const entries = isWspMultipart(mediaTypeOf(type)) ? [{ contentType: type, parts } as unknown as Part] : parts.map((part) => ({ ...part, contentType: type }))
    if (entries.length > 1) throw new MmseError('ERR_MMSE_BAD_INPUT', `a ${mediaTypeOf(type)} body holds one part, not ${parts.length}`, w.length)
    writeHeaderSection(w, { ...headers, contentType: MIXED }, options, ctx)
    writeMultipart(w, entries, sink, ctx)
    return
  }
  writeHeaderSection(w, headers, options, ctx)
  if (type === undefined) {
    if (parts.length > 0) throw new MmseError('ERR_MMSE_MISSING_FIELD', 'parts without a Content-Type', w.length, { field: 'Content-Type' })
    return
  }
  if (isWspMultipart(mediaTypeOf(type))) {
    writeMultipart(w, parts, sink, ctx)
    return
  }
  if (parts.length > 1) throw new MmseError('ERR_MMSE_BAD_INPUT', `a ${mediaTypeOf(type)} body holds one part, not ${parts.length}`, w.length)
  const part = parts[0]
  if (part !== undefined) sink.put(sink.take(part))
}

const RETRIEVE_CONF = MESSAGE_TYPES.code('m-retrieve-conf') as number
const MIXED = 'application/vnd.wap.multipart.mixed'

/** Whether an m-retrieve-conf of this type is written as it is: a type AOSP accepts, or no media type (refused where it is written). */
function isAndroidRetrieveType (type: ContentType | string): boolean {
  const media = mediaTypeOf(type)
  return typeof media !== 'string' || AOSP_RETRIEVE_CONF_TYPES.has(media.toLowerCase())
}

/** WAP-230 §8.5: nEntries, then per entry HeadersLen, DataLen, ContentType, Headers, Data. */
export function writeMultipart<Part extends EntryPart, Data> (w: ByteWriter, parts: readonly Part[], sink: PartDataSink<Part, Data>, ctx: EncodeContext): void {
  uintvar.write(w, parts.length)
  for (const part of parts) {
    const data = sink.take(part)
    const head = entryHead(part, ctx)
    uintvar.write(w, head.length)
    uintvar.write(w, data.size)
    w.bytes(head)
    sink.put(data)
  }
}

/** An entry's ContentType and Headers, written apart: HeadersLen, before them, counts them. */
function entryHead (part: EntryPart, ctx: EncodeContext): Uint8Array {
  const head = new ByteWriter(64)
  guarded(head, 'Content-Type', () => contentType.write(head, part.contentType, ctx))
  guarded(head, 'part headers', () => writeHeaders(head, part.headers ?? {}, ctx))
  return head.written()
}

/** Message-Type, Transaction-Id, MMS-Version: first, in this order (§7). */
const FIRST: readonly HeaderKey[] = ['messageType', 'transactionId', 'mmsVersion']

/** Writes every header field, Content-Type (last) too. */
function writeHeaderSection (w: ByteWriter, headers: EncodeHeaders, options: EncodeOptions, ctx: EncodeContext): void {
  const type = headers.messageType
  if (type === undefined) throw new MmseError('ERR_MMSE_MISSING_FIELD', 'every PDU requires X-Mms-Message-Type', w.length, { field: 'X-Mms-Message-Type' })
  if (options.checkMandatory !== false && typeof type === 'string') {
    if (ctx.messageType === -1) throw new MmseError('ERR_MMSE_BAD_INPUT', `unknown message type ${type}`, w.length, { field: 'X-Mms-Message-Type' })
    checkMandatory(type as MessageType, headers)
  }
  const record = headers as Readonly<Record<string, unknown>>
  const keys = Object.keys(record).filter((key) => record[key] !== undefined)
  const ordered = [...FIRST.filter((key) => keys.includes(key)), ...keys.filter((key) => !(FIRST as readonly string[]).includes(key) && key !== 'contentType')]
  for (const key of ordered) writeHeader(w, key, record[key], ctx)
  if (headers.contentType !== undefined) writeHeader(w, 'contentType', headers.contentType, ctx)
}

function writeHeader (w: ByteWriter, key: string, value: unknown, ctx: EncodeContext): void {
  if (key === 'applicationHeaders') {
    for (const [name, text] of Object.entries(value as Record<string, string | string[]>)) {
      for (const one of Array.isArray(text) ? text : [text]) guarded(w, name, () => writeApplicationHeader(w, name, one))
    }
    return
  }
  const def = headerByKey(key)
  if (def === undefined) throw new MmseError('ERR_MMSE_BAD_INPUT', `no header field has the key ${JSON.stringify(key)}`, w.length, { field: key })
  // Repeating fields (and the Status-count forms of the delete-confs) are one header per value.
  const values = (def.repeats || def.statusCount === true) && Array.isArray(value) ? value as unknown[] : [value]
  for (const one of values) guarded(w, def.name, () => writeField(w, def, one, ctx))
}

/** Runs a field's writer; any failure becomes ERR_MMSE_BAD_INPUT naming the field and the output offset. */
function guarded (w: ByteWriter, field: string, write: () => void): void {
  const offset = w.length
  try {
    write()
  } catch (err) {
    throw new MmseError('ERR_MMSE_BAD_INPUT', `${field}: ${(err as Error).message}`, offset, { field, cause: err })
  }
}

export function mediaTypeOf (contentType: ContentType | string): string {
  return typeof contentType === 'string' ? contentType : contentType.mediaType
}
