/**
 * SMS carrying WAP Push, in the two forms a capture holds it: SMPP over TCP (SMPP 3.4/5.0:
 * submit_sm, deliver_sm, data_sm; the push's UDH in the user data, or the SAR and port TLVs
 * standing for it) and SMS over IMS (3GPP TS 24.341: a SIP MESSAGE of RFC 3428, over UDP or
 * TCP, whose application/vnd.3gpp.sms body is an RP message of 3GPP TS 24.011 around an SMS
 * TPDU of 3GPP TS 23.040). Segments are reassembled by `PushAssembler`, pushes unwrapped by
 * `decodeAssembled`. A pure state machine: datagrams and stream bytes in, pushes out, MMS or
 * not (`mms` says); what cannot be read is skipped with a warning (`takeWarnings`).
 */
import { MmseError } from '../errors.js'
import type { CaptureWarning, CarriedMessage, Datagram, Endpoint, PacketContext } from '../net/carried.js'
import { TransportWarnings } from '../net/transport-warnings.js'
import { resolveTransportLimits } from '../options.js'
import { encodeUserDataHeader } from '../push/udh.js'
import { SMPP_TLV } from '../tables/smpp-commands.js'
import { SmsPushes } from './pushes.js'
import { parseRp } from './rp.js'
import { addressUri, isSipStart, mediaType, type SipHead, sipHead } from './sip-message.js'
import { parseSmpp, plausibleHeader, SMPP_HEADER_LENGTH, type SmppMessage } from './smpp-pdu.js'
import { type FramedPdu, StreamFramer, type StreamProtocol } from './stream-framer.js'
import { parseTpdu } from './tpdu.js'

/** IANA: SIP (RFC 3261 §18.1) and SMPP's registered port. */
export const SIP_PORT = 5060
export const SMPP_PORT = 2775
/** 3GPP TS 24.341 §7.3: the media type of an RP message in a SIP MESSAGE. */
export const SMS_MEDIA_TYPE = 'application/vnd.3gpp.sms'
/** SMPP 3.4 §5.2.12: esm_class bit 6, the short message starts with a UDH. */
const ESM_UDHI = 0x40

export interface SmsDissectorOptions {
  /** Concatenated SMS still waiting for segments (default 64). */
  maxSmsPending?: number
  /** Octets held for them (default 2 MiB). */
  maxSmsBytes?: number
  /** Octets of one segment's user data (default 256). */
  maxSmsSegmentBytes?: number
  /** Octets of one SMPP PDU (default 70 KiB). */
  maxSmppPdu?: number
  /** Octets of one SIP message (default 64 KiB). */
  maxSipMessage?: number
  /** Warnings kept until taken (default 1000). */
  maxWarnings?: number
}

interface Stream {
  framer: StreamFramer
  src: Endpoint
  dst: Endpoint
  ip: 'ipv4' | 'ipv6'
}

/** Where an SMS was, for the push it completes. */
interface Carriage {
  path: string[]
  src: Endpoint
  dst: Endpoint
  packet: PacketContext
  frames: number[]
  warnings: CaptureWarning[]
}

export class SmsDissector {
  readonly #warnings: TransportWarnings
  readonly #pushes: SmsPushes
  readonly #maxSmpp: number
  readonly #maxSip: number
  readonly #streams = new Map<string, Stream>()
  /** The last frame seen, for the warnings of `flush`. */
  #frame = 0

  constructor (options?: SmsDissectorOptions) {
    const limits = resolveTransportLimits(options, ['maxSmsPending', 'maxSmsBytes', 'maxSmsSegmentBytes', 'maxSmppPdu', 'maxSipMessage', 'maxWarnings'])
    this.#warnings = new TransportWarnings(limits.maxWarnings)
    this.#pushes = new SmsPushes(limits, this.#warnings)
    this.#maxSmpp = limits.maxSmppPdu
    this.#maxSip = limits.maxSipMessage
  }

