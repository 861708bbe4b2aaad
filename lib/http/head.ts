/**
 * The head of an HTTP/1.x message (RFC 9112 §2-5): its start line (a request's method and
 * target, a response's status) and its header fields, read from the octets before the empty
 * line. Field names are case-insensitive: kept in lower case, repeated fields joined with ", "
 * (RFC 9110 §5.3).
 */
import { latin1 } from '../bytes/octets.js'
import { isToken, isTokenCode } from '../tables/token.js'

export interface HttpHead {
  kind: 'request' | 'response'
  /** HTTP/1.0 or HTTP/1.1. */
  version: string
  method?: string
  uri?: string
  status?: number
  fields: Map<string, string>
}

/** A request line (RFC 9112 §3): its method must also be a token (requestLine). */
const REQUEST_LINE = /^(\S+) (\S+) (HTTP\/1\.[0-9])$/
const STATUS_LINE = /^(HTTP\/1\.[0-9]) ([0-9]{3})(?: .*)?$/

const CR = 0x0d
const SP = 0x20
const HTAB = 0x09
const COLON = 0x3a

/** The head from its octets (without the empty line), or undefined when its start line is not HTTP/1.x. */
export function parseHead (octets: Uint8Array): HttpHead | undefined {
  const text = latin1(octets)
  const lf = text.indexOf('\n')
  const lineEnd = lf === -1 ? text.length : lf
  const start = text.slice(0, lineEnd > 0 && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd)
  let head: HttpHead
  const request = requestLine(start)
  if (request !== null) {
    head = { kind: 'request', method: request[1] as string, uri: request[2] as string, version: request[3] as string, fields: new Map() }
  } else {
    const status = STATUS_LINE.exec(start)
    if (status === null) return undefined
    head = { kind: 'response', version: status[1] as string, status: Number(status[2]), fields: new Map() }
  }
  // Each line after the first: a line that is no field (obsolete folding, garbage) is left out, as most servers do.
  for (let at = lineEnd + 1; at < text.length;) {
    const lf = text.indexOf('\n', at)
    const next = lf === -1 ? text.length : lf + 1
    const field = fieldAt(text, at, lf === -1 ? text.length : lf)
    at = next
    if (field === undefined) continue
    const before = head.fields.get(field.name)
    head.fields.set(field.name, before === undefined ? field.value : `${before}, ${field.value}`)
  }
  return head
}

/**
 * The field of `text[start, end)`, one line without its LF (RFC 9112 §5: a token, a colon, the
 * value between optional whitespace, a CR before the LF); the name in lower case. Undefined
 * when the line is none: read by hand, since a RegExp's backtracking over the value cost more
 * than the rest of a head.
 */
function fieldAt (text: string, start: number, end: number): { name: string, value: string } | undefined {
  if (end > start && text.charCodeAt(end - 1) === CR) end--
  let colon = start
  while (colon < end && isTokenCode(text.charCodeAt(colon))) colon++
  if (colon === start || colon === end || text.charCodeAt(colon) !== COLON) return undefined
  let from = colon + 1
  while (from < end && isWhitespace(text.charCodeAt(from))) from++
  let to = end
  while (to > from && isWhitespace(text.charCodeAt(to - 1))) to--
  // A CR is no part of a field value (RFC 9112 §2.2). Looked for in the value only: a search
  // to the next CR of the head would make a head of many LF-only lines cost its square.
  for (let at = from; at < to; at++) if (text.charCodeAt(at) === CR) return undefined
  return { name: text.slice(start, colon).toLowerCase(), value: text.slice(from, to) }
}

/** The method, target and version of a request line, or null. */
function requestLine (line: string): RegExpExecArray | null {
  const request = REQUEST_LINE.exec(line)
  return request !== null && isToken(request[1] as string) ? request : null
}

function isWhitespace (code: number): boolean {
  return code === SP || code === HTAB
}

/** The longest start line a stream is read for before it is judged not HTTP. */
export const MAX_START_LINE = 4096

/**
 * Whether a stream's first octets begin an HTTP/1.x message: 'yes' when its first line (after
 * any empty lines) is a request or status line, 'no' when it cannot be, 'more' while that line
 * is not complete and could still be one.
 */
export function httpStart (bytes: Uint8Array): 'yes' | 'no' | 'more' {
  let start = 0
  while (start < bytes.length && (bytes[start] === 0x0d || bytes[start] === 0x0a)) start++
  const lf = bytes.indexOf(0x0a, start)
  if (lf === -1) {
    if (bytes.length - start >= MAX_START_LINE) return 'no'
    return /^(?:[A-Z][!-~]*(?: [!-~]*){0,2}\r?)?$/.test(latin1(bytes, start)) ? 'more' : 'no'
  }
  const line = latin1(bytes, start, lf).replace(/\r$/, '')
  return requestLine(line) !== null || STATUS_LINE.test(line) ? 'yes' : 'no'
}
