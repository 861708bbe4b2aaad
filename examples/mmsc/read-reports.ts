/**
 * Read reports (MMS 1.2, OMA-TS-MMS_ENC 1.3 §6.7.2): a recipient's phone POSTs an
 * m-read-rec-ind once the message was read (or deleted unread), and the MMSC pushes an
 * m-read-orig-ind to the originator, as it does a delivery report; only when the originator
 * asked (X-Mms-Read-Report: Yes in its m-send-req) and the recipient allowed it (its phone sends
 * the m-read-rec-ind only then, and may say X-Mms-Report-Allowed: No), and at most once per
 * recipient.
 *
 * The m-read-rec-ind names the message by its Message-ID, which is the message's store key
 * (ids.ts), and the reader by its number: the operator's sender header, as for a submission,
 * or, with trustFrom, the From the phone wrote. A reader that is not a recipient of that
 * message reports nothing.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { EncodeMessage, MmseHeaders } from 'mmse'
import type { Settings } from './config.js'
import { MMS_VERSION } from './notify.js'
import { loadRecord, type MessageRecord, type Recipient } from './record.js'
import type { Retries } from './retries.js'

/** What the originator is told: X-Mms-Read-Status, and when the recipient read it. */
export interface ReadReport {
  readStatus: 'read' | 'deleted-without-being-read'
  /** ISO 8601: the m-read-rec-ind's Date, or when it arrived. */
  date: string
}

const MESSAGE_ID = /^[0-9a-f]{24}$/

export async function handleReadReport (settings: Settings, retries: Retries, headers: MmseHeaders, http: IncomingHttpHeaders): Promise<void> {
  const key = headers.messageId
  if (typeof key !== 'string' || !MESSAGE_ID.test(key)) return
  const reader = readerOf(settings, headers, http)
  const record = reader === undefined ? undefined : await loadRecord(settings.store, key, settings.limits.maxRecordBytes)
  const recipient = record?.recipients.find(candidate => candidate.peer === undefined && candidate.msisdn === reader)
  if (record === undefined || recipient === undefined) return
  const readStatus = headers.readStatus === 'deleted-without-being-read' ? headers.readStatus : 'read'
  settings.log({ type: 'read', key, from: recipient.msisdn, status: readStatus })
  if (record.headers.readReport !== true || headers.reportAllowed === false) return
  const date = (headers.date instanceof Date ? headers.date : new Date()).toISOString()
  await retries.reportRead(key, record, recipient, { readStatus, date })
}

/** The reader's number: from the sender header when one is configured, else from From. */
function readerOf (settings: Settings, headers: MmseHeaders, http: IncomingHttpHeaders): string | undefined {
  if (settings.senderHeader !== null) {
    const asserted = http[settings.senderHeader]
    return typeof asserted === 'string' ? asserted : undefined
  }
  return headers.from !== undefined && 'address' in headers.from ? headers.from.address : undefined
}

/** The originator's m-read-orig-ind (§6.7.2): the recipient's read status, from the recipient, about the message. */
export function readOrigInd (record: MessageRecord, recipient: Recipient, report: ReadReport): EncodeMessage {
  return {
    headers: {
      messageType: 'm-read-orig-ind',
      mmsVersion: MMS_VERSION,
      messageId: record.messageId,
      to: `${record.sender}/TYPE=PLMN`,
      from: recipient.address,
      date: new Date(report.date),
      readStatus: report.readStatus,
    },
  }
}

