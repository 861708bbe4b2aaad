/**
 * Reassembly of concatenated SMS user data (3GPP TS 23.040 §9.2.3.24.1) into the WSP Push it
 * carries.
 */
import { type BytesLike, invalidArgument, toBytes, toOptions } from '../bytes/argument.js'
import { MmseError } from '../errors.js'
import { concatBytes } from '../wsp/octets.js'
import { MAX_SEGMENTS, parseUserData, SMS_USER_DATA_MAX, type UserData, type UserDataHeader } from './udh.js'

export interface AssemblerOptions {
  /** Messages whose segments are still arriving, over all originators (default 64). */
  maxPending?: number
  /** Octets of one segment's user data (default 140, the TP-UDL limit of 8-bit data). */
  maxSegmentBytes?: number
  /**
   * Octets of user data held for pending messages, over all originators (default 2 MiB); at
   * least 255 x `maxSegmentBytes`, so that one whole message always fits.
   */
  maxBytes?: number
}

/** The defaults of {@link AssemblerOptions}: 64 messages, 140-octet segments, 2 MiB held. */
export const ASSEMBLER_DEFAULTS: Readonly<Required<AssemblerOptions>> = Object.freeze({
  maxPending: 64,
  maxSegmentBytes: SMS_USER_DATA_MAX,
  maxBytes: 2 * 1024 * 1024,
})

/** User data reassembled from its segments, or a message that came in one. */
export interface AssembledUserData {
  originator: string
  /** The first segment's header (ports, and its concatenation element if there was one). */
  header: UserDataHeader
  /** The payloads joined in sequence order, without the UDHs. */
  payload: Uint8Array
  segments: number
}

interface Pending {
  key: string
  /** Order of arrival among all messages: the smaller, the older. */
  age: number
  originator: string
  reference: number
  total: number
  segments: Array<UserData | undefined>
  received: number
  /** Octets of user data held for this message. */
  bytes: number
}

/** What one originator holds: its pending messages, oldest first, and their octets. */
interface Holder {
  messages: Map<string, Pending>
  bytes: number
}

/**
 * Reassembles concatenated SMS user data (3GPP TS 23.040 §9.2.3.24.1). Segments may arrive in
 * any order and more than once (a resent segment is ignored); they are keyed by originator,
 * reference size, reference and count. Timeouts belong to the caller, who can list and discard
 * pending messages.
 *
 * Memory is bounded by what is held, not by what was handed in: each kept segment is copied
 * (a segment that is a view of a larger buffer would otherwise keep all of that buffer alive),
 * and its octets count against `maxBytes`, its message against `maxPending`. When either would
 * be exceeded, the originators share: the oldest message of the originator that holds the most
 * (octets, or messages) is dropped, so one originator flooding first segments only ever drops
 * its own messages, never another's half-received one, while an originator alone may use the
 * whole budget.
 */
export class PushAssembler {
  readonly #maxPending: number
  readonly #maxSegmentBytes: number
  readonly #maxBytes: number
  /** Every pending message by key, oldest first. */
  readonly #pending = new Map<string, Pending>()
  readonly #holders = new Map<string, Holder>()
  #bytes = 0
  #dropped = 0
  #arrivals = 0

  constructor (given?: AssemblerOptions) {
    const options = { ...ASSEMBLER_DEFAULTS, ...toOptions<AssemblerOptions>(given) }
    for (const name of ['maxPending', 'maxSegmentBytes', 'maxBytes'] as const) {
      const value = options[name]
      if (!Number.isSafeInteger(value) || value < 1) throw new MmseError('ERR_MMSE_BAD_OPTION', `${name} must be an integer >= 1`, 0)
    }
    if (options.maxBytes < MAX_SEGMENTS * options.maxSegmentBytes) {
      throw new MmseError('ERR_MMSE_BAD_OPTION', `maxBytes must be at least ${MAX_SEGMENTS} x maxSegmentBytes (${MAX_SEGMENTS * options.maxSegmentBytes}): one whole message`, 0)
    }
    this.#maxPending = options.maxPending
    this.#maxSegmentBytes = options.maxSegmentBytes
    this.#maxBytes = options.maxBytes
  }

