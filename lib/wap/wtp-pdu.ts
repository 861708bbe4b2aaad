/**
 * WTP PDUs (WAP-224 §8): the fixed header of each type, its Transport Information Items, and
 * the user data after them; several PDUs may share one datagram (§8.1, concatenation: a first
 * octet 0x00, then each PDU behind its length). Every failure is an `MmseError` ERR_MMSE_BAD_WTP
 * at its offset in the datagram.
 */
import { MmseError } from '../errors.js'

/** §8.2 Table 9: the PDU types, by their 4-bit code. */
export const WTP_PDU_TYPES = {
  1: 'Invoke',
  2: 'Result',
  3: 'Ack',
  4: 'Abort',
  5: 'SegmentedInvoke',
  6: 'SegmentedResult',
  7: 'NegativeAck',
} as const
export type WtpPduType = (typeof WTP_PDU_TYPES)[keyof typeof WTP_PDU_TYPES]

export interface WtpPdu {
  type: WtpPduType
  /** The TID as sent: its top bit set on what the responder sends (§8.2.2: the TID's direction). */
  tid: number
  /** Re-transmission indicator: this PDU was sent before (§8.2.1). */
  rid: boolean
  /** Group trailer and transmission trailer (§8.2.1, §9.2: the last packet of a group, of the message). */
  gtr: boolean
  ttr: boolean
  /** Packet sequence number (Segmented Invoke/Result; 0 for Invoke and Result, §9.2). */
  psn: number
  /** The Invoke's transaction class (§8.3.1 TCL). */
  transactionClass?: number
  /** The user data (Invoke, Result and the segmented ones); empty for the others. */
  data: Uint8Array
  /** Where the PDU starts in the datagram. */
  offset: number
}

const CONCATENATED = 0x00
/** §8.1: a concatenated PDU's length is one octet when its top bit is clear, else 15 bits over two. */
const LONG_LENGTH = 0x80

/** Every WTP PDU of a datagram, in order. */
export function parseWtp (bytes: Uint8Array): WtpPdu[] {
  if (bytes.length === 0) throw bad('an empty datagram holds no WTP PDU', 0)
  if (bytes[0] !== CONCATENATED) return [parsePdu(bytes, 0, bytes.length)]
  const pdus: WtpPdu[] = []
  for (let pos = 1; pos < bytes.length;) {
    const first = bytes[pos] as number
    const long = (first & LONG_LENGTH) !== 0
    if (long && pos + 2 > bytes.length) throw bad('a concatenated PDU\'s length is cut', pos)
    const length = long ? ((first & 0x7f) << 8) | (bytes[pos + 1] as number) : first
    const start = pos + (long ? 2 : 1)
    if (length === 0 || start + length > bytes.length) throw bad(`a concatenated PDU of ${length} octets does not fit the ${bytes.length - start} left`, pos)
    pdus.push(parsePdu(bytes, start, start + length))
    pos = start + length
  }
  if (pdus.length === 0) throw bad('a concatenation of no PDU', 0)
  return pdus
}

/** One PDU in `[start, end)`: §8.3's fixed headers, then TPIs while CON is set (§8.4). */
function parsePdu (bytes: Uint8Array, start: number, end: number): WtpPdu {
  const first = bytes[start] as number
  const type = WTP_PDU_TYPES[((first >> 3) & 0x0f) as keyof typeof WTP_PDU_TYPES] as WtpPduType | undefined
  if (type === undefined) throw bad(`PDU type ${(first >> 3) & 0x0f} is not one of WAP-224's`, start)
  const need = (length: number): void => {
    if (start + length > end) throw bad(`a WTP ${type} PDU needs ${length} octets of header, has ${end - start}`, start)
  }
  need(3)
  const pdu: WtpPdu = {
    type,
    tid: ((bytes[start + 1] as number) << 8) | (bytes[start + 2] as number),
    rid: (first & 0x01) !== 0,
    gtr: false,
    ttr: false,
    psn: 0,
    data: bytes.subarray(end, end),
    offset: start,
  }
  let pos = start + 3
  const carriesData = type === 'Invoke' || type === 'Result' || type === 'SegmentedInvoke' || type === 'SegmentedResult'
  if (carriesData) {
    pdu.gtr = (first & 0x04) !== 0
    pdu.ttr = (first & 0x02) !== 0
  }
  if (type === 'Invoke') {
    need(4)
    pdu.transactionClass = (bytes[pos] as number) & 0x03
    pos++
  } else if (type === 'SegmentedInvoke' || type === 'SegmentedResult') {
    need(4)
    pdu.psn = bytes[pos] as number
    pos++
  } else if (type === 'Abort') {
    need(4)
    pos++
  } else if (type === 'NegativeAck') {
    need(4)
    pos += 1 + (bytes[pos] as number)
    if (pos > end) throw bad('a Negative Ack lists more missing packets than it holds', start + 3)
  }
  if ((first & 0x80) !== 0) pos = skipTpis(bytes, pos, end)
  if (carriesData) pdu.data = bytes.subarray(pos, end)
  return pdu
}

/** §8.4.1: each TPI's first octet says whether another follows, and its length (2 bits, or the next octet). */
function skipTpis (bytes: Uint8Array, pos: number, end: number): number {
  for (let another = true; another;) {
    if (pos >= end) throw bad('a TPI is announced and missing', pos)
    const first = bytes[pos] as number
    another = (first & 0x80) !== 0
    const long = (first & 0x04) !== 0
    if (long && pos + 2 > end) throw bad('a long TPI\'s length is cut', pos)
    const length = long ? bytes[pos + 1] as number : first & 0x03
    const next = pos + (long ? 2 : 1) + length
    if (next > end) throw bad(`a TPI of ${length} octets runs past the PDU`, pos)
    pos = next
  }
  return pos
}

function bad (message: string, offset: number): MmseError {
  return new MmseError('ERR_MMSE_BAD_WTP', message, offset)
}
