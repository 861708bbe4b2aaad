/**
 * How the CLI shows decoded values: a readable line per header field (names from the MMSE
 * header table, WAP-209 §7.3 and OMA-TS-MMS_ENC §7.3; content types and parameters WAP-230
 * §8.4.2.24), an indented tree of parts (WAP-230 §8.5), and the `--json` form.
 *
 * JSON shape (stable keys; `bigint` as a decimal string, `Date` as ISO 8601, octets as hex):
 *   { input: { bytes }, message: Message, warnings: [{ code, message, offset, field? }] }
 *   Message = { messageType, headers: { <key>: value },
 *               headerList: [{ code, name, key, value, offset, length, hex? }],
 *               parts: [Part] }
 *   Part = { path: "0.1", index, kind: "part" | "multipart" | "message", offset, size, bytes,
 *            contentType: { mediaType, params }, contentId, contentLocation, filename,
 *            transferEncoding, headers, sha256, parts: [Part], message?: Message }
 * `hex` is present with `--offsets`; `sha256` is null without `--sha256`; absent optional values are null.
 */
import type { CaptureWarning, ContentType, MmseWarning } from '../index.js'
import type { HeaderNode, MessageNode, PartNode, Tree } from './tree.js'

export interface RenderOptions {
  offsets?: boolean
}

/** A JSON-ready copy: bigints as strings, dates ISO, octets hex, null-prototype objects plain. */
export function toJson (value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Uint8Array) return toHex(value)
  if (Array.isArray(value)) return value.map(toJson)
  if (value !== null && typeof value === 'object') {
    // Keys come off the wire: `__proto__` must stay a key, not become a prototype.
    const out = Object.create(null) as Record<string, unknown>
    for (const [key, item] of Object.entries(value)) out[key] = toJson(item)
    return out
  }
  return value
}

