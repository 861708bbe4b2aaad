/**
 * Pushes that are tried again: a notification whose push failed (the SMSC refused it or was
 * not there, the PPG refused it, no answer in time) is pushed again with exponential backoff,
 * until it gets through, the recipient answers or fetches, `schedule.maxAttempts` attempts
 * were made, or the message expires (OMA-TS-MMS_CTR 1.3 leaves the notification's delivery to
 * the MMS Proxy-Relay: the phone has nothing to ask for until one arrives). Delivery and read
 * reports to the sender are pushed the same way, and go back over MM4 instead when the message
 * came over MM4 (mm4-gateway.ts).
 *
 * A recipient at an MM4 peer gets an MM4_forward.REQ (3GPP TS 23.140 §8.4.1) instead of a
 * notification, on the same schedule: one the relay did not take (no connection, a 4xx) or the
 * peer answered with an error MM4_forward.RES (§8.4.2) is sent again when due. A 5xx refusal
 * ends it at once, as does the last attempt allowed; the sender then gets an m-delivery-ind
 * `unreachable` when it asked for reports. One forward per recipient: each is retried, refused
 * and reported on its own, where one SMTP transaction could take some recipients and refuse others.
 *
 * Every attempt is a state key claimed before the push (state.ts): a process that restarts,
 * or another one on the same store, counts the attempts made and makes the next one when it is
 * due, and no two processes make the same attempt. The attempts are due at fixed offsets from
 * the job's start, `firstDelayMs`, twice that, four times, ... at most `maxDelayMs` apart, so
 * that the schedule needs no clock of its own in the store. An attempt is made only once the
 * one before had time to end: firstDelayMs must exceed the notifier's timeout (10 s).
 *
 * A push that got through but whose `.ok` was not written (the process died between) is pushed
 * again: a phone sees the same Transaction-Id twice and keeps one notification (§6.2: the
 * Transaction-Id identifies the notification).
 */
import { encode, type EncodeMessage } from 'mmse'
import type { Settings } from './config.js'
import { transactionId } from './ids.js'
import type { PushRequest } from './notifier.js'
import { deliveryInd, type DeliveryStatus, notificationInd, type PushKind } from './notify.js'
import { readOrigInd, type ReadReport } from './read-reports.js'
import type { MessageRecord, Recipient } from './record.js'
import { claim, type JobKind, jobName, readState } from './state.js'

/** What a delivery report job holds. */
export interface DeliveryJob {
  status: DeliveryStatus
  /** When the job was created (ms since the epoch): its attempts are due from then. */
  since: number
}

/** What a read report job holds. */
export interface ReadJob extends ReadReport {
  since: number
}

const KINDS: Record<Exclude<JobKind, 'm'>, PushKind> = { n: 'm-notification-ind', d: 'm-delivery-ind', r: 'm-read-orig-ind' }

/** What a failed forward was answered, as nodemailer rejects: the SMTP reply code, when a server gave one. */
function isPermanent (err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode
  return typeof code === 'number' && code >= 500 && code < 600
}

/** Milliseconds from a job's start to its attempt n (1-based): 0, first, first + 2 first, ... */
export function dueAfter (schedule: Settings['schedule'], n: number): number {
  let total = 0
  for (let i = 1; i < n; i++) total += Math.min(schedule.firstDelayMs * 2 ** (i - 1), schedule.maxDelayMs)
  return total
}

export class Retries {
  readonly #settings: Settings
  /** Jobs this process is pushing now: a tick does not start one again meanwhile. */
  readonly #running = new Set<string>()

  constructor (settings: Settings) {
    this.#settings = settings
  }

  /** Attempt n of a recipient's notification, if no process made it yet. */
  async notify (key: string, record: MessageRecord, recipient: Recipient, n: number): Promise<boolean> {
    return await this.#attempt(key, 'n', recipient, n, recipient.msisdn, () => this.#push(recipient.msisdn, key, recipient, 'n', n, notificationInd(this.#settings, key, record, recipient)))
  }

  /** The first attempt for every recipient of a message just stored: its notification, or its MM4 forward. */
  async deliverAll (key: string, record: MessageRecord): Promise<void> {
    await Promise.all(record.recipients.map(recipient => recipient.peer === undefined
      ? this.notify(key, record, recipient, 1)
      : this.forward(key, record, recipient, 1)))
  }