  /** Whether the datagram holds a SIP message, by its start line. */
  claims (d: Datagram): boolean {
    return isSipStart(d.payload, 0, this.#maxSip) === true
  }

  /**
   * The pushes a SIP MESSAGE in this datagram completes. A datagram the capture cut is a
   * WARN_CAPTURE_SNAPLEN in `takeWarnings`, and on the push it cut.
   */
  datagram (d: Datagram): CarriedMessage[] {
    const frame = d.packet.frame
    this.#frame = frame
    const warnings: CaptureWarning[] = []
    if (d.missing > 0) this.#warnings.add('WARN_CAPTURE_SNAPLEN', `${d.missing} octets of the datagram's ${d.payload.length + d.missing} were not captured (snap length)`, frame)
    try {
      const head = sipHead(d.payload, 0, d.payload.length, this.#maxSip)
      if (head === undefined) throw new MmseError('ERR_MMSE_BAD_SIP', 'the datagram ends inside the SIP header', d.payload.length)
      // RFC 3261 §18.3: over UDP the body runs to the datagram's end unless Content-Length says less.
      const end = Math.min(d.payload.length, head.bodyStart + (head.contentLength ?? d.payload.length))
      if (d.missing > 0) {
        warnings.push({ code: 'WARN_CAPTURE_SNAPLEN', message: `the capture kept ${d.payload.length} of the datagram's ${d.payload.length + d.missing} octets: the SIP body is cut`, frame })
      } else if (head.contentLength !== undefined && end < head.bodyStart + head.contentLength) {
        warnings.push({ code: 'WARN_CAPTURE_INCOMPLETE', message: `the SIP body has ${end - head.bodyStart} of its ${head.contentLength} octets (Content-Length)`, frame })
      }
      return this.#sip(head, d.payload.subarray(head.bodyStart, end), { path: [d.ip, 'udp', 'sip', 'sms', 'wsp-push'], src: d.src, dst: d.dst, packet: d.packet, frames: d.frames, warnings })
    } catch (err) {
      return this.#bad(err, 'SIP message', frame)
    }
  }

  /** Whether a TCP direction that starts with these bytes is SMPP or SIP: by port, or by its first PDU. */
  claimsStream (firstBytes: Uint8Array, src: Endpoint, dst: Endpoint): boolean {
    return protocolOf(firstBytes, src, dst, this.#maxSmpp, this.#maxSip) !== undefined
  }

  /** The next in-order bytes of one TCP direction, keyed; the pushes they complete. */
  stream (key: string, src: Endpoint, dst: Endpoint, ip: 'ipv4' | 'ipv6', data: Uint8Array, packet: PacketContext): CarriedMessage[] {
    this.#frame = packet.frame
    let stream = this.#streams.get(key)
    if (stream === undefined) {
      const protocol = protocolOf(data, src, dst, this.#maxSmpp, this.#maxSip) ?? 'smpp'
      // Joined in the middle when its first bytes do not start a PDU: the framer looks for one.
      const starts = startsPdu(protocol, data, this.#maxSmpp, this.#maxSip)
      stream = { framer: new StreamFramer(protocol, protocol === 'smpp' ? this.#maxSmpp : this.#maxSip, this.#warnings, starts === false), src, dst, ip }
      this.#streams.set(key, stream)
    }
    const framed = stream.framer.push(data, packet.frame)
    return framed.flatMap((pdu) => this.#framed(stream, pdu, packet))
  }

  /** `bytes` octets of the direction `key` are missing: the PDU they were in is lost, the next one is looked for. */
  gap (key: string, bytes: number, packet: PacketContext): void {
    this.#frame = packet.frame
    this.#streams.get(key)?.framer.gap(bytes, packet.frame)
  }

  /** The direction `key` ended. */
  end (key: string): CarriedMessage[] {
    this.#streams.get(key)?.framer.end(this.#frame)
    this.#streams.delete(key)
    return []
  }

  /** The capture ended: every stream ends, and the SMS still missing segments are reported. */
  flush (): CarriedMessage[] {
    for (const key of [...this.#streams.keys()]) this.end(key)
    this.#pushes.flush(this.#frame)
    return []
  }

  /** The warnings found since last taken, about what no returned message carries. */
  takeWarnings (): CaptureWarning[] {
    return this.#warnings.take()
  }

  #framed (stream: Stream, pdu: FramedPdu, packet: PacketContext): CarriedMessage[] {
    const carriage = { src: stream.src, dst: stream.dst, packet, frames: pdu.frames, warnings: [] }
    if (stream.framer.protocol === 'smpp') {
      try {
        const message = parseSmpp(pdu.bytes)
        return message === undefined ? [] : this.#smpp(message, { ...carriage, path: [stream.ip, 'tcp', 'smpp', 'wsp-push'] })
      } catch (err) {
        return this.#bad(err, 'SMPP PDU', packet.frame)
      }
    }
    try {
      const head = sipHead(pdu.bytes, 0, pdu.bytes.length, this.#maxSip) as SipHead
      return this.#sip(head, pdu.bytes.subarray(head.bodyStart), { ...carriage, path: [stream.ip, 'tcp', 'sip', 'sms', 'wsp-push'] })
    } catch (err) {
      return this.#bad(err, 'SIP message', packet.frame)
    }
  }

  /** A SIP MESSAGE with an RP-DATA (3GPP TS 24.341 §7.3) whose TPDU carries 8-bit user data. */
  #sip (head: SipHead, body: Uint8Array, carriage: Carriage): CarriedMessage[] {
    if (head.method !== 'MESSAGE' || mediaType(head.headers.get('content-type')) !== SMS_MEDIA_TYPE) return []
    const rp = parseRp(body)
    if (rp === undefined) return []
    const tpdu = parseTpdu(rp.tpdu, rp.fromNetwork)
    if (tpdu === undefined || !tpdu.eightBit || !tpdu.udhi) return []
    if (tpdu.cut) carriage.warnings.push({ code: 'WARN_CAPTURE_INCOMPLETE', message: `the ${tpdu.type} has fewer octets of user data than its TP-UDL says`, frame: carriage.packet.frame })
    // Keyed as the phone would: the other party and the phone itself (the Request-URI of a DELIVER, the From of a SUBMIT).
    const phone = rp.fromNetwork ? head.uri as string : addressUri(head.headers.get('from'))
    return this.#pushes.add(tpdu.userData, `sip ${tpdu.address} ${phone}`, { ...carriage, kind: 'MESSAGE', uri: head.uri as string })
  }

  /**
   * The short message of a submit_sm, deliver_sm or data_sm: its UDH in the data (esm_class
   * UDHI), or the SAR and port TLVs standing for one (SMPP 3.4 §5.3.2.22-24, §5.3.2.7-8),
   * written as the UDH they stand for so that the one assembler reassembles both.
   */
  #smpp (message: SmppMessage, carriage: Carriage): CarriedMessage[] {
    const payload = message.tlvs.get(SMPP_TLV.messagePayload)
    let data = payload ?? message.shortMessage
    if ((message.esmClass & ESM_UDHI) === 0) {
      const header = tlvHeader(message.tlvs)
      if (header === undefined) return []
      data = join(header, data)
    }
    return this.#pushes.add(data, `smpp ${message.source}>${message.destination}`, { ...carriage, kind: message.command })
  }

  #bad (err: unknown, what: string, frame: number): CarriedMessage[] {
    /* c8 ignore next */
    if (!(err instanceof MmseError)) throw err
    this.#warnings.add('WARN_CAPTURE_BAD_PDU', `${err.code} at offset ${err.offset} of a ${what}: ${err.message}`, frame)
    return []
  }
}

/** SMPP or SIP, by the port at either end, else by the first bytes. */
function protocolOf (bytes: Uint8Array, src: Endpoint, dst: Endpoint, maxSmpp: number, maxSip: number): StreamProtocol | undefined {
  if (src.port === SMPP_PORT || dst.port === SMPP_PORT) return 'smpp'
  if (src.port === SIP_PORT || dst.port === SIP_PORT) return 'sip'
  if (startsPdu('smpp', bytes, maxSmpp, maxSip) === true) return 'smpp'
  if (startsPdu('sip', bytes, maxSmpp, maxSip) === true) return 'sip'
  return undefined
}

/** Whether the bytes start a PDU of `protocol` (undefined: too few to tell). */
function startsPdu (protocol: StreamProtocol, bytes: Uint8Array, maxSmpp: number, maxSip: number): boolean | undefined {
  if (protocol === 'sip') {
    // RFC 5626 §3.5.1: CRLFs between messages keep a connection alive.
    let at = 0
    while (bytes[at] === 0x0d || bytes[at] === 0x0a) at++
    return at === bytes.length ? undefined : isSipStart(bytes, at, maxSip)
  }
  return bytes.length < SMPP_HEADER_LENGTH ? undefined : plausibleHeader(bytes, 0, maxSmpp)
}

/** The UDH the SAR and port TLVs stand for, or undefined when there are none. */
function tlvHeader (tlvs: Map<number, Uint8Array>): Uint8Array | undefined {
  const u16 = (value: Uint8Array | undefined): number | undefined => value?.length === 2 ? ((value[0] as number) << 8) | (value[1] as number) : undefined
  const u8 = (value: Uint8Array | undefined): number | undefined => value?.length === 1 ? value[0] as number : undefined
  const destination = u16(tlvs.get(SMPP_TLV.destinationPort))
  const reference = u16(tlvs.get(SMPP_TLV.sarMsgRefNum))
  const total = u8(tlvs.get(SMPP_TLV.sarTotalSegments))
  const sequence = u8(tlvs.get(SMPP_TLV.sarSegmentSeqnum))
  const header: Parameters<typeof encodeUserDataHeader>[0] = {}
  if (destination !== undefined) header.ports = { destination, source: u16(tlvs.get(SMPP_TLV.sourcePort)) ?? 0, bits: 16 }
  if (reference !== undefined && total !== undefined && sequence !== undefined) {
    if (total === 0 || sequence === 0 || sequence > total) throw new MmseError('ERR_MMSE_BAD_SMPP', `the SAR TLVs say segment ${sequence} of ${total}`, 0)
    header.concat = { reference, total, sequence, bits: 16 }
  }
  return header.ports === undefined && header.concat === undefined ? undefined : encodeUserDataHeader(header)
}

function join (a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
