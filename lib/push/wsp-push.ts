/**
 * WAP Push: the connectionless WSP Push PDU of WAP-230 §8.2.4 (TID, PDU type 0x06 Push or
 * 0x07 ConfirmedPush, uintvar HeadersLen, Content-type-value, WSP headers, body), written by
 * `encodePush` and unwrapped by `decodePush`, also from the SMS user data that carries it
 * (3GPP TS 23.040 §9.2.3.24: a User Data Header with application ports, IEI 0x04 / 0x05, and
 * concatenation, IEI 0x00 / 0x08).
 *
 * The push and the MMSE PDU inside it are kept apart on purpose: a push is not always MMS
 * (service indications and device-management pushes share its port), so the body is decoded as MMSE only when the content type says
 * application/vnd.wap.mms-message. Every failure is an `MmseError`: ERR_MMSE_BAD_PUSH for the
 * wrapper, the decoder's own codes for the PDU inside, with offsets into the bytes given.
 */
import { bytesOf, type BytesLike, toBytes, toObject, toOptions } from '../bytes/argument.js'
import { decode } from '../decode/decode.js'
import { badInput, MmseError } from '../errors.js'
import { MESSAGE_TYPES } from '../tables/mmse-enumerations.js'
import { MESSAGE_TYPE } from '../mmse/table.js'
import { BOOLEAN, checkOptions, DECODE_OPTIONS, type DecodeOptions, type OptionRules } from '../options.js'
import { MMS_MESSAGE_TYPE } from '../tables/content-types.js'
import { PUSH_APPLICATION_IDS } from '../tables/push-application-ids.js'
import { WSP_HEADERS, WSP_X_WAP_APPLICATION_ID } from '../tables/wsp-headers.js'
import type { ContentType, MmseMessage, MmseWarning, PartHeaders, PartHeaderValue } from '../types.js'
import { DecodeContext } from '../wsp/context.js'
import { contentType } from '../wsp/content-type.js'
import { entryHeaders, writeHeaders } from '../wsp/headers.js'
import { integerValue, shortInteger, uintvar } from '../wsp/integers.js'
import { hex } from '../bytes/octets.js'
import { type Decoded, NEED_MORE } from '../wsp/read.js'
import { utf8Text } from '../wsp/strings.js'
import { ByteWriter } from '../wsp/writer.js'
import type { AssembledUserData } from './assembler.js'
import { parseUserData, type UserDataHeader, WAP_PUSH_PORT, WAP_PUSH_SECURE_PORT } from './udh.js'

/** WAP-230 §8.2.1 Table 34: the two PDU types a push arrives as. */
export const PUSH_PDU_TYPES = { 0x06: 'push', 0x07: 'confirmed-push' } as const
export type PushPduType = (typeof PUSH_PDU_TYPES)[keyof typeof PUSH_PDU_TYPES]

export interface PushMessage {
  /** Transaction id (connectionless mode). */
  tid: number
  pduType: PushPduType
  contentType: ContentType
  /** WSP headers by lower-case name, decoded as multipart entry headers are (null prototype). */
  headers: PartHeaders
  /** X-Wap-Application-Id: the registry URN for a known code or a Uri-value, else the code. */
  applicationId?: string | number
  body: Uint8Array
  /** Lenient findings in the push headers (offsets into the bytes given); the PDU's are in `message`. */
  warnings: MmseWarning[]
  /** Offset of the body in the bytes given to {@link decodePush}. */
  bodyOffset: number
  /**
   * The MMSE PDU, for content type application/vnd.wap.mms-message; equal to `decode(body)`,
   * so its header, part and warning offsets are relative to `body`.
   */
  message?: MmseMessage
  /** The SMS User Data Header, when the input was user data (`udh: true`). */
  userDataHeader?: UserDataHeader
}

/** A push to write: {@link encodePush}. A decoded {@link PushMessage} is one. */
export interface PushInput {
  /** Transaction id, 0-255 (default 0). */
  tid?: number
  /** 'push' (0x06, default) or 'confirmed-push' (0x07). */
  pduType?: PushPduType
  /** Default application/vnd.wap.mms-message; written in its shortest form (0xBE for MMS). */
  contentType?: ContentType | string
  /**
   * X-Wap-Application-Id: a registry URN written as its code when it has one (mms.ua -> 0x84),
   * else as a Uri-value; or a code. Default for MMS: 'x-wap-application:mms.ua'.
   */
  applicationId?: string | number
  /**
   * Other push headers by name, e.g. { 'x-wap-initiator-uri': 'http://mmsc.example' }, written
   * as WSP headers in this order (an X-Wap-Application-Id here is written as it is, in its place).
   */
  headers?: Record<string, PartHeaderValue | PartHeaderValue[]>
  /** The push's body (any other ArrayBufferView or an ArrayBuffer is taken too). */
  body: Uint8Array
}

