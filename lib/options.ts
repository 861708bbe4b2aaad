/**
 * Options shared by `decode()` and `MmseParser`, with finite defaults for every limit that guards
 * memory or time (busboy's and remix's lessons: fail loudly, never truncate). Each limit is one
 * row: its default and the error raised past it.
 */
import { describe, toOptions } from './bytes/argument.js'
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

/**
 * An option's rule: throws ERR_MMSE_BAD_OPTION naming the option (`name`, e.g. `limits.maxParts`)
 * when `value` breaks it. Options are checked where they are given, so that a bad one fails the
 * constructor or the call, before any byte is read or any event emitted.
 */
export type OptionRule = (value: unknown, name: string) => void

/** The rules of a set of options, by name: the one place each option's rule is written. */
export type OptionRules = Readonly<Record<string, OptionRule>>

/** ERR_MMSE_BAD_OPTION for option `name`. */
export function badOption (name: string, message: string): MmseError {
  return new MmseError('ERR_MMSE_BAD_OPTION', message, 0, { field: name })
}

/** A rule from a test and what it asks for, e.g. `'a boolean'`. */
export function rule (expected: string, test: (value: unknown) => boolean): OptionRule {
  return (value, name) => {
    if (!test(value)) throw badOption(name, `${name} must be ${expected}, not ${describe(value)}`)
  }
}

export const BOOLEAN = rule('a boolean', (value) => typeof value === 'boolean')

/** A whole number of at least `min`, small enough to count with (a safe integer). */
export function integer (min: number): OptionRule {
  return rule(`an integer >= ${min}`, (value) => Number.isSafeInteger(value) && (value as number) >= min)
}

/** A limit: a whole number, or Infinity for none. */
const LIMIT = rule('an integer >= 0 or Infinity', (value) => typeof value === 'number' && value >= 0 && (Number.isInteger(value) || value === Infinity))

const LIMIT_RULES: OptionRules = {
  ...Object.fromEntries(Object.keys(LIMITS).map((name) => [name, LIMIT])),
  // Nesting has its ceiling, MAX_DEPTH (above).
  maxDepth: rule(`an integer from 0 to ${MAX_DEPTH}`, (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_DEPTH),
}

/**
 * Checks every option of `options` set to something other than undefined (undefined is the
 * default) against its rule; a name without a rule is refused, with the nearest known name, since
 * a misspelled limit silently left at its default is a limit the caller believes is there.
 */
export function checkOptions (options: object, rules: OptionRules, prefix = ''): void {
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue
    const name = prefix + key
    if (!Object.hasOwn(rules, key)) {
      const nearest = nearestName(key, Object.keys(rules))
      throw badOption(name, `unknown option ${name}${nearest === undefined ? '' : ` (did you mean ${prefix}${nearest}?)`}`)
    }
    (rules[key] as OptionRule)(value, name)
  }
}

/** The rules of {@link DecodeOptions}; `MmseParser` adds its own. */
export const DECODE_OPTIONS: OptionRules = {
  strict: BOOLEAN,
  limits: (value, name) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badOption(name, `${name} must be an object, not ${describe(value)}`)
    checkOptions(value, LIMIT_RULES, `${name}.`)
  },
  nestedMultipart: BOOLEAN,
  nestedMessages: BOOLEAN,
  decodeTransferEncoding: BOOLEAN,
}

/**
 * The decoding options, checked: `options` must be an object (ERR_MMSE_INVALID_ARGUMENT) whose
 * options all follow `rules` (ERR_MMSE_BAD_OPTION).
 */
export function resolveOptions (options?: DecodeOptions, rules = DECODE_OPTIONS): ResolvedOptions {
  if (options === undefined) return DEFAULTS
  checkOptions(toOptions(options), rules)
  if (isDefault(options)) return DEFAULTS
  const given: Partial<MmseLimits> = options.limits ?? {}
  const limits = Object.fromEntries(Object.entries(DEFAULT_LIMITS).map(([name, value]) => [name, given[name as keyof MmseLimits] ?? value])) as unknown as MmseLimits
  return {
    strict: options.strict === true,
    limits,
    nestedMultipart: options.nestedMultipart !== false,
    nestedMessages: options.nestedMessages !== false,
    decodeTransferEncoding: options.decodeTransferEncoding !== false,
  }
}

const DECODE_OPTION_NAMES = Object.keys(DECODE_OPTIONS) as Array<keyof DecodeOptions>

