/**
 * `lint(bytes)`: every construct in an MMSE PDU that a deployed decoder is known to misread
 * (lint/rules.ts), each with the decoders, the effect and the byte offset. The PDU is decoded
 * leniently (what a strict decoder refuses is a finding of its own, from the decoder's warnings),
 * then its header fields are looked at in the octets they came in, and its body walked entry by
 * entry (lint/entries.ts). Never throws but for an argument that is no bytes: a PDU that cannot
 * be decoded is a finding too.
 */
import { toBytes } from '../bytes/argument.js'
import { decode } from '../decode/decode.js'
import { type MmseError, STRICT_ERRORS } from '../errors.js'
import { headerByKey } from '../mmse/table.js'
import type { MmseHeader, MmseMessage, MmseWarning } from '../types.js'
import { AOSP_RETRIEVE_CONF_TYPES } from '../tables/aosp.js'
import { isWspMultipart } from '../tables/content-types.js'
import { SHORT_INTEGER_FLAG } from '../wsp/constants.js'
import { DecodeContext } from '../wsp/context.js'
import { valueLength } from '../wsp/integers.js'
import { contentTypeFindings, walkEntries } from './entries.js'
import { finding, type LintFinding } from './finding.js'

export type { LintFinding } from './finding.js'

export interface LintReport {
  /** Every construct found, in the order of their offsets. */
  findings: LintFinding[]
  /** The message type, when the PDU's first header says it. */
  messageType?: string
}

/** The findings in an MMSE PDU; `base` is where `bytes` sits in a larger input (a push, a nested PDU). */
export function lint (bytes: Uint8Array | ArrayBufferView | ArrayBuffer, base = 0): LintReport {
  const input = toBytes(bytes, 'bytes')
  let message: MmseMessage
  try {
    message = decode(input)
  } catch (err) {
    const error = err as MmseError
    return { findings: [finding('unreadable', base + error.offset, `${error.code}: ${error.message}`)] }
  }
  const findings = [
    ...message.warnings.map((warning) => deviation(warning, base)),
    ...message.headerList.flatMap((header) => headerFindings(input, header, message, base)),
    ...bodyFindings(input, message, base),
  ].sort((a, b) => a.offset - b.offset)
  const report: LintReport = { findings }
  if (typeof message.headers.messageType === 'string') report.messageType = message.headers.messageType
  return report
}

/** A decoder warning: a deviation strict decoders refuse, text a decoder garbles, or a value lost. */
function deviation (warning: MmseWarning, base: number): LintFinding {
  const one = finding('deviation', base + warning.offset, warning.message, warning.field)
  if (warning.code === 'WARN_MMSE_CHARSET') return { ...one, effect: 'garbled text' }
  return warning.code in STRICT_ERRORS ? one : { ...one, effect: 'field lost' }
}

const TIME_FIELDS: ReadonlySet<number> = new Set(['deliveryTime', 'expiry', 'replyChargingDeadline'].map((key) => headerByKey(key)?.code as number))
const CONTENT_TYPE = headerByKey('contentType')?.code as number

function headerFindings (bytes: Uint8Array, header: MmseHeader, message: MmseMessage, base: number): LintFinding[] {
  // Offsets of headers are absolute in the decoded input, which starts at `base`.
  const at = header.offset + 1
  if (header.code === null) return []
  if (TIME_FIELDS.has(header.code)) return relativeTime(bytes, at, header, base)
  if (header.code === CONTENT_TYPE) {
    const found = contentTypeFindings(bytes, at, base, header.name)
    const media = message.headers.contentType?.mediaType
    if (message.headers.messageType === 'm-retrieve-conf' && media !== undefined && !AOSP_RETRIEVE_CONF_TYPES.has(media)) {
      found.push(finding('retrieve-conf-body', base + header.offset, media, header.name))
    }
    return found
  }
  return wideCharsets(header.value).flatMap((mib) => {
    const at = longIntegerAt(bytes, mib, header.offset, header.offset + header.length)
    return at === -1 ? [] : [finding('charset-long-integer', base + at, `MIBenum ${mib}`, header.name)]
  })
}

/** Where the Long-integer of `mib` (its length octet, then its big-endian octets) is in `[from, to)`, or -1. */
function longIntegerAt (bytes: Uint8Array, mib: number, from: number, to: number): number {
  const octets = mib > 0xff ? [2, mib >> 8, mib & 0xff] : [1, mib]
  for (let at = from; at + octets.length <= to; at++) {
    if (octets.every((octet, i) => bytes[at + i] === octet)) return at
  }
  return -1
}

/** Value-length, Relative-token (0x81), then the Delta-seconds: a finding when that is a Short-integer. */
function relativeTime (bytes: Uint8Array, at: number, header: MmseHeader, base: number): LintFinding[] {
  const value = header.value as { relative?: unknown }
  if (value.relative === undefined) return []
  const length = valueLength.read(bytes, at, bytes.length, new DecodeContext(false))
  const delta = length.next + 1
  return (bytes[delta] as number) >= SHORT_INTEGER_FLAG ? [finding('delta-seconds-short', base + delta, `${String(value.relative)} s`, header.name)] : []
}

/** The MIBenums above 127 of the Encoded-string-values in a field's value (one, several, inside an address or a Status-count). */
function wideCharsets (value: unknown): number[] {
  if (Object(value) !== value) return []
  const mib = (value as { mib?: unknown }).mib
  if (typeof mib === 'number' && mib > 127) return [mib]
  return Object.values(value as object).flatMap(wideCharsets)
}

function bodyFindings (bytes: Uint8Array, message: MmseMessage, base: number): LintFinding[] {
  const last = message.headerList.at(-1)
  if (last === undefined || last.code !== CONTENT_TYPE) return []
  const media = message.headers.contentType?.mediaType
  // A single part has no framing to look at.
  if (media === undefined || !isWspMultipart(media)) return []
  return walkEntries(bytes, last.offset + last.length, bytes.length, message.parts, base, (nested, at) => lint(nested, at).findings)
}
