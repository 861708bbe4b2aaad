/**
 * The header fields each message type requires, by JS key of the header table: the "Mandatory"
 * rows of the PDU tables of OMA-MMS-ENC 1.2 §6 and OMA-TS-MMS_ENC 1.3 §6 (X-Mms-Message-Type,
 * required everywhere, is checked on its own). Conditional fields (Message-ID of a successful
 * m-send-conf, Content-Location of a store-conf, ...) are not listed: whether they are needed
 * depends on other values.
 */
import { MmseError } from '../errors.js'
import type { MessageType } from '../tables/mmse-enumerations.js'
import { type HeaderDef, headerByKey, type HeaderKey } from './table.js'

const BASE = ['transactionId', 'mmsVersion'] as const

export const MANDATORY: Readonly<Record<MessageType, readonly HeaderKey[]>> = Object.freeze({
  'm-send-req': [...BASE, 'from', 'contentType'],
  'm-send-conf': [...BASE, 'responseStatus'],
  'm-notification-ind': [...BASE, 'messageClass', 'messageSize', 'expiry', 'contentLocation'],
  'm-notifyresp-ind': [...BASE, 'status'],
  // Transaction-Id only when the retrieve-conf answers a request that had one (§6.3).
  'm-retrieve-conf': ['mmsVersion', 'date', 'contentType'],
  'm-acknowledge-ind': [...BASE],
  'm-delivery-ind': ['mmsVersion', 'messageId', 'to', 'date', 'status'],
  'm-read-rec-ind': ['mmsVersion', 'messageId', 'to', 'from', 'readStatus'],
  'm-read-orig-ind': ['mmsVersion', 'messageId', 'to', 'from', 'date', 'readStatus'],
  'm-forward-req': [...BASE, 'from', 'contentLocation'],
  'm-forward-conf': [...BASE, 'responseStatus'],
  'm-mbox-store-req': [...BASE, 'contentLocation'],
  'm-mbox-store-conf': [...BASE, 'storeStatus'],
  'm-mbox-view-req': [...BASE],
  'm-mbox-view-conf': [...BASE, 'responseStatus', 'contentType'],
  'm-mbox-upload-req': [...BASE, 'contentType'],
  'm-mbox-upload-conf': [...BASE, 'storeStatus'],
  'm-mbox-delete-req': [...BASE, 'contentLocation'],
  'm-mbox-delete-conf': [...BASE, 'responseStatus'],
  'm-mbox-descr': ['mmsVersion'],
  'm-delete-req': [...BASE, 'contentLocation'],
  'm-delete-conf': [...BASE, 'responseStatus'],
  'm-cancel-req': [...BASE, 'cancelId'],
  'm-cancel-conf': [...BASE, 'cancelStatus'],
})

/** Throws ERR_MMSE_MISSING_FIELD naming the type and the first required field that is absent. */
export function checkMandatory (type: MessageType, headers: Readonly<Record<string, unknown>>): void {
  for (const key of MANDATORY[type]) {
    if (headers[key] !== undefined) continue
    const field = (headerByKey(key) as HeaderDef).name
    throw new MmseError('ERR_MMSE_MISSING_FIELD', `${type} requires ${field}`, 0, { field })
  }
}
