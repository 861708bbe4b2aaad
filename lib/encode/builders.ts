/**
 * Builders for the PDUs real endpoints send (OMA-MMS-ENC 1.2 §6 transactions): each returns an
 * EncodeMessage, and `encode(buildX(...))` gives its bytes. Defaults: MMS version 1.2, a
 * generated Transaction-Id where the PDU needs one, Date now, From to be inserted by the MMSC.
 * `headers` adds or overrides any other field.
 *
 * buildSendReq / buildRetrieveConf with `smil: true` make a multipart/related whose first part
 * is a generated SMIL presentation (OMA-TS-MMS_CONF §8: one slide per image or video, audio
 * and text; an Image region above a Text region), with the `type` and `start` parameters
 * naming it; without it, a multipart/mixed.
 */
import { toObject } from '../bytes/argument.js'
import { MmseError } from '../errors.js'
import { withType } from '../mmse/address-syntax.js'
import type { ContentType, Integer, MessageType, TimeValue } from '../types.js'
import { smilDocument } from './smil.js'
import type { AddressInput, EncodeHeaders, EncodeMessage, EncodePart, EncodePartHeaders, FromInput, StatusInput, TextInput } from './input.js'

export interface BuildPart {
  contentType: ContentType | string
  data: Uint8Array | string
  /** File name: the Content-Location and the `name` parameter (default `part<n>`). */
  name?: string
  /** Content-ID without angle brackets (default: from the name). */
  contentId?: string
  headers?: EncodePartHeaders
}

type Addresses = AddressInput | AddressInput[]

interface Common {
  mmsVersion?: string
  /** Any other header field, written after the ones the builder sets (and overriding them). */
  headers?: EncodeHeaders
}

export interface SendReqInput extends Common {
  from?: FromInput
  to?: Addresses
  cc?: Addresses
  bcc?: Addresses
  subject?: TextInput
  parts: BuildPart[]
  smil?: boolean
  transactionId?: string
  date?: Date
}

const DEFAULT_VERSION = '1.2'
const RELATED = 'application/vnd.wap.multipart.related'
const MIXED = 'application/vnd.wap.multipart.mixed'
const SMIL_ID = 'smil'

export function buildSendReq (input: SendReqInput): EncodeMessage {
  toObject(input, 'input')
  if (input.to === undefined && input.cc === undefined && input.bcc === undefined) {
    throw new MmseError('ERR_MMSE_MISSING_FIELD', 'm-send-req requires To, Cc or Bcc', 0, { field: 'To' })
  }
  return message('m-send-req', input, {
    transactionId: input.transactionId ?? transactionId(),
    date: input.date,
    from: input.from === undefined ? { insertAddress: true } : address(input.from),
    ...recipients(input),
    subject: input.subject,
  }, body(input.parts, input.smil === true))
}

export interface SendConfInput extends Common {
  transactionId: string
  responseStatus?: StatusInput
  responseText?: TextInput
  messageId?: string
}

export function buildSendConf (input: SendConfInput): EncodeMessage {
  toObject(input, 'input')
  return message('m-send-conf', input, {
    transactionId: input.transactionId,
    responseStatus: input.responseStatus ?? 'ok',
    responseText: input.responseText,
    messageId: input.messageId,
  })
}

export interface NotificationIndInput extends Common {
  contentLocation: string
  messageSize: Integer
  /** Default: relative, 7 days. */
  expiry?: TimeValue
  messageClass?: EncodeHeaders['messageClass']
  transactionId?: string
  from?: FromInput
  subject?: TextInput
}

const WEEK = 7 * 24 * 3600

export function buildNotificationInd (input: NotificationIndInput): EncodeMessage {
  toObject(input, 'input')
  return message('m-notification-ind', input, {
    transactionId: input.transactionId ?? transactionId(),
    from: input.from === undefined ? undefined : address(input.from),
    subject: input.subject,
    messageClass: input.messageClass ?? 'personal',
    messageSize: input.messageSize,
    expiry: input.expiry ?? { relative: WEEK },
    contentLocation: input.contentLocation,
  })
}

export interface NotifyRespIndInput extends Common {
  transactionId: string
  status?: EncodeHeaders['status']
  reportAllowed?: boolean
}

export function buildNotifyRespInd (input: NotifyRespIndInput): EncodeMessage {
  toObject(input, 'input')
  return message('m-notifyresp-ind', input, {
    transactionId: input.transactionId,
    status: input.status ?? 'retrieved',
    reportAllowed: input.reportAllowed,
  })
}

export interface AcknowledgeIndInput extends Common {
  transactionId: string
  reportAllowed?: boolean
}

export function buildAcknowledgeInd (input: AcknowledgeIndInput): EncodeMessage {
  toObject(input, 'input')
  return message('m-acknowledge-ind', input, { transactionId: input.transactionId, reportAllowed: input.reportAllowed })
}

