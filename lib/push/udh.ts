/**
 * The SMS User Data Header that carries a WAP Push (3GPP TS 23.040 §9.2.3.24): application
 * port addressing (IEI 0x04 8-bit, 0x05 16-bit; §9.2.3.24.3-4) and concatenation (IEI 0x00
 * 8-bit reference, 0x08 16-bit; §9.2.3.24.1, .8), read by `parseUserData` and written by
 * `encodeUserDataHeader`.
 */
import { type BytesLike, toBytes, toObject } from '../bytes/argument.js'
import { badInput, MmseError } from '../errors.js'
import { hex } from '../bytes/octets.js'

/** The IANA port of connectionless WAP Push (WAP-259 WDP, Appendix B): 2948; 2949 is the WTLS one. */
export const WAP_PUSH_PORT = 2948
export const WAP_PUSH_SECURE_PORT = 2949
/** The port of the WSP connectionless session service (WAP-259 Appendix B), a push's source port. */
export const WAP_WSP_PORT = 9200

/** Octets of user data in one SMS with 8-bit data coding (3GPP TS 23.040 §9.2.3.16 TP-UDL), UDH included. */
export const SMS_USER_DATA_MAX = 140
/** A concatenated message has at most 255 segments: the count is one octet (§9.2.3.24.1). */
export const MAX_SEGMENTS = 255

/** The information elements of a User Data Header that matter to a push. */
export interface UserDataHeader {
  /** Application port addressing, IEI 0x04 (8-bit) or 0x05 (16-bit). */
  ports?: { destination: number, source: number, bits: 8 | 16 }
  /** Concatenated short message, IEI 0x00 (8-bit reference) or 0x08 (16-bit reference). */
  concat?: { reference: number, total: number, sequence: number, bits: 8 | 16 }
  /** Every element as sent, those above included, in wire order. */
  elements: Array<{ iei: number, data: Uint8Array }>
}

/** SMS user data split into its header and the octets after it. */
export interface UserData {
  header: UserDataHeader
  payload: Uint8Array
  /** Offset of the payload in the user data: 1 + UDHL. */
  payloadOffset: number
}

/** IEIs of 3GPP TS 23.040 §9.2.3.24 and the data length each must have. */
const IEI_CONCAT_8 = 0x00
const IEI_PORTS_8 = 0x04
const IEI_PORTS_16 = 0x05
const IEI_CONCAT_16 = 0x08
const IE_LENGTHS: ReadonlyMap<number, number> = new Map([[IEI_CONCAT_8, 3], [IEI_PORTS_8, 2], [IEI_PORTS_16, 4], [IEI_CONCAT_16, 4]])

/**
 * The User Data Header for `header`: UDHL, then the ports element, then the concatenation
 * element (the order Kannel and most SMSCs use; a reader takes them in any order). The bytes go
 * in front of the segment's payload, and `parseUserData` reads them back.
 */
export function encodeUserDataHeader (header: Omit<UserDataHeader, 'elements'>): Uint8Array {
  toObject(header, 'header')
  const octets: number[] = []
  const element = (iei: number, data: number[]): void => {
    octets.push(iei, IE_LENGTHS.get(iei) as number, ...data)
  }
  if (header.ports !== undefined) {
    checkElement(header.ports, 'ports')
    const { destination, source, bits } = header.ports
    checkBits(bits, 'ports')
    checkRange(destination, bits, 'destination port')
    checkRange(source, bits, 'source port')
    if (bits === 8) element(IEI_PORTS_8, [destination, source])
    else element(IEI_PORTS_16, [...u16(destination), ...u16(source)])
  }
  if (header.concat !== undefined) {
    checkElement(header.concat, 'concat')
    const { reference, total, sequence, bits } = header.concat
    checkBits(bits, 'concatenation reference')
    checkRange(reference, bits, 'concatenation reference')
    if (!Number.isInteger(total) || total < 1 || total > MAX_SEGMENTS) throw badInput(`concatenation total ${total} is not 1-${MAX_SEGMENTS}`, 'UDH')
    if (!Number.isInteger(sequence) || sequence < 1 || sequence > total) throw badInput(`concatenation sequence ${sequence} is not 1-${total}`, 'UDH')
    if (bits === 8) element(IEI_CONCAT_8, [reference, total, sequence])
    else element(IEI_CONCAT_16, [...u16(reference), total, sequence])
  }
  return Uint8Array.from([octets.length, ...octets])
}

function u16 (value: number): number[] {
  return [value >> 8, value & 0xff]
}

function checkElement (element: unknown, what: string): void {
  if (typeof element !== 'object' || element === null) throw badInput(`${what} must be an object, not ${String(element)}`, 'UDH')
}

function checkBits (bits: number, what: string): void {
  if (bits !== 8 && bits !== 16) throw badInput(`${what}: bits must be 8 or 16, not ${String(bits)}`, 'UDH')
}

function checkRange (value: number, bits: 8 | 16, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits) throw badInput(`${what} ${value} does not fit ${bits} bits`, 'UDH')
}

/** Splits SMS user data (TP-UDHI set) into its User Data Header and payload. */
export function parseUserData (input: BytesLike): UserData {
  const bytes = toBytes(input, 'bytes')
  if (bytes.length === 0) throw new MmseError('ERR_MMSE_BAD_PUSH', 'empty user data: no UDHL', 0)
  const udhl = bytes[0] as number
  const end = 1 + udhl
  if (end > bytes.length) throw new MmseError('ERR_MMSE_BAD_PUSH', `UDHL ${udhl} runs past the end of the user data (${bytes.length - 1} octets left)`, 0)
  const header: UserDataHeader = { elements: [] }
  for (let pos = 1; pos < end;) {
    if (pos + 2 > end) throw new MmseError('ERR_MMSE_BAD_PUSH', 'information element cut by the end of the UDH', pos)
    const iei = bytes[pos] as number
    const length = bytes[pos + 1] as number
    const data = bytes.subarray(pos + 2, pos + 2 + length)
    if (pos + 2 + length > end) throw new MmseError('ERR_MMSE_BAD_PUSH', `information element 0x${hex(iei)} of ${length} octets runs past the end of the UDH`, pos)
    const expected = IE_LENGTHS.get(iei)
    if (expected !== undefined && expected !== length) {
      throw new MmseError('ERR_MMSE_BAD_PUSH', `information element 0x${hex(iei)} must hold ${expected} octets, not ${length}`, pos)
    }
    header.elements.push({ iei, data })
    element(header, iei, data, pos)
    pos += 2 + length
  }
  return { header, payload: bytes.subarray(end), payloadOffset: end }
}

function element (header: UserDataHeader, iei: number, data: Uint8Array, pos: number): void {
  const u16 = (at: number): number => ((data[at] as number) << 8) | (data[at + 1] as number)
  switch (iei) {
    case IEI_PORTS_8:
      header.ports = { destination: data[0] as number, source: data[1] as number, bits: 8 }
      return
    case IEI_PORTS_16:
      header.ports = { destination: u16(0), source: u16(2), bits: 16 }
      return
    case IEI_CONCAT_8:
    case IEI_CONCAT_16: {
      const bits = iei === IEI_CONCAT_8 ? 8 : 16
      const reference = bits === 8 ? data[0] as number : u16(0)
      const total = data[bits / 8] as number
      const sequence = data[bits / 8 + 1] as number
      if (total === 0 || sequence === 0 || sequence > total) {
        throw new MmseError('ERR_MMSE_BAD_PUSH', `concatenation says segment ${sequence} of ${total}`, pos)
      }
      header.concat = { reference, total, sequence, bits }
    }
  }
}

