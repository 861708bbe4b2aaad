/**
 * A recipient's answers (OMA-TS-MMS_ENC 1.3): m-notifyresp-ind to a notification (§6.2:
 * retrieved at once, deferred, rejected, unrecognised) and m-acknowledge-ind after a deferred
 * retrieval (§6.4). Each names its transaction, which names the message and the recipient
 * (ids.ts). When the answer is final, the sender asked for a delivery report and the
 * recipient did not forbid it (X-Mms-Report-Allowed: no), the sender gets an m-delivery-ind.
 */
import type { MmseHeaders } from 'mmse'
import type { Settings } from './config.js'
import { parseTransactionId } from './ids.js'
import { type DeliveryStatus, reportDelivery } from './notify.js'
import { findRecipient, loadRecord } from './record.js'

export class Reports {
  readonly #settings: Settings
  /** Transactions already reported, oldest first, at most maxRememberedReports. */
  readonly #reported = new Set<string>()

  constructor (settings: Settings) {
    this.#settings = settings
  }

  async handle (headers: MmseHeaders): Promise<void> {
    const transaction = typeof headers.transactionId === 'string' ? parseTransactionId(headers.transactionId) : undefined
    if (transaction === undefined) return
    const { key, token } = transaction
    const record = await loadRecord(this.#settings.store, key, this.#settings.limits.maxRecordBytes)
    const recipient = record === undefined ? undefined : findRecipient(record, token)
    if (record === undefined || recipient === undefined) return
    const status = deliveryStatus(headers)
    this.#settings.log({ type: 'report', key, from: recipient.msisdn, status: status ?? String(headers.status) })
    if (status === undefined || !record.deliveryReport || headers.reportAllowed === false) return
    const once = `${key}${token}`
    if (this.#reported.has(once)) return
    this.#reported.add(once)
    if (this.#reported.size > this.#settings.limits.maxRememberedReports) this.#reported.delete(this.#reported.values().next().value as string)
    await reportDelivery(this.#settings, key, record, recipient, status)
  }
}

/** The delivery report an answer calls for: none for a deferral, which is not final. */
function deliveryStatus (headers: MmseHeaders): DeliveryStatus | undefined {
  if (headers.messageType === 'm-acknowledge-ind') return 'retrieved'
  const status = headers.status
  return status === 'retrieved' || status === 'rejected' || status === 'unrecognised' ? status : undefined
}
