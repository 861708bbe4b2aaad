/**
 * The linter's walk over a WSP multipart body (WAP-230 §8.5): each entry's content type and
 * headers in the octets they came in, nested multiparts, and nested PDUs through `nested`. The
 * body was decoded already, so the walk reads what the decoder read; where it cannot go on (a
 * header code page, octets a lenient decoder read past), it stops, having lost no finding the
 * decoder's warnings do not give.
 */
import { AOSP_PARAMETERS, AOSP_PART_HEADERS } from '../tables/aosp.js'
import { AOSP_CONTENT_TYPE_MAX, wiresharkNames } from '../tables/content-types.js'
import { WSP_HEADERS } from '../tables/wsp-headers.js'
import type { DecodedPart, PartHeaders } from '../types.js'
import { LENGTH_QUOTE_OCTET, SHORT_INTEGER_FLAG, SHORT_INTEGER_MAX, SHORT_LENGTH_MAX, TEXT_QUOTE_OCTET } from '../wsp/constants.js'
import { DecodeContext } from '../wsp/context.js'
import { uintvar, valueLength } from '../wsp/integers.js'
import { skipValue } from '../wsp/skip.js'
import { textString, tokenText } from '../wsp/strings.js'
import { latin1 } from '../bytes/octets.js'
import { finding, type LintFinding } from './finding.js'

/** The findings of a nested PDU at `base`. */
export type NestedLint = (bytes: Uint8Array, base: number) => LintFinding[]

/** The entries of the multipart in `[pos, end)`, whose decoded parts are `parts`. */
export function walkEntries (bytes: Uint8Array, pos: number, end: number, parts: readonly DecodedPart[], base: number, nested: NestedLint): LintFinding[] {
  const found: LintFinding[] = []
  const ctx = new DecodeContext(false)
  try {
    const count = uintvar.read(bytes, pos, end, ctx)
    pos = count.next
    for (const part of parts.slice(0, count.value)) {
      const headersLen = uintvar.read(bytes, pos, end, ctx)
      const dataLen = uintvar.read(bytes, headersLen.next, end, ctx)
      const head = dataLen.next
      const data = head + headersLen.value
      const field = `part ${part.path.join('.')}`
      found.push(...contentTypeFindings(bytes, head, base, field), ...parameterOrder(part, head, base, field))
      found.push(...headerFindings(bytes, skipValue(bytes, head, data, ctx), data, part.headers, base, field))
      if (part.parts !== undefined) found.push(...walkEntries(bytes, data, data + dataLen.value, part.parts, base, nested))
      if (part.message !== undefined) found.push(...nested(bytes.subarray(data, data + dataLen.value), base + data))
      pos = data + dataLen.value
    }
  } catch {
    // Octets a lenient decoder read past: the decoder's warnings say what they are.
  }
  return found
}

/**
 * A Content-type-value at `at` (§8.4.2.24): a code beyond AOSP's table crashes it (the short form)
 * or gives a garbled type (the general form); a Long-integer code reads as any type there; a code
 * past Wireshark's table shows as a number.
 */
export function contentTypeFindings (bytes: Uint8Array, at: number, base: number, field: string): LintFinding[] {
  const first = bytes[at] as number
  if (first >= SHORT_INTEGER_FLAG) return shortCode(first & SHORT_INTEGER_MAX, 'content-type-crash', base + at, field)
  if (first > LENGTH_QUOTE_OCTET) return []
  const media = valueLength.read(bytes, at, bytes.length, new DecodeContext(false)).next
  const octet = bytes[media] as number
  if (octet >= SHORT_INTEGER_FLAG) return shortCode(octet & SHORT_INTEGER_MAX, 'content-type-general-code', base + media, field)
  if (octet <= SHORT_LENGTH_MAX) return [finding('content-type-long-code', base + media, undefined, field)]
  return []
}

function shortCode (code: number, beyondAosp: 'content-type-crash' | 'content-type-general-code', offset: number, field: string): LintFinding[] {
  const detail = `0x${code.toString(16).padStart(2, '0')}`
  return [
    ...(code > AOSP_CONTENT_TYPE_MAX ? [finding(beyondAosp, offset, detail, field)] : []),
    ...(wiresharkNames(code) ? [] : [finding('content-type-unnamed', offset, detail, field)]),
  ]
}

function parameterOrder (part: DecodedPart, at: number, base: number, field: string): LintFinding[] {
  const names = Object.keys(part.contentType.params)
  const other = names.findIndex((name) => !AOSP_PARAMETERS.has(name))
  const lost = names.slice(other + 1).filter((name) => AOSP_PARAMETERS.has(name))
  return other === -1 || lost.length === 0 ? [] : [finding('parameter-skipped', base + at, `${names[other] as string} before ${lost.join(', ')}`, field)]
}

/** The name of a well-known part header by its octet (Table 39), lower case. */
function headerName (octet: number): string | undefined {
  return WSP_HEADERS.name(octet & SHORT_INTEGER_MAX)?.toLowerCase()
}
/** Filename under the WSP 1.4 code (Table 38, 0x18), as a typed parameter. */
const FILENAME_1_4 = 0x98

/** The headers after an entry's content type, in `[pos, end)`. */
function headerFindings (bytes: Uint8Array, pos: number, end: number, headers: PartHeaders, base: number, field: string): LintFinding[] {
  const found: LintFinding[] = []
  const ctx = new DecodeContext(false)
  let skipped: number | undefined
  while (pos < end) {
    const first = bytes[pos] as number
    // A Shift-sequence: headers of another code page, which no decoder here is known to misread.
    if (first === TEXT_QUOTE_OCTET || first <= LENGTH_QUOTE_OCTET) break
    if (first < SHORT_INTEGER_FLAG) {
      const name = tokenText.read(bytes, pos, end, ctx)
      const value = textString.read(bytes, name.next, end)
      if (latin1(name.value).toLowerCase() === 'content-transfer-encoding' && /^(base64|quoted-printable)$/i.test(latin1(value.value))) {
        found.push(finding('transfer-encoding', base + pos, latin1(value.value), field))
      }
      pos = value.next
      continue
    }
    const name = headerName(first)
    const read = name !== undefined && AOSP_PART_HEADERS.has(name)
    if (read && skipped !== undefined) {
      found.push(finding('part-header-skipped', base + skipped, `0x${bytes[skipped]?.toString(16) as string}`, field))
      skipped = undefined
    }
    if (!read) skipped ??= pos
    const next = skipValue(bytes, pos + 1, end, ctx)
    if (name === 'content-disposition' && hasFilename(headers) && !filenameFirst(bytes, pos + 1, next)) found.push(finding('filename-wsp-1.1', base + pos, undefined, field))
    pos = next
  }
  return found
}

function hasFilename (headers: PartHeaders): boolean {
  const disposition = headers['content-disposition']
  return typeof disposition === 'object' && disposition !== null && 'params' in disposition && typeof disposition.params['filename'] === 'string'
}

/** Whether the disposition value at `at` has the 0x98 filename as its first parameter, the one AOSP reads. */
function filenameFirst (bytes: Uint8Array, at: number, end: number): boolean {
  const length = valueLength.read(bytes, at, end, new DecodeContext(false))
  const disposition = length.next
  const first = bytes[disposition] as number
  const parameter = first >= SHORT_INTEGER_FLAG ? disposition + 1 : tokenText.read(bytes, disposition, end, new DecodeContext(false)).next
  return bytes[parameter] === FILENAME_1_4
}
