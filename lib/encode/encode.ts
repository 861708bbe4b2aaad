/**
 * `encode(message)`: the bytes of an MMSE PDU (WAP-209, OMA-MMS-ENC 1.1-1.2, OMA-TS-MMS_ENC 1.3
 * §7) from the typed header set and parts, for all 24 message types, driven by the header table
 * the decoder reads: each value is written by its field's codec, in the shortest valid form.
 *
 * Header order: X-Mms-Message-Type, X-Mms-Transaction-Id (when present) and X-Mms-MMS-Version
 * first, Content-Type last, as §7 requires; every other field in the order of the input object.
 * A decoded header set lists its fields in wire order, so a decoded PDU is written back in its
 * own order (repeated fields together, where the first occurrence was; application headers
 * together, where the first one was).
 */
import { Buffer } from 'node:buffer'
import { MmseError } from '../errors.js'
import { DEFAULT_LIMITS } from '../options.js'
import { MESSAGE_TYPES, type MessageType } from '../tables/mmse-enumerations.js'
import { writeApplicationHeader, writeField } from '../mmse/fields.js'
import { checkMandatory } from '../mmse/mandatory.js'
import { headerByKey, type HeaderKey } from '../mmse/table.js'
import { isWspMultipart } from '../tables/content-types.js'
import { charsetMib, encodeText } from '../text/charsets.js'
import { transferEncode } from '../transfer/encodings.js'
import type { ContentType } from '../types.js'
import { contentType, type ContentTypeInput } from '../wsp/content-type.js'
import type { EncodeContext } from '../wsp/context.js'
import { writeHeaders } from '../wsp/headers.js'
import { uintvar } from '../wsp/integers.js'
import { EMPTY, utf8Bytes } from '../bytes/octets.js'
import { ByteWriter } from '../wsp/writer.js'
import type { EncodeHeaders, EncodeMessage, EncodeOptions, EncodePart, EncodePartHeaders } from './types.js'

/** The PDU's bytes. Throws MmseError ERR_MMSE_MISSING_FIELD or ERR_MMSE_BAD_INPUT. */
export function encode (message: EncodeMessage, options: EncodeOptions = {}): Buffer {
  const w = new ByteWriter(1024)
  writePdu(w, message, options, TOP)
  return w.toBuffer()
}

/**
 * The messages and parts being written, outermost first: a message or part inside itself is
 * refused, and so is nesting deeper than `decode()` reads with its default limits.
 */
interface Ancestors {
  readonly nodes: readonly object[]
  /** Parts around the one being written: the length of its path. */
  readonly depth: number
}

const TOP: Ancestors = { nodes: [], depth: 0 }

function enter (ancestors: Ancestors, node: unknown, what: 'a message' | 'a part'): Ancestors {
  if (typeof node !== 'object' || node === null) throw new MmseError('ERR_MMSE_BAD_INPUT', `${what} must be an object`, 0)
  if (ancestors.nodes.includes(node)) throw new MmseError('ERR_MMSE_BAD_INPUT', `${what} contains itself`, 0)
  return { nodes: [...ancestors.nodes, node], depth: ancestors.depth + (what === 'a part' ? 1 : 0) }
}

/** A container part as deep as `decode()` still reads with its default limits. */
function checkDepth (ancestors: Ancestors): void {
  if (ancestors.depth > DEFAULT_LIMITS.maxDepth) throw new MmseError('ERR_MMSE_BAD_INPUT', `a container nested deeper than limits.maxDepth (${DEFAULT_LIMITS.maxDepth})`, 0)
}

function writePdu (w: ByteWriter, message: EncodeMessage, options: EncodeOptions, outer: Ancestors): void {
  const ancestors = enter(outer, message, 'a message')
  if (typeof message.headers !== 'object' || message.headers === null) throw new MmseError('ERR_MMSE_BAD_INPUT', 'a message needs its headers', w.length)
  writeHeaderSection(w, message.headers, options)
  const contentType = message.headers.contentType
  const parts = message.parts ?? []
  if (!Array.isArray(parts)) throw new MmseError('ERR_MMSE_BAD_INPUT', 'parts must be an array', w.length)
  if (contentType !== undefined) writeBody(w, contentType, parts, options, ancestors)
  else if (parts.length > 0) throw new MmseError('ERR_MMSE_MISSING_FIELD', 'parts without a Content-Type', w.length, { field: 'Content-Type' })
}

/** Message-Type, Transaction-Id, MMS-Version: first, in this order (§7). */
const FIRST: readonly HeaderKey[] = ['messageType', 'transactionId', 'mmsVersion']

