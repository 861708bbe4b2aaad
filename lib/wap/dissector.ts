/**
 * WAP in UDP datagrams (WAP-259 WDP Appendix B ports): WSP over WTP on 9201 (WAP-224, WAP-230
 * connection mode), connectionless WSP on 9200, connectionless pushes on 2948 (and 2949, the
 * port of pushes over WTLS, read when they are in the clear), and an MMS push on any port. A pure state machine: datagrams
 * in, the MMSE PDUs and pushes they carry out, each with how it travelled.
 *
 * What it returns: the entity of every Post and Reply that is MMSE (m-send-req, m-send-conf,
 * m-retrieve-conf ...), and every push, MMS or not (`mms` says). A Reply carries the URI of its
 * request, paired by TID. What cannot be read is skipped with a warning (`takeWarnings`). The
 * body of a message in one datagram is a view of that datagram's payload.
 */
import { EMPTY } from '../bytes/octets.js'
import { MmseError } from '../errors.js'
import type { CaptureWarning, CarriedMessage, Datagram } from '../net/carried.js'
import { directionKey, TransportWarnings } from '../net/transport-warnings.js'
import { resolveTransportLimits } from '../options.js'
import { WAP_PUSH_PORT, WAP_PUSH_SECURE_PORT, WAP_WSP_PORT } from '../push/udh.js'
import { isMms, parseWsp, type WspPdu } from './wsp-pdu.js'
import { parseWtp, type WtpPdu } from './wtp-pdu.js'
import { type WtpMessage, WtpReassembler } from './wtp-reassembly.js'

/** WAP-259 Appendix B: the WSP session service, over WTP. */
export const WAP_WTP_PORT = 9201

export interface WapDissectorOptions {
  /** WTP messages whose packets are still arriving (default 256). */
  maxWtpGroups?: number
  /** Octets held in them (default 16 MiB). */
  maxWtpBytes?: number
  /** Requests waiting for their Reply (default 1024). */
  maxWspTransactions?: number
  /** Warnings kept until taken (default 1000). */
  maxWarnings?: number
}

/** What a WTP message keeps of its last packet's datagram, for the message it carries. */
interface Held {
  d: Datagram
  request: boolean
  transaction: string
  tid: number
}

/** The TID without its direction bit (WAP-224 §8.2.2): the one number of a transaction both ways. */
const TID_MASK = 0x7fff

/** Where a WTP message or a connectionless PDU was, for the message it carries. */
interface Carriage {
  d: Datagram
  frames: number[]
  path: string[]
  /** The key of the transaction in the direction of its request. */
  transaction: string
  tid: number
  warnings: CaptureWarning[]
}

export class WapDissector {
  readonly #warnings: TransportWarnings
  readonly #wtp: WtpReassembler<Held>
  readonly #maxTransactions: number
  /** The URI of each request waiting for its Reply, by transaction, oldest first. */
  readonly #requests = new Map<string, string>()

  constructor (options?: WapDissectorOptions) {
    const limits = resolveTransportLimits(options, ['maxWtpGroups', 'maxWtpBytes', 'maxWspTransactions', 'maxWarnings'])
    this.#warnings = new TransportWarnings(limits.maxWarnings)
    this.#wtp = new WtpReassembler<Held>(limits.maxWtpGroups, limits.maxWtpBytes, this.#warnings)
    this.#maxTransactions = limits.maxWspTransactions
  }

  /**
   * Whether the datagram is WAP's: by its ports, or on any port when it is a connectionless
   * WSP Push of an MMSE PDU (a PDU type of 0x06 or 0x07, then a push that reads whole with the
   * MMS content type: no other protocol's datagram does that by chance).
   */
  claims (d: Datagram): boolean {
    return isWapPort(d.src.port) || isWapPort(d.dst.port) || isMmsPush(d.payload)
  }

