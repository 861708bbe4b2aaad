/**
 * The MMSC's options and their defaults: one place for every limit and timeout.
 */
import type { Notifier } from './notifier.js'
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
  /** Answers remembered, so that one repeated does not repeat its delivery report. */
  maxRememberedReports: number
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
   * `x-msisdn`); null to trust the From field alone. Phones ask the MMSC to insert their
   * address (From: Insert-address-token), so without it they cannot send.
   */
  senderHeader?: string | null
  /** How long a message waits for retrieval when the sender asked nothing (default 7 days), and the longest it may ask (default 30 days). */
  expiry?: { defaultSeconds?: number, maxSeconds?: number }
  /** Called with every event worth a log line. */
  log?: (event: MmscEvent) => void
}

export type MmscEvent =
  | { type: 'accepted', key: string, messageId: string, parts: number, bytes: number, recipients: number }
  | { type: 'refused', status: string, text: string, detail?: string }
  | { type: 'aborted', reason: string }
  | { type: 'notified', key: string, to: string, kind: 'm-notification-ind' | 'm-delivery-ind' }
  | { type: 'push-failed', key: string, to: string, kind: 'm-notification-ind' | 'm-delivery-ind', error: string }
  | { type: 'retrieved', key: string, to: string, bytes: number }
  | { type: 'retrieve-failed', key: string, error: string }
  | { type: 'report', key: string, from: string, status: string }
  | { type: 'error', error: string }

export interface Settings {
  store: MessageStore
  notifier: Notifier
  /** Set from the listening address by listen() when the options gave none. */
  publicUrl: string
  path: string
  limits: MmscLimits
  timeouts: MmscTimeouts
  senderHeader: string | null
  expiry: { defaultSeconds: number, maxSeconds: number }
  log: (event: MmscEvent) => void
}

const DAY = 24 * 3600

export const DEFAULT_LIMITS: Readonly<MmscLimits> = Object.freeze({
  maxMessageBytes: 64 * 1024 * 1024,
  maxParts: 100,
  maxRecipients: 50,
  maxHeaderBytes: 16 * 1024,
  maxRememberedReports: 10_000,
})

export const DEFAULT_TIMEOUTS: Readonly<MmscTimeouts> = Object.freeze({
  headersMs: 10_000,
  requestMs: 300_000,
  idleMs: 30_000,
  idleBytes: 1024,
  keepAliveMs: 5_000,
})

export function settings (options: MmscOptions): Settings {
  return {
    store: options.store,
    notifier: options.notifier,
    publicUrl: options.publicUrl?.replace(/\/+$/, '') ?? '',
    path: options.path ?? '/mms',
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    senderHeader: options.senderHeader === undefined ? 'x-msisdn' : options.senderHeader?.toLowerCase() ?? null,
    expiry: { defaultSeconds: options.expiry?.defaultSeconds ?? 7 * DAY, maxSeconds: options.expiry?.maxSeconds ?? 30 * DAY },
    log: options.log ?? (() => {}),
  }
}
