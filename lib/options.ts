/**
 * Options shared by `decode()` and `MmseParser`, with finite defaults for every limit that guards
 * memory or time (busboy's and remix's lessons: fail loudly, never truncate). Each limit is one
 * row: its default and the error raised past it.
 */
import { MmseError, type MmseErrorCode } from './errors.js'

export interface MmseLimits {
  /** Bytes of MMS headers (each PDU's header section, nested PDUs included). */
  maxHeaderBytes: number
  /** Header fields in one PDU. */
  maxHeaderFields: number
  /** Multipart entries, counted over the whole message. */
  maxParts: number
  /** HeadersLen of one multipart entry (its content type and headers). */
  maxPartHeaderBytes: number
  /**
   * Header fields inside the body, counted over the whole message: those of multipart entries
   * (after each content type) and those of nested PDUs. Each is a value kept, of tens of bytes
   * of heap at least (a raw value, a Uint8Array, over a hundred), from as few as two octets.
   */
  maxPartHeaderFields: number
  /** DataLen of one entry; checked before any of its bytes flow. */
  maxPartSize: number
  /** Bytes of input. */
  maxTotalBytes: number
  /** Containers inside containers: nested multiparts and nested PDUs; at most MAX_DEPTH. */
  maxDepth: number
  /** Warnings reported; past it they are counted, and one last warning says how many were dropped. */
  maxWarnings: number
}

const LIMITS = {
  maxHeaderBytes: [64 * 1024, 'ERR_MMSE_LIMIT_HEADER_BYTES'],
  maxHeaderFields: [1024, 'ERR_MMSE_LIMIT_HEADER_FIELDS'],
  maxParts: [1024, 'ERR_MMSE_LIMIT_PARTS'],
  maxPartHeaderBytes: [16 * 1024, 'ERR_MMSE_LIMIT_PART_HEADER_BYTES'],
  maxPartHeaderFields: [8192, 'ERR_MMSE_LIMIT_PART_HEADER_FIELDS'],
  maxPartSize: [Infinity, 'ERR_MMSE_LIMIT_PART_SIZE'],
  maxTotalBytes: [Infinity, 'ERR_MMSE_LIMIT_TOTAL_BYTES'],
  maxDepth: [8, 'ERR_MMSE_LIMIT_DEPTH'],
  maxWarnings: [1000, null],
} as const satisfies Record<keyof MmseLimits, readonly [number, MmseErrorCode | null]>

/**
 * The ceiling of limits.maxDepth, whatever a caller asks: every part carries its path from the
 * top (`PartInfo.path`), so a chain nested d deep holds d * d / 2 path indexes, quadratic in the
 * input. At 64 a node's path costs at most 64 indexes, so memory and time stay linear in the input.
 */
export const MAX_DEPTH = 64

export const DEFAULT_LIMITS: Readonly<MmseLimits> = Object.freeze(
  Object.fromEntries(Object.entries(LIMITS).map(([name, [value]]) => [name, value])) as unknown as MmseLimits,
)

/** The limits past which decoding fails. */
type FailingLimit = { [K in keyof typeof LIMITS]: (typeof LIMITS)[K][1] extends null ? never : K }[keyof typeof LIMITS]

/**
 * Throws the error of limit `name` when `value` exceeds `limit` (its value, read by the caller:
 * the comparison runs on every field, so it is kept cheap); `what` names the value, `offset` is
 * absolute.
 */
export function checkLimit (name: FailingLimit, value: number, limit: number, offset: number, what: string): void {
  if (value > limit) throw new MmseError(LIMITS[name][1], `${what}: ${value} exceeds limits.${name} (${limit})`, offset, { limit })
}

export interface DecodeOptions {
  /** Reject what lenient mode only warns about: order, unknown codes, trailing data, nEntries mismatches. */
  strict?: boolean
  limits?: Partial<MmseLimits>
  /** Parse multipart entries that are themselves multipart (default true); off, they are plain parts. */
  nestedMultipart?: boolean
  /** Parse entries of type application/vnd.wap.mms-message as PDUs (default true). */
  nestedMessages?: boolean
  /** Decode base64 and quoted-printable part data (default true); off, parts carry the raw bytes. */
  decodeTransferEncoding?: boolean
}

export interface ResolvedOptions {
  strict: boolean
  limits: MmseLimits
  nestedMultipart: boolean
  nestedMessages: boolean
  decodeTransferEncoding: boolean
}

/** The defaults, resolved once: `decode(bytes)` of a small PDU should not pay for options. */
const DEFAULTS: ResolvedOptions = Object.freeze({
  strict: false,
  limits: DEFAULT_LIMITS,
  nestedMultipart: true,
  nestedMessages: true,
  decodeTransferEncoding: true,
})

export function resolveOptions (options?: DecodeOptions): ResolvedOptions {
  if (options === undefined || isDefault(options)) return DEFAULTS
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !(value >= 0)) {
      throw new MmseError('ERR_MMSE_BAD_OPTION', `limits.${name} must be a number >= 0`, 0)
    }
  }
  if (limits.maxDepth > MAX_DEPTH) throw new MmseError('ERR_MMSE_BAD_OPTION', `limits.maxDepth must be at most ${MAX_DEPTH}`, 0)
  return {
    strict: options.strict === true,
    limits,
    nestedMultipart: options.nestedMultipart !== false,
    nestedMessages: options.nestedMessages !== false,
    decodeTransferEncoding: options.decodeTransferEncoding !== false,
  }
}

/** No decoding option set (a parser's own options, such as its highWaterMarks, may be). */
function isDefault (options: DecodeOptions): boolean {
  return options.strict === undefined && options.limits === undefined && options.nestedMultipart === undefined &&
    options.nestedMessages === undefined && options.decodeTransferEncoding === undefined
}