export function toHex (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

export function treeJson (tree: Tree, options: RenderOptions = {}): unknown {
  return {
    input: { bytes: tree.inputBytes },
    message: messageJson(tree.message, options),
    warnings: tree.warnings.map(warningJson),
  }
}

export function messageJson (message: MessageNode, options: RenderOptions = {}): unknown {
  return {
    messageType: toJson(message.headers.messageType),
    headers: toJson(message.headers),
    headerList: message.headerList.map(header => {
      const row: Record<string, unknown> = {
        code: header.code, name: header.name, key: header.key, value: toJson(header.value), offset: header.offset, length: header.length,
      }
      // With --offsets every field was recorded as it streamed by.
      if (options.offsets === true) row.hex = toHex(header.raw as Uint8Array)
      return row
    }),
    parts: message.parts.map(part => partJson(part, options)),
  }
}

function partJson (part: PartNode, options: RenderOptions): unknown {
  const info = part
  const row: Record<string, unknown> = {
    path: info.path.join('.'),
    index: info.index,
    kind: part.kind,
    offset: info.offset,
    size: info.size,
    bytes: part.bytes,
    contentType: toJson(info.contentType),
    contentId: info.contentId ?? null,
    contentLocation: info.contentLocation ?? null,
    filename: info.filename ?? null,
    transferEncoding: info.transferEncoding ?? null,
    headers: toJson(info.headers),
    sha256: part.sha256 ?? null,
    parts: (part.parts ?? []).map(child => partJson(child, options)),
  }
  if (part.message !== undefined) row.message = messageJson(part.message, options)
  return row
}

export function warningJson (warning: MmseWarning): unknown {
  return { code: warning.code, message: warning.message, offset: warning.offset, field: warning.field ?? null }
}

/** The readable tree: message type, header fields, then the parts, nested ones indented. */
export function treeText (tree: Tree, options: RenderOptions = {}): string[] {
  const lines = messageText(tree.message, options, '', [`input: ${tree.inputBytes} bytes`])
  if (tree.warnings.length > 0) lines.push(`warnings (${tree.warnings.length}):`)
  for (const warning of tree.warnings) lines.push(`  ${warningText(warning)}`)
  return lines
}

export function warningText (warning: MmseWarning): string {
  return `${warning.code} at offset ${warning.offset}${warning.field === undefined ? '' : ` (${warning.field})`}: ${warning.message}`
}

/** A warning about a message found in a capture: the decoder's at its offset, the capture's at its frame. */
export function scannedWarningText (warning: MmseWarning | CaptureWarning): string {
  return `${'offset' in warning ? `${warning.code} at offset ${warning.offset}` : `${warning.code} (frame ${warning.frame})`}: ${warning.message}`
}

/** Appends the lines of a message to `lines` (appended, never spread: a message may have thousands of parts). */
export function messageText (message: MessageNode, options: RenderOptions, indent: string, lines: string[]): string[] {
  const type = message.headers.messageType
  lines.push(`${indent}${typeof type === 'string' ? type : `message type 0x${Number(type).toString(16)} (unknown)`}`)
  lines.push(`${indent}headers (${message.headerList.length}):`)
  for (const header of message.headerList) lines.push(`${indent}  ${headerText(header, options)}`)
  if (message.parts.length > 0) {
    lines.push(`${indent}parts (${message.parts.length}):`)
    for (const part of message.parts) partText(part, options, `${indent}  `, lines)
  }
  return lines
}

function headerText (header: HeaderNode, options: RenderOptions): string {
  const code = header.code === null ? '' : ` [0x${header.code.toString(16)}]`
  const line = `${printable(header.name)}${code}: ${readable(header.value)}`
  if (options.offsets !== true) return line
  return `@${header.offset}+${header.length}  ${line}  ${toHex(header.raw as Uint8Array)}`
}

function partText (part: PartNode, options: RenderOptions, indent: string, lines: string[]): void {
  const info = part
  const children = part.parts ?? []
  const at = options.offsets === true ? `@${info.offset} ` : ''
  const size = part.kind === 'part' ? `${part.bytes} bytes` : `${part.kind}, ${info.size} bytes, ${children.length} part${children.length === 1 ? '' : 's'}`
  lines.push(`${indent}[${info.path.join('.')}] ${at}${contentTypeText(info.contentType)} (${size})`)
  const more = `${indent}    `
  if (info.size !== null && part.kind === 'part' && info.size !== part.bytes) lines.push(`${more}declared size: ${info.size} bytes`)
  if (info.contentId !== undefined) lines.push(`${more}Content-ID: <${printable(info.contentId)}>`)
  if (info.contentLocation !== undefined) lines.push(`${more}Content-Location: ${printable(info.contentLocation)}`)
  if (info.filename !== undefined) lines.push(`${more}filename: ${info.filename}`)
  if (info.transferEncoding !== undefined) lines.push(`${more}Content-Transfer-Encoding: ${info.transferEncoding}`)
  for (const [name, value] of Object.entries(info.headers)) {
    if (name === 'content-id' || name === 'content-location' || name === 'content-transfer-encoding') continue
    lines.push(`${more}${printable(name)}: ${readable(value)}`)
  }
  if (part.sha256 !== undefined) lines.push(`${more}sha256: ${part.sha256}`)
  if (part.message !== undefined) messageText(part.message, options, more, lines)
  else for (const child of children) partText(child, options, `${indent}  `, lines)
}

export function contentTypeText (type: ContentType): string {
  const params = Object.entries(type.params).map(([name, value]) => `; ${name}=${readable(value)}`).join('')
  return `${printable(type.mediaType)}${params}${type.unknownCode === undefined ? '' : ` [unassigned code 0x${type.unknownCode.toString(16)}]`}`
}

/**
 * One value on one line, by its shape: dates ISO, absolute and relative times, addresses with
 * their type, statuses with their code, texts with their charset, content types with parameters.
 */
export function readable (value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  if (value instanceof Uint8Array) return `0x${toHex(value)}`
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'string') return printable(value)
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(readable).join(', ')
  if (value === null || typeof value !== 'object') return String(value)
  const v = value as Record<string, unknown>
  if ('absolute' in v) return `${readable(v.absolute)} (absolute)`
  if ('relative' in v) return `+${readable(v.relative)} s (relative)`
  if ('insertAddress' in v) return '(insert-address-token: the MMSC inserts the sender)'
  if ('address' in v && 'type' in v) return `${readable(v.address)} (${readable(v.type)})${charsetNote(v)}`
  if ('forwardCount' in v) return `#${readable(v.forwardCount)} ${readable(v.address ?? v.date)}`
  if ('statusCount' in v) return `[${readable(v.statusCount)}] ${readable(v.uri ?? v.text ?? v.status)}`
  if ('name' in v && 'code' in v) return `${readable(v.name)} (code 0x${Number(v.code).toString(16)})`
  if ('text' in v) return `${JSON.stringify(v.text)}${charsetNote(v)}${v.raw instanceof Uint8Array ? ` raw=${toHex(v.raw)}` : ''}`
  if ('mediaType' in v) return contentTypeText(v as unknown as ContentType)
  if ('disposition' in v) return contentTypeText({ mediaType: String(v.disposition), params: v.params as ContentType['params'] })
  if ('action' in v && 'flag' in v) return `${readable(v.action)} ${readable(v.flag)}`
  if ('unit' in v) return `${readable(v.value)} ${readable(v.unit)}`
  if ('contentReference' in v) return contentTypeText({ mediaType: String(v.contentReference), params: v.params as ContentType['params'] })
  return JSON.stringify(toJson(value))
}

/** Control characters from the wire (CR, LF, ESC ...) shown escaped: one value, one line, no terminal tricks. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g

export function printable (text: string): string {
  return text.replace(CONTROLS, c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

function charsetNote (v: Record<string, unknown>): string {
  if (v.charset !== undefined) return ` [charset ${readable(v.charset)}]`
  return v.mib === undefined ? '' : ` [charset MIBenum ${readable(v.mib)}]`
}

