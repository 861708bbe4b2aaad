/**
 * The MMSE header fields an Internet mail message carries, and the mail header each one
 * becomes: 3GPP TS 23.140 §8.4 (MM4) and RFC 4356 §2-3. Addresses, Subject and Date take
 * their RFC 5322 fields; the rest are `X-Mms-*` headers under the names MMSE gives them
 * (OMA-TS-MMS_ENC §7.3), except where MM4 names the element otherwise (X-Mms-Read-Reply,
 * X-Mms-MM-Status-Code, X-Mms-Previously-Sent-Date-and-Time). `kind` says how the value is
 * written as text; docs/mail.md is this table for readers, with the fields left out.
 */
import {
  CANCEL_STATUSES, CONTENT_CLASSES, MESSAGE_TYPES, MM_STATES, PRIORITIES, READ_STATUSES, REPLY_CHARGING,
  RESPONSE_STATUSES, RETRIEVAL_MODES, RETRIEVE_STATUSES, SENDER_VISIBILITIES, STATUSES, STORE_STATUSES,
  type StatusTable,
} from './mmse-enumerations.js'
import type { CodeTable, Row } from './code-table.js'

export type MailHeaderKind =
  | { kind: 'addresses' | 'address' | 'text' | 'encoded-text' | 'date' | 'time' | 'integer' | 'yes-no' | 'token' | 'sent-by' | 'sent-date' }
  | { kind: 'enum', table: CodeTable<Row> }
  | { kind: 'status', table: StatusTable }

export interface MailHeaderDef {
  /** The JS key of the MMSE field (lib/mmse/table.ts). */
  key: string
  /** The mail header written. */
  name: string
  /** Other names read as the same field. */
  aliases?: readonly string[]
  value: MailHeaderKind
}

const plain = (kind: Exclude<MailHeaderKind, { table: unknown }>['kind']) => ({ kind }) as const
const enumerated = (table: CodeTable<Row>) => ({ kind: 'enum', table }) as const
const status = (table: StatusTable) => ({ kind: 'status', table }) as const

/** In the order they are written. */
export const MAIL_HEADERS: readonly MailHeaderDef[] = [
  { key: 'from', name: 'From', value: plain('address') },
  { key: 'to', name: 'To', value: plain('addresses') },
  { key: 'cc', name: 'Cc', value: plain('addresses') },
  { key: 'bcc', name: 'Bcc', value: plain('addresses') },
  { key: 'subject', name: 'Subject', value: plain('encoded-text') },
  { key: 'date', name: 'Date', value: plain('date') },
  { key: 'messageType', name: 'X-Mms-Message-Type', value: enumerated(MESSAGE_TYPES) },
  { key: 'transactionId', name: 'X-Mms-Transaction-ID', value: plain('text') },
  { key: 'mmsVersion', name: 'X-Mms-MMS-Version', value: plain('text') },
  { key: 'messageId', name: 'X-Mms-Message-ID', value: plain('text') },
  { key: 'messageClass', name: 'X-Mms-Message-Class', value: plain('token') },
  { key: 'priority', name: 'X-Mms-Priority', value: enumerated(PRIORITIES) },
  { key: 'expiry', name: 'X-Mms-Expiry', value: plain('time') },
  { key: 'deliveryTime', name: 'X-Mms-Delivery-Time', value: plain('time') },
  { key: 'deliveryReport', name: 'X-Mms-Delivery-Report', value: plain('yes-no') },
  { key: 'readReport', name: 'X-Mms-Read-Reply', aliases: ['X-Mms-Read-Report'], value: plain('yes-no') },
  { key: 'reportAllowed', name: 'X-Mms-Report-Allowed', value: plain('yes-no') },
  { key: 'senderVisibility', name: 'X-Mms-Sender-Visibility', value: enumerated(SENDER_VISIBILITIES) },
  { key: 'status', name: 'X-Mms-MM-Status-Code', aliases: ['X-Mms-Status'], value: enumerated(STATUSES) },
  { key: 'statusText', name: 'X-Mms-Status-Text', value: plain('encoded-text') },
  { key: 'responseStatus', name: 'X-Mms-Response-Status', value: status(RESPONSE_STATUSES) },
  { key: 'responseText', name: 'X-Mms-Response-Text', value: plain('encoded-text') },
  { key: 'retrieveStatus', name: 'X-Mms-Retrieve-Status', value: status(RETRIEVE_STATUSES) },
  { key: 'retrieveText', name: 'X-Mms-Retrieve-Text', value: plain('encoded-text') },
  { key: 'readStatus', name: 'X-Mms-Read-Status', value: enumerated(READ_STATUSES) },
  { key: 'messageSize', name: 'X-Mms-Message-Size', value: plain('integer') },
  { key: 'contentLocation', name: 'X-Mms-Content-Location', value: plain('text') },
  { key: 'replyCharging', name: 'X-Mms-Reply-Charging', value: enumerated(REPLY_CHARGING) },
  { key: 'replyChargingDeadline', name: 'X-Mms-Reply-Charging-Deadline', value: plain('time') },
  { key: 'replyChargingId', name: 'X-Mms-Reply-Charging-ID', value: plain('text') },
  { key: 'replyChargingSize', name: 'X-Mms-Reply-Charging-Size', value: plain('integer') },
  { key: 'previouslySentBy', name: 'X-Mms-Previously-Sent-By', value: plain('sent-by') },
  { key: 'previouslySentDate', name: 'X-Mms-Previously-Sent-Date-and-Time', aliases: ['X-Mms-Previously-Sent-Date'], value: plain('sent-date') },
  { key: 'store', name: 'X-Mms-Store', value: plain('yes-no') },
  { key: 'mmState', name: 'X-Mms-MM-State', value: enumerated(MM_STATES) },
  { key: 'storeStatus', name: 'X-Mms-Store-Status', value: status(STORE_STATUSES) },
  { key: 'storeStatusText', name: 'X-Mms-Store-Status-Text', value: plain('encoded-text') },
  { key: 'stored', name: 'X-Mms-Stored', value: plain('yes-no') },
  { key: 'totals', name: 'X-Mms-Totals', value: plain('yes-no') },
  { key: 'quotas', name: 'X-Mms-Quotas', value: plain('yes-no') },
  { key: 'messageCount', name: 'X-Mms-Message-Count', value: plain('integer') },
  { key: 'start', name: 'X-Mms-Start', value: plain('integer') },
  { key: 'limit', name: 'X-Mms-Limit', value: plain('integer') },
  { key: 'distributionIndicator', name: 'X-Mms-Distribution-Indicator', value: plain('yes-no') },
  { key: 'recommendedRetrievalMode', name: 'X-Mms-Recommended-Retrieval-Mode', value: enumerated(RETRIEVAL_MODES) },
  { key: 'recommendedRetrievalModeText', name: 'X-Mms-Recommended-Retrieval-Mode-Text', value: plain('encoded-text') },
  { key: 'applicId', name: 'X-Mms-Applic-ID', value: plain('text') },
  { key: 'replyApplicId', name: 'X-Mms-Reply-Applic-ID', value: plain('text') },
  { key: 'auxApplicInfo', name: 'X-Mms-Aux-Applic-Info', value: plain('text') },
  { key: 'contentClass', name: 'X-Mms-Content-Class', value: enumerated(CONTENT_CLASSES) },
  { key: 'drmContent', name: 'X-Mms-DRM-Content', value: plain('yes-no') },
  { key: 'adaptationAllowed', name: 'X-Mms-Adaptation-Allowed', value: plain('yes-no') },
  { key: 'replaceId', name: 'X-Mms-Replace-ID', value: plain('text') },
  { key: 'cancelId', name: 'X-Mms-Cancel-ID', value: plain('text') },
  { key: 'cancelStatus', name: 'X-Mms-Cancel-Status', value: enumerated(CANCEL_STATUSES) },
]