  /**
   * Attempt n of a recipient's MM4 forward, if no process made it yet; true when the relay took
   * it. A 5xx, or the last attempt allowed, ends the forward for good.
   */
  async forward (key: string, record: MessageRecord, recipient: Recipient, n: number): Promise<boolean> {
    const settings = this.#settings
    const peer = recipient.peer as string
    return await this.#claimed(key, jobName('m', recipient.token), n, async () => {
      try {
        if (settings.mm4 === undefined) throw new Error('MM4 is not configured')
        await settings.mm4.forward(key, record, recipient, n)
      } catch (err) {
        const permanent = isPermanent(err)
        settings.log({ type: 'mm4-failed', key, to: peer, attempt: n, error: String(err), ...(permanent ? { permanent } : {}) })
        if (permanent || n >= settings.schedule.maxAttempts) await this.forwardFailed(key, record, recipient, n)
        return false
      }
      await claim(settings.store, key, `${jobName('m', recipient.token)}.${n}.sent`)
      settings.log({ type: 'mm4-forwarded', key, to: peer, attempt: n })
      return true
    })
  }

  /**
   * The peer refused attempt n of a forward (an MM4_forward.RES that is not Ok): the next
   * attempt is due on the schedule, or, after the last one allowed or a `final` refusal, the
   * forward has failed.
   */
  async forwardRefused (key: string, record: MessageRecord, recipient: Recipient, n: number, final: boolean): Promise<void> {
    if (!await claim(this.#settings.store, key, `${jobName('m', recipient.token)}.${n}.refused`)) return
    if (final || n >= this.#settings.schedule.maxAttempts) await this.forwardFailed(key, record, recipient, n)
  }

  /** A forward that will not be made again ends the message for its recipient, with a report `unreachable` when asked. */
  async forwardFailed (key: string, record: MessageRecord, recipient: Recipient, attempts: number): Promise<void> {
    if (!await claim(this.#settings.store, key, `f-${recipient.token}`)) return
    this.#settings.log({ type: 'mm4-abandoned', key, to: recipient.peer as string, attempts })
    if (record.deliveryReport) await this.reportDelivery(key, record, recipient, 'unreachable')
  }

  /**
   * Creates a delivery report job for the recipient unless one exists (a report is sent at most
   * once), and makes its first attempt; true when that got through.
   */
  async reportDelivery (key: string, record: MessageRecord, recipient: Recipient, status: DeliveryStatus): Promise<boolean> {
    const job: DeliveryJob = { status, since: Date.now() }
    if (!await claim(this.#settings.store, key, jobName('d', recipient.token), job)) return false
    return await this.delivery(key, record, recipient, job, 1)
  }

  /** Attempt n of a delivery report: to the sender's phone, or back over MM4 for a message that came that way. */
  async delivery (key: string, record: MessageRecord, recipient: Recipient, job: DeliveryJob, n: number): Promise<boolean> {
    return await this.#attempt(key, 'd', recipient, n, record.sender, async () => {
      if (await this.#settings.mm4?.reportDelivery(key, record, recipient, job.status) === true) return
      await this.#push(record.sender, key, recipient, 'd', n, deliveryInd(record, recipient, job.status))
    })
  }

  /** Creates a read report job (at most one per recipient), and makes its first attempt. */
  async reportRead (key: string, record: MessageRecord, recipient: Recipient, report: ReadReport): Promise<boolean> {
    const job: ReadJob = { ...report, since: Date.now() }
    if (!await claim(this.#settings.store, key, jobName('r', recipient.token), job)) return false
    return await this.read(key, record, recipient, job, 1)
  }

  /** Attempt n of a read report: to the sender's phone, or back over MM4 for a message that came that way. */
  async read (key: string, record: MessageRecord, recipient: Recipient, job: ReadJob, n: number): Promise<boolean> {
    return await this.#attempt(key, 'r', recipient, n, record.sender, async () => {
      if (await this.#settings.mm4?.reportRead(key, record, recipient, job) === true) return
      await this.#push(record.sender, key, recipient, 'r', n, readOrigInd(record, recipient, job))
    })
  }

  /** A report job as stored, or undefined. */
  async job<T extends DeliveryJob | ReadJob> (key: string, kind: 'd' | 'r', recipient: Recipient): Promise<T | undefined> {
    return await readState<T>(this.#settings.store, key, jobName(kind, recipient.token))
  }

  /** A PDU to a phone by WAP Push, its id unique to the attempt. */
  async #push (to: string, key: string, recipient: Recipient, kind: Exclude<JobKind, 'm'>, n: number, pdu: EncodeMessage): Promise<void> {
    const request: PushRequest = { to, pdu: encode(pdu), id: `${transactionId(key, recipient.token)}-${kind}${n}` }
    await this.#settings.notifier.push(request)
  }

  /**
   * Claims attempt n and sends; on success writes the job's `.ok` and resolves true. A failed
   * send is an event (and the last one allowed says so), never a rejection.
   */
  async #attempt (key: string, kind: Exclude<JobKind, 'm'>, recipient: Recipient, n: number, to: string, send: () => Promise<void>): Promise<boolean> {
    const settings = this.#settings
    const job = jobName(kind, recipient.token)
    return await this.#claimed(key, job, n, async () => {
      const pushKind = KINDS[kind]
      try {
        await send()
      } catch (err) {
        settings.log({ type: 'push-failed', key, to, kind: pushKind, attempt: n, error: String(err) })
        if (n >= settings.schedule.maxAttempts) settings.log({ type: 'push-abandoned', key, to, kind: pushKind, attempts: n })
        return false
      }
      await claim(settings.store, key, `${job}.ok`)
      settings.log({ type: 'notified', key, to, kind: pushKind, attempt: n })
      return true
    })
  }

  /** Runs attempt n of a job once this process is not running it already and the attempt is claimed; false otherwise. */
  async #claimed (key: string, job: string, n: number, run: () => Promise<boolean>): Promise<boolean> {
    const running = `${key}.${job}`
    if (this.#running.has(running)) return false
    this.#running.add(running)
    try {
      if (!await claim(this.#settings.store, key, `${job}.${n}`)) return false
      return await run()
    } finally {
      this.#running.delete(running)
    }
  }
}
