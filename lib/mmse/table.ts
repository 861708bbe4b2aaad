/**
 * The MMSE header table: every well-known field 0x81-0xBF (WAP-209 §7.3, OMA-MMS-ENC 1.1/1.2
 * §7.3, OMA-TS-MMS_ENC 1.3 §7.4) with its canonical name, JS key, the version that introduced
 * it, its value codec (reader and writer) and whether it repeats. The decoder and the encoder
 * both read this table; no other list of header codes exists. A field is one row here, plus at
 * most one codec in values/.
 */
import { contentType } from '../wsp/content-type.js'
import { dateValue } from '../wsp/date.js'
import { encodedString } from '../wsp/encoded-string.js'
import { integerValue, longInteger } from '../wsp/integers.js'
import { utf8Text } from '../wsp/strings.js'
import { versionValue } from '../wsp/version.js'
import { invalidArgument } from '../bytes/argument.js'
import type { FieldCodec } from './field-codec.js'
import {
  CANCEL_STATUSES, CONTENT_CLASSES, MESSAGE_TYPES, MM_STATES, PRIORITIES, READ_STATUSES, REPLY_CHARGING,
  RESPONSE_STATUSES, RETRIEVAL_MODES, RETRIEVE_STATUSES, SENDER_VISIBILITIES, STATUSES, STORE_STATUSES,
} from '../tables/mmse-enumerations.js'
import { address, from, previouslySentBy } from './values/addresses.js'
import { attribute, messageClass, octetEnum, status, yesNo } from './values/enumerated.js'
import { elementDescriptor, mboxCount, mmFlag, noValue } from './values/mbox.js'
import { contentLocation, responseStatus, responseText } from './values/status-count.js'
import { previouslySentDate, time } from './values/times.js'

export type MmsVersion = '1.0' | '1.1' | '1.2' | '1.3'

export interface HeaderDef {
  /** Wire code: the assigned number | 0x80. */
  readonly code: number
  readonly name: string
  readonly key: string
  readonly version: MmsVersion
  readonly codec: FieldCodec
  readonly repeats: boolean
  /** The value is an Integer-value or a Long-integer (a number, or a bigint above 2^53 - 1). */
  readonly integer: boolean
  /** Repeats, with a Status-count, in m-mbox-delete-conf and m-delete-conf. */
  readonly statusCount?: boolean
  /** The name MMS 1.0 gave the same code (0x90 X-Mms-Read-Reply). */
  readonly name10?: string
}

type Repeats = 'repeats' | 'status-count'

