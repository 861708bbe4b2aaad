/**
 * What the MMSC keeps about a message besides its parts: the entry `message.json` under the
 * message's key, written last in the store transaction. It holds everything retrieval,
 * notification and delivery reports need, so that no state lives in the server's memory.
 */
import { timingSafeEqual } from 'node:crypto'
import type { ContentType, EncodeHeaders, PartHeaders } from 'mmse'
import type { MessageStore } from 'mmse/store'
import { fromTagged, type Tagged, toTagged } from './tagged-json.js'

export const RECORD_ENTRY = 'message.json'
const FORMAT = 1

export interface StoredPart {
  /** The store entry holding the data, as sent (transfer encoding kept). */
  entry: string
  size: number
  contentType: ContentType
  headers: PartHeaders
}

export interface Recipient {
  /** As the sender wrote it, e.g. `+15551234567/TYPE=PLMN`: the To of a delivery report. */
  address: string
  /** The number to push to (at a peer: the number the peer's MMSC serves). */
  msisdn: string
  token: string
  /**
   * The domain of the MM4 peer that serves this recipient (mm4-config.ts): the message goes to
   * it as MM4_forward.REQ instead of a notification, and it fetches nothing here. Absent for
   * this MMSC's own subscribers. Bcc recipients are kept here as To and Cc ones are: MM4
   * carries them in the envelope only (3GPP TS 23.140 §8.4.1).
   */
  peer?: string
}

export interface MessageRecord {
  messageId: string
  receivedAt: Date
  expiresAt: Date
  /** The sender's MMS version (its m-send-req's X-Mms-MMS-Version). */
  mmsVersion: string
  /** The sender's number, for From and for delivery reports. */
  sender: string
  /** False when the sender asked X-Mms-Sender-Visibility: hide. */
  senderVisible: boolean
  /** X-Mms-Delivery-Report: yes in the m-send-req. */
  deliveryReport: boolean
  /** Bytes of the m-send-req: the X-Mms-Message-Size of the notification. */
  size: number
  /** The sender's header fields that the m-retrieve-conf carries on (From, Message-ID, Date and Content-Type aside). */
  headers: EncodeHeaders
  contentType: ContentType
  parts: StoredPart[]
  recipients: Recipient[]
}

interface RecordJson {
  format: number
  messageId: string
  receivedAt: string
  expiresAt: string
  mmsVersion: string
  sender: string
  senderVisible: boolean
  deliveryReport: boolean
  size: number
  headers: Tagged
  contentType: Tagged
  parts: Array<{ entry: string, size: number, contentType: Tagged, headers: Tagged }>
  recipients: Recipient[]
}

/** The record as stored: UTF-8 JSON, whose length intake holds to limits.maxRecordBytes (servable.ts). */
export function recordJson (record: MessageRecord): string {
  const json: RecordJson = {
    format: FORMAT,
    messageId: record.messageId,
    receivedAt: record.receivedAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    mmsVersion: record.mmsVersion,
    sender: record.sender,
    senderVisible: record.senderVisible,
    deliveryReport: record.deliveryReport,
    size: record.size,
    headers: toTagged(record.headers),
    contentType: toTagged(record.contentType),
    parts: record.parts.map(part => ({ entry: part.entry, size: part.size, contentType: toTagged(part.contentType), headers: toTagged(part.headers) })),
    recipients: record.recipients,
  }
  return JSON.stringify(json)
}

export function parseRecord (text: string): MessageRecord {
  const json = JSON.parse(text) as RecordJson
  if (json.format !== FORMAT) throw new Error(`message record format ${String(json.format)} is not ${FORMAT}`)
  return {
    messageId: json.messageId,
    receivedAt: new Date(json.receivedAt),
    expiresAt: new Date(json.expiresAt),
    mmsVersion: json.mmsVersion,
    sender: json.sender,
    senderVisible: json.senderVisible,
    deliveryReport: json.deliveryReport,
    size: json.size,
    headers: fromTagged(json.headers) as EncodeHeaders,
    contentType: fromTagged(json.contentType) as ContentType,
    parts: json.parts.map(part => ({
      entry: part.entry,
      size: part.size,
      contentType: fromTagged(part.contentType) as ContentType,
      headers: fromTagged(part.headers) as PartHeaders,
    })),
    recipients: json.recipients,
  }
}

/**
 * The record of a committed message, or undefined when there is none under the key. One larger
 * than `maxBytes` (limits.maxRecordBytes, which intake checked before committing) is not ours
 * and is not read into memory.
 */
export async function loadRecord (store: MessageStore, key: string, maxBytes: number): Promise<MessageRecord | undefined> {
  const chunks: Buffer[] = []
  let length = 0
  try {
    for await (const chunk of store.read(key, RECORD_ENTRY)) {
      length += (chunk as Buffer).length
      if (length > maxBytes) throw new Error(`message record of ${key} exceeds ${maxBytes} bytes`)
      chunks.push(chunk as Buffer)
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  return parseRecord(Buffer.concat(chunks).toString('utf8'))
}

/**
 * The subscriber of this MMSC a token was given to (compared in constant time: the token is a
 * capability). A recipient at a peer fetches and answers nothing here: its MMSC has the message.
 */
export function findRecipient (record: MessageRecord, token: string): Recipient | undefined {
  const wanted = Buffer.from(token)
  return record.recipients.find(recipient => {
    if (recipient.peer !== undefined) return false
    const own = Buffer.from(recipient.token)
    return own.length === wanted.length && timingSafeEqual(own, wanted)
  })
}
