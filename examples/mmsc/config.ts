/**
 * The MMSC's options and their defaults: one place for every limit and timeout, each used as
 * it is here by the side that takes a message in and by the side that hands it back.
 */
import type { DecodeOptions } from 'mmse'
import { type Mm4Event, type Mm4Hooks, type Mm4Options, mm4Settings } from './mm4-config.js'
import type { Notifier } from './notifier.js'
import type { PushKind } from './notify.js'
import { checkOptions, checkSettings } from './options.js'
import type { MessageStore } from 'mmse/store'

export interface MmscLimits {
  /** Bytes of one m-send-req (the HTTP body); a larger Content-Length is refused at once. */
  maxMessageBytes: number
  /** Parts of one m-send-req. */
  maxParts: number
  /** Recipients (To, Cc and Bcc together) of one m-send-req. */
  maxRecipients: number
  /** Bytes of the MMS header section (and of each part's headers). */
  maxHeaderBytes: number
  /**
   * Bytes of a message's record (record.ts) as stored: a record is refused at submission when
   * larger, and not read back when larger, so that what was accepted can always be served.
   */
  maxRecordBytes: number
}

export interface MmscTimeouts {
  /** Until the HTTP request headers have arrived (node:http headersTimeout). */
  headersMs: number
  /** Until the whole request has arrived (node:http requestTimeout): bounds a slow drip. */
  requestMs: number
  /** Longest a response may wait for the phone to read more, and the window of `idleBytes`. */
  idleMs: number
  /**
   * A request body that brings fewer bytes than this in an idleMs window, while the MMSC waits
   * for it (not while it holds the client back), is cut: a slow drip is not silence, and would
   * otherwise hold a request open until requestMs.
   */
  idleBytes: number
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number
  /**
   * A connection that brings no byte for this long before its request's headers are complete
   * is closed. node:http's headersTimeout runs from a request's first byte only, so without it a
   * connection that never sends anything would hold its file descriptor for ever.
   */
  connectionIdleMs: number
  /** close() waits this long for the exchanges in progress, then closes their connections. */
  shutdownMs: number
}

export interface MmscOptions {
  store: MessageStore
  /** Delivers m-notification-ind and m-delivery-ind by WAP Push. */
  notifier: Notifier
  /**
   * The MMSC's URL as phones reach it (scheme, host, port), e.g. `http://mmsc.example:8080`;
   * default: `http://<address>:<port>` of where it listens.
   */
  publicUrl?: string
  /** Path of the MM1 endpoint (default `/mms`): POST here, GET `<path>/<transaction>`. */
  path?: string
  limits?: Partial<MmscLimits>
  timeouts?: Partial<MmscTimeouts>
  /**
   * The HTTP request header in which the operator's gateway puts the sender's number (default
   * `x-msisdn`). A submission without it is refused (m-send-conf with
   * error-permanent-service-denied): whoever reaches the MMSC around the gateway cannot send as
   * anyone. Phones ask the MMSC to insert their address (From: Insert-address-token).
   */
  senderHeader?: string
  /**
   * Take the sender from the From field the phone writes, with no header (default false). Anyone
   * who reaches the MMSC can then send as anyone: for a test bed, or behind a gateway that
   * checks From itself. Excludes senderHeader.
   */
  trustFrom?: boolean
  /** How long a message waits for retrieval when the sender asked nothing (default 7 days), and the longest it may ask (default 30 days). */
  expiry?: { defaultSeconds?: number, maxSeconds?: number }
  /** Notification and report retries, and the sweep that makes them and expires messages (schedule.ts). */
  schedule?: Partial<MmscSchedule>
  /** Called with every event worth a log line. */
  log?: (event: MmscEvent) => void
  /** MM4 to other MMSCs over SMTP (mm4-config.ts); none by default. */
  mm4?: Mm4Options
}

export interface MmscSchedule {
  /** How often the store is swept for pushes due again and messages expired (also once at start). */
  intervalMs: number
  /** Attempts of one push (a notification, a report) before it is given up. */
  maxAttempts: number
  /** Between the first attempt and the second; doubled for each next one. More than a notifier's timeout. */
  firstDelayMs: number
  /** The longest wait between two attempts. */
  maxDelayMs: number
}

