/**
 * Reassembly of concatenated SMS user data (3GPP TS 23.040 §9.2.3.24.1) into the WSP Push it
 * carries.
 */
import { type BytesLike, invalidArgument, toBytes, toOptions } from '../bytes/argument.js'
import { MmseError } from '../errors.js'
import { badOption, checkOptions, integer, type OptionRules } from '../options.js'
import { EMPTY } from '../bytes/octets.js'
import { Largest } from './largest.js'
import { MAX_SEGMENTS, parseUserData, SMS_USER_DATA_MAX, type UserDataHeader } from './udh.js'

export interface AssemblerOptions {
  /** Messages whose segments are still arriving, over all originators (default 64). */
  maxPending?: number
  /** Octets of one segment's user data (default 140, the TP-UDL limit of 8-bit data). */
  maxSegmentBytes?: number
  /**
   * Octets held for pending messages, over all originators (default 2 MiB): their payloads,
   * in buffers that grow by doubling, and a few octets a segment to find them. At least
   * 256 x `maxSegmentBytes` + 2040, so that one whole message always fits.
   */
  maxBytes?: number
}

/** The defaults of {@link AssemblerOptions}: 64 messages, 140-octet segments, 2 MiB held. */
export const ASSEMBLER_DEFAULTS: Readonly<Required<AssemblerOptions>> = Object.freeze({
  maxPending: 64,
  maxSegmentBytes: SMS_USER_DATA_MAX,
  maxBytes: 2 * 1024 * 1024,
})

const ASSEMBLER_OPTIONS: OptionRules = { maxPending: integer(1), maxSegmentBytes: integer(1), maxBytes: integer(1) }

/**
 * The most octets one pending message holds: room for 255 segments, the first one's UDH, and
 * where each segment lies (two 32-bit offsets).
 */
function messageBytes (maxSegmentBytes: number): number {
  return (MAX_SEGMENTS + 1) * maxSegmentBytes + MAX_SEGMENTS * 2 * Int32Array.BYTES_PER_ELEMENT
}

/** The oldest message an originator holds (it holds one at least). */
function oldest (holder: Holder): Pending {
  return holder.messages.values().next().value as Pending
}

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
  /** The payloads received, copied in order of arrival into one buffer that grows by doubling. */
  data: Uint8Array
  used: number
  /** Where segment n's payload lies in `data`: spans[2n - 2] to spans[2n - 1]; a start of -1 until it came. */
  spans: Int32Array
  /** The first segment's header, its elements in a copy of that segment's UDH. */
  header?: UserDataHeader
  received: number
  /** Octets held for this message: the capacity of `data`, the spans, the first UDH. */
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
 * into its message's own buffer (a segment that is a view of a larger buffer would otherwise
 * keep all of that buffer alive), and the octets held count against `maxBytes`, the message
 * against `maxPending`. When either would
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
  /** The originators by messages, and by octets, held; of two holding as much, the one whose oldest message is older first. */
  readonly #mostMessages = new Largest<Holder>((a, b) => a.messages.size > b.messages.size || (a.messages.size === b.messages.size && oldest(a).age < oldest(b).age))
  readonly #mostBytes = new Largest<Holder>((a, b) => a.bytes > b.bytes || (a.bytes === b.bytes && oldest(a).age < oldest(b).age))
  #bytes = 0
  #dropped = 0
  #arrivals = 0

  constructor (given?: AssemblerOptions) {
    const checked = toOptions<AssemblerOptions>(given)
    checkOptions(checked, ASSEMBLER_OPTIONS)
    const options = { ...ASSEMBLER_DEFAULTS }
    for (const name of Object.keys(ASSEMBLER_DEFAULTS) as Array<keyof AssemblerOptions>) options[name] = checked[name] ?? options[name]
    if (options.maxBytes < messageBytes(options.maxSegmentBytes)) {
      throw badOption('maxBytes', `maxBytes must be at least ${messageBytes(options.maxSegmentBytes)}, what one message of ${MAX_SEGMENTS} segments may hold`)
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
    if (pending !== undefined && pending.spans[2 * concat.sequence - 2] !== -1) return null
    if (pending === undefined) {
      while (this.#pending.size >= this.#maxPending) this.#drop(oldest(this.#mostMessages.first as Holder))
      pending = { key, age: this.#arrivals++, originator, reference: concat.reference, total: concat.total, data: EMPTY, used: 0, spans: new Int32Array(2 * concat.total).fill(-1), received: 0, bytes: 0 }
      this.#pending.set(key, pending)
      const holder = this.#holders.get(originator) ?? { messages: new Map<string, Pending>(), bytes: 0 }
      holder.messages.set(key, pending)
      this.#holders.set(originator, holder)
      this.#mostMessages.update(holder)
      this.#charge(pending, pending.spans.byteLength)
    }
    // Copies of the octets needed (the first segment's UDH, every payload) into buffers of the
    // assembler's own: nothing of the caller's buffer stays referenced.
    if (concat.sequence === 1) {
      pending.header = parseUserData(new Uint8Array(given.subarray(0, parsed.payloadOffset))).header
      this.#charge(pending, parsed.payloadOffset)
    }
    this.#hold(pending, concat.sequence, parsed.payload)
    if (pending.received < pending.total) {
      // The message this segment belongs to may be the one dropped: its originator holds the most.
      while (this.#bytes > this.#maxBytes) this.#drop(oldest(this.#mostBytes.first as Holder))
      return null
    }
    // Complete: given back at once, so it never counts against the others.
    this.#remove(pending)
    const payload = new Uint8Array(pending.used)
    for (let n = 0, at = 0; n < pending.total; n++) {
      const piece = pending.data.subarray(pending.spans[2 * n], pending.spans[2 * n + 1])
      payload.set(piece, at)
      at += piece.length
    }
    return { originator, header: pending.header as UserDataHeader, payload, segments: pending.total }
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

  /** Octets held for the pending messages, as `maxBytes` counts them (at most `maxBytes`). */
  get retainedBytes (): number {
    return this.#bytes
  }

  /** Copies segment `sequence`'s payload after those received, the buffer doubled when full. */
  #hold (pending: Pending, sequence: number, payload: Uint8Array): void {
    const needed = pending.used + payload.length
    if (needed > pending.data.length) {
      // Never more than the whole message can fill, and at least what this segment needs.
      const data = new Uint8Array(Math.min(Math.max(needed, 2 * pending.data.length), pending.total * this.#maxSegmentBytes))
      data.set(pending.data.subarray(0, pending.used))
      this.#charge(pending, data.length - pending.data.length)
      pending.data = data
    }
    pending.data.set(payload, pending.used)
    pending.spans[2 * sequence - 2] = pending.used
    pending.spans[2 * sequence - 1] = needed
    pending.used = needed
    pending.received++
  }

  /** Counts `bytes` more octets held (fewer, when negative) for `pending`, its originator, and in all. */
  #charge (pending: Pending, bytes: number): void {
    const holder = this.#holders.get(pending.originator) as Holder
    pending.bytes += bytes
    holder.bytes += bytes
    this.#bytes += bytes
    this.#mostBytes.update(holder)
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
    if (holder.messages.size === 0) {
      this.#holders.delete(pending.originator)
      this.#mostMessages.delete(holder)
      this.#mostBytes.delete(holder)
    } else {
      this.#mostMessages.update(holder)
      this.#mostBytes.update(holder)
    }
  }
}
