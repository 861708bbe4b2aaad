/**
 * The MMSC's options checked where they are given (createMmsc, and so main.ts at start-up):
 * every number finite, whole and in its range, every name known, every string of the shape it
 * is used as. A wrong option throws MmscOptionError naming it, rather than surfacing later as a
 * failed request.
 */
import type { MmscLimits, MmscOptions, MmscSchedule, MmscTimeouts, Settings } from './config.js'

export class MmscOptionError extends Error {
  /** The option, as a path into MmscOptions: `limits.maxMessageBytes`. */
  readonly option: string

  constructor (option: string, problem: string) {
    super(`option ${option}: ${problem}`)
    this.name = 'MmscOptionError'
    this.option = option
  }
}

/** The longest delay a Node.js timer keeps: a larger one fires at once (setTimeout's 2^31 - 1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1
/** A field name (RFC 9110 §5.1): a token (§5.6.2). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
/** An absolute path with no query or fragment, not ending in `/` (retrieval appends `/<transaction>`). */
const PATH = /^\/[^?#\s]*[^/?#\s]$/

/** A century: an expiry further off is no expiry, and stays far inside the range of a Date. */
const MAX_EXPIRY_SECONDS = 100 * 365 * 24 * 3600

/** [least, greatest] of each number. */
type Ranges = Record<string, readonly [number, number]>

// Typed by the options they check, so that a limit or timeout added there without its range here does not compile.
const LIMITS: Record<keyof MmscLimits, readonly [number, number]> = {
  maxMessageBytes: [1, Number.MAX_SAFE_INTEGER],
  maxParts: [1, Number.MAX_SAFE_INTEGER],
  maxRecipients: [1, Number.MAX_SAFE_INTEGER],
  maxHeaderBytes: [1, Number.MAX_SAFE_INTEGER],
  maxRecordBytes: [1, Number.MAX_SAFE_INTEGER],
}

const TIMEOUTS: Record<keyof MmscTimeouts, readonly [number, number]> = {
  headersMs: [1, MAX_TIMER_MS],
  requestMs: [1, MAX_TIMER_MS],
  idleMs: [1, MAX_TIMER_MS],
  idleBytes: [0, Number.MAX_SAFE_INTEGER],
  keepAliveMs: [1, MAX_TIMER_MS],
  connectionIdleMs: [1, MAX_TIMER_MS],
  shutdownMs: [0, MAX_TIMER_MS],
}

/** Seconds a message may wait; accept.ts keeps at least its MIN_EXPIRY_SECONDS whatever is asked. */
const EXPIRY: Record<keyof Settings['expiry'], readonly [number, number]> = {
  defaultSeconds: [1, MAX_EXPIRY_SECONDS],
  maxSeconds: [1, MAX_EXPIRY_SECONDS],
}

const SCHEDULE: Record<keyof MmscSchedule, readonly [number, number]> = {
  intervalMs: [1, MAX_TIMER_MS],
  maxAttempts: [1, 1000],
  firstDelayMs: [1, MAX_TIMER_MS],
  maxDelayMs: [1, MAX_TIMER_MS],
}

const OPTIONS = new Set(['store', 'notifier', 'publicUrl', 'path', 'limits', 'timeouts', 'senderHeader', 'trustFrom', 'expiry', 'schedule', 'log', 'mm4'])

export function checkOptions (options: MmscOptions): void {
  known('', options, OPTIONS)
  if (!hasMethods(options.store, 'begin', 'read')) throw new MmscOptionError('store', 'must be a MessageStore')
  if (!hasMethods(options.notifier, 'push', 'close')) throw new MmscOptionError('notifier', 'must be a Notifier (push, close)')
  if (options.publicUrl !== undefined) {
    const url = checkUrl('publicUrl', options.publicUrl, ['http:', 'https:'])
    if (url.search !== '' || url.hash !== '') throw new MmscOptionError('publicUrl', `must have no query or fragment; got ${show(options.publicUrl)}`)
  }
  if (options.path !== undefined && (typeof options.path !== 'string' || !PATH.test(options.path))) {
    throw new MmscOptionError('path', `must be an absolute path without query, not ending in /; got ${show(options.path)}`)
  }
  numbers('limits', options.limits, LIMITS)
  numbers('timeouts', options.timeouts, TIMEOUTS)
  numbers('expiry', options.expiry, EXPIRY)
  numbers('schedule', options.schedule, SCHEDULE)
  if (options.senderHeader !== undefined && (typeof options.senderHeader !== 'string' || !TOKEN.test(options.senderHeader))) {
    throw new MmscOptionError('senderHeader', `must be an HTTP field name (trustFrom to take the sender from From); got ${show(options.senderHeader)}`)
  }
  if (options.trustFrom !== undefined && typeof options.trustFrom !== 'boolean') throw new MmscOptionError('trustFrom', `must be true or false; got ${show(options.trustFrom)}`)
  if (options.trustFrom === true && options.senderHeader !== undefined) throw new MmscOptionError('trustFrom', 'excludes senderHeader: the sender comes from one or the other')
  if (options.log !== undefined && typeof options.log !== 'function') throw new MmscOptionError('log', 'must be a function')
}

/** The options that bound one another, once resolved with the defaults. */
export function checkSettings (settings: Settings): void {
  const { headersMs, requestMs } = settings.timeouts
  // node:http refuses a headersTimeout above requestTimeout: the headers are part of the request.
  if (headersMs > requestMs) throw new MmscOptionError('timeouts.headersMs', `must not exceed timeouts.requestMs (${requestMs}); got ${headersMs}`)
  const { firstDelayMs, maxDelayMs } = settings.schedule
  if (firstDelayMs > maxDelayMs) throw new MmscOptionError('schedule.firstDelayMs', `must not exceed schedule.maxDelayMs (${maxDelayMs}); got ${firstDelayMs}`)
  const { defaultSeconds, maxSeconds } = settings.expiry
  if (defaultSeconds > maxSeconds) throw new MmscOptionError('expiry.defaultSeconds', `must not exceed expiry.maxSeconds (${maxSeconds}); got ${defaultSeconds}`)
}

/** Refuses a key that is no option: a misspelled one would otherwise be a default silently kept. */
function known (prefix: string, object: object, names: ReadonlySet<string>): void {
  for (const key of Object.keys(object)) if (!names.has(key)) throw new MmscOptionError(`${prefix}${key}`, 'is no option of the MMSC')
}

function numbers (group: string, given: object | undefined, ranges: Ranges): void {
  if (given === undefined) return
  if (typeof given !== 'object' || given === null) throw new MmscOptionError(group, `must be an object; got ${show(given)}`)
  known(`${group}.`, given, new Set(Object.keys(ranges)))
  for (const [key, value] of Object.entries(given) as Array<[string, unknown]>) {
    if (value !== undefined) checkWhole(`${group}.${key}`, value, ranges[key] as readonly [number, number])
  }
}

/** A whole number in [least, greatest]: not NaN, not Infinity, not a string of digits. */
export function checkWhole (option: string, value: unknown, [least, greatest]: readonly [number, number]): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < least || value > greatest) {
    throw new MmscOptionError(option, `must be a whole number from ${least} to ${greatest}; got ${show(value)}`)
  }
}

/** A URL of one of `schemes` (`'http:'`), with a host. */
export function checkUrl (option: string, text: unknown, schemes: readonly string[]): URL {
  let url: URL | undefined
  try {
    url = new URL(String(text))
  } catch {}
  if (typeof text !== 'string' || url === undefined || !schemes.includes(url.protocol) || url.hostname === '') {
    throw new MmscOptionError(option, `must be a ${schemes.join(' or ')} URL with a host; got ${show(text)}`)
  }
  return url
}

function hasMethods (value: unknown, ...names: string[]): boolean {
  return typeof value === 'object' && value !== null && names.every(name => typeof (value as Record<string, unknown>)[name] === 'function')
}

function show (value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}
