/**
 * The MMSC's work that no request starts: every `schedule.intervalMs`, and once at start, one
 * listing of the store (state.ts) and, for each message,
 *
 * - a notification or report whose attempt is due is pushed again, an MM4 forward sent again (retries.ts);
 * - a message past its expiry is expired (expiry.ts);
 * - a message that is done with, expired or ended by every recipient (rejected, unrecognised),
 *   with no report still to push, is removed with its facts;
 * - facts whose message is gone (a removal cut short) are removed;
 * - the store's spool is swept of what is older than any request (twice timeouts.requestMs:
 *   a request arrives within it, and its commit follows), which a process that stopped
 *   mid-request left: safe while other processes write to the store.
 *
 * Each step is a claim or an idempotent removal, so several processes may run it on the same
 * store at once. A message whose record cannot be read is left as it is (retrieval says why).
 * Records never change once stored: each is read once and kept while its message is listed.
 */
import type { Settings } from './config.js'
import { expire, expired } from './expiry.js'
import { loadRecord, type MessageRecord } from './record.js'
import { type DeliveryJob, dueAfter, type ReadJob, Retries } from './retries.js'
import { attempts, forwarded, jobName, listState, type MessageState, removeMessage, stateKey } from './state.js'

export class Schedule {
  readonly #settings: Settings
  readonly #retries: Retries
  #timer: NodeJS.Timeout | undefined
  #ticking: Promise<void> | undefined
  /** The records of the messages listed by the last tick. */
  #records = new Map<string, MessageRecord>()

  constructor (settings: Settings, retries: Retries) {
    this.#settings = settings
    this.#retries = retries
  }

  /** Runs a tick now and every intervalMs until stop(); a tick never overlaps the one before. */
  start (track: (work: Promise<void>) => void): void {
    const run = (): void => {
      if (this.#ticking !== undefined) return
      const tick = this.tick().finally(() => { this.#ticking = undefined })
      this.#ticking = tick
      track(tick)
    }
    this.#timer = setInterval(run, this.#settings.schedule.intervalMs)
    this.#timer.unref()
    run()
  }

  stop (): void {
    clearInterval(this.#timer)
  }

  async tick (): Promise<void> {
    const swept = await this.#settings.store.sweep({ olderThanMs: 2 * this.#settings.timeouts.requestMs })
    if (swept > 0) this.#settings.log({ type: 'swept', count: swept })
    const now = Date.now()
    const listed = await listState(this.#settings.store)
    for (const key of this.#records.keys()) if (listed.get(key)?.message !== true) this.#records.delete(key)
    for (const [key, state] of listed) {
      try {
        await this.#visit(key, state, now)
      } catch (err) {
        this.#settings.log({ type: 'error', error: `schedule ${key}: ${String(err)}` })
      }
    }
  }

  async #record (key: string): Promise<MessageRecord | undefined> {
    const known = this.#records.get(key)
    if (known !== undefined) return known
    const record = await loadRecord(this.#settings.store, key, this.#settings.limits.maxRecordBytes)
    if (record !== undefined) this.#records.set(key, record)
    return record
  }

  async #visit (key: string, state: MessageState, now: number): Promise<void> {
    const { store } = this.#settings
    if (!state.message) {
      for (const fact of state.facts) await store.remove(stateKey(key, fact))
      return
    }
    const record = await this.#record(key)
    if (record === undefined) return
    const isExpired = expired(record, now)
    if (isExpired) await expire(this.#settings, this.#retries, key, record, state)
    let pending = false
    for (const recipient of record.recipients) {
      const ended = state.facts.has(`f-${recipient.token}`)
      if (recipient.peer !== undefined) {
        const forward = jobName('m', recipient.token)
        if (!isExpired && !ended && !forwarded(state.facts, recipient.token) && this.#due(state, forward, record.receivedAt.getTime(), now)) {
          await this.#retries.forward(key, record, recipient, attempts(state.facts, forward) + 1)
        }
      } else {
        const notification = jobName('n', recipient.token)
        if (!isExpired && !ended && this.#due(state, notification, record.receivedAt.getTime(), now)) {
          await this.#retries.notify(key, record, recipient, attempts(state.facts, notification) + 1)
        }
      }
      for (const kind of ['d', 'r'] as const) {
        const job = jobName(kind, recipient.token)
        if (!state.facts.has(job) || state.facts.has(`${job}.ok`) || attempts(state.facts, job) >= this.#settings.schedule.maxAttempts) continue
        pending = true
        const stored = await this.#retries.job<DeliveryJob & ReadJob>(key, kind, recipient)
        if (stored === undefined || !this.#due(state, job, stored.since, now)) continue
        const n = attempts(state.facts, job) + 1
        if (kind === 'd') await this.#retries.delivery(key, record, recipient, stored, n)
        else await this.#retries.read(key, record, recipient, stored, n)
      }
    }
    if (!pending && (isExpired || allEnded(record, state))) {
      await removeMessage(store, key, state.facts)
      this.#settings.log({ type: 'removed', key, reason: isExpired ? 'expired' : 'ended' })
    }
  }

  /** Whether the next attempt of a job that started at `since` is due: not pushed yet, attempts left, its time come. */
  #due (state: MessageState, job: string, since: number, now: number): boolean {
    if (state.facts.has(`${job}.ok`)) return false
    const n = attempts(state.facts, job) + 1
    return n <= this.#settings.schedule.maxAttempts && now >= since + dueAfter(this.#settings.schedule, n)
  }
}

function allEnded (record: MessageRecord, state: MessageState): boolean {
  return record.recipients.every(recipient => state.facts.has(`f-${recipient.token}`))
}
