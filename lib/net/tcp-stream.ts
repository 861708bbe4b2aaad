/**
 * One direction of a TCP connection, reassembled (RFC 9293 §3.4, §3.10.7.4): segments in any
 * order, retransmitted or overlapping, turned into the byte stream in order. Bytes that arrive
 * before the ones they follow wait (copied); bytes already delivered are not delivered again
 * (the first copy wins). Bytes that never come are a gap, reported with how many and why: a
 * segment cut by the snap length at once; a hole before waiting bytes when the connection ends,
 * or when holding them would pass captureLimits.maxFlowBytes or maxBufferedBytes. Octets the
 * capture never held at all are known by what follows them: the FIN's sequence number, and the
 * peer's acknowledgment (it received them, so they were sent: the capture dropped them).
 */
import { copyBytes } from '../bytes/octets.js'

/** Where a direction's bytes go, in order. */
export interface StreamSink {
  data (bytes: Uint8Array, frame: number): void
  /** `bytes` octets of the stream are missing here; `why` says what lost them. */
  gap (bytes: number, frame: number, why: string): void
}

/** Bytes waiting in every direction of every connection, against captureLimits.maxBufferedBytes. */
export interface Budget {
  held: number
  readonly max: number
}

interface Waiting {
  seq: number
  bytes: Uint8Array
  /** Octets after `bytes` the snap length cut. */
  missing: number
  frame: number
}

/** a - b in sequence space (RFC 9293 §3.4: modulo 2^32), as a signed 32-bit difference. */
function after (a: number, b: number): number {
  return (a - b) | 0
}

export class TcpDirection {
  readonly #sink: StreamSink
  readonly #maxHeld: number
  readonly #budget: Budget
  /** The sequence number of the next byte to deliver; undefined until the first segment. */
  #next: number | undefined
  #waiting: Waiting[] = []
  /** Octets waiting here. */
  held = 0
  /** The sequence number a FIN closed the stream at, once seen. */
  #fin: number | undefined
  /** The furthest the peer acknowledged: every octet before it was sent. */
  #acked: number | undefined

  constructor (sink: StreamSink, maxHeld: number, budget: Budget) {
    this.#sink = sink
    this.#maxHeld = maxHeld
    this.#budget = budget
  }

  /**
   * Nothing more can come: every octet up to the FIN delivered (or given up as a gap), or the
   * peer acknowledged the FIN itself (RFC 9293 §3.6), so octets still missing never will.
   */
  get finished (): boolean {
    const fin = this.#fin
    if (fin === undefined || this.#next === undefined) return false
    return after(this.#next, fin) >= 0 || (this.#acked !== undefined && after(this.#acked, fin) > 0)
  }

  /** The peer's acknowledgment number, from a segment of the other direction. */
  acknowledged (ack: number): void {
    if (this.#next === undefined) return
    if (this.#acked === undefined || after(ack, this.#acked) > 0) this.#acked = ack
  }

  /**
   * A segment: `payload` as captured, `missing` octets after it that the snap length cut.
   * Returns a limit's name when waiting bytes had to be given up for it.
   */
  segment (seq: number, syn: boolean, fin: boolean, payload: Uint8Array, missing: number, frame: number): string | undefined {
    // A SYN takes one sequence number; its data, if any, follows it.
    const start = syn ? (seq + 1) >>> 0 : seq
    if (this.#next === undefined || (syn && this.held === 0 && this.#fin === undefined)) this.#next = start
    const length = payload.length + missing
    if (fin) this.#fin = (start + length) >>> 0
    if (length === 0) return undefined
    const ahead = after(start, this.#next)
    const first = this.#waiting[0]
    if (ahead <= 0 && first !== undefined && after(first.seq, start) < payload.length) {
      // It runs into bytes that wait: those came first and are kept; its octets from there wait behind them.
      const cut = after(first.seq, start)
      this.#deliver(start, payload.subarray(0, cut), 0, frame)
      this.#wait({ seq: first.seq, bytes: copyBytes(payload.subarray(cut)), missing, frame })
      this.#drain()
      return undefined
    }
    if (ahead <= 0) {
      this.#deliver(start, payload, missing, frame)
      this.#drain()
      return undefined
    }
    this.#wait({ seq: start, bytes: copyBytes(payload), missing, frame })
    if (this.held > this.#maxHeld) {
      this.flush(`captureLimits.maxFlowBytes (${this.#maxHeld}) reached while waiting for them`)
      return 'maxFlowBytes'
    }
    if (this.#budget.held > this.#budget.max) {
      this.flush(`captureLimits.maxBufferedBytes (${this.#budget.max}) reached while waiting for them`)
      return 'maxBufferedBytes'
    }
    return undefined
  }

  /** Gives up waiting: every hole before the waiting bytes becomes a gap, and they are delivered. */
  flush (why: string): void {
    while (this.#waiting.length > 0) {
      const first = this.#waiting[0] as Waiting
      const hole = after(first.seq, this.#next as number)
      if (hole > 0) {
        this.#sink.gap(hole, first.frame, why)
        this.#next = first.seq
      }
      this.#drain()
    }
  }

  /**
   * The connection is over (`frame` ended it): what waits is flushed, then the octets the FIN or
   * the peer's acknowledgment say were sent after them, which the capture never held, are a gap.
   */
  end (why: string, frame: number): void {
    this.flush(why)
    const next = this.#next
    if (next === undefined) return
    // The FIN comes after every octet; an acknowledgment of it counts its own sequence number too.
    const sent = this.#fin ?? this.#acked ?? next
    const hole = after(sent, next)
    if (hole > 0) {
      this.#sink.gap(hole, frame, why)
      this.#next = sent
    }
  }

  /** Delivers the part of a segment past what was delivered already; the snap length's cut is a gap. */
  #deliver (start: number, payload: Uint8Array, missing: number, frame: number): void {
    const seen = after(this.#next as number, start)
    if (seen < payload.length) this.#sink.data(seen === 0 ? payload : payload.subarray(seen), frame)
    const cut = Math.min(missing, payload.length + missing - seen)
    if (cut > 0) this.#sink.gap(cut, frame, 'cut by the capture\'s snap length')
    if (seen < payload.length + missing) this.#next = (start + payload.length + missing) >>> 0
  }

  /** Delivers the waiting segments that now follow on. */
  #drain (): void {
    while (this.#waiting.length > 0) {
      const first = this.#waiting[0] as Waiting
      if (after(first.seq, this.#next as number) > 0) return
      this.#waiting.shift()
      this.#release(first.bytes.length)
      this.#deliver(first.seq, first.bytes, first.missing, first.frame)
    }
  }

  #wait (segment: Waiting): void {
    const waiting = this.#waiting
    let at = waiting.length
    while (at > 0 && after((waiting[at - 1] as Waiting).seq, segment.seq) > 0) at--
    waiting.splice(at, 0, segment)
    this.held += segment.bytes.length
    this.#budget.held += segment.bytes.length
  }

  #release (bytes: number): void {
    this.held -= bytes
    this.#budget.held -= bytes
  }
}
