/**
 * MM4 (3GPP TS 23.140 §8.4): how this MMSC reaches other MMSCs over SMTP and whom it accepts
 * mail from. `domain` is this MMSC's own: its phones are `+15551234567/TYPE=PLMN@<domain>` to
 * the world, and only mail to it is taken (no open relay). `relay` is the operator's mail
 * relay, through which every MM4 message leaves, as MM4 deployments send. A peer is another
 * MMSC's domain: a recipient there is forwarded as MM4_forward.REQ, and mail from there is
 * taken when it comes from one of the peer's addresses or after SMTP AUTH with its credentials.
 */
import { MAIL_HEADERS } from 'mmse/mail'
import type { DeliveryStatus } from './notify.js'
import { checkWhole, MmscOptionError } from './options.js'
import type { ReadReport } from './read-reports.js'
import type { MessageRecord, Recipient } from './record.js'

export interface Mm4Peer {
  domain: string
  /** Source addresses its mail comes from (its MTA's, or the relay's). */
  addresses?: string[]
  /** SMTP AUTH credentials it logs in with. */
  user?: string
  password?: string
}

export interface Mm4Options {
  domain: string
  relay: { host: string, port: number }
  peers: Mm4Peer[]
  /** Bytes of one MM4 message (SMTP SIZE, RFC 1870), default 64 MiB. */
  maxMessageBytes?: number
}

export interface Mm4Settings {
  domain: string
  relay: { host: string, port: number }
  peers: Array<Mm4Peer & { addresses: string[] }>
  maxMessageBytes: number
}

/** The MM4 events worth a log line. */
export type Mm4Event =
  | { type: 'mm4-forwarded', key: string, to: string, attempt: number }
  | { type: 'mm4-failed', key: string, to: string, error: string, attempt?: number, permanent?: boolean }
  | { type: 'mm4-abandoned', key: string, to: string, attempts: number }
  | { type: 'mm4-refused', key: string, to: string, attempt: number, status: string }
  | { type: 'mm4-reported', key: string, to: string, status: string }
  | { type: 'mm4-answer', status: string }
  | { type: 'mm4-report-dropped', messageId: string }

/** What the MM1 side asks of the MM4 side (server.ts sets it on the settings). */
export interface Mm4Hooks {
  /** The number and peer domain of a recipient at a peer, as the phone wrote it; else undefined: a local recipient or none. */
  peerOf (raw: string): { msisdn: string, domain: string } | undefined
  /**
   * Attempt n of the MM4_forward.REQ of a stored message to one recipient at a peer; rejects
   * when the relay did not take it, with the SMTP `responseCode` when one answered.
   */
  forward (key: string, record: MessageRecord, recipient: Recipient, attempt: number): Promise<void>
  /** Sends the delivery report of a message that came over MM4 back to its MMSC; false for a local message. */
  reportDelivery (key: string, record: MessageRecord, recipient: Recipient, status: DeliveryStatus): Promise<boolean>
  /** Sends the read report of a message that came over MM4 back to its MMSC; false for a local message. */
  reportRead (key: string, record: MessageRecord, recipient: Recipient, report: ReadReport): Promise<boolean>
}

/** A domain name: labels of letters, digits and hyphens (RFC 1035 §2.3.1). */
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/

export function mm4Settings (options: Mm4Options): Mm4Settings {
  if (typeof options !== 'object' || options === null) throw new MmscOptionError('mm4', 'must be an object')
  const domain = checkDomain('mm4.domain', options.domain)
  if (typeof options.relay?.host !== 'string' || options.relay.host === '') throw new MmscOptionError('mm4.relay.host', 'must name the mail relay')
  checkWhole('mm4.relay.port', options.relay.port, [1, 65535])
  if (!Array.isArray(options.peers)) throw new MmscOptionError('mm4.peers', 'must be an array')
  const peers = options.peers.map((peer, i) => {
    const name = `mm4.peers[${i}]`
    const addresses = peer.addresses ?? []
    if (!Array.isArray(addresses) || addresses.some((a) => typeof a !== 'string')) throw new MmscOptionError(`${name}.addresses`, 'must be an array of addresses')
    if ((peer.user === undefined) !== (peer.password === undefined)) throw new MmscOptionError(`${name}.user`, 'and password go together')
    if (addresses.length === 0 && peer.user === undefined) throw new MmscOptionError(name, 'needs addresses or a user and password: a peer nobody can be is no peer')
    return { ...peer, domain: checkDomain(`${name}.domain`, peer.domain), addresses }
  })
  const maxMessageBytes = options.maxMessageBytes ?? 64 * 1024 * 1024
  checkWhole('mm4.maxMessageBytes', maxMessageBytes, [1024, 2 ** 40])
  return { domain, relay: { host: options.relay.host, port: options.relay.port }, peers, maxMessageBytes }
}

function checkDomain (option: string, value: unknown): string {
  if (typeof value !== 'string' || !DOMAIN.test(value.toLowerCase())) throw new MmscOptionError(option, `must be a domain name; got ${String(value)}`)
  return value.toLowerCase()
}

/** The domain of a mail address (`local@domain`), lower case, or undefined for an address without one. */
export function domainOf (address: string): string | undefined {
  const at = address.lastIndexOf('@')
  return at <= 0 ? undefined : address.slice(at + 1).toLowerCase()
}

/** The mail header of an MMSE field, as mmse/mail maps it (`messageId`: X-Mms-Message-ID). */
export function mailHeader (key: 'messageType' | 'transactionId' | 'messageId' | 'status' | 'statusText' | 'readStatus'): string {
  return (MAIL_HEADERS.find((def) => def.key === key) as { name: string }).name
}

/** A recipient at a peer as MM4 addresses it in the envelope (RCPT TO): `+15551234567/TYPE=PLMN@mms.b.example`. */
export function mm4Address (recipient: Recipient & { peer: string }): string {
  return `${recipient.msisdn}/TYPE=PLMN@${recipient.peer}`
}

/** The local part, without a quoting the SMTP client may have added. */
export function localPartOf (address: string): string {
  const local = address.slice(0, address.lastIndexOf('@'))
  return local.startsWith('"') && local.endsWith('"') ? local.slice(1, -1) : local
}

/** A phone number as MM4 addresses it: `+15551234567/TYPE=PLMN` (a bare number gets its type). */
export function plmnOf (local: string): string | undefined {
  const number = local.replace(/\/TYPE=PLMN$/i, '')
  return /^\+?[0-9]{3,20}$/.test(number) ? number : undefined
}