const PUSH_PDU_CODES: ReadonlyMap<string, number> = new Map(Object.entries(PUSH_PDU_TYPES).map(([code, name]) => [name, Number(code)]))
const APPLICATION_CODES: ReadonlyMap<string, number> = new Map([...PUSH_APPLICATION_IDS].map(([code, urn]) => [urn, code]))
/** The MMS user agent, OMNA code 0x04: the application of every MMSE push. */
const MMS_APPLICATION_ID = PUSH_APPLICATION_IDS.get(0x04) as string
const APPLICATION_ID_KEY = (WSP_HEADERS.name(WSP_X_WAP_APPLICATION_ID) as string).toLowerCase()

/**
 * Writes a connectionless WSP Push PDU (WAP-230 §8.2.4): TID, PDU type, HeadersLen, the
 * content type in its shortest form (§8.4.2.24), X-Wap-Application-Id (§8.4.2.54), the other
 * headers by their Table 39 codes, then the body. `decodePush(encodePush(p))` gives `p` back.
 */
export function encodePush (push: PushInput): Uint8Array {
  toObject(push, 'push')
  const tid = push.tid ?? 0
  if (!Number.isInteger(tid) || tid < 0 || tid > 0xff) throw badInput(`TID ${tid} is not an octet (0-255)`, 'TID')
  const pduType = push.pduType ?? 'push'
  const typeCode = PUSH_PDU_CODES.get(pduType)
  if (typeCode === undefined) throw badInput(`PDU type ${JSON.stringify(pduType)} is neither 'push' nor 'confirmed-push'`, 'PDU type')
  const body = bytesOf(push.body)
  if (body === undefined) throw badInput('the push body must be an ArrayBufferView or ArrayBuffer', 'body')
  const type = push.contentType ?? MMS_MESSAGE_TYPE
  const headers = Object.entries(push.headers ?? {})
  const named = (key: string): PartHeaderValue | PartHeaderValue[] | undefined => headers.find(([name]) => name.toLowerCase() === key)?.[1]
  if (named('content-type') !== undefined) throw badInput('give the content type as contentType, not as a header', 'Content-Type')
  const w = new ByteWriter()
  contentType.write(w, type)
  const sent = named(APPLICATION_ID_KEY)
  const applicationId = push.applicationId ?? (sent === undefined && mediaTypeOf(type) === MMS_MESSAGE_TYPE ? MMS_APPLICATION_ID : undefined)
  if (sent !== undefined && applicationId !== undefined && !sameApplication(sent, applicationId)) {
    throw badInput(`applicationId ${JSON.stringify(applicationId)} disagrees with the X-Wap-Application-Id header ${JSON.stringify(sent)}`, 'X-Wap-Application-Id')
  }
  if (sent === undefined && applicationId !== undefined) writeApplicationId(w, applicationId)
  writeHeaders(w, push.headers ?? {})
  const out = new ByteWriter(w.length + body.length + 8)
  uintvar.write(out.byte(tid).byte(typeCode), w.length)
  return out.bytes(w.written()).bytes(body).toBuffer()
}

function mediaTypeOf (type: ContentType | string): string {
  return (typeof type === 'string' ? type : type.mediaType).toLowerCase()
}

/** App-assigned-code (Integer-value) for a number or a registry URN, else Uri-value. */
function writeApplicationId (w: ByteWriter, id: string | number): void {
  if (typeof id !== 'string' && typeof id !== 'number') throw badInput(`applicationId ${String(id)} is neither a URI nor a code`, 'X-Wap-Application-Id')
  const code = typeof id === 'number' ? id : APPLICATION_CODES.get(id.toLowerCase())
  shortInteger.write(w, WSP_X_WAP_APPLICATION_ID)
  if (code === undefined) utf8Text.write(w, id as string)
  else integerValue.write(w, code)
}

/** One application, whether named by its code or its URN. */
function sameApplication (header: PartHeaderValue | PartHeaderValue[], id: string | number): boolean {
  const code = (value: unknown): unknown => typeof value === 'string' ? APPLICATION_CODES.get(value.toLowerCase()) ?? value.toLowerCase() : value
  return !Array.isArray(header) && code(header) === code(id)
}

export interface PushOptions extends DecodeOptions {
  /** The input is SMS user data that starts with a UDH (TP-UDHI set), not a bare push. */
  udh?: boolean
}