const ROWS = [
  [0x81, 'Bcc', 'bcc', '1.0', address, 'repeats'],
  [0x82, 'Cc', 'cc', '1.0', address, 'repeats'],
  [0x83, 'X-Mms-Content-Location', 'contentLocation', '1.0', contentLocation, 'status-count'],
  [0x84, 'Content-Type', 'contentType', '1.0', contentType],
  [0x85, 'Date', 'date', '1.0', dateValue],
  [0x86, 'X-Mms-Delivery-Report', 'deliveryReport', '1.0', yesNo],
  [0x87, 'X-Mms-Delivery-Time', 'deliveryTime', '1.0', time],
  [0x88, 'X-Mms-Expiry', 'expiry', '1.0', time],
  [0x89, 'From', 'from', '1.0', from],
  [0x8a, 'X-Mms-Message-Class', 'messageClass', '1.0', messageClass],
  [0x8b, 'Message-ID', 'messageId', '1.0', utf8Text],
  [0x8c, 'X-Mms-Message-Type', 'messageType', '1.0', octetEnum(MESSAGE_TYPES)],
  [0x8d, 'X-Mms-MMS-Version', 'mmsVersion', '1.0', versionValue],
  [0x8e, 'X-Mms-Message-Size', 'messageSize', '1.0', longInteger],
  [0x8f, 'X-Mms-Priority', 'priority', '1.0', octetEnum(PRIORITIES)],
  [0x90, 'X-Mms-Read-Report', 'readReport', '1.0', yesNo],
  [0x91, 'X-Mms-Report-Allowed', 'reportAllowed', '1.0', yesNo],
  [0x92, 'X-Mms-Response-Status', 'responseStatus', '1.0', responseStatus(RESPONSE_STATUSES), 'status-count'],
  [0x93, 'X-Mms-Response-Text', 'responseText', '1.0', responseText, 'status-count'],
  [0x94, 'X-Mms-Sender-Visibility', 'senderVisibility', '1.0', octetEnum(SENDER_VISIBILITIES)],
  [0x95, 'X-Mms-Status', 'status', '1.0', octetEnum(STATUSES)],
  [0x96, 'Subject', 'subject', '1.0', encodedString],
  [0x97, 'To', 'to', '1.0', address, 'repeats'],
  [0x98, 'X-Mms-Transaction-Id', 'transactionId', '1.0', utf8Text],
  [0x99, 'X-Mms-Retrieve-Status', 'retrieveStatus', '1.1', status(RETRIEVE_STATUSES)],
  [0x9a, 'X-Mms-Retrieve-Text', 'retrieveText', '1.1', encodedString],
  [0x9b, 'X-Mms-Read-Status', 'readStatus', '1.1', octetEnum(READ_STATUSES)],
  [0x9c, 'X-Mms-Reply-Charging', 'replyCharging', '1.1', octetEnum(REPLY_CHARGING)],
  [0x9d, 'X-Mms-Reply-Charging-Deadline', 'replyChargingDeadline', '1.1', time],
  [0x9e, 'X-Mms-Reply-Charging-ID', 'replyChargingId', '1.1', utf8Text],
  [0x9f, 'X-Mms-Reply-Charging-Size', 'replyChargingSize', '1.1', longInteger],
  [0xa0, 'X-Mms-Previously-Sent-By', 'previouslySentBy', '1.1', previouslySentBy, 'repeats'],
  [0xa1, 'X-Mms-Previously-Sent-Date', 'previouslySentDate', '1.1', previouslySentDate, 'repeats'],
  [0xa2, 'X-Mms-Store', 'store', '1.2', yesNo],
  [0xa3, 'X-Mms-MM-State', 'mmState', '1.2', octetEnum(MM_STATES)],
  [0xa4, 'X-Mms-MM-Flags', 'mmFlags', '1.2', mmFlag, 'repeats'],
  [0xa5, 'X-Mms-Store-Status', 'storeStatus', '1.2', status(STORE_STATUSES)],
  [0xa6, 'X-Mms-Store-Status-Text', 'storeStatusText', '1.2', encodedString],
  [0xa7, 'X-Mms-Stored', 'stored', '1.2', yesNo],
  [0xa8, 'X-Mms-Attributes', 'attributes', '1.2', attribute(code => headerByCode(code)?.key, key => headerByKey(key)?.code), 'repeats'],
  [0xa9, 'X-Mms-Totals', 'totals', '1.2', yesNo],
  [0xaa, 'X-Mms-Mbox-Totals', 'mboxTotals', '1.2', mboxCount],
  [0xab, 'X-Mms-Quotas', 'quotas', '1.2', yesNo],
  [0xac, 'X-Mms-Mbox-Quotas', 'mboxQuotas', '1.2', mboxCount],
  [0xad, 'X-Mms-Message-Count', 'messageCount', '1.2', integerValue],
  [0xae, 'Content', 'content', '1.2', noValue],
  [0xaf, 'X-Mms-Start', 'start', '1.2', integerValue],
  [0xb0, 'Additional-headers', 'additionalHeaders', '1.2', noValue],
  [0xb1, 'X-Mms-Distribution-Indicator', 'distributionIndicator', '1.2', yesNo],
  [0xb2, 'X-Mms-Element-Descriptor', 'elementDescriptor', '1.2', elementDescriptor],
  [0xb3, 'X-Mms-Limit', 'limit', '1.2', integerValue],
  [0xb4, 'X-Mms-Recommended-Retrieval-Mode', 'recommendedRetrievalMode', '1.3', octetEnum(RETRIEVAL_MODES)],
  [0xb5, 'X-Mms-Recommended-Retrieval-Mode-Text', 'recommendedRetrievalModeText', '1.3', encodedString],
  [0xb6, 'X-Mms-Status-Text', 'statusText', '1.3', encodedString],
  [0xb7, 'X-Mms-Applic-ID', 'applicId', '1.3', utf8Text],
  [0xb8, 'X-Mms-Reply-Applic-ID', 'replyApplicId', '1.3', utf8Text],
  [0xb9, 'X-Mms-Aux-Applic-Info', 'auxApplicInfo', '1.3', utf8Text],
  [0xba, 'X-Mms-Content-Class', 'contentClass', '1.3', octetEnum(CONTENT_CLASSES)],
  [0xbb, 'X-Mms-DRM-Content', 'drmContent', '1.3', yesNo],
  [0xbc, 'X-Mms-Adaptation-Allowed', 'adaptationAllowed', '1.3', yesNo],
  [0xbd, 'X-Mms-Replace-ID', 'replaceId', '1.3', utf8Text],
  [0xbe, 'X-Mms-Cancel-ID', 'cancelId', '1.3', utf8Text],
  [0xbf, 'X-Mms-Cancel-Status', 'cancelStatus', '1.3', octetEnum(CANCEL_STATUSES)],
] as const satisfies ReadonlyArray<readonly [number, string, string, MmsVersion, FieldCodec, Repeats?]>

