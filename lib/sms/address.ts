/**
 * SMS addresses: the TP addresses of a TPDU (3GPP TS 23.040 §9.1.2.5: a length in digits, the
 * type of address, semi-octets or, for type of number 101, GSM 7-bit text) and the RP addresses
 * around it (3GPP TS 24.011 §8.2.5.1-2: a length in octets, then the same type and semi-octets),
 * read as text: digits, with '+' for an international number.
 */
import { MmseError } from '../errors.js'
import { GSM_DEFAULT_ALPHABET } from '../tables/gsm-alphabet.js'

/** §9.1.2.3: semi-octets 0-9, then '*', '#', 'a', 'b', 'c'; 0xF fills the last octet. */
const SEMI_OCTETS = '0123456789*#abc'
const FILLER = 0x0f
const TYPE_OF_NUMBER = 0x70
const INTERNATIONAL = 0x10
const ALPHANUMERIC = 0x50

export interface Read<T> {
  value: T
  next: number
}

/** A TP-Originating- or TP-Destination-Address at `pos`. */
export function tpAddress (bytes: Uint8Array, pos: number, end: number): Read<string> {
  if (pos + 2 > end) throw bad('a TP address is cut', pos)
  const digits = bytes[pos] as number
  const type = bytes[pos + 1] as number
  const next = pos + 2 + Math.ceil(digits / 2)
  if (next > end) throw bad(`a TP address of ${digits} digits runs past the TPDU`, pos)
  if ((type & TYPE_OF_NUMBER) === ALPHANUMERIC) return { value: septets(bytes.subarray(pos + 2, next), Math.floor(digits * 4 / 7)), next }
  return { value: number(type, bytes.subarray(pos + 2, next)), next }
}

/** An RP-Originator or RP-Destination Address at `pos` (empty when its length is 0). */
export function rpAddress (bytes: Uint8Array, pos: number, end: number): Read<string> {
  if (pos >= end) throw bad('an RP address is cut', pos)
  const length = bytes[pos] as number
  const next = pos + 1 + length
  if (next > end) throw bad(`an RP address of ${length} octets runs past the RP message`, pos)
  if (length === 0) return { value: '', next }
  return { value: number(bytes[pos + 1] as number, bytes.subarray(pos + 2, next)), next }
}

function number (type: number, octets: Uint8Array): string {
  let out = (type & TYPE_OF_NUMBER) === INTERNATIONAL ? '+' : ''
  for (const octet of octets) {
    for (const nibble of [octet & 0x0f, octet >> 4]) {
      if (nibble !== FILLER) out += SEMI_OCTETS[nibble] as string
    }
  }
  return out
}

/** GSM 7-bit packed septets (3GPP TS 23.038 §6.1.2.1.1), least significant bits first. */
function septets (octets: Uint8Array, count: number): string {
  let out = ''
  for (let n = 0; n < count; n++) {
    const bit = n * 7
    const at = bit >> 3
    const pair = (octets[at] as number) | ((octets[at + 1] ?? 0) << 8)
    out += GSM_DEFAULT_ALPHABET[(pair >> (bit & 7)) & 0x7f] as string
  }
  return out
}

function bad (message: string, offset: number): MmseError {
  return new MmseError('ERR_MMSE_BAD_SMS', message, offset)
}