/**
 * What {@link decodePush} had read when it failed, on the error's `partial`: the TID and PDU
 * type, the headers that came whole, the content type once read, and for an MMS push whose
 * notification was cut, `message` as `decode()`'s own partial result.
 */
export type PartialPush = Omit<PushMessage, 'contentType' | 'body' | 'bodyOffset'> & Partial<Pick<PushMessage, 'contentType' | 'body' | 'bodyOffset'>>

/** The rules of {@link PushOptions}: decode()'s, checked before the notification inside is reached, and `udh`. */
const PUSH_OPTIONS: OptionRules = { ...DECODE_OPTIONS, udh: BOOLEAN }

/** Decodes a connectionless WSP Push PDU, or single-segment SMS user data holding one. */
export function decodePush (input: BytesLike, options?: PushOptions): PushMessage {
  const bytes = toBytes(input, 'bytes')
  const given = toOptions<PushOptions>(options)
  checkOptions(given, PUSH_OPTIONS)
  const { udh, ...resolved } = given
  if (udh !== true) return decodeWsp(bytes, 0, resolved)
  const userData = parseUserData(bytes)
  const concat = userData.header.concat
  if (concat !== undefined && concat.total > 1) {
    throw new MmseError('ERR_MMSE_BAD_PUSH', `segment ${concat.sequence} of ${concat.total} (reference ${concat.reference}): reassemble the segments with PushAssembler first`, 1)
  }
  return withHeader(userData.header, userData.payload, userData.payloadOffset, resolved)
}

/** Decodes the push in user data that a {@link PushAssembler} put together; offsets are into its payload. */
export function decodeAssembled (assembled: AssembledUserData, options?: DecodeOptions): PushMessage {
  const { header, payload } = toObject<AssembledUserData>(assembled, 'assembled')
  const resolved = toOptions<DecodeOptions>(options)
  checkOptions(resolved, DECODE_OPTIONS)
  return withHeader(toObject(header, 'assembled.header'), toBytes(payload, 'assembled.payload'), 0, resolved)
}

/** A push behind a UDH: its ports, when present, must be WAP Push's. */
function withHeader (header: UserDataHeader, payload: Uint8Array, base: number, options: DecodeOptions): PushMessage {
  const ports = header.ports
  if (ports !== undefined && ports.destination !== WAP_PUSH_PORT && ports.destination !== WAP_PUSH_SECURE_PORT) {
    throw new MmseError('ERR_MMSE_BAD_PUSH', `destination port ${ports.destination} is not WAP Push (${WAP_PUSH_PORT})`, 1)
  }
  return decodeWsp(payload, base, options, header)
}

/**
 * The push itself. `base` is where `bytes` starts in the caller's input, so that every offset
 * reported (errors, `bodyOffset`) points into what the caller gave. An error past the PDU type
 * carries the push as far as it was read (`err.partial`): a relay still has its headers and the
 * notification's, though the push was cut.
 */
function decodeWsp (bytes: Uint8Array, base: number, options: DecodeOptions, userDataHeader?: UserDataHeader): PushMessage {
  if (bytes.length < 3) throw new MmseError('ERR_MMSE_BAD_PUSH', `a push PDU needs at least 3 octets, got ${bytes.length}`, base + bytes.length)
  const tid = bytes[0] as number
  const typeOctet = bytes[1] as number
  const pduType = PUSH_PDU_TYPES[typeOctet as keyof typeof PUSH_PDU_TYPES] as PushPduType | undefined
  if (pduType === undefined) {
    throw new MmseError('ERR_MMSE_BAD_PUSH', `PDU type 0x${hex(typeOctet)} is neither Push (0x06) nor ConfirmedPush (0x07)`, base + 1)
  }
  const ctx = new DecodeContext(options.strict === true, { base })
  const partial: PartialPush = { tid, pduType, headers: Object.create(null) as PartHeaders, warnings: ctx.pending.list }
  if (userDataHeader !== undefined) partial.userDataHeader = userDataHeader
  try {
    return readPush(bytes, base, options, ctx, partial)
  } catch (err) {
    // Anything but an MmseError is a bug of ours: let it through untouched.
    /* c8 ignore next */
    if (!(err instanceof MmseError)) throw err
    err.partial = partial
    throw err
  }
}

