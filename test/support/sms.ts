/**
 * SMS bytes for the transport tests, written from the specifications and not from our
 * dissector: SMPP PDUs (SMPP 3.4 §4: submit_sm, deliver_sm, data_sm, TLVs), SMS TPDUs (3GPP TS
 * 23.040 §9.2.2: SMS-DELIVER, SMS-SUBMIT), the RP messages around them (3GPP TS 24.011 §7.3) and
 * SIP MESSAGEs carrying those (RFC 3428; 3GPP TS 24.341 §7.3).
 */
import { cat, type Piece } from './wire.js'

/** The ends the SMS tests' traffic runs between: an ESME and an SMSC (SMPP), a P-CSCF and a phone (SIP). */
export const ESME = { address: '10.0.0.5', port: 40000 }
export const SMSC = { address: '10.0.0.6', port: 2775 }
export const CSCF = { address: '10.0.0.1', port: 5060 }
export const UE = { address: '10.0.0.2', port: 5060 }

/** A packet's context for a dissector: frame `frame`, its time that number of nanoseconds. */
export function packet (frame: number): { frame: number, time: bigint, interface: number } {
  return { frame, time: BigInt(frame), interface: 0 }
}

/** A C-Octet String: the text, then NUL. */
function cString (value: string): Uint8Array {
  return cat(value, 0)
}

/** An SMPP PDU: command_length, command_id, command_status, sequence_number, body (§3.2). */
export function smppPdu (commandId: number, body: Piece = [], sequence = 1, status = 0): Uint8Array {
  const rest = cat(body)
  const header = new Uint8Array(16)
  const view = new DataView(header.buffer)
  view.setUint32(0, 16 + rest.length)
  view.setUint32(4, commandId >>> 0)
  view.setUint32(8, status)
  view.setUint32(12, sequence)
  return cat(header, rest)
}

/** A TLV (§3.2.4): tag, length, value. */
export function tlv (tag: number, value: Piece): Uint8Array {
  const data = cat(value)
  return cat(tag >> 8, tag & 0xff, data.length >> 8, data.length & 0xff, data)
}

export interface ShortMessage {
  source?: string
  destination?: string
  esmClass?: number
  dataCoding?: number
  shortMessage?: Piece
  tlvs?: Uint8Array[]
}

/** submit_sm (0x04) or deliver_sm (0x05), §4.4.1 / §4.6.1. */
export function submitSm (message: ShortMessage, commandId = 0x04, sequence = 1): Uint8Array {
  const data = cat(message.shortMessage ?? [])
  return smppPdu(commandId, cat(
    cString(''), 1, 1, cString(message.source ?? '1234'), 1, 1, cString(message.destination ?? '+15551234567'),
    message.esmClass ?? 0x40, 0, 0, cString(''), cString(''), 0, 0, message.dataCoding ?? 0x04, 0,
    data.length, data, ...(message.tlvs ?? []),
  ), sequence)
}

/** data_sm (0x103), §4.7.1: the data in a message_payload TLV. */
export function dataSm (message: ShortMessage, sequence = 1): Uint8Array {
  return smppPdu(0x103, cat(
    cString(''), 1, 1, cString(message.source ?? '1234'), 1, 1, cString(message.destination ?? '+15551234567'),
    message.esmClass ?? 0x40, 0, message.dataCoding ?? 0x04, ...(message.tlvs ?? []),
  ), sequence)
}

/** A TP address (§9.1.2.5): digits count, type (0x91 international, 0x81 unknown), semi-octets. */
export function tpAddress (number: string): Uint8Array {
  const international = number.startsWith('+')
  const digits = international ? number.slice(1) : number
  return cat(digits.length, international ? 0x91 : 0x81, semiOctets(digits))
}

/** An RP address (TS 24.011 §8.2.5): length in octets, type, semi-octets; empty when no number. */
export function rpAddress (number: string): Uint8Array {
  if (number === '') return Uint8Array.of(0)
  const international = number.startsWith('+')
  const octets = semiOctets(international ? number.slice(1) : number)
  return cat(octets.length + 1, international ? 0x91 : 0x81, octets)
}

function semiOctets (digits: string): Uint8Array {
  const padded = digits.length % 2 === 0 ? digits : `${digits}F`
  const out: number[] = []
  for (let i = 0; i < padded.length; i += 2) out.push(parseInt(padded[i + 1] as string, 16) << 4 | parseInt(padded[i] as string, 16))
  return Uint8Array.from(out)
}

