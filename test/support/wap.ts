/**
 * WAP bytes for the transport tests, written from the specifications and not from our
 * dissector: WTP PDUs (WAP-224 §8: fixed headers, TPIs, concatenation), WSP PDUs (WAP-230
 * §8.2), and the Datagrams the network layers hand over (lib/net/carried.ts).
 */
import type { Datagram, Endpoint } from '../../lib/net/carried.js'
import { cat, type Piece, text, uintvar } from './wire.js'

export interface WtpFlags {
  tid: number
  gtr?: boolean
  ttr?: boolean
  rid?: boolean
  /** Transport Information Items: written after the fixed header, CON set on the PDU. */
  tpis?: Uint8Array[]
}

/** A TPI (§8.4.1): short (length 0-3 in the first octet) or long (length in the next); `more` sets its CON bit. */
export function tpi (identity: number, data: Piece, more = false, long = false): Uint8Array {
  const body = cat(data)
  const first = (more ? 0x80 : 0) | (identity << 3)
  return long || body.length > 3 ? cat(first | 0x04, body.length, body) : cat(first | body.length, body)
}

function header (type: number, flags: WtpFlags, low: number): Uint8Array {
  const con = flags.tpis !== undefined && flags.tpis.length > 0 ? 0x80 : 0
  return cat(con | (type << 3) | low | (flags.rid === true ? 1 : 0), flags.tid >> 8, flags.tid & 0xff)
}

function trailers (flags: WtpFlags): number {
  return (flags.gtr === true ? 0x04 : 0) | (flags.ttr !== false ? 0x02 : 0)
}

/** Invoke (§8.3.1): TTR set unless said otherwise; version 0, TIDnew clear, class `tcl` (default 2). */
export function invoke (flags: WtpFlags, data: Piece = [], tcl = 2): Uint8Array {
  return cat(header(1, flags, trailers(flags)), tcl & 3, ...(flags.tpis ?? []), data)
}

/** Result (§8.3.2). */
export function result (flags: WtpFlags, data: Piece = []): Uint8Array {
  return cat(header(2, flags, trailers(flags)), ...(flags.tpis ?? []), data)
}

/** Segmented Invoke (§8.3.5) with its packet sequence number. */
export function segmentedInvoke (flags: WtpFlags, psn: number, data: Piece = []): Uint8Array {
  return cat(header(5, flags, trailers(flags)), psn, ...(flags.tpis ?? []), data)
}

/** Segmented Result (§8.3.6). */
export function segmentedResult (flags: WtpFlags, psn: number, data: Piece = []): Uint8Array {
  return cat(header(6, flags, trailers(flags)), psn, ...(flags.tpis ?? []), data)
}

/** Ack (§8.3.3). */
export function ack (flags: WtpFlags): Uint8Array {
  return cat(header(3, flags, 0), ...(flags.tpis ?? []))
}

/** Abort (§8.3.4): abort type 1 (user), a reason. */
export function abort (flags: WtpFlags, reason = 0xe0): Uint8Array {
  return cat(header(4, flags, 1), reason, ...(flags.tpis ?? []))
}

/** Negative Ack (§8.3.7): the missing packets' numbers. */
export function negativeAck (flags: WtpFlags, missing: number[]): Uint8Array {
  return cat(header(7, flags, 0), missing.length, missing, ...(flags.tpis ?? []))
}

/** Concatenated PDUs (§8.1): 0x00, then each behind its length, one octet below 128, else two (top bit set). */
export function concatenated (...pdus: Uint8Array[]): Uint8Array {
  return cat(0x00, ...pdus.map((pdu) => pdu.length < 0x80 ? cat(pdu.length, pdu) : cat(0x80 | (pdu.length >> 8), pdu.length & 0xff, pdu)))
}

/** WSP Get (§8.2.3.1): type, URILen, URI, headers. */
export function wspGet (uri: string, headers: Piece = [], type = 0x40): Uint8Array {
  const octets = cat(uri)
  return cat(type, uintvar(octets.length), octets, headers)
}

/** WSP Post (§8.2.3.2): type, UriLen, HeadersLen, URI, content type and headers, data. */
export function wspPost (uri: string, contentType: Piece, headers: Piece, data: Piece, type = 0x60): Uint8Array {
  const octets = cat(uri)
  const head = cat(contentType, headers)
  return cat(type, uintvar(octets.length), uintvar(head.length), octets, head, data)
}

/** WSP Reply (§8.2.3.3): type, status, HeadersLen, content type and headers, data. */
export function wspReply (status: number, contentType: Piece, headers: Piece, data: Piece): Uint8Array {
  const head = cat(contentType, headers)
  return cat(0x04, status, uintvar(head.length), head, data)
}

/** WSP Push or ConfirmedPush (§8.2.4.1): type, HeadersLen, content type and headers, data. */
export function wspPush (contentType: Piece, headers: Piece, data: Piece, confirmed = false): Uint8Array {
  const head = cat(contentType, headers)
  return cat(confirmed ? 0x07 : 0x06, uintvar(head.length), head, data)
}

/** WSP Connect (§8.2.2.1): version 1.0, capabilities and headers. */
export function wspConnect (capabilities: Piece = [], headers: Piece = []): Uint8Array {
  const caps = cat(capabilities)
  const head = cat(headers)
  return cat(0x01, 0x10, uintvar(caps.length), uintvar(head.length), caps, head)
}

/** WSP ConnectReply (§8.2.2.2). */
export function wspConnectReply (session: number): Uint8Array {
  return cat(0x02, uintvar(session), 0, 0)
}

/** WSP Disconnect (§8.2.2.4). */
export function wspDisconnect (session: number): Uint8Array {
  return cat(0x05, uintvar(session))
}

/** X-Wap-Application-Id (Table 39 0x2F) as an App-assigned-code or a Uri-value. */
export function applicationId (id: number | string): Uint8Array {
  return typeof id === 'number' ? cat(0xaf, 0x80 | id) : cat(0xaf, text(id))
}

export const PHONE: Endpoint = { address: '10.0.0.2', port: 49152 }
export const GATEWAY: Endpoint = { address: '10.0.0.1', port: 9201 }

/** A Datagram from `src` to `dst` in frame `frame`; `missing` octets cut by the snap length. */
export function datagram (payload: Uint8Array, src: Endpoint, dst: Endpoint, frame: number, missing = 0, ip: 'ipv4' | 'ipv6' = 'ipv4'): Datagram {
  return { ip, src, dst, payload, packet: { frame, time: BigInt(frame) * 1_000_000n, interface: 0 }, frames: [frame], missing }
}

/** `data` in pieces of at most `size` octets. */
export function pieces (data: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let at = 0; at < data.length; at += size) out.push(data.subarray(at, at + size))
  return out
}
