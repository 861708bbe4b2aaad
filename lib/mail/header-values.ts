/**
 * MMSE header values as mail header text and back, one rule per kind of lib/tables/mail-headers.ts
 * (3GPP TS 23.140 §8.4.1.4 writes them the same way): text and encoded-string-values as
 * RFC 2047 text, dates as RFC 5322 dates, Yes/No, enumerations by their MMSE names (read in any
 * case), a value no name covers as its decimal code, integers in decimal, an Expiry or Delivery
 * Time either as a date or as seconds. A value that does not read is left out, and the header
 * stays in `mailHeaders` for the caller.
 */
import type { MailHeaderDef } from '../tables/mail-headers.js'
import type { EncodedText, Integer, PreviouslySentBy, PreviouslySentDate, StatusValue, TimeValue } from '../types.js'
import { parseAddress } from '../mmse/address-syntax.js'
import { headerItem, headerText, readHeaderText } from './header-text.js'

const DIGITS = /^[0-9]+$/

/** The header's text for a value of its field (a repeating field: one header an entry); undefined for a form it does not carry. */
export function writeValue (def: MailHeaderDef, value: unknown): string | string[] | undefined {
  const spec = def.value
  switch (spec.kind) {
    case 'text': return typeof value === 'string' ? headerText(value) : undefined
    case 'encoded-text': return isText(value) ? headerText(value.text) : undefined
    case 'date': return mailDate(value as Date)
    case 'time': return 'absolute' in (value as TimeValue) ? mailDate((value as { absolute: Date }).absolute) : String((value as { relative: Integer }).relative)
    case 'integer': return String(value as Integer)
    case 'yes-no': return typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value)
    case 'token': return typeof value === 'string' ? headerText(value) : String(value)
    case 'enum': return String(value)
    case 'status': return isStatus(value) ? (spec.table.code(value.name) === value.code ? value.name : String(value.code)) : undefined
    case 'sent-by': return (value as PreviouslySentBy[]).map((entry) => `${entry.forwardCount}, ${headerItem(entry.address.raw)}`)
    case 'sent-date': return (value as PreviouslySentDate[]).map((entry) => `${entry.forwardCount}, ${mailDate(entry.date)}`)
    /* c8 ignore next 2 -- addresses are written by the composer's own address fields */
    default: return undefined
  }
}

/** The field's value from its header's text (unfolded), or undefined when it does not read; a repeating field's one entry. */
export function readValue (def: MailHeaderDef, text: string): unknown {
  const spec = def.value
  switch (spec.kind) {
    case 'text': return readHeaderText(text)
    case 'encoded-text': return encodedText(readHeaderText(text))
    case 'date': return readDate(text)
    case 'time': return DIGITS.test(text) ? { relative: readInteger(text) } : optional(readDate(text), (absolute) => ({ absolute }))
    case 'integer': return DIGITS.test(text) ? readInteger(text) : undefined
    case 'yes-no': return /^yes$/i.test(text) ? true : /^no$/i.test(text) ? false : code(text)
    case 'token': return DIGITS.test(text) ? Number(text) : readHeaderText(text)
    case 'enum': return DIGITS.test(text) ? code(text) : spec.table.rowsNamed(text.toLowerCase())[0]?.[1]
    case 'status': return readStatus(spec.table, text)
    case 'sent-by': return readSentBy(text)
    case 'sent-date': return readSentDate(text)
    /* c8 ignore next 2 -- addresses are read by the address parser */
    default: return undefined
  }
}

/** RFC 5322 §3.3 date-time, in UTC, as nodemailer writes Date. */
export function mailDate (date: Date): string {
  return date.toUTCString().replace('GMT', '+0000')
}

function readDate (text: string): Date | undefined {
  const time = Date.parse(text)
  return Number.isNaN(time) ? undefined : new Date(time)
}

/** Non-ASCII text comes back as UTF-8, the charset its encoded-words use. */
function encodedText (text: string): EncodedText {
  // eslint-disable-next-line no-control-regex -- the US-ASCII range
  return /^[\x00-\x7f]*$/.test(text) ? { text } : { text, charset: 'utf-8', mib: 106 }
}

function readInteger (text: string): Integer {
  const value = BigInt(text)
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? value : Number(value)
}

/** An octet code, as the decoder keeps a value no table names. */
function code (text: string): number | undefined {
  return /^[0-9]{1,3}$/.test(text) && Number(text) <= 0xff ? Number(text) : undefined
}

function readStatus (table: MailHeaderDefStatus, text: string): StatusValue | undefined {
  // MMSE's names are lower case; MM4 writes them capitalised (Error-unspecified).
  const number = DIGITS.test(text) ? code(text) : table.code(text.toLowerCase())
  return number === undefined ? undefined : { name: table.meaning(number) ?? 'unknown', code: number }
}

type MailHeaderDefStatus = Extract<MailHeaderDef['value'], { kind: 'status' }>['table']

/** One entry, `count, address` (TS 23.140 §8.4.1.4: the forward counter, then the address). */
function readSentBy (text: string): PreviouslySentBy | undefined {
  const comma = text.indexOf(',')
  const count = text.slice(0, comma)
  return DIGITS.test(count) ? { forwardCount: readInteger(count), address: parseAddress({ text: readHeaderText(text.slice(comma + 1).trim()) }) } : undefined
}

/** One entry, `count, date` (the date holds a comma of its own). */
function readSentDate (text: string): PreviouslySentDate | undefined {
  const comma = text.indexOf(',')
  const count = text.slice(0, comma)
  const date = readDate(text.slice(comma + 1).trim())
  return DIGITS.test(count) && date !== undefined ? { forwardCount: readInteger(count), date } : undefined
}

function isText (value: unknown): value is EncodedText {
  return typeof value === 'object' && value !== null && typeof (value as EncodedText).text === 'string'
}

function isStatus (value: unknown): value is StatusValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function optional<T, U> (value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value)
}
