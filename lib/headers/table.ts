/**
 * The MMSE header table: every well-known field 0x81-0xBF (mmse-tables §4.1; WAP-209 §7.3,
 * OMA-MMS-ENC 1.1/1.2 §7.3, OMA-TS-MMS_ENC 1.3 §7.4) with its canonical name, JS key, the
 * version that introduced it, its value codec and whether it repeats. The decoder and the
 * encoder both read this table; no other list of header codes exists.
 */
import * as c from './codecs.js'
import type { HeaderCodec } from './codecs.js'
import {
  CANCEL_STATUSES, CONTENT_CLASSES, MESSAGE_TYPES, MM_STATES, PRIORITIES, READ_STATUSES,
  REPLY_CHARGING, RESPONSE_STATUSES, RETRIEVAL_MODES, RETRIEVE_STATUSES, SENDER_VISIBILITIES,
  STATUSES, STORE_STATUSES,
} from './enumerations.js'

export type MmsVersion = '1.0' | '1.1' | '1.2' | '1.3'

export interface HeaderDef {
  /** Wire code: the assigned number | 0x80. */
  readonly code: number
  readonly name: string
  readonly key: string
  readonly version: MmsVersion
  readonly codec: HeaderCodec
  readonly repeats: boolean
  /** Repeats, with a Status-count, in m-mbox-delete-conf and m-delete-conf (§4.2). */
  readonly statusCount?: boolean
  /** The name MMS 1.0 gave the same code (0x90 X-Mms-Read-Reply). */
  readonly name10?: string
}

/** X-Mms-Message-Type: must be the first header (MMSE §7). */
export const MESSAGE_TYPE = 0x8c
export const TRANSACTION_ID = 0x98
export const MMS_VERSION = 0x8d
/** Content-Type: the last header when the PDU has a body. */
export const CONTENT_TYPE = 0x84

type Row = [code: number, name: string, key: string, version: MmsVersion, codec: HeaderCodec, repeats?: 'repeats' | 'status-count']

