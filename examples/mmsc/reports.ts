/**
 * A recipient's answers (OMA-TS-MMS_ENC 1.3): m-notifyresp-ind to a notification (§6.2:
 * retrieved at once, deferred, rejected, unrecognised) and m-acknowledge-ind after a deferred
 * retrieval (§6.4). Each names its transaction, which names the message and the recipient
 * (ids.ts). Any answer says the notification arrived: it is not pushed again. A deferral keeps
 * the message for a later retrieval; a rejection or an unrecognised notification ends it for
 * that recipient (a retrieval is then refused, and once every recipient is done the message is
 * removed: schedule.ts). When the answer is final, the sender asked for a delivery report and
 * the recipient did not forbid it (X-Mms-Report-Allowed: no), the sender gets an m-delivery-ind,
 * once (retries.ts).
 */
import type { MmseHeaders } from 'mmse'
import type { Settings } from './config.js'
import { parseTransactionId } from './ids.js'
import type { DeliveryStatus } from './notify.js'
import { findRecipient, loadRecord } from './record.js'
import type { Retries } from './retries.js'
import { claim, jobName } from './state.js'

export async function handleAnswer (settings: Settings, retries: Retries, headers: MmseHeaders): Promise<void> {
  const transaction = typeof headers.transactionId === 'string' ? parseTransactionId(headers.transactionId) : undefined
  if (transaction === undefined) return
  const { key, token } = transaction
  const record = await loadRecord(settings.store, key, settings.limits.maxRecordBytes)
  const recipient = record === undefined ? undefined : findRecipient(record, token)
  if (record === undefined || recipient === undefined) return
  const status = deliveryStatus(headers)
  settings.log({ type: 'report', key, from: recipient.msisdn, status: status ?? String(headers.status) })
  await claim(settings.store, key, `${jobName('n', token)}.ok`)
  if (status === 'rejected' || status === 'unrecognised') await claim(settings.store, key, `f-${token}`)
  if (status === undefined || !record.deliveryReport || headers.reportAllowed === false) return
  await retries.reportDelivery(key, record, recipient, status)
}

/** The delivery report an answer calls for: none for a deferral, which is not final. */
function deliveryStatus (headers: MmseHeaders): DeliveryStatus | undefined {
  if (headers.messageType === 'm-acknowledge-ind') return 'retrieved'
  const status = headers.status
  return status === 'retrieved' || status === 'rejected' || status === 'unrecognised' ? status : undefined
}
