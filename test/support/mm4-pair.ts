/**
 * Two MMSCs with MM4 between them, for the tests: A (mms.a.example) and B (mms.b.example), each
 * with a recording notifier and its SMTP side on a free loopback port. `relay(a, b)` says where
 * each sends its mail: straight to the other's SMTP port, or through an MTA. Phone A submits to
 * a number at B's domain, phone B fetches, both answer: the helpers here.
 */
import { createHash } from 'node:crypto'
import type { Test } from 'tap'
import { buildNotifyRespInd, buildSendReq, decode, encode, type MmseHeaders } from '../../lib/index.js'
import type { Mm4Options } from '../../examples/mmsc/mm4-config.js'
import { get, post } from './mmsc-client.js'
import { type Harness, startMmsc } from './mmsc-harness.js'
import { seededBytes } from './mmsc-streams.js'
import { freePort } from './ports.js'
import { within } from './within.js'

export const A_DOMAIN = 'mms.a.example'
export const B_DOMAIN = 'mms.b.example'
export const PHONE_A = '+15550001001'
export const PHONE_B = '+15550002002'

export const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/**
 * A and B, each SMTP side listening on its port; `relayOf` says where each sends its mail,
 * knowing both ports: the other's SMTP port, or an MTA's.
 */
export async function startPair (
  t: Test,
  relayOf: (own: 'a' | 'b', ports: { a: number, b: number }) => Promise<{ host: string, port: number }> | { host: string, port: number },
  peers: { a?: Mm4Options['peers'], b?: Mm4Options['peers'] } = {},
  maxMessageBytes?: number,
): Promise<{ a: Harness, b: Harness, ports: { a: number, b: number } }> {
  const ports = { a: await freePort(), b: await freePort() }
  const a = await startMmsc(t, { trustFrom: true, mm4: { domain: A_DOMAIN, relay: await relayOf('a', ports), peers: peers.a ?? [{ domain: B_DOMAIN, addresses: ['127.0.0.1'] }], ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }) } })
  const b = await startMmsc(t, { trustFrom: true, mm4: { domain: B_DOMAIN, relay: await relayOf('b', ports), peers: peers.b ?? [{ domain: A_DOMAIN, addresses: ['127.0.0.1'] }] } })
  await (a.mmsc.mm4 as NonNullable<typeof a.mmsc.mm4>).listen(ports.a, '127.0.0.1')
  await (b.mmsc.mm4 as NonNullable<typeof b.mmsc.mm4>).listen(ports.b, '127.0.0.1')
  return { a, b, ports }
}

export const PARTS = [
  { contentType: 'image/jpeg', data: seededBytes(21, 250_000), name: 'photo.jpg' },
  { contentType: 'text/plain', data: 'Hallo B, Grüße aus A' },
  { contentType: 'audio/amr', data: seededBytes(22, 30_000), name: 'voice.amr' },
]

/** Phone A sends to phone B at B's domain over MM1, asking a delivery report (and what `headers` add); resolves with A's m-send-conf. */
export async function sendAtoB (a: Harness, to = `${PHONE_B}/TYPE=PLMN@${B_DOMAIN}`, headers: MmseHeaders = {}): Promise<MmseHeaders> {
  const request = encode(buildSendReq({ from: `${PHONE_A}/TYPE=PLMN`, to, subject: 'Über MM4', parts: PARTS as never, headers: { deliveryReport: true, ...headers } }))
  return decode((await post(a.url, request)).body).headers
}

/** What a recording notifier was handed: the MMSE PDU the WAP Push carries. */
export function pushed (pdu: Uint8Array): MmseHeaders {
  return decode(pdu).headers
}

/** Phone B: its notification, the message fetched, every part's sha256, then its m-notifyresp-ind. */
export async function retrieveAtB (t: Test, b: Harness): Promise<{ notification: MmseHeaders, parts: string[], headers: MmseHeaders }> {
  const [push] = await within(b.notifier.reached(1), 20_000, 'B\'s notification').catch((err: Error) => { t.comment(JSON.stringify(b.events)); throw err })
  t.equal(push?.to, PHONE_B, 'B: notified by WAP Push')
  const notification = pushed((push as { pdu: Uint8Array }).pdu)
  const conf = decode((await get(notification.contentLocation as string)).body)
  t.equal((await post(b.url, encode(buildNotifyRespInd({ transactionId: notification.transactionId as string, status: 'retrieved' })))).status, 204)
  return { notification, parts: conf.parts.map((part) => sha(part.data)), headers: conf.headers }
}

export const SENT_PARTS = (): string[] => PARTS.map((part) => sha(typeof part.data === 'string' ? Buffer.from(part.data) : part.data))
