/**
 * WAP Push unwrapping (mmse-tables §8): the connectionless WSP Push PDU of WAP-230 §8.2.4
 * (TID, PDU type 0x06 Push or 0x07 ConfirmedPush, uintvar HeadersLen, Content-type-value,
 * WSP headers, body), and the SMS user data that carries it (3GPP TS 23.040 §9.2.3.24: a User
 * Data Header with application ports, IEI 0x04 / 0x05, and concatenation, IEI 0x00 / 0x08).
 *
 * The push and the MMSE PDU inside it are kept apart on purpose: a push is not always MMS
 * (python-messaging #10), so the body is decoded as MMSE only when the content type says
 * application/vnd.wap.mms-message. Every failure is an `MmseError`: ERR_MMSE_BAD_PUSH for the
 * wrapper, the decoder's own codes for the PDU inside, with offsets into the bytes given.
 */
import { decode, type MmseMessage } from './decode.js'
import { MmseError, type MmseWarning } from './errors.js'
import type { DecodeOptions } from './options.js'
import { MMS_MESSAGE_TYPE } from './tables/content-types.js'
import { WSP_CONTENT_LENGTH, WSP_X_WAP_APPLICATION_ID, wspHeaderName } from './tables/wsp-headers.js'
import type { ContentType, PartHeaders, PartHeaderValue } from './types.js'
import { createContext } from './wsp/context.js'
import { entryHeaders } from './wsp/part-headers.js'
import { hex, integerValue, NEED_MORE, uintvar } from './wsp/primitives.js'

/** WAP-230 §8.2.1 Table 34: the two PDU types a push arrives as. */
export const PUSH_PDU_TYPES = { 0x06: 'push', 0x07: 'confirmed-push' } as const
export type PushPduType = (typeof PUSH_PDU_TYPES)[keyof typeof PUSH_PDU_TYPES]

/** The IANA port of connectionless WAP Push (WAP-259 WDP, Appendix B): 2948; 2949 is the WTLS one. */
export const WAP_PUSH_PORT = 2948
export const WAP_PUSH_SECURE_PORT = 2949

/**
 * OMNA Push Application ID registry, the WAP Forum assignments (0x00-0x0A). A code missing
 * here (the vendor range from 0x8000) is kept as the number sent.
 */
export const PUSH_APPLICATION_IDS: ReadonlyMap<number, string> = new Map([
  [0x00, 'x-wap-application:*'],
  [0x01, 'x-wap-application:push.sia'],
  [0x02, 'x-wap-application:wml.ua'],
  [0x03, 'x-wap-application:wta.ua'],
  [0x04, 'x-wap-application:mms.ua'],
  [0x05, 'x-wap-application:push.syncml'],
  [0x06, 'x-wap-application:loc.ua'],
  [0x07, 'x-wap-application:syncml.dm'],
  [0x08, 'x-wap-application:drm.ua'],
  [0x09, 'x-wap-application:emn.ua'],
  [0x0a, 'x-wap-application:wv.ua'],
])

/** The information elements of a User Data Header that matter to a push. */
export interface UserDataHeader {
  /** Application port addressing, IEI 0x04 (8-bit) or 0x05 (16-bit). */
  ports?: { destination: number, source: number, bits: 8 | 16 }
  /** Concatenated short message, IEI 0x00 (8-bit reference) or 0x08 (16-bit reference). */
  concat?: { reference: number, total: number, sequence: number, bits: 8 | 16 }
  /** Every element as sent, those above included, in wire order. */
  elements: Array<{ iei: number, data: Uint8Array }>
}

/** SMS user data split into its header and the octets after it. */
export interface UserData {
  header: UserDataHeader
  payload: Uint8Array
  /** Offset of the payload in the user data: 1 + UDHL. */
  payloadOffset: number
}

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

export interface PushOptions extends DecodeOptions {
  /** The input is SMS user data that starts with a UDH (TP-UDHI set), not a bare push. */
  udh?: boolean
}

