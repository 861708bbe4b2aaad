/**
 * What operators watch, in the Prometheus text format (prom-client), counted from the MMSC's
 * own events (config.ts MmscEvent), so that what is logged and what is counted never differ:
 *
 * | metric | what |
 * |---|---|
 * | `mmsc_requests_total{pdu,status}` | HTTP exchanges by PDU and HTTP status (0: cut before an answer) |
 * | `mmsc_request_duration_seconds{pdu}` | their latency (histogram) |
 * | `mmsc_received_bytes_total`, `mmsc_sent_bytes_total` | bytes in and out on MM1 connections |
 * | `mmsc_messages_total{result}` | submissions accepted, refused (by status), aborted |
 * | `mmsc_pushes_total{kind,result}` | notifications and reports pushed, or failed |
 * | `mmsc_push_retries_total{kind}` | pushes that were a second or later attempt |
 * | `mmsc_pushes_abandoned_total{kind}` | pushes given up after the last attempt |
 * | `mmsc_retrievals_total{result}` | messages fetched whole, or cut short |
 * | `mmsc_expired_total` | recipients whose message expired unfetched |
 * | `mmsc_removed_total{reason}` | messages removed from the store |
 * | `mmsc_reports_total{kind}` | delivery and read answers taken from phones |
 * | `mmsc_mm4_forwards_total{result}` | MM4_forward.REQ attempts the relay took (`ok`) or not (`failed`), and ones the peer refused (`refused`) |
 * | `mmsc_mm4_forwards_abandoned_total` | recipients at a peer whose forward failed for good |
 *
 * and prom-client's process metrics (resident memory, CPU, event loop lag, heap).
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client'
import type { MmscEvent } from './config.js'

/** From a millisecond to a minute: an answer, an upload over a slow radio. */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

export class MmscMetrics {
  readonly registry = new Registry()
  readonly #requests = this.#counter('mmsc_requests_total', 'HTTP exchanges on MM1, by PDU and HTTP status', ['pdu', 'status'])
  readonly #latency = new Histogram({ name: 'mmsc_request_duration_seconds', help: 'Duration of MM1 exchanges', labelNames: ['pdu'], buckets: LATENCY_BUCKETS, registers: [this.registry] })
  readonly #received = this.#counter('mmsc_received_bytes_total', 'Bytes received on MM1 connections')
  readonly #sent = this.#counter('mmsc_sent_bytes_total', 'Bytes sent on MM1 connections')
  readonly #messages = this.#counter('mmsc_messages_total', 'Submissions, by result', ['result'])
  readonly #pushes = this.#counter('mmsc_pushes_total', 'Pushes (notifications, delivery and read reports), by result', ['kind', 'result'])
  readonly #retries = this.#counter('mmsc_push_retries_total', 'Pushes that were a second or later attempt', ['kind'])
  readonly #abandoned = this.#counter('mmsc_pushes_abandoned_total', 'Pushes given up after the last attempt', ['kind'])
  readonly #retrievals = this.#counter('mmsc_retrievals_total', 'Retrievals, by result', ['result'])
  readonly #expired = this.#counter('mmsc_expired_total', 'Recipients whose message expired unfetched')
  readonly #removed = this.#counter('mmsc_removed_total', 'Messages removed from the store', ['reason'])
  readonly #reports = this.#counter('mmsc_reports_total', 'Answers taken from phones', ['kind'])
  readonly #forwards = this.#counter('mmsc_mm4_forwards_total', 'MM4_forward.REQ attempts, by result', ['result'])
  readonly #forwardsAbandoned = this.#counter('mmsc_mm4_forwards_abandoned_total', 'Recipients at an MM4 peer whose forward failed for good')

  constructor () {
    collectDefaultMetrics({ register: this.registry })
  }

  observe (event: MmscEvent): void {
    switch (event.type) {
      case 'exchange': {
        const pdu = event.pdu ?? 'none'
        this.#requests.inc({ pdu, status: String(event.status) })
        this.#latency.observe({ pdu }, event.durationMs / 1000)
        this.#received.inc(event.bytesIn)
        this.#sent.inc(event.bytesOut)
        return
      }
      case 'accepted': return this.#messages.inc({ result: 'accepted' })
      case 'refused': return this.#messages.inc({ result: event.status })
      case 'aborted': return this.#messages.inc({ result: 'aborted' })
      case 'notified':
      case 'push-failed':
        this.#pushes.inc({ kind: event.kind, result: event.type === 'notified' ? 'ok' : 'failed' })
        if (event.attempt > 1) this.#retries.inc({ kind: event.kind })
        return
      case 'push-abandoned': return this.#abandoned.inc({ kind: event.kind })
      case 'retrieved': return this.#retrievals.inc({ result: 'ok' })
      case 'retrieve-failed': return this.#retrievals.inc({ result: 'failed' })
      case 'expired': return this.#expired.inc(event.recipients)
      case 'removed': return this.#removed.inc({ reason: event.reason })
      case 'report': return this.#reports.inc({ kind: 'delivery' })
      case 'read': return this.#reports.inc({ kind: 'read' })
      case 'mm4-forwarded': return this.#forwards.inc({ result: 'ok' })
      // A failed answer (an MM4_forward.RES not sent) has no attempt: it is no forward.
      case 'mm4-failed': return event.attempt === undefined ? undefined : this.#forwards.inc({ result: 'failed' })
      case 'mm4-refused': return this.#forwards.inc({ result: 'refused' })
      case 'mm4-abandoned': return this.#forwardsAbandoned.inc()
      case 'error': return
    }
  }

  #counter (name: string, help: string, labelNames: string[] = []): Counter {
    return new Counter({ name, help, labelNames, registers: [this.registry] })
  }
}