/** No decoding option set (a parser's own options, such as its highWaterMarks, may be). */
function isDefault (options: DecodeOptions): boolean {
  return DECODE_OPTION_NAMES.every((name) => options[name] === undefined)
}

/** The name of `names` closest to `name` (a typo, a wrong case or plural), if any is close enough. */
function nearestName (name: string, names: string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1
  for (const candidate of names) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return best
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance (a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row[j] = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = row
  }
  return previous[b.length] as number
}

/**
 * Bounds of the transport dissectors (lib/wap, lib/sms), one row each with its default.
 * Reaching one drops what it bounds (the oldest first) with a WARN_CAPTURE_LIMIT: a capture is
 * read to its end whatever it holds.
 */
export const TRANSPORT_DEFAULTS = Object.freeze({
  /** WTP messages whose packets are still arriving (WAP-224 §9: a PSN is one octet, 256 packets a message). */
  maxWtpGroups: 256,
  /** Octets held in those messages. */
  maxWtpBytes: 16 * 1024 * 1024,
  /** WSP requests (Get, Post) waiting for their Reply, to give it their URI. */
  maxWspTransactions: 1024,
  /** Concatenated SMS whose segments are still arriving (PushAssembler maxPending). */
  maxSmsPending: 64,
  /** Octets held for them (PushAssembler maxBytes; at least what one message of 255 segments needs). */
  maxSmsBytes: 2 * 1024 * 1024,
  /**
   * Octets of one segment's user data: an SMS holds 140, SMPP's short_message up to 254, and
   * the SAR TLVs stand for a header of a few more (PushAssembler maxSegmentBytes).
   */
  maxSmsSegmentBytes: 256,
  /** Octets of one SMPP PDU (command_length); a message_payload TLV holds up to 64 KiB. */
  maxSmppPdu: 70 * 1024,
  /** Octets of one SIP message, start line, headers and body (RFC 3428 §8 asks for far less). */
  maxSipMessage: 64 * 1024,
  /** Warnings a dissector keeps until they are taken; past it they are counted. */
  maxWarnings: 1000,
})

export type TransportLimits = { -readonly [K in keyof typeof TRANSPORT_DEFAULTS]: number }

/**
 * The limits of a dissector among `names`, checked (each a whole number of at least 1) and
 * completed with the defaults.
 */
export function resolveTransportLimits<K extends keyof TransportLimits> (given: unknown, names: readonly K[]): Pick<TransportLimits, K> {
  const options = toOptions<Partial<TransportLimits>>(given)
  checkOptions(options, Object.fromEntries(names.map((name) => [name, integer(1)])))
  return Object.fromEntries(names.map((name) => [name, options[name] ?? TRANSPORT_DEFAULTS[name]])) as Pick<TransportLimits, K>
}

/**
 * The bounds of a capture scan (lib/capture/scan.ts), each with a finite default. Past
 * maxRecordBytes the scan fails (a record that large is a corrupt length, and waiting for it would
 * hold the file in memory); past the others it goes on, with a warning that says which limit was
 * hit and what was given up: the oldest flow, the out-of-order bytes of a TCP direction (they
 * become a gap), a datagram's fragments.
 */
export interface CaptureLimits {
  /** Bytes of one pcap record or pcapng block (the largest snap length tcpdump writes is 256 KiB). */
  maxRecordBytes: number
  /** TCP connections followed at once; a new one past it ends the least recently active one. */
  maxFlows: number
  /** Bytes one TCP direction holds: out-of-order segments and an HTTP head not yet complete. */
  maxFlowBytes: number
  /** Bytes all TCP directions hold together. */
  maxBufferedBytes: number
  /** Start line and header fields of one HTTP message. */
  maxHttpHeaderBytes: number
  /** IP datagrams being reassembled from fragments at once. */
  maxFragmentGroups: number
  /** Bytes of IP fragments held, over every datagram being reassembled. */
  maxFragmentBytes: number
}

const CAPTURE_LIMITS = {
  maxRecordBytes: [16 * 1024 * 1024, 'ERR_MMSE_LIMIT_RECORD_BYTES'],
  maxFlows: [65536, null],
  maxFlowBytes: [4 * 1024 * 1024, null],
  maxBufferedBytes: [64 * 1024 * 1024, null],
  maxHttpHeaderBytes: [64 * 1024, null],
  maxFragmentGroups: [4096, null],
  maxFragmentBytes: [16 * 1024 * 1024, null],
} as const satisfies Record<keyof CaptureLimits, readonly [number, MmseErrorCode | null]>

