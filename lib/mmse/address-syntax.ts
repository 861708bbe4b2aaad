/**
 * MMS addresses (OMA-TS-MMS_ENC 1.3 §8): the text of To, Cc, Bcc, From and Previously-Sent-By,
 * `address/TYPE=type` where the type is PLMN, IPv4, IPv6 or another token, or an e-mail address
 * without a suffix. The one place where the suffix is split off, put back, and guessed.
 */
import { badInput } from '../errors.js'
import type { AddressType, EncodedText, MmsAddress } from '../types.js'

const SUFFIX = '/TYPE='

/** The spelling of each type the specification names, by its lower-case form. */
const TYPES: ReadonlyMap<string, AddressType> = new Map([['plmn', 'PLMN'], ['ipv4', 'IPv4'], ['ipv6', 'IPv6']])

/** An address as the encoder takes it: as decoded, a plain string such as `'+15551234567/TYPE=PLMN'`, or its parts. */
export type AddressInput = MmsAddress | string | {
  address: string
  type?: AddressType
  raw?: string
  charset?: string
  mib?: number
  bytes?: Uint8Array
}

/** Splits the `/TYPE=` suffix; an address without one is an e-mail address if it has an '@'. */
export function parseAddress (value: EncodedText): MmsAddress {
  const raw = value.text
  const slash = raw.lastIndexOf(SUFFIX)
  const address: MmsAddress = slash === -1
    ? { address: raw, type: raw.includes('@') ? 'email' : 'unknown', raw }
    : { address: raw.slice(0, slash), type: TYPES.get(raw.slice(slash + SUFFIX.length).toLowerCase()) ?? raw.slice(slash + SUFFIX.length), raw }
  if (value.charset !== undefined) address.charset = value.charset
  if (value.mib !== undefined) address.mib = value.mib
  // The text's undecoded octets, under the name an address gives them (its `raw` is the text as sent).
  if (value.raw !== undefined) address.bytes = value.raw
  return address
}

/** An address as text: the raw form as sent, or the address with its `/TYPE=` suffix. */
export function addressText (value: AddressInput): EncodedText {
  if (typeof value === 'string') return { text: value }
  if (typeof value !== 'object' || value === null || typeof value.address !== 'string') throw badInput('an address needs its text')
  const type = value.type
  const text = value.raw ?? (type === undefined || type === 'email' || type === 'unknown' ? value.address : `${value.address}${SUFFIX}${type}`)
  const out: EncodedText = { text }
  if (value.charset !== undefined) out.charset = value.charset
  if (value.mib !== undefined) out.mib = value.mib
  if (value.bytes !== undefined) out.raw = value.bytes
  return out
}

/**
 * A bare address with its type made explicit, as §8 wants: a phone number gets `/TYPE=PLMN`, a
 * dotted quad `/TYPE=IPv4`; e-mail addresses and typed addresses stay as they are.
 */
export function withType (value: string): string {
  if (value.includes(SUFFIX) || value.includes('@')) return value
  if (/^\+?[0-9*#]+$/.test(value)) return `${value}${SUFFIX}PLMN`
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) return `${value}${SUFFIX}IPv4`
  return value
}
