/**
 * What the network layers hand to the transports above them, and what those transports hand to
 * the capture scan: the seam between `lib/net` (link, IP, UDP, TCP reassembly) and the
 * dissectors of `lib/http`, `lib/wap` and `lib/sms`.
 */

/** One end of a flow: an IPv4 or IPv6 address in its textual form, and a UDP or TCP port. */
export interface Endpoint {
  address: string
  port: number
}

/** Where a packet came from in the capture. */
export interface PacketContext {
  /** 1-based frame number, as Wireshark counts. */
  frame: number
  /** Capture time in nanoseconds since the Unix epoch. */
  time: bigint
  /** Index of the capture interface (pcapng IDB order; 0 for pcap). */
  interface: number
}

/** A UDP payload, reassembled from IP fragments when it was fragmented. */
export interface Datagram {
  ip: 'ipv4' | 'ipv6'
  src: Endpoint
  dst: Endpoint
  payload: Uint8Array
  /** The packet that completed it (its last fragment). */
  packet: PacketContext
  /** Every frame that carried a fragment of it, in order. */
  frames: number[]
  /** Bytes of payload the capture did not keep (snap length); they are missing at the end. */
  missing: number
}

/** Something a capture could not give, and where. */
export interface CaptureWarning {
  code: string
  message: string
  frame: number
}

/**
 * An application message a transport dissector found in the traffic: an MMSE PDU or a WAP Push
 * body, with how it travelled.
 */
export interface CarriedMessage {
  /** The layers it travelled through below the MMSE PDU, e.g. ['ipv6', 'udp', 'sip', 'sms', 'wsp-push']. */
  path: string[]
  src: Endpoint
  dst: Endpoint
  /** Frames that carried its bytes, in order; the last is the one that completed it. */
  frames: number[]
  /** Capture time of the last frame, ns since the epoch. */
  time: bigint
  interface: number
  /** The carrying application message: HTTP request/response, WSP PDU, SMS, SIP. */
  carrier: {
    /** e.g. 'POST', 'GET', 'Reply', 'Push', 'ConfirmedPush', 'submit_sm', 'MESSAGE'. */
    kind: string
    uri?: string
    status?: number
    contentType?: string
    /** Push Application ID (X-Wap-Application-Id) when the carrier is a WAP Push. */
    applicationId?: string
    /**
     * The transaction of a WSP PDU: the WTP TID without its direction bit (WAP-224 §8.2.2) over
     * WTP, the WSP TID in connectionless mode (WAP-230 §8.2.1).
     */
    tid?: number
  }
  /** True when the body is MMSE (application/vnd.wap.mms-message, or a valid MMSE start). */
  mms: boolean
  body: Uint8Array
  warnings: CaptureWarning[]
}

/**
 * The codes of {@link CaptureWarning}: what a capture could not give, one code per reason, from
 * the scan and from the transport dissectors alike. Something missing or unreadable costs the
 * message it belongs to, or part of it, never the capture.
 */
export const CAPTURE_WARNING_CODES = [
  /** The file ends inside a record or block. */
  'WARN_CAPTURE_TRUNCATED',
  /** A packet cut by the capture's snap length: its end is missing. */
  'WARN_CAPTURE_SNAPLEN',
  /** A link type, network protocol or header this scan does not read, or a header that breaks its format. */
  'WARN_CAPTURE_UNREAD',
  /** Bytes of a TCP stream that were never captured, or that make no sense: a dissector resynchronised after them. */
  'WARN_CAPTURE_GAP',
  /** IP fragments of a datagram that never completed. */
  'WARN_CAPTURE_FRAGMENTS',
  /** A limit (options.captureLimits, or the transport limits) was hit: what was given up is said. */
  'WARN_CAPTURE_LIMIT',
  /** HTTP framing that cannot be followed: the rest of that direction is skipped. */
  'WARN_CAPTURE_HTTP',
  /** A PDU of the named layer that cannot be read (ERR_MMSE_BAD_* said why); it is skipped. */
  'WARN_CAPTURE_BAD_PDU',
  /** A message whose segments did not all come (WTP segments, SMS segments, a stream that ended inside a PDU). */
  'WARN_CAPTURE_INCOMPLETE',
  /** A WTP transaction aborted (WAP-224 §8.3.3): what it had carried is dropped. */
  'WARN_CAPTURE_ABORTED',
  /** The last warning when more than a dissector keeps were found: how many were dropped. */
  'WARN_CAPTURE_WARNINGS_DROPPED',
] as const

export type CaptureWarningCode = (typeof CAPTURE_WARNING_CODES)[number]

/** The two ends of a flow as one key, the same whichever way a packet goes. */
export function flowKey (transport: 'tcp' | 'udp', a: Endpoint, b: Endpoint): string {
  const first = a.address < b.address || (a.address === b.address && a.port <= b.port)
  const [x, y] = first ? [a, b] : [b, a]
  return `${transport} ${x.address} ${x.port} ${y.address} ${y.port}`
}

/**
 * A dissector of UDP datagrams (WSP/WTP, SIP): the scan offers it every datagram it claims, and
 * scans the messages it finds; `flush` gives what it still holds at the end of the capture.
 */
export interface DatagramDissector {
  claims (datagram: Datagram): boolean
  datagram (datagram: Datagram): CarriedMessage[]
  flush (): CarriedMessage[]
  /** What it skipped since it was last asked, outside any message it returned. */
  takeWarnings? (): CaptureWarning[]
}

/**
 * A dissector of TCP streams (SMPP): the scan offers it a connection by its first octets, then
 * hands it each direction's reassembled octets in order under one key per direction, the gaps,
 * and the end of the connection.
 */
export interface StreamDissector {
  claimsStream (firstBytes: Uint8Array, src: Endpoint, dst: Endpoint): boolean
  stream (key: string, src: Endpoint, dst: Endpoint, ip: 'ipv4' | 'ipv6', data: Uint8Array, packet: PacketContext): CarriedMessage[]
  gap (key: string, bytes: number, packet: PacketContext): void
  end (key: string): CarriedMessage[]
  flush (): CarriedMessage[]
  /** What it skipped since it was last asked, outside any message it returned. */
  takeWarnings? (): CaptureWarning[]
}

/** The transport dissectors a capture scan routes to, each with the `decodeAs` names that force traffic to it. */
export interface Dissectors {
  datagram?: Array<{ protocols: readonly string[], dissector: DatagramDissector }>
  stream?: Array<{ protocols: readonly string[], dissector: StreamDissector }>
}