const ROWS: Row[] = [
  [0x81, 'Bcc', 'bcc', '1.0', c.addressValue, 'repeats'],
  [0x82, 'Cc', 'cc', '1.0', c.addressValue, 'repeats'],
  [0x83, 'X-Mms-Content-Location', 'contentLocation', '1.0', c.contentLocation, 'status-count'],
  [0x84, 'Content-Type', 'contentType', '1.0', c.contentTypeValue],
  [0x85, 'Date', 'date', '1.0', c.date],
  [0x86, 'X-Mms-Delivery-Report', 'deliveryReport', '1.0', c.yesNo],
  [0x87, 'X-Mms-Delivery-Time', 'deliveryTime', '1.0', c.time],
  [0x88, 'X-Mms-Expiry', 'expiry', '1.0', c.time],
  [0x89, 'From', 'from', '1.0', c.from],
  [0x8a, 'X-Mms-Message-Class', 'messageClass', '1.0', c.messageClass],
  [0x8b, 'Message-ID', 'messageId', '1.0', c.textValue],
  [0x8c, 'X-Mms-Message-Type', 'messageType', '1.0', c.octetEnum(MESSAGE_TYPES)],
  [0x8d, 'X-Mms-MMS-Version', 'mmsVersion', '1.0', c.version],
  [0x8e, 'X-Mms-Message-Size', 'messageSize', '1.0', c.longInt],
  [0x8f, 'X-Mms-Priority', 'priority', '1.0', c.octetEnum(PRIORITIES)],
  [0x90, 'X-Mms-Read-Report', 'readReport', '1.0', c.yesNo],
  [0x91, 'X-Mms-Report-Allowed', 'reportAllowed', '1.0', c.yesNo],
  [0x92, 'X-Mms-Response-Status', 'responseStatus', '1.0', c.responseStatus(RESPONSE_STATUSES), 'status-count'],
  [0x93, 'X-Mms-Response-Text', 'responseText', '1.0', c.responseText, 'status-count'],
  [0x94, 'X-Mms-Sender-Visibility', 'senderVisibility', '1.0', c.octetEnum(SENDER_VISIBILITIES)],
  [0x95, 'X-Mms-Status', 'status', '1.0', c.octetEnum(STATUSES)],
  [0x96, 'Subject', 'subject', '1.0', c.encodedString],
  [0x97, 'To', 'to', '1.0', c.addressValue, 'repeats'],
  [0x98, 'X-Mms-Transaction-Id', 'transactionId', '1.0', c.textValue],
  [0x99, 'X-Mms-Retrieve-Status', 'retrieveStatus', '1.1', c.status(RETRIEVE_STATUSES)],
  [0x9a, 'X-Mms-Retrieve-Text', 'retrieveText', '1.1', c.encodedString],
  [0x9b, 'X-Mms-Read-Status', 'readStatus', '1.1', c.octetEnum(READ_STATUSES)],
  [0x9c, 'X-Mms-Reply-Charging', 'replyCharging', '1.1', c.octetEnum(REPLY_CHARGING)],
  [0x9d, 'X-Mms-Reply-Charging-Deadline', 'replyChargingDeadline', '1.1', c.time],
  [0x9e, 'X-Mms-Reply-Charging-ID', 'replyChargingId', '1.1', c.textValue],
  [0x9f, 'X-Mms-Reply-Charging-Size', 'replyChargingSize', '1.1', c.longInt],
  [0xa0, 'X-Mms-Previously-Sent-By', 'previouslySentBy', '1.1', c.previouslySentBy, 'repeats'],
  [0xa1, 'X-Mms-Previously-Sent-Date', 'previouslySentDate', '1.1', c.previouslySentDate, 'repeats'],
  [0xa2, 'X-Mms-Store', 'store', '1.2', c.yesNo],
  [0xa3, 'X-Mms-MM-State', 'mmState', '1.2', c.octetEnum(MM_STATES)],
  [0xa4, 'X-Mms-MM-Flags', 'mmFlags', '1.2', c.mmFlag, 'repeats'],
  [0xa5, 'X-Mms-Store-Status', 'storeStatus', '1.2', c.status(STORE_STATUSES)],
  [0xa6, 'X-Mms-Store-Status-Text', 'storeStatusText', '1.2', c.encodedString],
  [0xa7, 'X-Mms-Stored', 'stored', '1.2', c.yesNo],
  [0xa8, 'X-Mms-Attributes', 'attributes', '1.2', c.attribute(code => headerByCode(code)?.key), 'repeats'],
  [0xa9, 'X-Mms-Totals', 'totals', '1.2', c.yesNo],
  [0xaa, 'X-Mms-Mbox-Totals', 'mboxTotals', '1.2', c.mboxCount],
  [0xab, 'X-Mms-Quotas', 'quotas', '1.2', c.yesNo],
  [0xac, 'X-Mms-Mbox-Quotas', 'mboxQuotas', '1.2', c.mboxCount],
  [0xad, 'X-Mms-Message-Count', 'messageCount', '1.2', c.integer],
  [0xae, 'Content', 'content', '1.2', c.noValue],
  [0xaf, 'X-Mms-Start', 'start', '1.2', c.integer],
  [0xb0, 'Additional-headers', 'additionalHeaders', '1.2', c.noValue],
  [0xb1, 'X-Mms-Distribution-Indicator', 'distributionIndicator', '1.2', c.yesNo],
  [0xb2, 'X-Mms-Element-Descriptor', 'elementDescriptor', '1.2', c.elementDescriptor],
  [0xb3, 'X-Mms-Limit', 'limit', '1.2', c.integer],
  [0xb4, 'X-Mms-Recommended-Retrieval-Mode', 'recommendedRetrievalMode', '1.3', c.octetEnum(RETRIEVAL_MODES)],
  [0xb5, 'X-Mms-Recommended-Retrieval-Mode-Text', 'recommendedRetrievalModeText', '1.3', c.encodedString],
  [0xb6, 'X-Mms-Status-Text', 'statusText', '1.3', c.encodedString],
  [0xb7, 'X-Mms-Applic-ID', 'applicId', '1.3', c.textValue],
  [0xb8, 'X-Mms-Reply-Applic-ID', 'replyApplicId', '1.3', c.textValue],
  [0xb9, 'X-Mms-Aux-Applic-Info', 'auxApplicInfo', '1.3', c.textValue],
  [0xba, 'X-Mms-Content-Class', 'contentClass', '1.3', c.octetEnum(CONTENT_CLASSES)],
  [0xbb, 'X-Mms-DRM-Content', 'drmContent', '1.3', c.yesNo],
  [0xbc, 'X-Mms-Adaptation-Allowed', 'adaptationAllowed', '1.3', c.yesNo],
  [0xbd, 'X-Mms-Replace-ID', 'replaceId', '1.3', c.textValue],
  [0xbe, 'X-Mms-Cancel-ID', 'cancelId', '1.3', c.textValue],
  [0xbf, 'X-Mms-Cancel-Status', 'cancelStatus', '1.3', c.octetEnum(CANCEL_STATUSES)],
]

export const HEADERS: readonly HeaderDef[] = ROWS.map(([code, name, key, version, codec, repeats]) => {
  const def: HeaderDef = {
    code, name, key, version, codec,
    repeats: repeats === 'repeats',
    ...(repeats === 'status-count' ? { statusCount: true } : {}),
    ...(code === 0x90 ? { name10: 'X-Mms-Read-Reply' } : {}),
  }
  return Object.freeze(def)
})

const BY_CODE: ReadonlyArray<HeaderDef | undefined> = (() => {
  const byCode: Array<HeaderDef | undefined> = new Array(256).fill(undefined)
  for (const def of HEADERS) byCode[def.code] = def
  return byCode
})()

const BY_KEY = new Map(HEADERS.map(def => [def.key, def]))

export function headerByCode (code: number): HeaderDef | undefined {
  return BY_CODE[code]
}

export function headerByKey (key: string): HeaderDef | undefined {
  return BY_KEY.get(key)
}