export type MmscEvent =
  | { type: 'accepted', key: string, messageId: string, parts: number, bytes: number, recipients: number }
  | { type: 'refused', status: string, text: string, detail?: string }
  | { type: 'aborted', reason: string }
  | { type: 'notified', key: string, to: string, kind: PushKind, attempt: number }
  | { type: 'push-failed', key: string, to: string, kind: PushKind, attempt: number, error: string }
  | { type: 'push-abandoned', key: string, to: string, kind: PushKind, attempts: number }
  | { type: 'read', key: string, from: string, status: string }
  | { type: 'expired', key: string, recipients: number }
  | { type: 'removed', key: string, reason: 'expired' | 'ended' }
  | { type: 'swept', count: number }
  | { type: 'retrieved', key: string, to: string, bytes: number }
  | { type: 'retrieve-failed', key: string, error: string }
  | { type: 'report', key: string, from: string, status: string }
  | { type: 'error', error: string }
  | {
    type: 'exchange', method: string, path: string, pdu?: string, transactionId?: string, mmsStatus?: string,
    /** The HTTP status answered; 0 when the exchange was cut before its answer was out. */
    status: number, bytesIn: number, bytesOut: number, durationMs: number,
  }
  | Mm4Event

export interface Settings {
  store: MessageStore
  notifier: Notifier
  /** Set from the listening address by listen() when the options gave none. */
  publicUrl: string
  path: string
  limits: MmscLimits
  timeouts: MmscTimeouts
  /** Lower case; null when the From field is trusted (trustFrom). */
  senderHeader: string | null
  expiry: { defaultSeconds: number, maxSeconds: number }
  schedule: MmscSchedule
  log: (event: MmscEvent) => void
  /** The MM4 side, when configured: set by server.ts once made. */
  mm4?: Mm4Hooks
}

const DAY = 24 * 3600

export const DEFAULT_LIMITS: Readonly<MmscLimits> = Object.freeze({
  maxMessageBytes: 64 * 1024 * 1024,
  maxParts: 100,
  maxRecipients: 50,
  maxHeaderBytes: 16 * 1024,
  maxRecordBytes: 1024 * 1024,
})

export const DEFAULT_TIMEOUTS: Readonly<MmscTimeouts> = Object.freeze({
  headersMs: 10_000,
  requestMs: 300_000,
  idleMs: 30_000,
  idleBytes: 1024,
  keepAliveMs: 5_000,
  connectionIdleMs: 10_000,
  shutdownMs: 10_000,
})

/** The expiry when the options give none, and the longest a sender may ask. */
export const DEFAULT_EXPIRY: Readonly<Settings['expiry']> = Object.freeze({ defaultSeconds: 7 * DAY, maxSeconds: 30 * DAY })

/** A sweep a minute; six attempts over about an hour (1, 2, 4, 8, 16 and 32 minutes apart, at most an hour). */
export const DEFAULT_SCHEDULE: Readonly<MmscSchedule> = Object.freeze({
  intervalMs: 60_000,
  maxAttempts: 6,
  firstDelayMs: 60_000,
  maxDelayMs: 3_600_000,
})

/**
 * How an m-send-req is decoded as it arrives, and how the m-retrieve-conf built from it is
 * checked before the submission is acknowledged (servable.ts): the same limits both ways.
 * Parts are stored as sent: nested multiparts and transfer encodings are the recipient's to
 * read, so the bytes fetched are the bytes submitted.
 */
export function decodeOptions (limits: MmscLimits): DecodeOptions {
  const { maxMessageBytes, maxParts, maxHeaderBytes } = limits
  return {
    nestedMultipart: false,
    nestedMessages: false,
    decodeTransferEncoding: false,
    limits: { maxTotalBytes: maxMessageBytes, maxPartSize: maxMessageBytes, maxParts, maxHeaderBytes, maxPartHeaderBytes: maxHeaderBytes },
  }
}

/** The options resolved, once checked (options.ts): a wrong one throws MmscOptionError, naming it. */
export function settings (options: MmscOptions): Settings {
  checkOptions(options)
  const resolved: Settings = {
    store: options.store,
    notifier: options.notifier,
    publicUrl: options.publicUrl?.replace(/\/+$/, '') ?? '',
    path: options.path ?? '/mms',
    limits: { ...DEFAULT_LIMITS, ...given(options.limits) },
    timeouts: { ...DEFAULT_TIMEOUTS, ...given(options.timeouts) },
    senderHeader: options.trustFrom === true ? null : (options.senderHeader ?? 'x-msisdn').toLowerCase(),
    expiry: { ...DEFAULT_EXPIRY, ...given(options.expiry) },
    schedule: { ...DEFAULT_SCHEDULE, ...given(options.schedule) },
    log: options.log ?? (() => {}),
  }
  checkSettings(resolved)
  // Checked with the others, where they are given; the MM4 side (mm4-gateway.ts) resolves them.
  if (options.mm4 !== undefined) mm4Settings(options.mm4)
  return resolved
}

/** The values given: a key set to undefined keeps its default. */
function given<T extends object> (values: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>
}