/** Decodes a connectionless WSP Push PDU, or single-segment SMS user data holding one. */
export function decodePush (bytes: Uint8Array, options: PushOptions = {}): PushMessage {
  if (options.udh !== true) return decodeWsp(bytes, 0, options)
  const userData = parseUserData(bytes)
  const concat = userData.header.concat
  if (concat !== undefined && concat.total > 1) {
    throw new MmseError('ERR_MMSE_BAD_PUSH', `segment ${concat.sequence} of ${concat.total} (reference ${concat.reference}): reassemble the segments with PushAssembler first`, 1)
  }
  return withHeader(userData.header, userData.payload, userData.payloadOffset, options)
}

/** Decodes the push in user data that a {@link PushAssembler} put together; offsets are into its payload. */
export function decodeAssembled (assembled: AssembledUserData, options: DecodeOptions = {}): PushMessage {
  return withHeader(assembled.header, assembled.payload, 0, options)
}

/** A push behind a UDH: its ports, when present, must be WAP Push's. */
function withHeader (header: UserDataHeader, payload: Uint8Array, base: number, options: DecodeOptions): PushMessage {
  const ports = header.ports
  if (ports !== undefined && ports.destination !== WAP_PUSH_PORT && ports.destination !== WAP_PUSH_SECURE_PORT) {
    throw new MmseError('ERR_MMSE_BAD_PUSH', `destination port ${ports.destination} is not WAP Push (${WAP_PUSH_PORT})`, 1)
  }
  const push = decodeWsp(payload, base, options)
  push.userDataHeader = header
  return push
}

/**
 * The push itself. `base` is where `bytes` starts in the caller's input, so that every offset
 * reported (errors, `bodyOffset`) points into what the caller gave.
 */
function decodeWsp (bytes: Uint8Array, base: number, options: DecodeOptions): PushMessage {
  if (bytes.length < 3) throw new MmseError('ERR_MMSE_BAD_PUSH', `a push PDU needs at least 3 octets, got ${bytes.length}`, base + bytes.length)
  const tid = bytes[0] as number
  const typeOctet = bytes[1] as number
  const pduType = PUSH_PDU_TYPES[typeOctet as keyof typeof PUSH_PDU_TYPES] as PushPduType | undefined
  if (pduType === undefined) {
    throw new MmseError('ERR_MMSE_BAD_PUSH', `PDU type 0x${hex(typeOctet)} is neither Push (0x06) nor ConfirmedPush (0x07)`, base + 1)
  }
  const headersLen = wrapped(base, 2, 'HeadersLen', () => uintvar(bytes, 2, bytes.length))
  const headersEnd = headersLen.next + headersLen.value
  if (headersLen.value === 0) throw new MmseError('ERR_MMSE_BAD_PUSH', 'HeadersLen is 0: the push has no content type', base + 2)
  if (headersEnd > bytes.length) {
    throw new MmseError('ERR_MMSE_BAD_PUSH', `HeadersLen ${headersLen.value} runs past the end of the PDU (${bytes.length - headersLen.next} octets left)`, base + 2)
  }
  const ctx = { ...createContext(options.strict === true), base }
  const entry = wrapped(base, headersLen.next, 'push headers', () => entryHeaders(bytes, headersLen.next, headersEnd, ctx))
  const headers = entry.headers
  normaliseIntegers(headers)
  const body = bytes.subarray(headersEnd)
  const push: PushMessage = { tid, pduType, contentType: entry.contentType, headers, body, bodyOffset: base + headersEnd, warnings: ctx.warnings }
  const applicationId = headers[headerKey(WSP_X_WAP_APPLICATION_ID)]
  if (typeof applicationId === 'string' || typeof applicationId === 'number') {
    push.applicationId = typeof applicationId === 'number' ? PUSH_APPLICATION_IDS.get(applicationId) ?? applicationId : applicationId
  }
  if (entry.contentType.mediaType === MMS_MESSAGE_TYPE) {
    try {
      push.message = decode(body, options)
    } catch (err) {
      throw relocate(err, base + headersEnd)
    }
  }
  return push
}

function headerKey (code: number): string {
  return (wspHeaderName(code) as string).toLowerCase()
}

/**
 * X-Wap-Application-Id and Content-Length are Integer-values; the entry-header decoder keeps a
 * Long-integer it has no table for as raw octets, so those two are read as integers here.
 */
