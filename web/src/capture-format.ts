/**
 * A captured MMS's context as the list shows it, in the words of a packet list: capture time
 * in UTC to the nanosecond the capture gives, `address:port` ends (IPv6 in brackets, RFC 3986
 * §3.2.2), the layers it travelled through, what carried it (HTTP method, URI and status; WSP
 * PDU and transaction; SMS and SIP kinds), the frames, and its state.
 */
import type { Endpoint, MmsContext } from '../../lib/index.js'
import type { CapturedEntry } from './capture-list.js'

/** The most frame numbers a row names before it says how many more. */
export const MAX_FRAMES_SHOWN = 8

const NS_PER_SECOND = 1_000_000_000n

/** `2026-01-01 00:00:00.123456789` (UTC). */
export function captureTime (ns: bigint): string {
  const seconds = ns / NS_PER_SECOND
  const fraction = (ns % NS_PER_SECOND).toString().padStart(9, '0')
  const date = new Date(Number(seconds) * 1000)
  if (Number.isNaN(date.getTime())) return `${ns} ns`
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}.${fraction}`
}

export function endpoint (end: Endpoint): string {
  return end.address.includes(':') ? `[${end.address}]:${end.port}` : `${end.address}:${end.port}`
}

/** What carried it: `POST /mms`, `GET /m/1 → 200`, `Reply TID 2 http://…`, `Push x-wap-application:mms.ua`. */
export function carrierText (context: MmsContext): string {
  const { kind, uri, status, applicationId, tid } = context.carrier
  const words = [kind]
  if (uri !== undefined) words.push(uri)
  if (applicationId !== undefined) words.push(applicationId)
  if (tid !== undefined) words.push(`TID ${tid}`)
  if (status !== undefined) words.push(`→ ${status}`)
  return words.join(' ')
}

export function framesText (frames: readonly number[]): string {
  if (frames.length <= MAX_FRAMES_SHOWN) return frames.join(', ')
  const last = frames[frames.length - 1] as number
  return `${frames.slice(0, MAX_FRAMES_SHOWN - 1).join(', ')}, …, ${last} (${frames.length} frames)`
}

/** Whole, cut (the capture lost octets of it), broken (it did not decode), or unfinished. */
export function stateText (entry: CapturedEntry): string {
  const words = [entry.complete === undefined ? 'unfinished' : entry.complete ? 'complete' : 'incomplete']
  if (entry.error !== undefined) words.push(entry.error.code)
  const warnings = entry.captureWarnings.length + entry.warnings.length
  if (warnings > 0) words.push(`${warnings} warning${warnings === 1 ? '' : 's'}`)
  return words.join(', ')
}
