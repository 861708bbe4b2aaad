/**
 * What the encoder takes: the shapes the decoder outputs (types.ts), so `encode(decode(bytes))`
 * works, loosened where writing by hand is easier (plain strings for text and addresses,
 * names or numbers for statuses, a single address for To/Cc/Bcc).
 */
import type { BytesLike } from '../bytes/argument.js'
import type { AddressInput } from '../mmse/address-syntax.js'
import type { FromInput } from '../mmse/values/addresses.js'
import type { StatusInput } from '../mmse/values/enumerated.js'
import type { ContentType, Integer, MmseHeaders, StatusCountStatus, StatusCountText, StatusCountUri } from '../types.js'
import type { TextInput } from '../wsp/encoded-string.js'
import type { HeadersInput } from '../wsp/headers.js'
import type { EncodeForms } from '../wsp/context.js'

export type { AddressInput, EncodeForms, FromInput, StatusInput, TextInput }

type Addresses = AddressInput | AddressInput[]

/** The typed header set to write, keyed as {@link MmseHeaders}. */
export type EncodeHeaders = Omit<MmseHeaders,
  'bcc' | 'cc' | 'to' | 'from' | 'subject' | 'retrieveText' | 'storeStatusText' | 'statusText'
  | 'recommendedRetrievalModeText' | 'responseText' | 'responseStatus' | 'retrieveStatus' | 'storeStatus'
  | 'contentType' | 'previouslySentBy' | 'mmFlags' | 'contentLocation'> & {
  bcc?: Addresses
  cc?: Addresses
  to?: Addresses
  from?: FromInput
  subject?: TextInput
  retrieveText?: TextInput
  storeStatusText?: TextInput
  statusText?: TextInput
  recommendedRetrievalModeText?: TextInput
  responseText?: TextInput | Array<StatusCountText | TextInput>
  responseStatus?: StatusInput | Array<StatusCountStatus | StatusInput>
  retrieveStatus?: StatusInput
  storeStatus?: StatusInput
  contentType?: ContentType | string
  previouslySentBy?: Array<{ forwardCount: Integer, address: AddressInput }>
  mmFlags?: Array<{ action: 'add' | 'remove' | 'filter' | number, flag: TextInput }>
  contentLocation?: string | Array<StatusCountUri | string>
}

/** Part headers by name (any case): Content-ID, Content-Location, Content-Disposition, Content-Transfer-Encoding, others. */
export type EncodePartHeaders = HeadersInput

/**
 * One multipart entry. The body is `message` (a nested PDU), else `parts` (a nested
 * multipart), else `data`; a string is written in the content type's charset (UTF-8 when it
 * names none). A DecodedPart is an EncodePart.
 */
export interface EncodePart {
  contentType: ContentType | string
  headers?: EncodePartHeaders
  /** Bytes in any form (an ArrayBufferView, an ArrayBuffer) or text. */
  data?: BytesLike | string
  parts?: EncodePart[]
  message?: EncodeMessage
}

/** A PDU to write. An MmseMessage from decode() is one. */
export interface EncodeMessage {
  headers: EncodeHeaders
  parts?: EncodePart[]
}

export interface EncodeOptions {
  /** Check the fields each message type requires (OMA-MMS-ENC §6; default true). */
  checkMandatory?: boolean
  /** Charset (name or MIBenum) for Encoded-string-values that are not US-ASCII and name none (default utf-8). */
  charset?: string | number
  /**
   * `compatible` (default): where the specification allows several forms, the one every deployed
   * decoder reads the same way (docs/compatibility.md); `shortest`: the shortest form the grammar allows.
   */
  forms?: EncodeForms
}