/** Writes every header field, Content-Type (last) too. Exported for the stream encoder, which writes the body itself. */
export function writeHeaderSection (w: ByteWriter, headers: EncodeHeaders, options: EncodeOptions): void {
  const type = headers.messageType
  if (type === undefined) throw new MmseError('ERR_MMSE_MISSING_FIELD', 'every PDU requires X-Mms-Message-Type', w.length, { field: 'X-Mms-Message-Type' })
  const ctx: EncodeContext = { messageType: typeof type === 'number' ? type : MESSAGE_TYPES.code(type) ?? -1 }
  if (options.charset !== undefined) ctx.charset = options.charset
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

/** The body after Content-Type: a WSP multipart for the multipart types, else the single part's data. */
function writeBody (w: ByteWriter, contentType: ContentTypeInput, parts: EncodePart[], options: EncodeOptions, ancestors: Ancestors): void {
  if (isWspMultipart(mediaTypeOf(contentType))) {
    writeMultipart(w, parts, options, ancestors)
    return
  }
  if (parts.length > 1) throw new MmseError('ERR_MMSE_BAD_INPUT', `a ${mediaTypeOf(contentType)} body holds one part, not ${parts.length}`, w.length)
  const part = parts[0]
  if (part !== undefined) w.bytes(payload(part, options, enter(ancestors, part, 'a part')))
}

/** WAP-230 §8.5: nEntries, then per entry HeadersLen, DataLen, ContentType, Headers, Data. */
function writeMultipart (w: ByteWriter, parts: EncodePart[], options: EncodeOptions, ancestors: Ancestors): void {
  uintvar.write(w, parts.length)
  for (const part of parts) {
    const inner = enter(ancestors, part, 'a part')
    const head = entryHead(part)
    const data = payload(part, options, inner)
    uintvar.write(w, head.length)
    uintvar.write(w, data.length)
    w.bytes(head).bytes(data)
  }
}

/** An entry's ContentType and Headers. Exported for the stream encoder. */
export function entryHead (part: { contentType: ContentTypeInput, headers?: EncodePartHeaders }): Uint8Array {
  const head = new ByteWriter(64)
  guarded(head, 'Content-Type', () => contentType.write(head, part.contentType))
  guarded(head, 'part headers', () => writeHeaders(head, part.headers ?? {}))
  return head.written()
}

/** A part's data as it goes on the wire: a nested PDU, a nested multipart, or the data in its transfer encoding. */
function payload (part: EncodePart, options: EncodeOptions, ancestors: Ancestors): Uint8Array {
  if (part.message !== undefined) {
    checkDepth(ancestors)
    const nested = new ByteWriter(1024)
    writePdu(nested, part.message, options, ancestors)
    return nested.written()
  }
  const mediaType = mediaTypeOf(part.contentType)
  if (part.parts !== undefined) {
    if (!isWspMultipart(mediaType)) throw new MmseError('ERR_MMSE_BAD_INPUT', `a part with parts must be a WSP multipart, not ${mediaType}`, 0)
    if (!Array.isArray(part.parts)) throw new MmseError('ERR_MMSE_BAD_INPUT', 'parts must be an array', 0)
    checkDepth(ancestors)
    const nested = new ByteWriter(1024)
    writeMultipart(nested, part.parts, options, ancestors)
    return nested.written()
  }
  const data = typeof part.data === 'string' ? textBytes(part.data, part.contentType) : part.data ?? EMPTY
  if (!(data instanceof Uint8Array)) throw new MmseError('ERR_MMSE_BAD_INPUT', 'part data must be a Uint8Array or a string', 0, { field: 'data' })
  return transferEncode(transferEncoding(part.headers), data)
}

/** Text data in the charset its content type names (through iconv-lite), else UTF-8. */
function textBytes (text: string, contentType: ContentTypeInput): Uint8Array {
  const charset = typeof contentType === 'string' ? undefined : contentType.params.charset
  const mib = typeof charset === 'string' ? charsetMib(charset) : typeof charset === 'number' ? charset : undefined
  return mib === undefined ? utf8Bytes(text) : encodeText(text, mib)
}

function transferEncoding (headers: EncodePartHeaders | undefined): string | undefined {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-transfer-encoding' && typeof value === 'string') return value
  }
  return undefined
}

export function mediaTypeOf (contentType: ContentType | string): string {
  return typeof contentType === 'string' ? contentType : contentType.mediaType
}
