/**
 * The SMS User Data Header that carries a WAP Push (3GPP TS 23.040 §9.2.3.24): application
 * port addressing (IEI 0x04 8-bit, 0x05 16-bit; §9.2.3.24.3-4) and concatenation (IEI 0x00
 * 8-bit reference, 0x08 16-bit; §9.2.3.24.1, .8).
 */
import { MmseError } from '../errors.js'
import { hex } from '../wsp/octets.js'

/** The IANA port of connectionless WAP Push (WAP-259 WDP, Appendix B): 2948; 2949 is the WTLS one. */
export const WAP_PUSH_PORT = 2948
export const WAP_PUSH_SECURE_PORT = 2949

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

/** Splits SMS user data (TP-UDHI set) into its User Data Header and payload. */
export function parseUserData (bytes: Uint8Array): UserData {
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

