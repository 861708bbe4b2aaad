/**
 * The one error type that leaves this library. Every malformed, truncated or over-limit input
 * ends in an `MmseError` with a stable `code` and the absolute byte `offset` where the problem
 * was found, so callers can classify failures without parsing messages.
 */

import type { MmseMessage, MmseWarningCode } from './types.js'

/** Stable error codes. Never renamed once released; new ones may be added. */
export const ERROR_CODES = [
  /** Input ended inside a structure (header, entry, part data). */
  'ERR_MMSE_TRUNCATED',
  /** Not an MMSE PDU: the first octet is not X-Mms-Message-Type (0x8C). */
  'ERR_MMSE_NOT_MMSE',
  /** A uintvar longer than 5 octets or above 2^32-1 (WAP-230 §8.1.2). */
  'ERR_MMSE_BAD_UINTVAR',
  /** A Value-length octet >= 0x20 where a length is required (WAP-230 §8.4.2.2). */
  'ERR_MMSE_BAD_VALUE_LENGTH',
  /** A Long-integer of length 0 or over 8 octets, or an integer where none fits. */
  'ERR_MMSE_BAD_INTEGER',
  /** A value that does not fit the encoding its field requires. */
  'ERR_MMSE_BAD_VALUE',
  /** A well-known header code that no version of MMSE assigns (strict mode). */
  'ERR_MMSE_UNKNOWN_FIELD',
  /** Header order broken: Message-Type first, Transaction-Id and Version next, Content-Type last (strict mode). */
  'ERR_MMSE_ORDER',
  /** Bytes after the end of a PDU that carries no body (strict mode). */
  'ERR_MMSE_TRAILING_DATA',
  /** A multipart entry whose lengths do not fit its container. */
  'ERR_MMSE_BAD_ENTRY',
  /** nEntries disagrees with the entries present (strict mode). */
  'ERR_MMSE_ENTRY_COUNT',
  /** A Content-Transfer-Encoding payload that cannot be decoded (strict mode). */
  'ERR_MMSE_BAD_TRANSFER_ENCODING',
  /** A WSP Push PDU or SMS user data that cannot be unwrapped. */
  'ERR_MMSE_BAD_PUSH',
  /** A PAP document (WAP-247-PAP) that is not well-formed XML or lacks what the PAP DTD requires. */
  'ERR_MMSE_BAD_PAP',
  'ERR_MMSE_LIMIT_HEADER_BYTES',
  'ERR_MMSE_LIMIT_HEADER_FIELDS',
  'ERR_MMSE_LIMIT_PARTS',
  'ERR_MMSE_LIMIT_PART_HEADER_BYTES',
  'ERR_MMSE_LIMIT_PART_HEADER_FIELDS',
  'ERR_MMSE_LIMIT_PART_SIZE',
  'ERR_MMSE_LIMIT_TOTAL_BYTES',
  'ERR_MMSE_LIMIT_DEPTH',
  'ERR_MMSE_LIMIT_TEXT_BYTES',
  /** Encoder: a field the message type requires is missing. */
  'ERR_MMSE_MISSING_FIELD',
  /** Encoder: a value that cannot be written in the field's encoding. */
  'ERR_MMSE_BAD_INPUT',
  /** Encoder: a streamed part body whose length differs from its declared size. */
  'ERR_MMSE_SIZE_MISMATCH',
  /** An option outside its allowed range. */
  'ERR_MMSE_BAD_OPTION',
  /** A part stream destroyed because its parser was, before all of its data was read. */
  'ERR_MMSE_ABORTED',
  /** An argument of the wrong type, e.g. null or a string where bytes are expected; `field` names the parameter. */
  'ERR_MMSE_INVALID_ARGUMENT',
  /** An MM1 exchange over HTTP that failed: no connection, no answer in time, an HTTP error, an answer that is no MMSE PDU or too large. */
  'ERR_MMSE_HTTP',
  /** A WTP PDU (WAP-224 §8) that cannot be read. */
  'ERR_MMSE_BAD_WTP',
  /** A WSP PDU (WAP-230 §8.2) that cannot be read. */
  'ERR_MMSE_BAD_WSP',
  /** An SMPP PDU (SMPP 3.4 §3-§5) that cannot be read. */
  'ERR_MMSE_BAD_SMPP',
  /** A SIP message (RFC 3261 §7) that cannot be read. */
  'ERR_MMSE_BAD_SIP',
  /** An RP message (3GPP TS 24.011 §7.3) or SMS TPDU (3GPP TS 23.040 §9.2) that cannot be read. */
  'ERR_MMSE_BAD_SMS',
  /** Not a capture file: neither pcap, pcapng nor gzip magic at its start. */
  'ERR_MMSE_NOT_CAPTURE',
  /** A pcap or pcapng structure that breaks its format (a block length that cannot be, a header cut short). */
  'ERR_MMSE_BAD_CAPTURE',
  /** A pcap record or pcapng block larger than captureLimits.maxRecordBytes. */
  'ERR_MMSE_LIMIT_RECORD_BYTES',
] as const

