/**
 * The states and frames of the decoding machine, and the checks made on what a frame reads: a
 * PDU frame reads header fields (WAP-209 §7) then its body, a multipart frame reads entries
 * (WAP-230 §8.5.3), whose HeadersLen and DataLen are checked against the limits and against
 * their container before any of their bytes are decoded or forwarded.
 */
import { MmseError } from '../errors.js'
import { type FieldRead, readField } from '../mmse/fields.js'
import { HeaderSet } from '../mmse/header-set.js'
import { checkLimit, type MmseLimits, type ResolvedOptions } from '../options.js'
import { isWspMultipart, MMS_MESSAGE_TYPE } from '../tables/content-types.js'
import type { ContentType, NestedInfo } from '../types.js'
import type { DecodeContext } from '../wsp/context.js'
import { uintvar } from '../wsp/integers.js'

/** What the machine waits for. */
export const S_FIRST = 0 // the X-Mms-Message-Type octet of a PDU
export const S_HEADER = 1 // a header field
export const S_BODY = 2 // the first body octet, or the end: multipart, single part or nothing
export const S_COUNT = 3 // nEntries
export const S_LENGTHS = 4 // HeadersLen and DataLen of an entry
export const S_ENTRY = 5 // ContentType and Headers of an entry
export const S_DATA = 6 // part data
export const S_TRAILING = 7 // bytes after the end of a bodiless PDU
export type State = typeof S_FIRST | typeof S_HEADER | typeof S_BODY | typeof S_COUNT | typeof S_LENGTHS | typeof S_ENTRY | typeof S_DATA | typeof S_TRAILING

export interface PduFrame {
  kind: 'pdu'
  /** Absolute end, or Infinity for the top-level PDU (it ends with the input). */
  end: number
  path: number[]
  set: HeaderSet
  ctx: DecodeContext
  /** Absolute offset of the PDU's first octet. */
  start: number
  /** Header fields read, skipped ones included (they cost work too). */
  fields: number
  contentType?: ContentType
}

export interface MultipartFrame {
  kind: 'multipart'
  end: number
  path: number[]
  /** nEntries as declared, the entries read, and whether reading more than declared was reported. */
  declared: number
  entries: number
  warned: boolean
}

export type Frame = PduFrame | MultipartFrame

export function pduFrame (end: number, path: number[], start: number, ctx: DecodeContext): PduFrame {
  return { kind: 'pdu', end, path, set: new HeaderSet(ctx), ctx, start, fields: 0 }
}

export function multipartFrame (end: number, path: number[]): MultipartFrame {
  return { kind: 'multipart', end, path, declared: 0, entries: 0, warned: false }
}

/**
 * The header field at `pos` of a PDU's header section, counted against limits.maxHeaderFields
 * and added to its header set (the section's bytes are bounded by `end`: machine.ts); `base` is
 * the absolute offset of `bytes[0]`. Bytes that cannot start a field end the section: trailing
 * data after a PDU without a body (a finding).
 */
export function pduField (frame: PduFrame, bytes: Uint8Array, pos: number, end: number, base: number, limits: MmseLimits): FieldRead {
  const field = readField(bytes, pos, end, frame.ctx)
  if (field.kind === 'end') {
    frame.ctx.field = ''
    frame.ctx.tolerate('WARN_MMSE_TRAILING_DATA', 'data after the end of the PDU', pos, 'ignored')
    return field
  }
  checkLimit('maxHeaderFields', ++frame.fields, limits.maxHeaderFields, base + pos, 'header fields')
  if (field.kind === 'header') frame.set.add(field.header, field.def, pos)
  return field
}

export interface EntryLengths {
  headersLen: number
  dataLen: number
  /** Where the entry's content type starts. */
  next: number
}

/**
 * HeadersLen and DataLen of the entry at `pos`, with every check that can be made before its
 * bytes: the declared entry count (a finding), the part count, the sizes, the container's end.
 * `base` is the absolute offset of `bytes[0]`; `parts` counts the parts of the whole message.
 */
export function entryLengths (
  bytes: Uint8Array, pos: number, end: number, base: number, frame: MultipartFrame, parts: number,
  options: ResolvedOptions, ctx: DecodeContext,
): EntryLengths {
  const headersLen = uintvar.read(bytes, pos, end, ctx)
  const dataLen = uintvar.read(bytes, headersLen.next, end, ctx)
  const { limits } = options
  const at = base + pos
  if (frame.entries >= frame.declared && !frame.warned) {
    ctx.field = ''
    ctx.tolerate('WARN_MMSE_ENTRY_COUNT', `more entries than the ${frame.declared} declared`, pos, 'reading them')
    frame.warned = true
  }
  checkLimit('maxParts', parts, limits.maxParts, at, 'parts')
  checkLimit('maxPartHeaderBytes', headersLen.value, limits.maxPartHeaderBytes, at, 'entry header bytes')
  checkLimit('maxPartSize', dataLen.value, limits.maxPartSize, at, 'part bytes')
  const entryEnd = base + dataLen.next + headersLen.value + dataLen.value
  if (entryEnd > frame.end) {
    throw new MmseError('ERR_MMSE_BAD_ENTRY', `entry of ${headersLen.value} + ${dataLen.value} bytes overruns its multipart`, at)
  }
  checkLimit('maxTotalBytes', entryEnd, limits.maxTotalBytes, at, 'input bytes up to the end of the entry')
  return { headersLen: headersLen.value, dataLen: dataLen.value, next: dataLen.next }
}

/** What an entry of this type holds when its contents are to be read as a container, else undefined. */
export function containerKind (type: ContentType, options: ResolvedOptions): NestedInfo['kind'] | undefined {
  if (options.nestedMultipart && isWspMultipart(type.mediaType)) return 'multipart'
  if (options.nestedMessages && type.mediaType === MMS_MESSAGE_TYPE) return 'message'
  return undefined
}
