/**
 * SIP messages (RFC 3261 §7): the start line (a request's method and Request-URI, or a
 * response's status), the header fields (§7.3: compact forms, §7.3.1: folded lines), and where
 * the body starts and how long Content-Length says it is (§20.14). Every failure is an
 * `MmseError` ERR_MMSE_BAD_SIP at its offset.
 */
import { MmseError } from '../errors.js'
import { latin1 } from '../bytes/octets.js'

export interface SipHead {
  /** A request's method and Request-URI. */
  method?: string
  uri?: string
  /** A response's status code. */
  status?: number
  /** Header fields by lower-case long name; a repeated one keeps its first value. */
  headers: Map<string, string>
  /** Where the body starts (after the empty line). */
  bodyStart: number
  contentLength?: number
}

/** RFC 3261 §7.3.3 compact forms. */
const COMPACT: Readonly<Record<string, string>> = {
  c: 'content-type', l: 'content-length', f: 'from', t: 'to', i: 'call-id', m: 'contact', v: 'via', e: 'content-encoding', k: 'supported', s: 'subject',
}
/** A request line (§7.1: Method SP Request-URI SP SIP-Version) or a status line (§7.2). */
const START_LINE = /^(?:([A-Za-z]+) (\S+) SIP\/2\.0|SIP\/2\.0 ([1-6]\d\d) [^\r\n]*)$/
const CRLF = '\r\n'
const HEADER_END = '\r\n\r\n'

function isLetter (octet: number): boolean {
  const lower = octet | 0x20
  return lower >= 0x61 && lower <= 0x7a
}

/**
 * Whether a SIP start line is at `pos`: true, false, or undefined while its line is not whole
 * (and may still be one). `max` bounds the line.
 */
export function isSipStart (bytes: Uint8Array, pos: number, max: number): boolean | undefined {
  const end = Math.min(bytes.length, pos + max)
  // Every start line begins with a letter (a method, or SIP/2.0): most datagrams are told by their first octet.
  if (pos < end && !isLetter(bytes[pos] as number)) return false
  // Only the first line is read: looking for starts at every line of a long buffer costs each line once.
  const cr = bytes.subarray(pos, end).indexOf(0x0d)
  if (cr === -1 || pos + cr + 1 >= end) {
    // A line not yet whole may still be one while it starts as a method or SIP/2.0 does.
    const line = latin1(bytes, pos, cr === -1 ? end : pos + cr)
    return end - pos < max && /^[A-Za-z][^\r\n]*$/.test(line) ? undefined : false
  }
  return bytes[pos + cr + 1] === 0x0a && START_LINE.test(latin1(bytes, pos, pos + cr))
}

/**
 * The head of the SIP message at `pos`, or undefined when it has not all come (its empty line
 * is not within `[pos, end)`); more than `max` octets of head is an error.
 */
export function sipHead (bytes: Uint8Array, pos: number, end: number, max: number): SipHead | undefined {
  const text = latin1(bytes, pos, Math.min(end, pos + max))
  const headEnd = text.indexOf(HEADER_END)
  if (headEnd === -1) {
    if (end - pos >= max) throw bad(`no end of the SIP header within ${max} octets (maxSipMessage)`, pos)
    return undefined
  }
  const lines = text.slice(0, headEnd).split(CRLF)
  const start = START_LINE.exec(lines[0] as string)
  if (start === null) throw bad(`${JSON.stringify((lines[0] as string).slice(0, 40))} is not a SIP start line`, pos)
  const head: SipHead = { headers: new Map(), bodyStart: pos + headEnd + HEADER_END.length }
  if (start[3] === undefined) {
    head.method = start[1] as string
    head.uri = start[2] as string
  } else {
    head.status = Number(start[3])
  }
  // The field a folded line continues: undefined before the first, '' for a repeated one (its first value is kept).
  let field: string | undefined
  for (const line of lines.slice(1)) {
    // §7.3.1: a line starting with whitespace continues the one before it.
    if (/^[ \t]/.test(line) && field !== undefined) {
      if (field !== '') head.headers.set(field, `${head.headers.get(field) as string} ${line.trim()}`)
      continue
    }
    const colon = line.indexOf(':')
    if (colon <= 0) throw bad(`${JSON.stringify(line.slice(0, 40))} is not a SIP header field`, pos)
    const raw = line.slice(0, colon).trim().toLowerCase()
    field = COMPACT[raw] ?? raw
    if (head.headers.has(field)) field = ''
    else head.headers.set(field, line.slice(colon + 1).trim())
  }
  const length = head.headers.get('content-length')
  if (length !== undefined) {
    if (!/^\d{1,9}$/.test(length)) throw bad(`Content-Length ${JSON.stringify(length.slice(0, 20))} is not a number`, pos)
    head.contentLength = Number(length)
  }
  return head
}

/** A Content-Type's media type, lower case, without its parameters. */
export function mediaType (value: string | undefined): string | undefined {
  return value?.split(';')[0]?.trim().toLowerCase()
}

/** The URI of a name-addr or addr-spec (§20.10: `"Name" <sip:a@b>;tag=x` gives `sip:a@b`). */
export function addressUri (value: string | undefined): string {
  if (value === undefined) return ''
  const open = value.indexOf('<')
  const close = value.indexOf('>', open)
  return open !== -1 && close !== -1 ? value.slice(open + 1, close) : (value.split(';')[0] as string).trim()
}

function bad (message: string, offset: number): MmseError {
  return new MmseError('ERR_MMSE_BAD_SIP', message, offset)
}
