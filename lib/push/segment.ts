/**
 * SMS segmentation of a WAP Push (3GPP TS 23.040 §9.2.3.24; WAP-259 WDP over GSM SMS): the
 * user data of each 8-bit SMS, a User Data Header with application ports (§9.2.3.24.3-4) and,
 * when the push needs more than one SMS, concatenation (§9.2.3.24.1 / .8), then a slice of the
 * push. `PushAssembler` is the inverse.
 */
import { type BytesLike, toBytes, toOptions } from '../bytes/argument.js'
import { MmseError } from '../errors.js'
import { encodeUserDataHeader, MAX_SEGMENTS, SMS_USER_DATA_MAX, type UserDataHeader, WAP_PUSH_PORT, WAP_WSP_PORT } from './udh.js'

export interface SegmentOptions {
  /** Application ports (default destination 2948, source 9200, 16-bit). */
  ports?: { destination?: number, source?: number, bits?: 8 | 16 }
  /** Concatenation reference (default: a counter; 8-bit unless referenceBits is 16). */
  reference?: number
  referenceBits?: 8 | 16
}

/**
 * The reference of the next concatenated push that names none. A phone keys reassembly by
 * originator and reference, so consecutive pushes to one phone must differ: a counter does
 * that (and keeps the output reproducible, where a random value would not).
 */
let counter = 0

/**
 * The SMS user data (UDH + payload) of each segment, in sequence order, each at most 140
 * octets. One segment has no concatenation element; more than 255 cannot be numbered and are
 * ERR_MMSE_BAD_INPUT, with the offset of the first octet of the push that does not fit.
 */
export function segmentPush (input: BytesLike, given?: SegmentOptions): Uint8Array[] {
  const pdu = toBytes(input, 'pdu')
  const options = toOptions<SegmentOptions>(given)
  const ports: Required<UserDataHeader>['ports'] = {
    destination: options.ports?.destination ?? WAP_PUSH_PORT,
    source: options.ports?.source ?? WAP_WSP_PORT,
    bits: options.ports?.bits ?? 16,
  }
  const bits = options.referenceBits ?? 8
  // Written once with the largest values the segments will carry, so bad options fail even for one segment.
  const concatLength = encodeUserDataHeader({ ports, concat: { reference: options.reference ?? 0, total: MAX_SEGMENTS, sequence: MAX_SEGMENTS, bits } }).length
  const single = encodeUserDataHeader({ ports })
  if (single.length + pdu.length <= SMS_USER_DATA_MAX) return [join(single, pdu)]
  const room = SMS_USER_DATA_MAX - concatLength
  const total = Math.ceil(pdu.length / room)
  if (total > MAX_SEGMENTS) {
    throw new MmseError('ERR_MMSE_BAD_INPUT', `a push of ${pdu.length} octets needs ${total} SMS segments; at most ${MAX_SEGMENTS} (${MAX_SEGMENTS * room} octets with this header) can be concatenated`, MAX_SEGMENTS * room, { field: 'UDH', limit: MAX_SEGMENTS })
  }
  const reference = options.reference ?? nextReference(bits)
  const segments: Uint8Array[] = []
  for (let sequence = 1; sequence <= total; sequence++) {
    const header = encodeUserDataHeader({ ports, concat: { reference, total, sequence, bits } })
    segments.push(join(header, pdu.subarray((sequence - 1) * room, sequence * room)))
  }
  return segments
}

function nextReference (bits: 8 | 16): number {
  counter = (counter + 1) % 2 ** 16
  return counter % 2 ** bits
}

function join (header: Uint8Array, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(header.length + payload.length)
  out.set(header)
  out.set(payload, header.length)
  return out
}
