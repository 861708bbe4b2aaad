/**
 * Pushes that are tried again: a notification whose push failed (the SMSC refused it or was
 * not there, the PPG refused it, no answer in time) is pushed again with exponential backoff,
 * until it gets through, the recipient answers or fetches, `schedule.maxAttempts` attempts
 * were made, or the message expires (OMA-TS-MMS_CTR 1.3 leaves the notification's delivery to
 * the MMS Proxy-Relay: the phone has nothing to ask for until one arrives). Delivery and read
 * reports to the sender are pushed the same way.
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

const KINDS: Record<JobKind, PushKind> = { n: 'm-notification-ind', d: 'm-delivery-ind', r: 'm-read-orig-ind' }

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
    return await this.#attempt(key, 'n', recipient, n, recipient.msisdn, () => notificationInd(this.#settings, key, record, recipient))
  }

  /** The first attempt of every recipient's notification of a message just stored. */
  async notifyAll (key: string, record: MessageRecord): Promise<void> {
    await Promise.all(record.recipients.map(recipient => this.notify(key, record, recipient, 1)))
  }

  /**
   * Creates a delivery report job for the recipient unless one exists (a report is sent at most
   * once), and makes its first attempt; true when that got through. A message that came over MM4
   * has its report go back the same way (mm4-gateway.ts).
   */
  async reportDelivery (key: string, record: MessageRecord, recipient: Recipient, status: DeliveryStatus): Promise<boolean> {
    if (await this.#settings.mm4?.reportDelivery(key, record, recipient, status) === true) return true
    const job: DeliveryJob = { status, since: Date.now() }
    if (!await claim(this.#settings.store, key, jobName('d', recipient.token), job)) return false
    return await this.delivery(key, record, recipient, job, 1)
  }

  async delivery (key: string, record: MessageRecord, recipient: Recipient, job: DeliveryJob, n: number): Promise<boolean> {
    return await this.#attempt(key, 'd', recipient, n, record.sender, () => deliveryInd(record, recipient, job.status))
  }

  /** Creates a read report job (at most one per recipient), and makes its first attempt. */
  async reportRead (key: string, record: MessageRecord, recipient: Recipient, report: ReadReport): Promise<boolean> {
    const job: ReadJob = { ...report, since: Date.now() }
    if (!await claim(this.#settings.store, key, jobName('r', recipient.token), job)) return false
    return await this.read(key, record, recipient, job, 1)
  }

  async read (key: string, record: MessageRecord, recipient: Recipient, job: ReadJob, n: number): Promise<boolean> {
    return await this.#attempt(key, 'r', recipient, n, record.sender, () => readOrigInd(record, recipient, job))
  }

  /** A report job as stored, or undefined. */
  async job<T extends DeliveryJob | ReadJob> (key: string, kind: 'd' | 'r', recipient: Recipient): Promise<T | undefined> {
    return await readState<T>(this.#settings.store, key, jobName(kind, recipient.token))
  }

  /**
   * Claims attempt n and pushes; on success writes the job's `.ok` and resolves true. A failed
   * push is an event (and the last one allowed says so), never a rejection.
   */
  async #attempt (key: string, kind: JobKind, recipient: Recipient, n: number, to: string, pdu: () => EncodeMessage): Promise<boolean> {
    const settings = this.#settings
    const job = jobName(kind, recipient.token)
    const running = `${key}.${job}`
    if (this.#running.has(running)) return false
    this.#running.add(running)
    try {
      if (!await claim(settings.store, key, `${job}.${n}`)) return false
      const pushKind = KINDS[kind]
      try {
        await settings.notifier.push({ to, pdu: encode(pdu()), id: `${transactionId(key, recipient.token)}-${kind}${n}` })
      } catch (err) {
        settings.log({ type: 'push-failed', key, to, kind: pushKind, attempt: n, error: String(err) })
        if (n >= settings.schedule.maxAttempts) settings.log({ type: 'push-abandoned', key, to, kind: pushKind, attempts: n })
        return false
      }
      await claim(settings.store, key, `${job}.ok`)
      settings.log({ type: 'notified', key, to, kind: pushKind, attempt: n })
      return true
    } finally {
      this.#running.delete(running)
    }
  }
}
