/**
 * The enumerated values of the MMSE header fields (WAP-209 §7.2, OMA-MMS-ENC 1.1-1.2 §7.2,
 * OMA-TS-MMS_ENC 1.3 §7.3): one table per field, code and name in the one row shape of
 * tables/code-table.ts, read both ways by the field codecs. Names are the spec's, lower-case and
 * hyphenated, and compare exactly. The TypeScript names of each field's values derive from here.
 */
import { CodeTable, type Names, type Row } from './code-table.js'

function exact (name: string): string {
  return name
}

function table<const R extends Row> (rows: readonly R[]): CodeTable<R> {
  return new CodeTable(rows, exact)
}

/**
 * X-Mms-Message-Type (OMA-TS-MMS_ENC 1.3 §7.3.30): code, name, the version that added it, and
 * its form: `body` for the types that carry one, `status-count` for the two delete-confs whose
 * Content-Location, Response-Text and Response-Status may carry a Status-count (§7.3.10, §7.3.48-49).
 */
export const MESSAGE_TYPES = table([
  [0x80, 'm-send-req', '1.0', 'body'],
  [0x81, 'm-send-conf', '1.0', null],
  [0x82, 'm-notification-ind', '1.0', null],
  [0x83, 'm-notifyresp-ind', '1.0', null],
  [0x84, 'm-retrieve-conf', '1.0', 'body'],
  [0x85, 'm-acknowledge-ind', '1.0', null],
  [0x86, 'm-delivery-ind', '1.0', null],
  [0x87, 'm-read-rec-ind', '1.1', null],
  [0x88, 'm-read-orig-ind', '1.1', null],
  [0x89, 'm-forward-req', '1.1', null],
  [0x8a, 'm-forward-conf', '1.1', null],
  [0x8b, 'm-mbox-store-req', '1.2', null],
  [0x8c, 'm-mbox-store-conf', '1.2', null],
  [0x8d, 'm-mbox-view-req', '1.2', null],
  [0x8e, 'm-mbox-view-conf', '1.2', 'body'],
  [0x8f, 'm-mbox-upload-req', '1.2', 'body'],
  [0x90, 'm-mbox-upload-conf', '1.2', null],
  [0x91, 'm-mbox-delete-req', '1.2', null],
  [0x92, 'm-mbox-delete-conf', '1.2', 'status-count'],
  [0x93, 'm-mbox-descr', '1.2', 'body'],
  [0x94, 'm-delete-req', '1.3', null],
  [0x95, 'm-delete-conf', '1.3', 'status-count'],
  [0x96, 'm-cancel-req', '1.3', null],
  [0x97, 'm-cancel-conf', '1.3', null],
])

export type MessageType = Names<typeof MESSAGE_TYPES>

/** m-send-req, m-retrieve-conf, m-mbox-view-conf, m-mbox-upload-req, m-mbox-descr. */
export function carriesBody (messageType: number): boolean {
  return MESSAGE_TYPES.row(messageType)?.[3] === 'body'
}

/** m-mbox-delete-conf and m-delete-conf, whose Content-Location, Response-Text and Response-Status may carry a Status-count. */
export function hasStatusCounts (messageType: number): boolean {
  return MESSAGE_TYPES.row(messageType)?.[3] === 'status-count'
}

export const YES_NO = table([[0x80, 'yes'], [0x81, 'no']] as const)

export const MESSAGE_CLASSES = table([
  [0x80, 'personal'], [0x81, 'advertisement'], [0x82, 'informational'], [0x83, 'auto'],
] as const)

export const PRIORITIES = table([[0x80, 'low'], [0x81, 'normal'], [0x82, 'high']] as const)

export const SENDER_VISIBILITIES = table([[0x80, 'hide'], [0x81, 'show']] as const)

export const STATUSES = table([
  [0x80, 'expired'], [0x81, 'retrieved'], [0x82, 'rejected'], [0x83, 'deferred'],
  [0x84, 'unrecognised'], [0x85, 'indeterminate'], [0x86, 'forwarded'], [0x87, 'unreachable'],
] as const)

export const READ_STATUSES = table([[0x80, 'read'], [0x81, 'deleted-without-being-read']] as const)

export const REPLY_CHARGING = table([
  [0x80, 'requested'], [0x81, 'requested-text-only'], [0x82, 'accepted'], [0x83, 'accepted-text-only'],
] as const)

export const MM_STATES = table([
  [0x80, 'draft'], [0x81, 'sent'], [0x82, 'new'], [0x83, 'retrieved'], [0x84, 'forwarded'],
] as const)

export const MM_FLAG_ACTIONS = table([[0x80, 'add'], [0x81, 'remove'], [0x82, 'filter']] as const)

/** Message-total-token / Size-total-token, and the quota tokens with the same codes. */
export const MBOX_UNITS = table([[0x80, 'messages'], [0x81, 'size']] as const)

