/**
 * MMS addresses as mail addresses (3GPP TS 23.140 §8.4.1.4; RFC 4356 §3.1): an e-mail address
 * stays as it is; any other typed address gets the MMS Relay/Server's domain, its `/TYPE=` suffix kept
 * in the local part (`+15551234567/TYPE=PLMN@mms.example`), quoted by nodemailer where the
 * local part needs it (an IPv6 address). An address without a type, or one no local part can
 * hold (spaces, non-ASCII text), goes in the display name, before `mms@domain`, where white
 * space at its ends and in runs is folding white space (RFC 5322 §3.2.2), not kept.
 */
import addressparser from 'nodemailer/lib/addressparser'
import { parseAddress } from '../mmse/address-syntax.js'
import type { MmsAddress } from '../types.js'

export interface MailAddress {
  name: string
  address: string
}

/** Local part of the address whose display name carries the MMS address. */
const NAMED = 'mms'

const SUFFIX = '/TYPE='

/** What a local part holds, quoted where it must be (RFC 5322 §3.4.1): printable US-ASCII but '@', '"' and '\\'. */
const LOCAL_PART = /^[\x21\x23-\x3f\x41-\x5b\x5d-\x7e]+$/

export function mailAddress (address: MmsAddress, domain: string): MailAddress {
  // An e-mail address may come with its display name (RFC 5322 name-addr), which nodemailer writes
  // again. It has an '@' (address-syntax.ts), so the parser finds a mailbox in it.
  if (address.type === 'email') return addressparser(address.raw, { flatten: true })[0] as MailAddress
  if (address.raw.includes(SUFFIX) && LOCAL_PART.test(address.raw)) {
    return { name: '', address: `${address.raw}@${domain}` }
  }
  return { name: address.raw, address: `${NAMED}@${domain}` }
}

/** Inverse of mailAddress(), for an address as nodemailer's addressparser gives it. */
export function mmsAddress ({ name, address }: MailAddress): MmsAddress {
  const at = address.lastIndexOf('@')
  const local = unquoted(address.slice(0, at))
  if (at > 0 && local === NAMED && name !== '') return parseAddress({ text: name })
  if (at > 0 && local.includes(SUFFIX)) return parseAddress({ text: local })
  return parseAddress({ text: name === '' ? address : `${name} <${address}>` })
}

/** A quoted local part (RFC 5322 §3.2.4) without its quotes and escapes. */
function unquoted (local: string): string {
  return local.startsWith('"') && local.endsWith('"') && local.length > 1 ? local.slice(1, -1).replace(/\\(.)/g, '$1') : local
}
