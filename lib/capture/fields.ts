/**
 * The values of an MMSE PDU's header fields under Wireshark's own field names (its MMSE
 * dissector's `mmse.*`, `tshark -G fields`), written as `tshark -T fields -e NAME` writes them,
 * so that a script moves from tshark to mmse with the same names and the same output:
 * one-octet codes in hex (`0x84`), texts as they are, addresses as sent (`+1555/TYPE=PLMN`),
 * absolute times as `Jan  1, 2026 00:00:00.000000000 UTC`, relative times in seconds with nine
 * decimals, repeated fields joined with commas (in the top-level PDU only, as tshark shows them).
 */
import type { MmseHeader, MmsAddress, TimeValue } from '../types.js'

/** The header code each field reads, and how its value is written. */
type Writer = (header: MmseHeader, octet: number | undefined) => string | undefined

const hexOctet: Writer = (_header, octet) => octet === undefined ? undefined : `0x${octet.toString(16).padStart(2, '0')}`
const text: Writer = (header) => textOf(header.value)
const decimal: Writer = (header) => typeof header.value === 'number' || typeof header.value === 'bigint' ? String(header.value) : undefined
const absolute: Writer = (header) => header.value instanceof Date ? tsharkTime(header.value) : undefined
const timeAbsolute: Writer = (header) => 'absolute' in (header.value as TimeValue) ? tsharkTime((header.value as { absolute: Date }).absolute) : undefined
const timeRelative: Writer = (header) => 'relative' in (header.value as TimeValue) ? `${String((header.value as { relative: number }).relative)}.000000000` : undefined
const address: Writer = (header) => {
  const value = header.value as MmsAddress | { insertAddress: true }
  return 'insertAddress' in value ? '<insert address>' : value.raw
}
const classId: Writer = (header, octet) => typeof header.value === 'string' && octet !== undefined && octet >= 0x80 ? hexOctet(header, octet) : undefined
const classText: Writer = (header, octet) => octet !== undefined && octet < 0x80 ? textOf(header.value) : undefined

/** Field name: [header code, writer]. */
export const TSHARK_FIELDS: ReadonlyMap<string, readonly [number, Writer]> = new Map<string, readonly [number, Writer]>([
  ['mmse.bcc', [0x81, address]],
  ['mmse.cc', [0x82, address]],
  ['mmse.content_location', [0x83, text]],
  ['mmse.date', [0x85, absolute]],
  ['mmse.delivery_report', [0x86, hexOctet]],
  ['mmse.delivery_time.abs', [0x87, timeAbsolute]],
  ['mmse.delivery_time.rel', [0x87, timeRelative]],
  ['mmse.expiry.abs', [0x88, timeAbsolute]],
  ['mmse.expiry.rel', [0x88, timeRelative]],
  ['mmse.from', [0x89, address]],
  ['mmse.message_class.id', [0x8a, classId]],
  ['mmse.message_class.str', [0x8a, classText]],
  ['mmse.message_id', [0x8b, text]],
  ['mmse.message_type', [0x8c, hexOctet]],
  ['mmse.mms_version', [0x8d, text]],
  ['mmse.message_size', [0x8e, decimal]],
  ['mmse.priority', [0x8f, hexOctet]],
  ['mmse.read_reply', [0x90, hexOctet]],
  ['mmse.report_allowed', [0x91, hexOctet]],
  ['mmse.response_status', [0x92, hexOctet]],
  ['mmse.response_text', [0x93, text]],
  ['mmse.sender_visibility', [0x94, hexOctet]],
  ['mmse.status', [0x95, hexOctet]],
  ['mmse.subject', [0x96, text]],
  ['mmse.to', [0x97, address]],
  ['mmse.transaction_id', [0x98, text]],
  ['mmse.retrieve_status', [0x99, hexOctet]],
  ['mmse.retrieve_text', [0x9a, text]],
  ['mmse.read_status', [0x9b, hexOctet]],
  ['mmse.reply_charging', [0x9c, hexOctet]],
  ['mmse.reply_charging_deadline.abs', [0x9d, timeAbsolute]],
  ['mmse.reply_charging_deadline.rel', [0x9d, timeRelative]],
  ['mmse.reply_charging_id', [0x9e, text]],
  ['mmse.reply_charging_size', [0x9f, decimal]],
])

/**
 * The value of field `name` for a PDU's header fields (`headerList`, top level) and the octets
 * of its header section (`pdu`, for the one-octet codes as sent); '' when the PDU has none,
 * undefined for a name this list does not know.
 */
export function tsharkField (name: string, headerList: readonly MmseHeader[], pdu: Uint8Array): string | undefined {
  const field = TSHARK_FIELDS.get(name)
  if (field === undefined) return undefined
  const [code, write] = field
  const values: string[] = []
  for (const header of headerList) {
    if (header.code !== code) continue
    const value = write(header, pdu[header.offset + 1])
    if (value !== undefined) values.push(value)
  }
  return values.join(',')
}

function textOf (value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'object' && value !== null && 'text' in value) return String((value as { text: unknown }).text)
  if (typeof value === 'object' && value !== null && 'name' in value) return String((value as { name: unknown }).name)
  return undefined
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** tshark's absolute time (its abs_time_to_str), in UTC: `Jan  1, 2026 00:00:00.000000000 UTC`. */
export function tsharkTime (date: Date): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
  return `${MONTHS[date.getUTCMonth()] as string} ${String(date.getUTCDate()).padStart(2, ' ')}, ${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}000000 UTC`
}