  /** The messages this datagram completes. */
  datagram (d: Datagram): CarriedMessage[] {
    const frame = d.packet.frame
    if (d.missing > 0) this.#warnings.add('WARN_CAPTURE_SNAPLEN', `${d.missing} octets of the datagram's ${d.payload.length + d.missing} were not captured (snap length)`, frame)
    try {
      if (!isPushPort(d.dst.port) && (d.dst.port === WAP_WTP_PORT || d.src.port === WAP_WTP_PORT)) return this.#wtpDatagram(d)
      return this.#connectionless(d)
    } catch (err) {
      /* c8 ignore next */
      if (!(err instanceof MmseError)) throw err
      this.#warnings.add('WARN_CAPTURE_BAD_PDU', `${err.code} at offset ${err.offset} of the datagram: ${err.message}`, frame)
      return []
    }
  }

  /** What is still held: each unfinished WTP message as far as it came, with a warning saying what is missing. */
  flush (): CarriedMessage[] {
    const out: CarriedMessage[] = []
    for (const message of this.#wtp.flush()) out.push(...this.#wtpMessage(message))
    this.#requests.clear()
    return out
  }

  /** The warnings found since last taken, about what no returned message carries. */
  takeWarnings (): CaptureWarning[] {
    return this.#warnings.take()
  }

  /** A connectionless WSP PDU (WAP-230 §8.2.1: TID first). */
  #connectionless (d: Datagram): CarriedMessage[] {
    const pdu = parseWsp(d.payload, true)
    const path = [d.ip, 'udp', pdu.type === 'Push' || pdu.type === 'ConfirmedPush' ? 'wsp-push' : 'wsp']
    const warnings = d.missing > 0 ? [cutWarning(d)] : []
    const request = d.dst.port === WAP_WSP_PORT
    const transaction = `${request ? directionKey(d.src, d.dst) : directionKey(d.dst, d.src)}#${pdu.tid as number}`
    return this.#pdu(pdu, { d, frames: d.frames, path, transaction, tid: pdu.tid as number, warnings })
  }

  #wtpDatagram (d: Datagram): CarriedMessage[] {
    const out: CarriedMessage[] = []
    const pdus = parseWtp(d.payload)
    for (const pdu of pdus) {
      // A packet is cut when the capture cut its datagram and it is the last of it.
      const cut = d.missing > 0 && pdu === pdus[pdus.length - 1]
      out.push(...this.#wtpPdu(d, pdu, cut))
    }
    return out
  }

  #wtpPdu (d: Datagram, pdu: WtpPdu, cut: boolean): CarriedMessage[] {
    const tid = pdu.tid & TID_MASK
    const request = pdu.type === 'Invoke' || pdu.type === 'SegmentedInvoke'
    const initiator = request ? directionKey(d.src, d.dst) : directionKey(d.dst, d.src)
    const transaction = `${initiator}#${tid}`
    const key = `${transaction}:${request ? 'invoke' : 'result'}`
    if (pdu.type === 'Abort') {
      // Either side aborts (WAP-224 §8.3.3); what was held of both directions goes.
      const aborted = `${initiatorOfAbort(d, pdu.tid)}#${tid}`
      const dropped = [':invoke', ':result'].filter((side) => this.#wtp.drop(aborted + side))
      this.#requests.delete(aborted)
      this.#warnings.add('WARN_CAPTURE_ABORTED', `WTP transaction ${tid} aborted${dropped.length > 0 ? ': its unfinished message is dropped' : ''}`, d.packet.frame)
      return []
    }
    if (pdu.type !== 'Invoke' && pdu.type !== 'Result' && pdu.type !== 'SegmentedInvoke' && pdu.type !== 'SegmentedResult') return []
    // What a message still arriving keeps of its last datagram: where it was, not its octets.
    const message = this.#wtp.add(key, pdu, d.packet.frame, cut, { d: { ...d, payload: EMPTY }, request, transaction, tid })
    return message === null ? [] : this.#wtpMessage(message)
  }