export const DEFAULT_CAPTURE_LIMITS: Readonly<CaptureLimits> = Object.freeze(
  Object.fromEntries(Object.entries(CAPTURE_LIMITS).map(([name, [value]]) => [name, value])) as unknown as CaptureLimits,
)

/** Throws the error of capture limit `name` when `value` exceeds `limit`. */
export function checkCaptureLimit (name: 'maxRecordBytes', value: number, limit: number, offset: number, what: string): void {
  if (value > limit) throw new MmseError(CAPTURE_LIMITS[name][1], `${what}: ${value} exceeds captureLimits.${name} (${limit})`, offset, { limit })
}

/** What `--decode-as` may name: the dissectors a TCP or UDP port can be given to, or none. */
export const DECODE_AS_PROTOCOLS = ['http', 'sms', 'wsp', 'wtp', 'sip', 'none'] as const
export type DecodeAsProtocol = (typeof DECODE_AS_PROTOCOLS)[number]

/** One `--decode-as` rule, parsed: traffic to or from `port` goes to `protocol`. */
export interface DecodeAsRule {
  transport: 'tcp' | 'udp'
  port: number
  protocol: DecodeAsProtocol
}

/** tshark's `-d` syntax: `tcp.port==8080,http`. */
const DECODE_AS = /^(tcp|udp)\.port==(\d{1,5}),([a-z]+)$/

/** A `--decode-as` rule from its text, or undefined when it does not follow `tcp.port==N,protocol`. */
export function parseDecodeAs (text: string): DecodeAsRule | undefined {
  const match = DECODE_AS.exec(text)
  if (match === null) return undefined
  const port = Number(match[2])
  const protocol = match[3] as DecodeAsProtocol
  if (port > 65535 || !DECODE_AS_PROTOCOLS.includes(protocol)) return undefined
  return { transport: match[1] as 'tcp' | 'udp', port, protocol }
}

export interface CaptureOptions extends DecodeOptions {
  captureLimits?: Partial<CaptureLimits>
  /** Ports given to a dissector whatever their content looks like, in tshark's `-d` syntax: `tcp.port==8080,http`. */
  decodeAs?: string[]
  /** Also report each MMS body's octets as they arrive ('raw' events), e.g. to save the PDU. */
  raw?: boolean
}

export interface ResolvedCaptureOptions {
  decode: ResolvedOptions
  limits: CaptureLimits
  decodeAs: DecodeAsRule[]
  raw: boolean
}

const CAPTURE_LIMIT_RULES: OptionRules = Object.fromEntries(Object.keys(CAPTURE_LIMITS).map((name) => [name, integer(1)]))

/** The rules of {@link CaptureOptions}: the decoding ones, and the scan's own. */
export const CAPTURE_OPTIONS: OptionRules = {
  ...DECODE_OPTIONS,
  captureLimits: (value, name) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badOption(name, `${name} must be an object, not ${describe(value)}`)
    checkOptions(value, CAPTURE_LIMIT_RULES, `${name}.`)
  },
  decodeAs: (value, name) => {
    if (!Array.isArray(value)) throw badOption(name, `${name} must be an array, not ${describe(value)}`)
    for (const rule of value) {
      if (typeof rule !== 'string' || parseDecodeAs(rule) === undefined) {
        throw badOption(name, `${name}: ${describe(rule)} is not tcp.port==N,protocol or udp.port==N,protocol with N up to 65535 and a protocol of ${DECODE_AS_PROTOCOLS.join(', ')}`)
      }
    }
  },
  raw: BOOLEAN,
}

/** The capture options, checked (ERR_MMSE_INVALID_ARGUMENT, ERR_MMSE_BAD_OPTION) and resolved. */
export function resolveCaptureOptions (options?: CaptureOptions, rules = CAPTURE_OPTIONS): ResolvedCaptureOptions {
  const given = toOptions<CaptureOptions>(options)
  checkOptions(given, rules)
  const { captureLimits, decodeAs, raw, ...decode } = given
  const limits = { ...DEFAULT_CAPTURE_LIMITS, ...Object.fromEntries(Object.entries(captureLimits ?? {}).filter(([, value]) => value !== undefined)) }
  return {
    decode: resolveOptions(decode),
    limits,
    decodeAs: (decodeAs ?? []).map((text) => parseDecodeAs(text) as DecodeAsRule),
    raw: raw === true,
  }
}
