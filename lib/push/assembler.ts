/**
 * Reassembly of concatenated SMS user data (3GPP TS 23.040 §9.2.3.24.1) into the WSP Push it
 * carries.
 */
import { type BytesLike, invalidArgument, toBytes, toOptions } from '../bytes/argument.js'
import { MmseError } from '../errors.js'
import { concatBytes } from '../wsp/octets.js'
import { parseUserData, SMS_USER_DATA_MAX, type UserData, type UserDataHeader } from './udh.js'

export interface AssemblerOptions {
  /** Messages whose segments are still arriving; adding one more drops the oldest (default 64). */
  maxPending?: number
  /** Octets of one segment's user data (default 140, the TP-UDL limit of 8-bit data). */
  maxSegmentBytes?: number
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
  originator: string
  reference: number
  total: number
  segments: Array<UserData | undefined>
  received: number
}

/**
 * Reassembles concatenated SMS user data (3GPP TS 23.040 §9.2.3.24.1). Segments may arrive in
 * any order and more than once (a resent segment is ignored); they are keyed by originator,
 * reference size, reference and count. Memory is bounded: at most 255 segments of
 * `maxSegmentBytes` per message and `maxPending` messages, the oldest dropped first. Timeouts
 * belong to the caller, who can list and discard pending messages.
 */
export class PushAssembler {
  readonly #maxPending: number
  readonly #maxSegmentBytes: number
  readonly #pending = new Map<string, Pending>()
  #dropped = 0

  constructor (given?: AssemblerOptions) {
    const options = toOptions<AssemblerOptions>(given)
    this.#maxPending = options.maxPending ?? 64
    this.#maxSegmentBytes = options.maxSegmentBytes ?? SMS_USER_DATA_MAX
    for (const [name, value] of [['maxPending', this.#maxPending], ['maxSegmentBytes', this.#maxSegmentBytes]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new MmseError('ERR_MMSE_BAD_OPTION', `${name} must be an integer >= 1`, 0)
    }
  }

  /** Adds one segment's user data (UDH included); returns the whole user data once complete. */
  add (input: BytesLike, originator = ''): AssembledUserData | null {
    const userData = toBytes(input, 'userData')
    if (typeof originator !== 'string') throw invalidArgument('originator', 'a string', originator)
    if (userData.length > this.#maxSegmentBytes) {
      throw new MmseError('ERR_MMSE_BAD_PUSH', `segment of ${userData.length} octets exceeds ${this.#maxSegmentBytes}`, 0, { limit: this.#maxSegmentBytes })
    }
    const segment = parseUserData(userData)
    const concat = segment.header.concat
    if (concat === undefined || concat.total === 1) {
      return { originator, header: segment.header, payload: segment.payload, segments: 1 }
    }
    const key = `${originator}\u0000${concat.bits}:${concat.reference}:${concat.total}`
    let pending = this.#pending.get(key)
    if (pending === undefined) {
      if (this.#pending.size >= this.#maxPending) this.#dropOldest()
      pending = { originator, reference: concat.reference, total: concat.total, segments: new Array<undefined>(concat.total).fill(undefined), received: 0 }
      this.#pending.set(key, pending)
    }
    if (pending.segments[concat.sequence - 1] !== undefined) return null
    pending.segments[concat.sequence - 1] = segment
    pending.received++
    if (pending.received < pending.total) return null
    this.#pending.delete(key)
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
    let found = false
    for (const [key, pending] of this.#pending) {
      if (pending.originator === originator && pending.reference === reference) {
        this.#pending.delete(key)
        found = true
      }
    }
    return found
  }

  /** Messages dropped so far to stay within `maxPending`. */
  get dropped (): number {
    return this.#dropped
  }

  #dropOldest (): void {
    const oldest = this.#pending.keys().next().value as string
    this.#pending.delete(oldest)
    this.#dropped++
  }
}
