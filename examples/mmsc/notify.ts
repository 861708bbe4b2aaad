/**
 * What the MMSC pushes to phones (OMA-TS-MMS_ENC 1.3): an m-notification-ind to each
 * recipient once a message is stored (§6.2), and an m-delivery-ind to the sender once a
 * recipient has retrieved or rejected it, or it expired (§6.6). retries.ts pushes them, and
 * again when a push fails.
 */
import { buildDeliveryInd, buildNotificationInd, type EncodeMessage } from 'mmse'
import type { Settings } from './config.js'
import { transactionId } from './ids.js'
import type { MessageRecord, Recipient } from './record.js'

/** The PDUs the MMSC pushes. */
export type PushKind = 'm-notification-ind' | 'm-delivery-ind' | 'm-read-orig-ind'

/** The MMS version of the PDUs this MMSC writes: it uses no field of a later one. */
export const MMS_VERSION = '1.2'

/** Where a recipient fetches the message: the X-Mms-Content-Location of its notification. */
export function contentLocation (settings: Settings, key: string, recipient: Recipient): string {
  return `${settings.publicUrl}${settings.path}/${transactionId(key, recipient.token)}`
}

/** The sender as a From field, or nothing when the sender asked to stay hidden. */
export function fromField (record: MessageRecord): string | undefined {
  return record.senderVisible ? `${record.sender}/TYPE=PLMN` : undefined
}

/** A recipient's m-notification-ind (§6.2). Intake encodes it before it acknowledges the message (servable.ts). */
export function notificationInd (settings: Settings, key: string, record: MessageRecord, recipient: Recipient): EncodeMessage {
  const secondsLeft = Math.max(0, Math.round((record.expiresAt.getTime() - Date.now()) / 1000))
  const from = fromField(record)
  return buildNotificationInd({
    mmsVersion: MMS_VERSION,
    transactionId: transactionId(key, recipient.token),
    contentLocation: contentLocation(settings, key, recipient),
    messageSize: record.size,
    expiry: { relative: secondsLeft },
    ...(from === undefined ? {} : { from }),
    ...(record.headers.subject === undefined ? {} : { subject: record.headers.subject }),
    ...(record.headers.messageClass === undefined ? {} : { messageClass: record.headers.messageClass }),
    ...(record.deliveryReport ? { headers: { deliveryReport: true } } : {}),
  })
}

/**
 * X-Mms-Status values a delivery report can carry (§7.3 X-Mms-Status): the recipient's final
 * answer, the message's expiry, or, for a recipient at an MM4 peer, a forward that failed for good.
 */
export type DeliveryStatus = 'retrieved' | 'rejected' | 'unrecognised' | 'expired' | 'unreachable'

/** The sender's m-delivery-ind for one recipient (§6.6). Intake encodes it before it acknowledges a message that asks for one (servable.ts). */
export function deliveryInd (record: MessageRecord, recipient: Recipient, status: DeliveryStatus): EncodeMessage {
  return buildDeliveryInd({ mmsVersion: MMS_VERSION, messageId: record.messageId, to: recipient.address, status })
}
