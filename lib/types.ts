/**
 * The shapes of decoded values. The decoder produces them and the encoder takes them, so a
 * decoded message can be re-encoded as it is.
 */

/** An Integer-value or Long-integer: a bigint only where the value exceeds 2^53 - 1. */
export type Integer = number | bigint

/**
 * Text from an Encoded-string-value (MMSE §7.2.9) or a Text-string. `charset` and `mib` are
 * present when the value used the charset form. `raw` keeps the undecoded bytes whenever the
 * text could not be decoded faithfully (Any-charset, an unknown MIBenum, invalid bytes).
 */
export interface EncodedText {
  text: string
  charset?: string
  mib?: number
  raw?: Uint8Array
}

/** Address type from the `/TYPE=` suffix (MMSE §8): PLMN, IPv4, IPv6, another token, or an email address. */
export type AddressType = 'PLMN' | 'IPv4' | 'IPv6' | 'email' | 'unknown' | (string & {})

/** To, Cc, Bcc, From and Previously-Sent-By addresses. */
export interface MmsAddress {
  /** The address without its `/TYPE=` suffix, e.g. `+15551234567`. */
  address: string
  type: AddressType
  /** The whole text as sent, e.g. `+15551234567/TYPE=PLMN`. */
  raw: string
  charset?: string
  mib?: number
  /** Undecoded bytes, as in {@link EncodedText.raw}. */
  bytes?: Uint8Array
}

/** From = Insert-address-token: the MMSC is to insert the sender's address (MMSE §7.2.11). */
export interface InsertAddress {
  insertAddress: true
}

export type FromValue = MmsAddress | InsertAddress

/** Delivery-Time, Expiry, Reply-Charging-Deadline: an absolute date or seconds from now. */
export type TimeValue = { absolute: Date } | { relative: Integer }

/** Response-, Retrieve- and Store-Status: the name, and the code as sent. */
export interface StatusValue {
  name: string
  code: number
}

export type ParamValue = string | Integer | Date | true

/** Parameters by lower-case name (`charset`, `type`, `start`, `name`, ...); null prototype. */
export type Params = Record<string, ParamValue>

/** A WSP Content-type-value (WAP-230 §8.4.2.24). */
export interface ContentType {
  /** Lower-case media type, e.g. `application/vnd.wap.multipart.related`. */
  mediaType: string
  params: Params
  /** Set when the wire used a well-known code that no table names; `mediaType` is then a placeholder. */
  unknownCode?: number
}

export interface PreviouslySentBy {
  forwardCount: Integer
  address: MmsAddress
}

export interface PreviouslySentDate {
  forwardCount: Integer
  date: Date
}

export interface MmFlag {
  action: 'add' | 'remove' | 'filter' | number
  flag: EncodedText
}

/** X-Mms-Mbox-Totals and X-Mms-Mbox-Quotas. */
export interface MboxCount {
  unit: 'messages' | 'size' | number
  value: Integer
}

export interface ElementDescriptor {
  contentReference: string
  params: Params
}

/** The Status-count forms of m-mbox-delete-conf and m-delete-conf (MMSE 1.2 §7.3, 1.3 §7.3). */
export interface StatusCountUri {
  statusCount: Integer
  uri: string
}
export interface StatusCountText {
  statusCount: Integer
  text: EncodedText
}
export interface StatusCountStatus {
  statusCount: Integer
  status: StatusValue
}

export type MessageType =
  | 'm-send-req' | 'm-send-conf' | 'm-notification-ind' | 'm-notifyresp-ind' | 'm-retrieve-conf'
  | 'm-acknowledge-ind' | 'm-delivery-ind' | 'm-read-rec-ind' | 'm-read-orig-ind' | 'm-forward-req'
  | 'm-forward-conf' | 'm-mbox-store-req' | 'm-mbox-store-conf' | 'm-mbox-view-req'
  | 'm-mbox-view-conf' | 'm-mbox-upload-req' | 'm-mbox-upload-conf' | 'm-mbox-delete-req'
  | 'm-mbox-delete-conf' | 'm-mbox-descr' | 'm-delete-req' | 'm-delete-conf' | 'm-cancel-req'
  | 'm-cancel-conf'

/**
 * The typed header set of one PDU, keyed by JS key. Unknown enumeration values are kept as the
 * number sent (with a warning). Repeating fields are arrays in wire order.
 */