/** SMS-DELIVER (§9.2.2.1): TP-UDHI as asked, TP-OA, PID 0, DCS (0x04: 8-bit), SCTS, UDL, UD. */
export function smsDeliver (originator: string, userData: Piece, options: { udhi?: boolean, dcs?: number, udl?: number, address?: Uint8Array } = {}): Uint8Array {
  const ud = cat(userData)
  return cat((options.udhi !== false ? 0x40 : 0) | 0x04, options.address ?? tpAddress(originator), 0, options.dcs ?? 0x04, [0x62, 0x21, 0x70, 0x01, 0x22, 0x00, 0x00], options.udl ?? ud.length, ud)
}

/** SMS-SUBMIT (§9.2.2.2): TP-VPF relative (1 octet), TP-MR, TP-DA, PID, DCS, VP, UDL, UD. */
export function smsSubmit (destination: string, userData: Piece, options: { udhi?: boolean, dcs?: number, vpf?: number } = {}): Uint8Array {
  const ud = cat(userData)
  const vpf = options.vpf ?? 2
  const vp = [[], [1, 2, 3, 4, 5, 6, 7], [0xa7], [1, 2, 3, 4, 5, 6, 7]][vpf] as number[]
  return cat((options.udhi !== false ? 0x40 : 0) | (vpf << 3) | 0x01, 0x05, tpAddress(destination), 0, options.dcs ?? 0x04, vp, ud.length, ud)
}

/** RP-DATA (TS 24.011 §7.3.1): type 1 network to phone (originator: the SC), type 0 phone to network (destination: the SC). */
export function rpData (fromNetwork: boolean, tpdu: Uint8Array, serviceCentre = '+15550000000', reference = 7): Uint8Array {
  return cat(fromNetwork ? 0x01 : 0x00, reference, rpAddress(fromNetwork ? serviceCentre : ''), rpAddress(fromNetwork ? '' : serviceCentre), tpdu.length, tpdu)
}

/** A SIP request (RFC 3261 §7.1) with CRLFs, Content-Length counted unless given. */
export function sipRequest (method: string, uri: string, headers: string[], body: Piece = [], contentLength?: number): Uint8Array {
  const data = cat(body)
  const head = [`${method} ${uri} SIP/2.0`, ...headers, `Content-Length: ${contentLength ?? data.length}`, '', ''].join('\r\n')
  return cat(head, data)
}

/** A SIP MESSAGE carrying an RP message (3GPP TS 24.341 §7.3). */
export function sipSms (rp: Uint8Array, uri = 'sip:+15551234567@ims.example', from = '<sip:+15550000000@ims.example>;tag=a1'): Uint8Array {
  return sipRequest('MESSAGE', uri, [
    'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1', 'Max-Forwards: 70', `From: ${from}`, `To: <${uri}>`,
    'Call-ID: 1@10.0.0.1', 'CSeq: 1 MESSAGE', 'Content-Type: application/vnd.3gpp.sms',
  ], rp)
}

/** A SIP response (§7.2). */
export function sipResponse (status: number, reason: string): Uint8Array {
  return cat([`SIP/2.0 ${status} ${reason}`, 'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1', 'Call-ID: 1@10.0.0.1', 'CSeq: 1 MESSAGE', 'Content-Length: 0', '', ''].join('\r\n'))
}

/** RP-ACK (TS 24.011 §7.3.3): type 2 phone to network, 3 network to phone, the reference. */
export function rpAck (fromNetwork: boolean, reference: number): Uint8Array {
  return cat(fromNetwork ? 0x03 : 0x02, reference)
}

/** Text in the GSM 7-bit default alphabet, packed (TS 23.038 §6.1.2.1.1): only characters ASCII shares with it (letters, digits). */
export function gsm7 (text: string): Uint8Array {
  const out = new Uint8Array(Math.ceil(text.length * 7 / 8))
  for (let n = 0; n < text.length; n++) {
    const bit = n * 7
    const septet = text.charCodeAt(n)
    out[bit >> 3]! |= (septet << (bit & 7)) & 0xff
    if ((bit & 7) > 1) out[(bit >> 3) + 1]! |= septet >> (8 - (bit & 7))
  }
  return out
}