/** The JS keys of the header fields. */
export type HeaderKey = (typeof ROWS)[number][2]

/** MMS 1.0 named 0x90 X-Mms-Read-Reply; later versions X-Mms-Read-Report (WAP-209 §7.3). */
const MMS_1_0_READ_REPLY = [0x90, 'X-Mms-Read-Reply'] as const

export const HEADERS: readonly HeaderDef[] = ROWS.map((row): HeaderDef => {
  const [code, name, key, version, codec] = row
  const repeats: Repeats | undefined = row[5]
  return Object.freeze({
    code, name, key, version, codec,
    repeats: repeats === 'repeats',
    integer: codec === longInteger || codec === integerValue,
    ...(repeats === 'status-count' ? { statusCount: true } : {}),
    ...(code === MMS_1_0_READ_REPLY[0] ? { name10: MMS_1_0_READ_REPLY[1] } : {}),
  })
})

const BY_CODE: ReadonlyArray<HeaderDef | undefined> = (() => {
  const byCode: Array<HeaderDef | undefined> = new Array(256).fill(undefined)
  for (const def of HEADERS) byCode[def.code] = def
  return byCode
})()

const BY_KEY = new Map(HEADERS.map(def => [def.key, def]))

export function headerByCode (code: number): HeaderDef | undefined {
  // A string would read the array's own properties ('length').
  if (typeof code !== 'number') throw invalidArgument('code', 'a number', code)
  return BY_CODE[code]
}

export function headerByKey (key: string): HeaderDef | undefined {
  if (typeof key !== 'string') throw invalidArgument('key', 'a string', key)
  return BY_KEY.get(key)
}

/** The wire code of a field by its JS key, for the few the machine and the encoder place by name. */
function codeOf (key: HeaderKey): number {
  return (headerByKey(key) as HeaderDef).code
}

/** X-Mms-Message-Type: the first header (§7.1). */
export const MESSAGE_TYPE = codeOf('messageType')
export const TRANSACTION_ID = codeOf('transactionId')
export const MMS_VERSION = codeOf('mmsVersion')
/** Content-Type: the last header when the PDU has a body. */
export const CONTENT_TYPE = codeOf('contentType')
