/**
 * WSP PDUs (WAP-230 §8.2): what a capture needs of each, the method and URI of a request, the
 * status of a Reply, the content type, headers and data of those that carry an entity. In
 * connectionless mode (§8.2.1) a TID octet comes first. Pushes are unwrapped by
 * `decodePush` (lib/push/wsp-push.ts). Every failure is an `MmseError` at its offset.
 */
import { MmseError } from '../errors.js'
import { hex, latin1 } from '../bytes/octets.js'
import { decodePush, isPduStart, type PartialPush } from '../push/wsp-push.js'
import { MMS_MESSAGE_TYPE } from '../tables/content-types.js'
import { httpStatus, WSP_GET_FIRST, WSP_METHOD_RANGE, WSP_PDU_TYPES, WSP_POST_FIRST } from '../tables/wsp-pdu-types.js'
import type { ContentType, PartHeaders } from '../types.js'
import { DecodeContext } from '../wsp/context.js'
import { entryHeaders } from '../wsp/headers.js'
import { uintvar } from '../wsp/integers.js'
import { bounded, needByte } from '../wsp/read.js'

const REPLY = 0x04
const PUSH = 0x06
const CONFIRMED_PUSH = 0x07

export interface WspPdu {
  /** The Table 34 name: 'Get', 'Post', 'Reply', 'Push', ...; an unassigned one of the Get or Post range is 'Get' or 'Post'. */
  type: string
  /** Connectionless mode's TID. */
  tid?: number
  uri?: string
  /** A Reply's status, as the HTTP status Table 36 gives it (the octet itself when it gives none). */
  status?: number
  contentType?: ContentType
  headers?: PartHeaders
  /** A push's X-Wap-Application-Id. */
  applicationId?: string
  /** The entity of a Post, Reply or push. */
  body?: Uint8Array
}

/** The WSP PDU of `bytes`, with its TID first when `connectionless`. */
export function parseWsp (bytes: Uint8Array, connectionless: boolean): WspPdu {
  const start = connectionless ? 1 : 0
  if (bytes.length < start + 1) throw bad(`a WSP PDU needs ${start + 1} octets, has ${bytes.length}`, 0)
  const code = bytes[start] as number
  const pdu: WspPdu = { type: typeName(code, start) }
  if (connectionless) pdu.tid = bytes[0] as number
  const ctx = new DecodeContext(false)
  if (code === PUSH || code === CONFIRMED_PUSH) return push(bytes, connectionless, pdu)
  return bounded((bytes, pos, end, ctx) => {
    if (code >= WSP_GET_FIRST && code < WSP_GET_FIRST + WSP_METHOD_RANGE) {
      const length = uintvar.read(bytes, pos, end, ctx)
      pdu.uri = latin1(bytes, length.next, checkedEnd(length.next, length.value, end, 'URILen'))
    } else if (code >= WSP_POST_FIRST && code < WSP_POST_FIRST + WSP_METHOD_RANGE) {
      const uriLength = uintvar.read(bytes, pos, end, ctx)
      const headersLength = uintvar.read(bytes, uriLength.next, end, ctx)
      const uriEnd = checkedEnd(headersLength.next, uriLength.value, end, 'UriLen')
      pdu.uri = latin1(bytes, headersLength.next, uriEnd)
      entity(bytes, uriEnd, headersLength.value, end, ctx, pdu)
    } else if (code === REPLY) {
      const status = needByte(bytes, pos, end)
      pdu.status = httpStatus(status) ?? status
      const headersLength = uintvar.read(bytes, pos + 1, end, ctx)
      entity(bytes, headersLength.next, headersLength.value, end, ctx, pdu)
    }
    return pdu
  }, bytes, start + 1, bytes.length, ctx)
}

/** Table 34's name of a PDU type; the unassigned codes of the Get and Post ranges are those methods (§8.2.3.1). */
function typeName (code: number, at: number): string {
  const name = WSP_PDU_TYPES.name(code)
  if (name !== undefined) return name
  if (code >= WSP_GET_FIRST && code < WSP_GET_FIRST + WSP_METHOD_RANGE) return 'Get'
  if (code >= WSP_POST_FIRST && code < WSP_POST_FIRST + WSP_METHOD_RANGE) return 'Post'
  throw bad(`PDU type 0x${hex(code)} is not one of WAP-230 Table 34`, at)
}

/** Content type and headers in `HeadersLen` octets from `pos`, then the data to the end (§8.2.3.2, §8.2.3.3). */
function entity (bytes: Uint8Array, pos: number, headersLength: number, end: number, ctx: DecodeContext, pdu: WspPdu): void {
  const headersEnd = checkedEnd(pos, headersLength, end, 'HeadersLen')
  if (headersLength > 0) {
    const read = entryHeaders.read(bytes, pos, headersEnd, ctx).value
    pdu.contentType = read.contentType
    pdu.headers = read.headers
  }
  pdu.body = bytes.subarray(headersEnd, end)
}

function checkedEnd (pos: number, length: number, end: number, what: string): number {
  if (pos + length > end) throw bad(`${what} ${length} runs past the PDU (${end - pos} octets left)`, pos)
  return pos + length
}

/**
 * A Push or ConfirmedPush through `decodePush`, a connection-mode one behind a TID octet of 0
 * (its layout is otherwise the same, §8.2.4.1). When only the MMSE PDU inside fails, the push is
 * still whole: its body is given, and whoever reads the MMSE finds the fault again.
 */
function push (bytes: Uint8Array, connectionless: boolean, pdu: WspPdu): WspPdu {
  let input = bytes
  if (!connectionless) {
    input = new Uint8Array(bytes.length + 1)
    input.set(bytes, 1)
  }
  let decoded: PartialPush
  try {
    decoded = decodePush(input)
  } catch (err) {
    const partial = (err as MmseError<PartialPush>).partial
    if (partial?.body === undefined) throw (err as MmseError).moved(connectionless ? 0 : -1)
    decoded = partial
  }
  pdu.contentType = decoded.contentType as ContentType
  pdu.headers = decoded.headers
  if (decoded.applicationId !== undefined) pdu.applicationId = String(decoded.applicationId)
  pdu.body = decoded.body as Uint8Array
  return pdu
}

/** Whether an entity is MMSE: its content type says so, or it starts as an MMSE PDU does. */
export function isMms (contentType: ContentType | undefined, body: Uint8Array): boolean {
  return contentType?.mediaType === MMS_MESSAGE_TYPE || isPduStart(body, 0)
}

function bad (message: string, offset: number): MmseError {
  return new MmseError('ERR_MMSE_BAD_WSP', message, offset)
}
