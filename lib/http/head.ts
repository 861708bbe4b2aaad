/**
 * The head of an HTTP/1.x message (RFC 9112 §2-5): its start line (a request's method and
 * target, a response's status) and its header fields, read from the octets before the empty
 * line. Field names are case-insensitive: kept in lower case, repeated fields joined with ", "
 * (RFC 9110 §5.3).
 */
import { latin1 } from '../bytes/octets.js'

export interface HttpHead {
  kind: 'request' | 'response'
  /** HTTP/1.0 or HTTP/1.1. */
  version: string
  method?: string
  uri?: string
  status?: number
  fields: Map<string, string>
}

const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) (HTTP\/1\.[0-9])$/
const STATUS_LINE = /^(HTTP\/1\.[0-9]) ([0-9]{3})(?: .*)?$/
const FIELD = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/

/** The head from its octets (without the empty line), or undefined when its start line is not HTTP/1.x. */
export function parseHead (octets: Uint8Array): HttpHead | undefined {
  const lines = latin1(octets).split(/\r?\n/)
  const start = lines[0] as string
  let head: HttpHead
  const request = REQUEST_LINE.exec(start)
  if (request !== null) {
    head = { kind: 'request', method: request[1] as string, uri: request[2] as string, version: request[3] as string, fields: new Map() }
  } else {
    const status = STATUS_LINE.exec(start)
    if (status === null) return undefined
    head = { kind: 'response', version: status[1] as string, status: Number(status[2]), fields: new Map() }
  }
  for (const line of lines.slice(1)) {
    const field = FIELD.exec(line)
    // A line that is no field (obsolete folding, garbage) is left out, as most servers do.
    if (field === null) continue
    const name = (field[1] as string).toLowerCase()
    const value = field[2] as string
    const before = head.fields.get(name)
    head.fields.set(name, before === undefined ? value : `${before}, ${value}`)
  }
  return head
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
  return REQUEST_LINE.test(line) || STATUS_LINE.test(line) ? 'yes' : 'no'
}