  /** The WSP PDU of a WTP message, whole or not. */
  #wtpMessage (message: WtpMessage<Held>): CarriedMessage[] {
    const { d, request, transaction, tid } = message.meta
    const warnings = message.missing === undefined ? [] : [{ code: 'WARN_CAPTURE_INCOMPLETE', message: message.missing, frame: d.packet.frame }]
    if (message.data.length === 0 && message.missing !== undefined) {
      this.#warnings.add('WARN_CAPTURE_INCOMPLETE', message.missing, d.packet.frame)
      return []
    }
    let pdu: WspPdu
    try {
      pdu = parseWsp(message.data, false)
    } catch (err) {
      /* c8 ignore next */
      if (!(err instanceof MmseError)) throw err
      const missing = message.missing === undefined ? '' : ` (${message.missing})`
      this.#warnings.add('WARN_CAPTURE_BAD_PDU', `${err.code} at offset ${err.offset} of a WSP PDU over WTP: ${err.message}${missing}`, d.packet.frame)
      return []
    }
    return this.#pdu(pdu, { d, frames: message.frames, path: [d.ip, 'udp', 'wtp', 'wsp'], transaction, tid, warnings }, request)
  }

  /** What a WSP PDU gives: a request remembered, an MMSE entity or a push returned. */
  #pdu (pdu: WspPdu, carriage: Carriage, request = true): CarriedMessage[] {
    if ((pdu.type === 'Get' || pdu.type === 'Post') && request) this.#remember(carriage.transaction, pdu.uri as string, carriage.d.packet.frame)
    const body = pdu.body
    if (body === undefined) return []
    const push = pdu.type === 'Push' || pdu.type === 'ConfirmedPush'
    const mms = isMms(pdu.contentType, body)
    if (!mms && !push) return []
    const d = carriage.d
    const carrier: CarriedMessage['carrier'] = { kind: pdu.type, tid: carriage.tid }
    if (pdu.type === 'Reply') {
      const asked = this.#requests.get(carriage.transaction)
      this.#requests.delete(carriage.transaction)
      if (asked !== undefined) carrier.uri = asked
      carrier.status = pdu.status as number
    }
    if (pdu.uri !== undefined) carrier.uri = pdu.uri
    if (pdu.contentType !== undefined) carrier.contentType = pdu.contentType.mediaType
    if (pdu.applicationId !== undefined) carrier.applicationId = pdu.applicationId
    return [{
      path: carriage.path,
      src: d.src,
      dst: d.dst,
      frames: carriage.frames,
      time: d.packet.time,
      interface: d.packet.interface,
      carrier,
      mms,
      body,
      warnings: carriage.warnings,
    }]
  }

  #remember (transaction: string, uri: string, frame: number): void {
    this.#requests.delete(transaction)
    this.#requests.set(transaction, uri)
    if (this.#requests.size > this.#maxTransactions) {
      const oldest = this.#requests.keys().next().value as string
      this.#requests.delete(oldest)
      this.#warnings.add('WARN_CAPTURE_LIMIT', `the WSP request of transaction ${oldest} is forgotten, its Reply not seen: maxWspTransactions (${this.#maxTransactions}) reached`, frame)
    }
  }
}

/** The initiator's direction of an Abort's transaction: the TID's top bit is set by the responder (WAP-224 §8.2.2). */
function initiatorOfAbort (d: Datagram, tid: number): string {
  return (tid & 0x8000) === 0 ? directionKey(d.src, d.dst) : directionKey(d.dst, d.src)
}

function isMmsPush (payload: Uint8Array): boolean {
  if (payload[1] !== 0x06 && payload[1] !== 0x07) return false
  try {
    const pdu = parseWsp(payload, true)
    return isMms(pdu.contentType, new Uint8Array(0))
  } catch {
    return false
  }
}

function isPushPort (port: number): boolean {
  return port === WAP_PUSH_PORT || port === WAP_PUSH_SECURE_PORT
}

function isWapPort (port: number): boolean {
  return isPushPort(port) || port === WAP_WSP_PORT || port === WAP_WTP_PORT
}

function cutWarning (d: Datagram): CaptureWarning {
  return { code: 'WARN_CAPTURE_SNAPLEN', message: `the capture kept ${d.payload.length} of the datagram's ${d.payload.length + d.missing} octets: the message ends early`, frame: d.packet.frame }
}