/**
 * The MMSE fields no mail header carries: the mailbox (MM1 m-mbox-*) and status-count
 * elements, which MM4 does not forward, and the Content-Type, which is the mail's own.
 */
export const UNMAPPED_KEYS: readonly string[] = [
  'attributes', 'mmFlags', 'mboxTotals', 'mboxQuotas', 'elementDescriptor', 'content', 'additionalHeaders', 'contentType',
]

/**
 * The header fields of MM4's own (3GPP TS 23.140 §8.4.1-§8.4.6), which no MMSE field carries:
 * the MM4 version, the bookkeeping between the two MMSCs, and the status of a request as the
 * receiving MMSC answers it. The MMSE fields MM4 carries too (X-Mms-Message-Type,
 * X-Mms-Transaction-ID, X-Mms-Message-ID, X-Mms-MM-Status-Code, X-Mms-Read-Status ...) are
 * MAIL_HEADERS'.
 */
export const MM4_HEADERS = {
  version: 'X-Mms-3GPP-MMS-Version',
  ackRequest: 'X-Mms-Ack-Request',
  originatorSystem: 'X-Mms-Originator-System',
  forwardCounter: 'X-Mms-Forward-Counter',
  requestStatus: 'X-Mms-Request-Status-Code',
} as const

/** MM4's message types (TS 23.140 §8.4), the X-Mms-Message-Type of each MM4 message: MMSE has no code for them. */
export const MM4_MESSAGE_TYPES = {
  forwardReq: 'MM4_forward.REQ',
  forwardRes: 'MM4_forward.RES',
  deliveryReportReq: 'MM4_delivery_report.REQ',
  deliveryReportRes: 'MM4_delivery_report.RES',
  readReplyReportReq: 'MM4_read_reply_report.REQ',
  readReplyReportRes: 'MM4_read_reply_report.RES',
} as const

/**
 * X-Mms-Request-Status-Code takes the names of the MMSE Response-Status values of 1.0 (TS 23.140
 * §8.4; RESPONSE_STATUSES 0x80-0x88). Of its errors, these may pass when the same message is
 * forwarded again: the network's (0x86 error-network-problem), and one the peer does not name
 * (0x81 error-unspecified). The others (service denied, a corrupt format, an unresolved
 * address, a message not found, content not accepted, an unsupported message) are the peer's
 * verdict on the message itself.
 */
const MM4_TRANSIENT_STATUSES: ReadonlySet<number> = new Set([0x81, 0x86])

/**
 * Whether an MM4 status refuses a message for good: a 1.0 error other than the transient ones,
 * or one of MMSE's later permanent errors (0xE0 on, OMA-TS-MMS_ENC §7.3.48) from a peer that
 * writes those; a transient one or a name no table holds may pass.
 */
export function mm4StatusIsFinal (status: string): boolean {
  const code = RESPONSE_STATUSES.code(status.trim().toLowerCase())
  if (code === undefined) return false
  return code >= 0xe0 || (code > 0x80 && code <= 0x88 && !MM4_TRANSIENT_STATUSES.has(code))
}