export const RETRIEVAL_MODES = table([[0x80, 'manual']] as const)

export const CONTENT_CLASSES = table([
  [0x80, 'text'], [0x81, 'image-basic'], [0x82, 'image-rich'], [0x83, 'video-basic'],
  [0x84, 'video-rich'], [0x85, 'megapixel'], [0x86, 'content-basic'], [0x87, 'content-rich'],
] as const)

export const CANCEL_STATUSES = table([
  [0x80, 'cancel-request-successfully-received'], [0x81, 'cancel-request-corrupted'],
] as const)

/** Delivery-Time, Expiry, Reply-Charging-Deadline (§7.3.12): Absolute-token / Relative-token. */
export const TIME_TOKENS = table([[0x80, 'absolute'], [0x81, 'relative']] as const)

/** From (§7.3.21): Address-present-token / Insert-address-token. */
export const FROM_TOKENS = table([[0x80, 'address-present'], [0x81, 'insert-address']] as const)

/**
 * A status table whose unassigned codes fall into reserved ranges that the spec tells receivers
 * to treat as the generic transient or permanent failure.
 */
export class StatusTable<R extends Row = Row> extends CodeTable<R> {
  readonly #ranges: ReadonlyArray<readonly [number, number, string]>

  constructor (rows: readonly R[], ranges: ReadonlyArray<readonly [number, number, string]>) {
    super(rows, exact)
    this.#ranges = ranges
  }

  /** The name of a code, or of the reserved range it falls in. */
  meaning (code: number): string | undefined {
    return this.name(code) ?? this.#ranges.find(([low, high]) => code >= low && code <= high)?.[2]
  }
}

/** X-Mms-Response-Status (OMA-TS-MMS_ENC 1.3 §7.3.48; 0xE7 by value, not AOSP's typo: docs/wire-format.md). */
export const RESPONSE_STATUSES = new StatusTable([
  [0x80, 'ok'],
  [0x81, 'error-unspecified'],
  [0x82, 'error-service-denied'],
  [0x83, 'error-message-format-corrupt'],
  [0x84, 'error-sending-address-unresolved'],
  [0x85, 'error-message-not-found'],
  [0x86, 'error-network-problem'],
  [0x87, 'error-content-not-accepted'],
  [0x88, 'error-unsupported-message'],
  [0xc0, 'error-transient-failure'],
  [0xc1, 'error-transient-sending-address-unresolved'],
  [0xc2, 'error-transient-message-not-found'],
  [0xc3, 'error-transient-network-problem'],
  [0xc4, 'error-transient-partial-success'],
  [0xe0, 'error-permanent-failure'],
  [0xe1, 'error-permanent-service-denied'],
  [0xe2, 'error-permanent-message-format-corrupt'],
  [0xe3, 'error-permanent-sending-address-unresolved'],
  [0xe4, 'error-permanent-message-not-found'],
  [0xe5, 'error-permanent-content-not-accepted'],
  [0xe6, 'error-permanent-reply-charging-limitations-not-met'],
  [0xe7, 'error-permanent-reply-charging-request-not-accepted'],
  [0xe8, 'error-permanent-reply-charging-forwarding-denied'],
  [0xe9, 'error-permanent-reply-charging-not-supported'],
  [0xea, 'error-permanent-address-hiding-not-supported'],
  [0xeb, 'error-permanent-lack-of-prepaid'],
] as const, [[0xc5, 0xdf, 'error-transient-failure'], [0xec, 0xff, 'error-permanent-failure']])

/** X-Mms-Retrieve-Status (OMA-TS-MMS_ENC 1.3 §7.3.50). */
export const RETRIEVE_STATUSES = new StatusTable([
  [0x80, 'ok'],
  [0xc0, 'error-transient-failure'],
  [0xc1, 'error-transient-message-not-found'],
  [0xc2, 'error-transient-network-problem'],
  [0xe0, 'error-permanent-failure'],
  [0xe1, 'error-permanent-service-denied'],
  [0xe2, 'error-permanent-message-not-found'],
  [0xe3, 'error-permanent-content-unsupported'],
] as const, [[0xc3, 0xdf, 'error-transient-failure'], [0xe4, 0xff, 'error-permanent-failure']])

/** X-Mms-Store-Status (OMA-TS-MMS_ENC 1.3 §7.3.58). */
export const STORE_STATUSES = new StatusTable([
  [0x80, 'success'],
  [0xc0, 'error-transient-failure'],
  [0xc1, 'error-transient-network-problem'],
  [0xe0, 'error-permanent-failure'],
  [0xe1, 'error-permanent-service-denied'],
  [0xe2, 'error-permanent-message-format-corrupt'],
  [0xe3, 'error-permanent-message-not-found'],
  [0xe4, 'error-permanent-mmbox-full'],
] as const, [[0xc2, 0xdf, 'error-transient-failure'], [0xe5, 0xff, 'error-permanent-failure']])