function normaliseIntegers (headers: PartHeaders): void {
  for (const name of [headerKey(WSP_X_WAP_APPLICATION_ID), headerKey(WSP_CONTENT_LENGTH)]) {
    const value = headers[name]
    if (value === undefined) continue
    headers[name] = Array.isArray(value) ? value.map(asInteger) : asInteger(value)
  }
}

/** The raw octets are a whole value by shape, so a Long-integer read from them ends where they do. */
function asInteger (value: PartHeaderValue): PartHeaderValue {
  if (!(value instanceof Uint8Array)) return value
  try {
    return integerValue(value, 0, value.length).value
  } catch {
    // Not an Integer-value after all (a length of 0 or over 8 octets): keep the octets.
    return value
  }
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
    throw new MmseError('ERR_MMSE_BAD_PUSH', `${what}: ${err.message}`, base + err.offset, { cause: err })
  }
}

/** Errors of the inner PDU keep their code; their offsets are moved into the caller's input. */
function relocate (err: unknown, base: number): unknown {
  /* c8 ignore next */
  if (!(err instanceof MmseError)) return err
  const details = {
    cause: err,
    ...(err.field === undefined ? {} : { field: err.field }),
    ...(err.limit === undefined ? {} : { limit: err.limit }),
  }
  return new MmseError(err.code, err.message, err.offset + base, details)
}

/** IEIs of 3GPP TS 23.040 §9.2.3.24 and the data length each must have. */
const IEI_CONCAT_8 = 0x00
const IEI_PORTS_8 = 0x04
const IEI_PORTS_16 = 0x05
const IEI_CONCAT_16 = 0x08
const IE_LENGTHS: ReadonlyMap<number, number> = new Map([[IEI_CONCAT_8, 3], [IEI_PORTS_8, 2], [IEI_PORTS_16, 4], [IEI_CONCAT_16, 4]])

/** Splits SMS user data (TP-UDHI set) into its User Data Header and payload. */
export function parseUserData (bytes: Uint8Array): UserData {
  if (bytes.length === 0) throw new MmseError('ERR_MMSE_BAD_PUSH', 'empty user data: no UDHL', 0)
  const udhl = bytes[0] as number
  const end = 1 + udhl
  if (end > bytes.length) throw new MmseError('ERR_MMSE_BAD_PUSH', `UDHL ${udhl} runs past the end of the user data (${bytes.length - 1} octets left)`, 0)
  const header: UserDataHeader = { elements: [] }
  for (let pos = 1; pos < end;) {
    if (pos + 2 > end) throw new MmseError('ERR_MMSE_BAD_PUSH', 'information element cut by the end of the UDH', pos)
    const iei = bytes[pos] as number
    const length = bytes[pos + 1] as number
    const data = bytes.subarray(pos + 2, pos + 2 + length)
    if (pos + 2 + length > end) throw new MmseError('ERR_MMSE_BAD_PUSH', `information element 0x${hex(iei)} of ${length} octets runs past the end of the UDH`, pos)
    const expected = IE_LENGTHS.get(iei)
    if (expected !== undefined && expected !== length) {
      throw new MmseError('ERR_MMSE_BAD_PUSH', `information element 0x${hex(iei)} must hold ${expected} octets, not ${length}`, pos)
    }
    header.elements.push({ iei, data })
    element(header, iei, data, pos)
    pos += 2 + length
  }
  return { header, payload: bytes.subarray(end), payloadOffset: end }
}

function element (header: UserDataHeader, iei: number, data: Uint8Array, pos: number): void {
  const u16 = (at: number): number => ((data[at] as number) << 8) | (data[at + 1] as number)
  switch (iei) {
    case IEI_PORTS_8:
      header.ports = { destination: data[0] as number, source: data[1] as number, bits: 8 }
      return
    case IEI_PORTS_16:
      header.ports = { destination: u16(0), source: u16(2), bits: 16 }
      return
    case IEI_CONCAT_8:
    case IEI_CONCAT_16: {
      const bits = iei === IEI_CONCAT_8 ? 8 : 16
      const reference = bits === 8 ? data[0] as number : u16(0)
      const total = data[bits / 8] as number
      const sequence = data[bits / 8 + 1] as number
      if (total === 0 || sequence === 0 || sequence > total) {
        throw new MmseError('ERR_MMSE_BAD_PUSH', `concatenation says segment ${sequence} of ${total}`, pos)
      }
      header.concat = { reference, total, sequence, bits }
    }
  }
}

