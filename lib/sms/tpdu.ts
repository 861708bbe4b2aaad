/**
 * The SMS TPDUs that carry user data to and from a phone (3GPP TS 23.040 §9.2.2): SMS-DELIVER
 * (network to phone) and SMS-SUBMIT (phone to network), read as far as a push needs them: the
 * other party's address, whether the user data starts with a header (TP-UDHI), whether it is
 * 8-bit data (TP-DCS, 3GPP TS 23.038 §4), and the user data itself.
 */
import { MmseError } from '../errors.js'
import { tpAddress } from './address.js'

export interface SmsTpdu {
  type: 'SMS-DELIVER' | 'SMS-SUBMIT'
  /** TP-OA of a DELIVER, TP-DA of a SUBMIT. */
  address: string
  udhi: boolean
  /** TP-DCS says 8-bit data: TP-UDL counts octets, and the user data is binary (a push's is). */
  eightBit: boolean
  userData: Uint8Array
  /** The TPDU ended before TP-UDL octets of user data. */
  cut: boolean
}

const MTI = 0x03
const DELIVER = 0x00
const SUBMIT = 0x01
const UDHI = 0x40
/** §9.2.3.3 TP-VPF, bits 4-3 of a SUBMIT: none, enhanced (7 octets), relative (1), absolute (7). */
const VALIDITY_LENGTHS = [0, 7, 1, 7]
/** §9.2.3.11: TP-SCTS, 7 semi-octet pairs. */
const SCTS_LENGTH = 7

/**
 * The TPDU, SMS-DELIVER when it comes from the network, SMS-SUBMIT when from a phone (the
 * message type indicator means different things each way, §9.2.3.1); undefined for the other
 * types (reports, commands), which carry no push.
 */
export function parseTpdu (bytes: Uint8Array, fromNetwork: boolean): SmsTpdu | undefined {
  if (bytes.length === 0) throw bad('an empty TPDU', 0)
  const first = bytes[0] as number
  const mti = first & MTI
  let pos: number
  let address
  if (fromNetwork && mti === DELIVER) {
    address = tpAddress(bytes, 1, bytes.length)
    pos = address.next + 2 + SCTS_LENGTH
  } else if (!fromNetwork && mti === SUBMIT) {
    address = tpAddress(bytes, 2, bytes.length)
    pos = address.next + 2 + (VALIDITY_LENGTHS[(first >> 3) & 0x03] as number)
  } else {
    return undefined
  }
  if (pos + 1 > bytes.length) throw bad('the TPDU ends before its TP-UDL', bytes.length)
  const dcs = bytes[address.next + 1] as number
  const eightBit = isEightBit(dcs)
  const declared = bytes[pos] as number
  // 7-bit data counts septets (§9.2.3.16), packed: the octets they fill.
  const length = eightBit ? declared : Math.ceil(declared * 7 / 8)
  const userData = bytes.subarray(pos + 1, pos + 1 + length)
  return {
    type: fromNetwork ? 'SMS-DELIVER' : 'SMS-SUBMIT',
    address: address.value,
    udhi: (first & UDHI) !== 0,
    eightBit,
    userData,
    cut: userData.length < length,
  }
}

/** 3GPP TS 23.038 §4: 8-bit data in the general groups (00xx, 01xx: alphabet bits 01) and in group 1111 (bit 2). */
function isEightBit (dcs: number): boolean {
  if ((dcs & 0x80) === 0) return (dcs & 0x0c) === 0x04
  return (dcs & 0xf0) === 0xf0 && (dcs & 0x04) !== 0
}

function bad (message: string, offset: number): MmseError {
  return new MmseError('ERR_MMSE_BAD_SMS', message, offset)
}
