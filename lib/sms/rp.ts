/**
 * The RP layer around an SMS TPDU (3GPP TS 24.011 §7.3, §8.2): what SMS over IMS carries in a
 * SIP MESSAGE (3GPP TS 24.341 §7.3). RP-DATA holds a TPDU; RP-ACK, RP-ERROR and RP-SMMA hold
 * none a push needs and are read as such.
 */
import { MmseError } from '../errors.js'
import { rpAddress } from './address.js'

export interface RpData {
  /** From the network to the phone: the TPDU is an SMS-DELIVER. */
  fromNetwork: boolean
  reference: number
  /** RP-Originator Address (the service centre, network to phone) and RP-Destination Address (it, phone to network). */
  originator: string
  destination: string
  tpdu: Uint8Array
}

/** §8.2.2 Table 8.3: the message type indicator, 3 bits. */
const RP_DATA_FROM_PHONE = 0x00
const RP_DATA_FROM_NETWORK = 0x01
const RP_MTI = 0x07
/** Types 2-7: RP-ACK, RP-ERROR (both ways), RP-SMMA; none carries a TPDU to read. */
const LAST_TYPE = 0x06

/** The RP-DATA of `bytes`, or undefined for another RP message. */
export function parseRp (bytes: Uint8Array): RpData | undefined {
  if (bytes.length < 2) throw bad(`an RP message needs 2 octets, has ${bytes.length}`, 0)
  const type = (bytes[0] as number) & RP_MTI
  if (type > LAST_TYPE) throw bad(`RP message type ${type} is reserved`, 0)
  if (type !== RP_DATA_FROM_PHONE && type !== RP_DATA_FROM_NETWORK) return undefined
  const originator = rpAddress(bytes, 2, bytes.length)
  const destination = rpAddress(bytes, originator.next, bytes.length)
  const at = destination.next
  if (at >= bytes.length) throw bad('RP-DATA ends before its RP-User Data', at)
  const length = bytes[at] as number
  if (at + 1 + length > bytes.length) throw bad(`RP-User Data of ${length} octets runs past the RP message`, at)
  return {
    fromNetwork: type === RP_DATA_FROM_NETWORK,
    reference: bytes[1] as number,
    originator: originator.value,
    destination: destination.value,
    tpdu: bytes.subarray(at + 1, at + 1 + length),
  }
}

function bad (message: string, offset: number): MmseError {
  return new MmseError('ERR_MMSE_BAD_SMS', message, offset)
}