export type MmseErrorCode = (typeof ERROR_CODES)[number]

export interface MmseErrorDetails {
  /** Header or structure the error was found in, e.g. `'X-Mms-Expiry'` or `'entry 3'`. */
  field?: string
  /** The limit that was exceeded, for `ERR_MMSE_LIMIT_*`. */
  limit?: number
  cause?: unknown
}

/** `P`: what `partial` holds, a message for `decode()`, a `PartialPush` for `decodePush()`. */
export class MmseError<P extends object = MmseMessage> extends Error {
  override readonly name = 'MmseError'
  readonly code: MmseErrorCode
  /** Absolute byte offset in the input (for the encoder: in the output). */
  readonly offset: number
  readonly field?: string
  readonly limit?: number
  /**
   * What `decode()` had decoded before the error: the headers read, the parts whose data was
   * complete, the warnings. A client can still show the sender and subject of a cut message.
   * From `decodePush()`, the push as far as it was read, its notification in `message`.
   */
  partial?: P

  constructor (code: MmseErrorCode, message: string, offset: number, details: MmseErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.code = code
    this.offset = offset
    if (details.field !== undefined) this.field = details.field
    if (details.limit !== undefined) this.limit = details.limit
  }

  /** The same error found `by` octets further into an enclosing input (a PDU inside a push). */
  moved (by: number): MmseError {
    const details: MmseErrorDetails = { cause: this }
    if (this.field !== undefined) details.field = this.field
    if (this.limit !== undefined) details.limit = this.limit
    return new MmseError(this.code, this.message, this.offset + by, details)
  }
}

/** The findings lenient mode reads past, each with the error strict mode raises for it. */
export const STRICT_ERRORS = {
  WARN_MMSE_UNKNOWN_FIELD: 'ERR_MMSE_UNKNOWN_FIELD',
  WARN_MMSE_BAD_VALUE: 'ERR_MMSE_BAD_VALUE',
  WARN_MMSE_ORDER: 'ERR_MMSE_ORDER',
  WARN_MMSE_TRAILING_DATA: 'ERR_MMSE_TRAILING_DATA',
  WARN_MMSE_ENTRY_COUNT: 'ERR_MMSE_ENTRY_COUNT',
  WARN_MMSE_TRANSFER_ENCODING: 'ERR_MMSE_BAD_TRANSFER_ENCODING',
} as const satisfies Partial<Record<MmseWarningCode, MmseErrorCode>>

/** Encoder input that cannot be written; the encoder adds the output offset, and the field where the writer does not know it. */
export function badInput (message: string, field?: string): MmseError {
  return new MmseError('ERR_MMSE_BAD_INPUT', message, 0, field === undefined ? {} : { field })
}