/** The push after its PDU type; what was read of it is in `partial` when it fails. */
function readPush (bytes: Uint8Array, base: number, options: DecodeOptions, ctx: DecodeContext, partial: PartialPush): PushMessage {
  const headersLen = wrapped(base, 2, 'HeadersLen', () => uintvar.read(bytes, 2, bytes.length, ctx))
  if (headersLen.value === 0) throw new MmseError('ERR_MMSE_BAD_PUSH', 'HeadersLen is 0: the push has no content type', base + 2)
  const start = headersLen.next
  const headersEnd = ctx.strict ? start + headersLen.value : pduStart(bytes, start, headersLen.value, ctx)
  if (headersEnd > bytes.length) {
    // A cut push: the headers that came whole, for the partial result; the one cut short is not there.
    try {
      entryHeaders.read(bytes, start, bytes.length, ctx, partial.headers)
    } catch {}
    setContentType(partial, peekContentType(bytes, start, bytes.length)?.value)
    throw new MmseError('ERR_MMSE_BAD_PUSH', `HeadersLen ${headersLen.value} runs past the end of the PDU (${bytes.length - start} octets left)`, base + 2)
  }
  let entry
  try {
    entry = wrapped(base, start, 'push headers', () => entryHeaders.read(bytes, start, headersEnd, ctx, partial.headers).value)
  } catch (err) {
    setContentType(partial, peekContentType(bytes, start, headersEnd)?.value)
    throw err
  }
  const headers = entry.headers
  const body = bytes.subarray(headersEnd)
  const push: PushMessage = { tid: partial.tid, pduType: partial.pduType, contentType: entry.contentType, headers, body, bodyOffset: base + headersEnd, warnings: partial.warnings }
  const applicationId = headers[APPLICATION_ID_KEY]
  if (typeof applicationId === 'string' || typeof applicationId === 'number') {
    push.applicationId = typeof applicationId === 'number' ? PUSH_APPLICATION_IDS.get(applicationId) ?? applicationId : applicationId
  }
  if (entry.contentType.mediaType === MMS_MESSAGE_TYPE) {
    try {
      push.message = decode(body, options)
    } catch (err) {
      // decode() throws MmseError alone, with what it read: its offsets become the push's.
      const error = err as MmseError
      Object.assign(partial, push)
      if (error.partial !== undefined) partial.message = error.partial
      throw error.moved(base + headersEnd)
    }
  }
  if (partial.userDataHeader !== undefined) push.userDataHeader = partial.userDataHeader
  return push
}

function setContentType (partial: PartialPush, type: ContentType | undefined): void {
  if (type !== undefined) partial.contentType = type
}

/**
 * The content type at `start`, or undefined where none can be read: a look ahead, whose
 * findings are the real read's to report, once.
 */
function peekContentType (bytes: Uint8Array, start: number, end: number): Decoded<ContentType> | undefined {
  try {
    return contentType.read(bytes, start, end, new DecodeContext(false))
  } catch {
    return undefined
  }
}

/** How far from where HeadersLen says a real push's MMSE PDU has been seen to start (docs/wire-format.md Q31). */
const MAX_DRIFT = 8

/**
 * Where the headers end. Some senders get HeadersLen wrong by a few octets; when the content type
 * says MMS and no MMSE PDU (X-Mms-Message-Type and a known type) starts where HeadersLen says,
 * the nearest one within a few octets is taken, with a warning.
 */
function pduStart (bytes: Uint8Array, start: number, length: number, ctx: DecodeContext): number {
  const declared = start + length
  if (isPduStart(bytes, declared)) return declared
  const type = peekContentType(bytes, start, Math.min(declared, bytes.length))
  if (type?.value.mediaType !== MMS_MESSAGE_TYPE) return declared
  for (let drift = 1; drift <= MAX_DRIFT; drift++) {
    for (const at of [declared - drift, declared + drift]) {
      if (at < type.next || !isPduStart(bytes, at)) continue
      ctx.warn('WARN_MMSE_BAD_VALUE', `HeadersLen ${length} is off by ${at - declared}: the MMSE PDU starts at offset ${ctx.at(at)}`, 2)
      return at
    }
  }
  return declared
}

/** Whether an MMSE PDU starts at `at`: X-Mms-Message-Type and a type MMSE assigns. */
export function isPduStart (bytes: Uint8Array, at: number): boolean {
  return bytes[at] === MESSAGE_TYPE && MESSAGE_TYPES.name(bytes[at + 1] as number) !== undefined
}

/** Runs a decoder over the push wrapper: any failure there becomes ERR_MMSE_BAD_PUSH at its offset. */
function wrapped<T> (base: number, at: number, what: string, run: () => T): T {
  try {
    return run()
  } catch (err) {
    if (err === NEED_MORE) throw new MmseError('ERR_MMSE_BAD_PUSH', `${what}: a value overruns the push header`, base + at)
    // Anything but an MmseError is a bug of ours: let it through untouched.
    /* c8 ignore next */
    if (!(err instanceof MmseError)) throw err
    throw new MmseError('ERR_MMSE_BAD_PUSH', `${what}: ${err.message}`, err.offset, { cause: err })
  }
}
