/**
 * The enumerated header values of MMSE (WAP-209 §7.2, OMA-MMS-ENC 1.1-1.2 §7.2,
 * OMA-TS-MMS_ENC 1.3 §7.3): one list per field, code and name, read both ways by the decoder
 * and the encoder. Names are the spec's, lower-case and hyphenated.
 */

export class Enumeration<Name extends string = string> {
  readonly #names = new Map<number, Name>()
  readonly #codes = new Map<string, number>()

  constructor (entries: ReadonlyArray<readonly [number, Name]>) {
    for (const [code, name] of entries) {
      this.#names.set(code, name)
      this.#codes.set(name, code)
    }
  }

  name (code: number): Name | undefined {
    return this.#names.get(code)
  }

  code (name: string): number | undefined {
    return this.#codes.get(name)
  }
}

/** X-Mms-Message-Type (mmse-tables §3): code, name, the version that added it, whether it carries a body. */
export const MESSAGE_TYPE_TABLE = [
  [0x80, 'm-send-req', '1.0', true],
  [0x81, 'm-send-conf', '1.0', false],
  [0x82, 'm-notification-ind', '1.0', false],
  [0x83, 'm-notifyresp-ind', '1.0', false],
  [0x84, 'm-retrieve-conf', '1.0', true],
  [0x85, 'm-acknowledge-ind', '1.0', false],
  [0x86, 'm-delivery-ind', '1.0', false],
  [0x87, 'm-read-rec-ind', '1.1', false],
  [0x88, 'm-read-orig-ind', '1.1', false],
  [0x89, 'm-forward-req', '1.1', false],
  [0x8a, 'm-forward-conf', '1.1', false],
  [0x8b, 'm-mbox-store-req', '1.2', false],
  [0x8c, 'm-mbox-store-conf', '1.2', false],
  [0x8d, 'm-mbox-view-req', '1.2', false],
  [0x8e, 'm-mbox-view-conf', '1.2', true],
  [0x8f, 'm-mbox-upload-req', '1.2', true],
  [0x90, 'm-mbox-upload-conf', '1.2', false],
  [0x91, 'm-mbox-delete-req', '1.2', false],
  [0x92, 'm-mbox-delete-conf', '1.2', false],
  [0x93, 'm-mbox-descr', '1.2', true],
  [0x94, 'm-delete-req', '1.3', false],
  [0x95, 'm-delete-conf', '1.3', false],
  [0x96, 'm-cancel-req', '1.3', false],
  [0x97, 'm-cancel-conf', '1.3', false],
] as const

export const MESSAGE_TYPES = new Enumeration(MESSAGE_TYPE_TABLE.map(([code, name]) => [code, name] as const))

const BODY_TYPES = new Set<number>(MESSAGE_TYPE_TABLE.filter(row => row[3]).map(row => row[0]))

/** m-send-req, m-retrieve-conf, m-mbox-view-conf, m-mbox-upload-req, m-mbox-descr. */
export function carriesBody (messageType: number): boolean {
  return BODY_TYPES.has(messageType)
}

/** m-mbox-delete-conf and m-delete-conf, whose Content-Location, Response-Text and Response-Status may carry a Status-count. */
export function isDeleteConf (messageType: number): boolean {
  return messageType === 0x92 || messageType === 0x95
}

export const YES_NO = new Enumeration([[0x80, 'yes'], [0x81, 'no']])

export const MESSAGE_CLASSES = new Enumeration([
  [0x80, 'personal'], [0x81, 'advertisement'], [0x82, 'informational'], [0x83, 'auto'],
])

export const PRIORITIES = new Enumeration([[0x80, 'low'], [0x81, 'normal'], [0x82, 'high']])

export const SENDER_VISIBILITIES = new Enumeration([[0x80, 'hide'], [0x81, 'show']])

export const STATUSES = new Enumeration([
  [0x80, 'expired'], [0x81, 'retrieved'], [0x82, 'rejected'], [0x83, 'deferred'],
  [0x84, 'unrecognised'], [0x85, 'indeterminate'], [0x86, 'forwarded'], [0x87, 'unreachable'],
])