export interface MmseHeaders {
  bcc?: MmsAddress[]
  cc?: MmsAddress[]
  contentLocation?: string | StatusCountUri[]
  contentType?: ContentType
  date?: Date
  deliveryReport?: boolean | number
  deliveryTime?: TimeValue
  expiry?: TimeValue
  from?: FromValue
  messageClass?: 'personal' | 'advertisement' | 'informational' | 'auto' | (string & {}) | number
  messageId?: string
  messageType?: MessageType | number
  mmsVersion?: string
  messageSize?: Integer
  priority?: 'low' | 'normal' | 'high' | number
  readReport?: boolean | number
  reportAllowed?: boolean | number
  responseStatus?: StatusValue | StatusCountStatus[]
  responseText?: EncodedText | StatusCountText[]
  senderVisibility?: 'hide' | 'show' | number
  status?: string | number
  subject?: EncodedText
  to?: MmsAddress[]
  transactionId?: string
  retrieveStatus?: StatusValue
  retrieveText?: EncodedText
  readStatus?: 'read' | 'deleted-without-being-read' | number
  replyCharging?: 'requested' | 'requested-text-only' | 'accepted' | 'accepted-text-only' | number
  replyChargingDeadline?: TimeValue
  replyChargingId?: string
  replyChargingSize?: Integer
  previouslySentBy?: PreviouslySentBy[]
  previouslySentDate?: PreviouslySentDate[]
  store?: boolean | number
  mmState?: 'draft' | 'sent' | 'new' | 'retrieved' | 'forwarded' | number
  mmFlags?: MmFlag[]
  storeStatus?: StatusValue
  storeStatusText?: EncodedText
  stored?: boolean | number
  /** X-Mms-Attributes: the JS keys of the header fields named (the code when unknown). */
  attributes?: Array<string | number>
  totals?: boolean | number
  mboxTotals?: MboxCount
  quotas?: boolean | number
  mboxQuotas?: MboxCount
  messageCount?: Integer
  content?: true
  start?: Integer
  additionalHeaders?: true
  distributionIndicator?: boolean | number
  elementDescriptor?: ElementDescriptor
  limit?: Integer
  recommendedRetrievalMode?: 'manual' | number
  recommendedRetrievalModeText?: EncodedText
  statusText?: EncodedText
  applicId?: string
  replyApplicId?: string
  auxApplicInfo?: string
  contentClass?: 'text' | 'image-basic' | 'image-rich' | 'video-basic' | 'video-rich' | 'megapixel' | 'content-basic' | 'content-rich' | number
  drmContent?: boolean | number
  adaptationAllowed?: boolean | number
  replaceId?: string
  cancelId?: string
  cancelStatus?: 'cancel-request-successfully-received' | 'cancel-request-corrupted' | number
  /** Textual application headers (MMSE §7.1), by name as sent; an array when a name repeats. */
  applicationHeaders?: Record<string, string | string[]>
}

/** One header as it came off the wire. */
export interface MmseHeader {
  /** The well-known field code (0x81-0xBF), or null for a textual application header. */
  code: number | null
  /** Canonical name, e.g. `X-Mms-Message-Type`; for application headers the name as sent. */
  name: string
  /** JS key in {@link MmseHeaders}; for application headers the name as sent. */
  key: string
  value: unknown
  /** Absolute offset of the field's first octet. */
  offset: number
  /** Length in octets, field code included. */
  length: number
}

/** Content-Disposition of a part (WSP 0x2E / 0x45): form-data, attachment, inline or a token. */
export interface ContentDisposition {
  disposition: string
  params: Params
}

/** A part header value: text, a number, a date, a disposition, or the raw octets of a value no table describes. */
export type PartHeaderValue = string | Integer | Date | ContentDisposition | Uint8Array

/** Part headers by lower-case name (null prototype); an array when a name repeats. */
export type PartHeaders = Record<string, PartHeaderValue | PartHeaderValue[]>

/** What is known about a multipart entry before any of its data: WAP-230 §8.5.3. */
export interface PartInfo {
  /** Index within its multipart. */
  index: number
  /** Indexes from the top-level body down to this part, e.g. `[2, 0]`. */
  path: number[]
  /** Absolute offset of the part's first data octet. */
  offset: number
  /** DataLen as declared; null for a body that runs to the end of an unsized input. */
  size: number | null
  contentType: ContentType
  headers: PartHeaders
  /** Content-ID without its angle brackets (the header keeps them). */
  contentId?: string
  contentLocation?: string
  /** A safe file name from the name parameter, Content-Disposition filename or Content-Location: never a path, no control characters. */
  filename?: string
  /** Content-Transfer-Encoding, lower case. */
  transferEncoding?: string
}
