/**
 * Whether the MMSC takes an m-send-req, decided from its headers before any part is stored
 * (OMA-TS-MMS_ENC 1.3 §6.1.1): who sends it, to whom it can be delivered, until when.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { MmsAddress, MmseHeaders, TimeValue } from 'mmse'
import type { Settings } from './config.js'
import type { Refused } from './statuses.js'

export interface SendPlan {
  sender: string
  /** Every recipient once, To, Cc and Bcc alike; `peer` for one an MM4 peer serves. */
  recipients: Array<{ address: string, msisdn: string, peer?: string }>
  receivedAt: Date
  expiresAt: Date
}

/** A number an SMSC can deliver to (E.164 with or without `+`, or a national or short code). */
const MSISDN = /^\+?[0-9]{3,20}$/
/** A message expires at the earliest this long after its arrival. */
const MIN_EXPIRY_SECONDS = 60

export function planSend (headers: MmseHeaders, http: IncomingHttpHeaders, settings: Settings): SendPlan | Refused {
  if (headers.transactionId === undefined) return { refusal: 'format-corrupt', text: 'm-send-req without X-Mms-Transaction-Id' }
  if (headers.mmsVersion === undefined) return { refusal: 'format-corrupt', text: 'm-send-req without X-Mms-MMS-Version' }
  // §7.3 X-Mms-MMS-Version: a major version the receiver does not support is refused.
  if (headers.mmsVersion.split('.')[0] !== '1') return { refusal: 'unsupported', text: `MMS version ${headers.mmsVersion} is not 1.x` }
  if (headers.contentType === undefined) return { refusal: 'format-corrupt', text: 'm-send-req without Content-Type' }
  if (headers.replyCharging !== undefined) return { refusal: 'reply-charging-unsupported', text: 'this MMSC does not offer reply charging' }
  const sender = senderOf(headers, http, settings.senderHeader)
  if (typeof sender !== 'string') return sender
  const recipients = recipientsOf(headers, settings.limits.maxRecipients, (raw) => settings.mm4?.peerOf(raw))
  if (!Array.isArray(recipients)) return recipients
  const receivedAt = new Date()
  return { sender, recipients, receivedAt, expiresAt: expiry(headers.expiry, receivedAt, settings.expiry) }
}

/**
 * The sender's number. With a sender header configured, from that header alone: the operator's
 * gateway sets it, so a request without it did not come through the gateway and is refused
 * (service-denied), and a From that names another number is a forgery. Only with trustFrom
 * (senderHeader null) is a From that gives a phone number taken as the sender.
 */
function senderOf (headers: MmseHeaders, http: IncomingHttpHeaders, senderHeader: string | null): string | Refused {
  const from = headers.from !== undefined && 'address' in headers.from ? headers.from : undefined
  if (senderHeader === null) {
    if (from !== undefined && from.type === 'PLMN' && MSISDN.test(from.address)) return from.address
    return { refusal: 'service-denied', text: 'the sender cannot be identified' }
  }
  const asserted = http[senderHeader]
  if (typeof asserted !== 'string') return { refusal: 'service-denied', text: `no ${senderHeader}: the sender cannot be identified` }
  if (!MSISDN.test(asserted)) return { refusal: 'service-denied', text: `${senderHeader} is not a phone number` }
  if (from !== undefined && from.address !== asserted) return { refusal: 'service-denied', text: 'From names another sender' }
  return asserted
}

/**
 * To, Cc and Bcc, each once; only phone numbers can be notified (e-mail needs MM3); one at an
 * MM4 peer's domain is the peer's (mm4-gateway.ts), whatever part of the message named it.
 */
function recipientsOf (headers: MmseHeaders, max: number, peerOf: (raw: string) => { msisdn: string, domain: string } | undefined): SendPlan['recipients'] | Refused {
  const all: MmsAddress[] = [...headers.to ?? [], ...headers.cc ?? [], ...headers.bcc ?? []]
  if (all.length === 0) return { refusal: 'address-unresolved', text: 'no recipient' }
  const byNumber = new Map<string, SendPlan['recipients'][number]>()
  for (const recipient of all) {
    const peer = peerOf(recipient.raw)
    if (peer !== undefined) {
      const id = `${peer.msisdn}@${peer.domain}`
      if (!byNumber.has(id)) byNumber.set(id, { address: recipient.raw, msisdn: peer.msisdn, peer: peer.domain })
      continue
    }
    if (recipient.type !== 'PLMN' || !MSISDN.test(recipient.address)) {
      return { refusal: 'address-unresolved', text: `cannot deliver to ${recipient.raw.slice(0, 64)}` }
    }
    if (!byNumber.has(recipient.address)) byNumber.set(recipient.address, { address: recipient.raw, msisdn: recipient.address })
  }
  if (byNumber.size > max) return { refusal: 'service-denied', text: `more than ${max} recipients` }
  return [...byNumber.values()]
}

/** X-Mms-Expiry, absolute or relative, kept between a minute and the longest allowed; the default when absent. */
function expiry (asked: TimeValue | undefined, now: Date, limits: Settings['expiry']): Date {
  const seconds = asked === undefined
    ? limits.defaultSeconds
    : 'relative' in asked ? Number(asked.relative) : (asked.absolute.getTime() - now.getTime()) / 1000
  const kept = Math.min(Math.max(seconds, MIN_EXPIRY_SECONDS), limits.maxSeconds)
  return new Date(now.getTime() + Math.round(kept) * 1000)
}