export const READ_STATUSES = new Enumeration([[0x80, 'read'], [0x81, 'deleted-without-being-read']])

export const REPLY_CHARGING = new Enumeration([
  [0x80, 'requested'], [0x81, 'requested-text-only'], [0x82, 'accepted'], [0x83, 'accepted-text-only'],
])

export const MM_STATES = new Enumeration([
  [0x80, 'draft'], [0x81, 'sent'], [0x82, 'new'], [0x83, 'retrieved'], [0x84, 'forwarded'],
])

export const MM_FLAG_ACTIONS = new Enumeration([[0x80, 'add'], [0x81, 'remove'], [0x82, 'filter']])

/** Message-total-token / Size-total-token, and the quota tokens with the same codes. */
export const MBOX_UNITS = new Enumeration([[0x80, 'messages'], [0x81, 'size']])

export const RETRIEVAL_MODES = new Enumeration([[0x80, 'manual']])

export const CONTENT_CLASSES = new Enumeration([
  [0x80, 'text'], [0x81, 'image-basic'], [0x82, 'image-rich'], [0x83, 'video-basic'],
  [0x84, 'video-rich'], [0x85, 'megapixel'], [0x86, 'content-basic'], [0x87, 'content-rich'],
])

export const CANCEL_STATUSES = new Enumeration([
  [0x80, 'cancel-request-successfully-received'], [0x81, 'cancel-request-corrupted'],
])

/** Absolute-token / Relative-token of Delivery-Time, Expiry and Reply-Charging-Deadline. */
export const ABSOLUTE_TOKEN = 0x80
export const RELATIVE_TOKEN = 0x81
/** From: Address-present-token / Insert-address-token (MMSE §7.2.11). */
export const ADDRESS_PRESENT_TOKEN = 0x80
export const INSERT_ADDRESS_TOKEN = 0x81

/**
 * A status enumeration whose unassigned codes fall into reserved ranges that the spec tells
 * receivers to treat as the generic transient or permanent failure.
 */
export class StatusEnumeration extends Enumeration {
  readonly #ranges: ReadonlyArray<readonly [number, number, string]>

  constructor (entries: ReadonlyArray<readonly [number, string]>, ranges: ReadonlyArray<readonly [number, number, string]>) {
    super(entries)
    this.#ranges = ranges
  }

  /** The name of a code, or of the reserved range it falls in. */
  meaning (code: number): string | undefined {
    return this.name(code) ?? this.#ranges.find(([low, high]) => code >= low && code <= high)?.[2]
  }
}

/** X-Mms-Response-Status (mmse-tables §5.1; 0xE7 by value, not AOSP's typo). */
export const RESPONSE_STATUSES = new StatusEnumeration([
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
], [[0xc5, 0xdf, 'error-transient-failure'], [0xec, 0xff, 'error-permanent-failure']])

/** X-Mms-Retrieve-Status (mmse-tables §5.2). */
export const RETRIEVE_STATUSES = new StatusEnumeration([
  [0x80, 'ok'],
  [0xc0, 'error-transient-failure'],
  [0xc1, 'error-transient-message-not-found'],
  [0xc2, 'error-transient-network-problem'],
  [0xe0, 'error-permanent-failure'],
  [0xe1, 'error-permanent-service-denied'],
  [0xe2, 'error-permanent-message-not-found'],
  [0xe3, 'error-permanent-content-unsupported'],
], [[0xc3, 0xdf, 'error-transient-failure'], [0xe4, 0xff, 'error-permanent-failure']])

/** X-Mms-Store-Status (mmse-tables §5.3). */
export const STORE_STATUSES = new StatusEnumeration([
  [0x80, 'success'],
  [0xc0, 'error-transient-failure'],
  [0xc1, 'error-transient-network-problem'],
  [0xe0, 'error-permanent-failure'],
  [0xe1, 'error-permanent-service-denied'],
  [0xe2, 'error-permanent-message-format-corrupt'],
  [0xe3, 'error-permanent-message-not-found'],
  [0xe4, 'error-permanent-mmbox-full'],
], [[0xc2, 0xdf, 'error-transient-failure'], [0xe5, 0xff, 'error-permanent-failure']])