export interface RetrieveConfInput extends Common {
  parts: BuildPart[]
  smil?: boolean
  transactionId?: string
  messageId?: string
  date?: Date
  from?: FromInput
  to?: Addresses
  cc?: Addresses
  subject?: TextInput
}

export function buildRetrieveConf (input: RetrieveConfInput): EncodeMessage {
  toObject(input, 'input')
  return message('m-retrieve-conf', input, {
    transactionId: input.transactionId,
    messageId: input.messageId,
    date: input.date ?? now(),
    from: input.from === undefined ? undefined : address(input.from),
    ...recipients(input),
    subject: input.subject,
  }, body(input.parts, input.smil === true))
}

export interface DeliveryIndInput extends Common {
  messageId: string
  to: Addresses
  date?: Date
  status?: EncodeHeaders['status']
}

export function buildDeliveryInd (input: DeliveryIndInput): EncodeMessage {
  toObject(input, 'input')
  return message('m-delivery-ind', input, {
    messageId: input.messageId,
    ...recipients(input),
    date: input.date ?? now(),
    status: input.status ?? 'retrieved',
  })
}

export interface ReadRecIndInput extends Common {
  messageId: string
  to: Addresses
  from?: FromInput
  date?: Date
  readStatus?: EncodeHeaders['readStatus']
}

export function buildReadRecInd (input: ReadRecIndInput): EncodeMessage {
  toObject(input, 'input')
  return message('m-read-rec-ind', input, {
    messageId: input.messageId,
    ...recipients(input),
    from: input.from === undefined ? { insertAddress: true } : address(input.from),
    date: input.date,
    readStatus: input.readStatus ?? 'read',
  })
}

/** Message-Type, Transaction-Id and MMS-Version first, the given fields, the caller's extra headers; undefined values dropped. */
function message (type: MessageType, input: Common, fields: Record<string, unknown>, content?: { contentType: ContentType, parts: EncodePart[] }): EncodeMessage {
  const headers: Record<string, unknown> = { messageType: type, transactionId: fields['transactionId'], mmsVersion: input.mmsVersion ?? DEFAULT_VERSION }
  for (const [key, value] of [...Object.entries(fields), ...Object.entries(input.headers ?? {})]) headers[key] = value
  if (content !== undefined) headers['contentType'] = content.contentType
  for (const key of Object.keys(headers)) if (headers[key] === undefined) delete headers[key]
  return content === undefined ? { headers: headers as EncodeHeaders } : { headers: headers as EncodeHeaders, parts: content.parts }
}

/** 12 hex digits: unique enough to match a conf to its request (§6: unique per transaction). */
function transactionId (): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(6)), (octet) => octet.toString(16).padStart(2, '0')).join('')
}

function now (): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000)
}

function recipients (input: { to?: Addresses, cc?: Addresses, bcc?: Addresses }): Record<string, AddressInput[] | undefined> {
  const list = (value: Addresses | undefined) => value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(address)
  return { to: list(input.to), cc: list(input.cc), bcc: list(input.bcc) }
}

/** A bare address given as a string gets its type (§8). */
function address<T extends FromInput> (value: T): T | string {
  return typeof value === 'string' ? withType(value) : value
}

/** The multipart body: the parts with Content-ID, Content-Location and name, and the SMIL presentation first when asked. */
function body (parts: BuildPart[], smil: boolean): { contentType: ContentType, parts: EncodePart[] } {
  const named = parts.map((part, index) => namedPart(part, index))
  if (!smil) return { contentType: { mediaType: MIXED, params: {} }, parts: named.map((p) => p.part) }
  const presentation: EncodePart = {
    contentType: 'application/smil',
    headers: { 'content-id': `<${SMIL_ID}>`, 'content-location': 'smil.smil' },
    data: smilDocument(named),
  }
  return {
    contentType: { mediaType: RELATED, params: { start: `<${SMIL_ID}>`, type: 'application/smil' } },
    parts: [presentation, ...named.map((p) => p.part)],
  }
}

interface Named {
  part: EncodePart
  name: string
  mediaType: string
}

function namedPart (part: BuildPart, index: number): Named {
  const type: ContentType = typeof part.contentType === 'string' ? { mediaType: part.contentType, params: {} } : part.contentType
  // The SMIL refers to parts by Content-Location: the name, or the location the caller set.
  const location = part.headers?.['content-location']
  const name = part.name ?? (typeof location === 'string' ? location : `part${index}`)
  const params = { ...type.params }
  params['name'] ??= name
  // Text given as a string is written as UTF-8: say so.
  if (typeof part.data === 'string' && type.mediaType.startsWith('text/')) params['charset'] ??= 'utf-8'
  const id = part.contentId ?? name.replace(/[^A-Za-z0-9._-]/g, '_')
  return {
    part: {
      contentType: { mediaType: type.mediaType, params },
      headers: { 'content-id': `<${id}>`, 'content-location': name, ...part.headers },
      data: part.data,
    },
    name,
    mediaType: type.mediaType.toLowerCase(),
  }
}