export interface AssemblerOptions {
  /** Messages whose segments are still arriving; adding one more drops the oldest (default 64). */
  maxPending?: number
  /** Octets of one segment's user data (default 140, the TP-UDL limit of 8-bit data). */
  maxSegmentBytes?: number
}

/** User data reassembled from its segments, or a message that came in one. */
export interface AssembledUserData {
  originator: string
  /** The first segment's header (ports, and its concatenation element if there was one). */
  header: UserDataHeader
  /** The payloads joined in sequence order, without the UDHs. */
  payload: Uint8Array
  segments: number
}

interface Pending {
  originator: string
  reference: number
  total: number
  segments: Array<UserData | undefined>
  received: number
}

/**
 * Reassembles concatenated SMS user data (3GPP TS 23.040 §9.2.3.24.1). Segments may arrive in
 * any order and more than once (a resent segment is ignored); they are keyed by originator,
 * reference size, reference and count. Memory is bounded: at most 255 segments of
 * `maxSegmentBytes` per message and `maxPending` messages, the oldest dropped first. Timeouts
 * belong to the caller, who can list and discard pending messages.
 */
export class PushAssembler {
  readonly #maxPending: number
  readonly #maxSegmentBytes: number
  readonly #pending = new Map<string, Pending>()
  #dropped = 0

  constructor (options: AssemblerOptions = {}) {
    this.#maxPending = options.maxPending ?? 64
    this.#maxSegmentBytes = options.maxSegmentBytes ?? 140
    for (const [name, value] of [['maxPending', this.#maxPending], ['maxSegmentBytes', this.#maxSegmentBytes]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new MmseError('ERR_MMSE_BAD_OPTION', `${name} must be an integer >= 1`, 0)
    }
  }

  /** Adds one segment's user data (UDH included); returns the whole user data once complete. */
  add (userData: Uint8Array, originator = ''): AssembledUserData | null {
    if (userData.length > this.#maxSegmentBytes) {
      throw new MmseError('ERR_MMSE_BAD_PUSH', `segment of ${userData.length} octets exceeds ${this.#maxSegmentBytes}`, 0, { limit: this.#maxSegmentBytes })
    }
    const segment = parseUserData(userData)
    const concat = segment.header.concat
    if (concat === undefined || concat.total === 1) {
      return { originator, header: segment.header, payload: segment.payload, segments: 1 }
    }
    const key = `${originator}\u0000${concat.bits}:${concat.reference}:${concat.total}`
    let pending = this.#pending.get(key)
    if (pending === undefined) {
      if (this.#pending.size >= this.#maxPending) this.#dropOldest()
      pending = { originator, reference: concat.reference, total: concat.total, segments: new Array<undefined>(concat.total).fill(undefined), received: 0 }
      this.#pending.set(key, pending)
    }
    if (pending.segments[concat.sequence - 1] !== undefined) return null
    pending.segments[concat.sequence - 1] = segment
    pending.received++
    if (pending.received < pending.total) return null
    this.#pending.delete(key)
    const segments = pending.segments as UserData[]
    return {
      originator,
      header: (segments[0] as UserData).header,
      payload: Buffer.concat(segments.map(s => s.payload)),
      segments: segments.length,
    }
  }

  /** Messages still waiting for segments, oldest first. */
  pendingMessages (): Array<{ originator: string, reference: number, total: number, received: number }> {
    return [...this.#pending.values()].map(({ originator, reference, total, received }) => ({ originator, reference, total, received }))
  }

  /** Drops the segments held for one message (the caller's timeout); true if there were any. */
  discard (originator: string, reference: number): boolean {
    let found = false
    for (const [key, pending] of this.#pending) {
      if (pending.originator === originator && pending.reference === reference) {
        this.#pending.delete(key)
        found = true
      }
    }
    return found
  }

  /** Messages dropped so far to stay within `maxPending`. */
  get dropped (): number {
    return this.#dropped
  }

  #dropOldest (): void {
    const oldest = this.#pending.keys().next().value as string
    this.#pending.delete(oldest)
    this.#dropped++
  }
}
