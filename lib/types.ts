/**
 * The public shapes: decoded values, which the decoder produces and the encoder takes (so a
 * decoded message can be re-encoded as it is), and what the decoders report. The names of each
 * enumerated field's values derive from its table in tables/mmse-enumerations.ts.
 */
import type {
  CANCEL_STATUSES, CONTENT_CLASSES, MBOX_UNITS, MESSAGE_CLASSES, MessageType, MM_FLAG_ACTIONS, MM_STATES,
  PRIORITIES, READ_STATUSES, REPLY_CHARGING, RETRIEVAL_MODES, SENDER_VISIBILITIES, STATUSES,
} from './tables/mmse-enumerations.js'
import type { Names } from './tables/code-table.js'

export type { MessageType }

/** An Integer-value or Long-integer: a bigint only where the value exceeds 2^53 - 1. */
export type Integer = number | bigint

/**
 * Text from an Encoded-string-value (MMSE §7.2.9) or a Text-string. `charset` and `mib` are
 * present when the value used the charset form. `raw` keeps the undecoded bytes whenever the
 * text could not be decoded faithfully (Any-charset, an unknown MIBenum, invalid bytes), or
 * cannot be written back in its charset (one without an encoder here, such as ISO-2022-JP).
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
  action: Names<typeof MM_FLAG_ACTIONS> | number
  flag: EncodedText
}

/** X-Mms-Mbox-Totals and X-Mms-Mbox-Quotas. */
export interface MboxCount {
  unit: Names<typeof MBOX_UNITS> | number
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
  messageClass?: Names<typeof MESSAGE_CLASSES> | (string & {}) | number
  messageId?: string
  messageType?: MessageType | number
  mmsVersion?: string
  messageSize?: Integer
  priority?: Names<typeof PRIORITIES> | number
  readReport?: boolean | number
  reportAllowed?: boolean | number
  responseStatus?: StatusValue | StatusCountStatus[]
  responseText?: EncodedText | StatusCountText[]
  senderVisibility?: Names<typeof SENDER_VISIBILITIES> | number
  status?: Names<typeof STATUSES> | number
  subject?: EncodedText
  to?: MmsAddress[]
  transactionId?: string
  retrieveStatus?: StatusValue
  retrieveText?: EncodedText
  readStatus?: Names<typeof READ_STATUSES> | number
  replyCharging?: Names<typeof REPLY_CHARGING> | number
  replyChargingDeadline?: TimeValue
  replyChargingId?: string
  replyChargingSize?: Integer
  previouslySentBy?: PreviouslySentBy[]
  previouslySentDate?: PreviouslySentDate[]
  store?: boolean | number
  mmState?: Names<typeof MM_STATES> | number
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
  recommendedRetrievalMode?: Names<typeof RETRIEVAL_MODES> | number
  recommendedRetrievalModeText?: EncodedText
  statusText?: EncodedText
  applicId?: string
  replyApplicId?: string
  auxApplicInfo?: string
  contentClass?: Names<typeof CONTENT_CLASSES> | number
  drmContent?: boolean | number
  adaptationAllowed?: boolean | number
  replaceId?: string
  cancelId?: string
  cancelStatus?: Names<typeof CANCEL_STATUSES> | number
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

/** The headers of one PDU, complete: what the `'headers'` event carries. */
export interface MmseHead {
  path: number[]
  headers: MmseHeaders
  headerList: MmseHeader[]
}

/** A multipart or a PDU inside a part: reported before its contents. */
export interface NestedInfo extends PartInfo {
  kind: 'multipart' | 'message'
}

/** What `decode()` returns. */
export interface MmseMessage {
  headers: MmseHeaders
  headerList: MmseHeader[]
  /** The bytes after Content-Type: the body as sent, multipart framing included. */
  body?: Uint8Array
  parts: DecodedPart[]
  warnings: MmseWarning[]
}

export interface DecodedPart extends PartInfo {
  /** The part's data, transfer decoding applied; for a container, its raw bytes. */
  data: Uint8Array
  /** The entries of a nested multipart. */
  parts?: DecodedPart[]
  /** A nested PDU (m-mbox-view-conf entries, forwarded messages). */
  message?: MmseMessage
}

/**
 * What decoding found and read past. errors.ts pairs the deviations lenient mode tolerates with
 * the error strict mode raises for them; the others (text kept raw, a body where none was
 * expected) never fail.
 */
export type MmseWarningCode = 'WARN_MMSE_UNKNOWN_FIELD' | 'WARN_MMSE_BAD_VALUE' | 'WARN_MMSE_ORDER'
  | 'WARN_MMSE_TRAILING_DATA' | 'WARN_MMSE_ENTRY_COUNT' | 'WARN_MMSE_TRANSFER_ENCODING'
  | 'WARN_MMSE_CHARSET' | 'WARN_MMSE_UNEXPECTED_BODY'
  /** The last warning when more than `limits.maxWarnings` were found: how many were dropped. */
  | 'WARN_MMSE_WARNINGS_DROPPED'

export interface MmseWarning {
  code: MmseWarningCode
  message: string
  /** Absolute byte offset in the input. */
  offset: number
  field?: string
}