  /** Adds one segment's user data (UDH included); returns the whole user data once complete. */
  add (input: BytesLike, originator = ''): AssembledUserData | null {
    const given = toBytes(input, 'userData')
    if (typeof originator !== 'string') throw invalidArgument('originator', 'a string', originator)
    if (given.length > this.#maxSegmentBytes) {
      throw new MmseError('ERR_MMSE_BAD_PUSH', `segment of ${given.length} octets exceeds ${this.#maxSegmentBytes}`, 0, { limit: this.#maxSegmentBytes })
    }
    const parsed = parseUserData(given)
    const concat = parsed.header.concat
    if (concat === undefined || concat.total === 1) return { originator, header: parsed.header, payload: parsed.payload, segments: 1 }
    const key = `${originator}\u0000${concat.bits}:${concat.reference}:${concat.total}`
    let pending = this.#pending.get(key)
    if (pending !== undefined && pending.segments[concat.sequence - 1] !== undefined) return null
    if (pending === undefined) {
      while (this.#pending.size >= this.#maxPending) this.#drop(this.#largest(holder => holder.messages.size))
      pending = { key, age: this.#arrivals++, originator, reference: concat.reference, total: concat.total, segments: new Array<undefined>(concat.total).fill(undefined), received: 0, bytes: 0 }
      this.#pending.set(key, pending)
      const holder = this.#holders.get(originator) ?? { messages: new Map<string, Pending>(), bytes: 0 }
      holder.messages.set(key, pending)
      this.#holders.set(originator, holder)
    }
    // A copy of exactly the segment's octets: nothing of the caller's buffer stays referenced.
    const segment = parseUserData(new Uint8Array(given))
    this.#hold(pending, segment, given.length)
    if (pending.received < pending.total) {
      // The message this segment belongs to may be the one dropped: its originator holds the most.
      while (this.#bytes > this.#maxBytes) this.#drop(this.#largest(holder => holder.bytes))
      return null
    }
    // Complete: given back at once, so it never counts against the others.
    this.#remove(pending)
    const segments = pending.segments as UserData[]
    return {
      originator,
      header: (segments[0] as UserData).header,
      payload: concatBytes(segments.map(s => s.payload)),
      segments: segments.length,
    }
  }

  /** Messages still waiting for segments, oldest first. */
  pendingMessages (): Array<{ originator: string, reference: number, total: number, received: number }> {
    return [...this.#pending.values()].map(({ originator, reference, total, received }) => ({ originator, reference, total, received }))
  }

  /** Drops the segments held for one message (the caller's timeout); true if there were any. */
  discard (originator: string, reference: number): boolean {
    const found = [...this.#pending.values()].filter(pending => pending.originator === originator && pending.reference === reference)
    for (const pending of found) this.#remove(pending)
    return found.length > 0
  }

  /** Messages dropped so far to stay within `maxPending` and `maxBytes`. */
  get dropped (): number {
    return this.#dropped
  }

  /** Octets of user data held for the pending messages (at most `maxBytes`). */
  get retainedBytes (): number {
    return this.#bytes
  }

  #hold (pending: Pending, segment: UserData, bytes: number): void {
    pending.segments[(segment.header.concat as { sequence: number }).sequence - 1] = segment
    pending.received++
    pending.bytes += bytes
    ;(this.#holders.get(pending.originator) as Holder).bytes += bytes
    this.#bytes += bytes
  }

  /**
   * The oldest message of the originator with the most of what `measure` counts; of two with
   * as much, the one whose oldest message is older. Its cost is one look at each originator
   * holding segments, at most `maxPending` of them.
   */
  #largest (measure: (holder: Holder) => number): Pending {
    let chosen: Pending | undefined
    let most = 0
    for (const holder of this.#holders.values()) {
      const size = measure(holder)
      const oldest = holder.messages.values().next().value as Pending
      if (size > most || (size === most && oldest.age < (chosen as Pending).age)) {
        most = size
        chosen = oldest
      }
    }
    return chosen as Pending
  }

  #drop (pending: Pending): void {
    this.#remove(pending)
    this.#dropped++
  }

  #remove (pending: Pending): void {
    this.#pending.delete(pending.key)
    const holder = this.#holders.get(pending.originator) as Holder
    holder.messages.delete(pending.key)
    holder.bytes -= pending.bytes
    this.#bytes -= pending.bytes
    if (holder.messages.size === 0) this.#holders.delete(pending.originator)
  }
}
