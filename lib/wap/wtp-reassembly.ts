/**
 * Segmentation and reassembly of WTP messages (WAP-224 §9): the first packet of a message is
 * its Invoke or Result (sequence number 0), the others Segmented Invokes or Results numbered
 * 1-255; TTR marks the last packet. Packets arrive in any order and again (retransmissions,
 * RID set, and the answers to a Negative Ack): the first copy of each is kept. A message is
 * whole once every number up to the last came.
 *
 * Bounded: at most `maxGroups` messages and `maxBytes` octets held (copies of the packets' data,
 * so that no buffer of the caller's stays referenced), the oldest message dropped (with a
 * warning) to make room. What never completes is given back by `flush` as far as its
 * segments run without a gap, saying what is missing.
 */
import { concatBytes } from '../bytes/octets.js'
import type { TransportWarnings } from '../net/transport-warnings.js'
import type { WtpPdu } from './wtp-pdu.js'

/** A message put together from its packets, with what its caller said of it (`meta`, of the last packet). */
export interface WtpMessage<M> {
  key: string
  meta: M
  data: Uint8Array
  /** The frames of its packets, in order of arrival; the last completed it. */
  frames: number[]
  /** What is missing when the message is not whole (segments that never came, octets the capture cut). */
  missing?: string
}

interface Segment {
  data: Uint8Array
  /** The capture cut this packet: the octets after it are missing. */
  cut: boolean
}

interface Group<M> {
  key: string
  meta: M
  segments: Map<number, Segment>
  /** The sequence number of the packet with TTR set, once seen. */
  last?: number
  frames: number[]
  bytes: number
}

export class WtpReassembler<M> {
  readonly #maxGroups: number
  readonly #maxBytes: number
  readonly #warnings: TransportWarnings
  /** Messages still arriving, oldest first. */
  readonly #groups = new Map<string, Group<M>>()
  /** Keys of the latest messages completed, so that their retransmissions are not read as new ones. */
  readonly #done = new Set<string>()
  #bytes = 0

  constructor (maxGroups: number, maxBytes: number, warnings: TransportWarnings) {
    this.#maxGroups = maxGroups
    this.#maxBytes = maxBytes
    this.#warnings = warnings
  }

  /** Takes one packet of the message `key`, and what the caller says of it; returns the message once whole. */
  add (key: string, pdu: WtpPdu, frame: number, cut: boolean, meta: M): WtpMessage<M> | null {
    let group = this.#groups.get(key)
    if (group === undefined) {
      // A retransmission of a message already given back; a first transmission (RID clear) starts a new one.
      if (this.#done.has(key)) {
        if (pdu.rid) return null
        this.#done.delete(key)
      }
      if (pdu.psn === 0 && pdu.ttr) return this.#finish({ key, meta, segments: new Map([[0, { data: pdu.data, cut }]]), last: 0, frames: [frame], bytes: 0 })
      group = { key, meta, segments: new Map(), frames: [], bytes: 0 }
      this.#groups.set(key, group)
    }
    if (group.segments.has(pdu.psn)) return null
    group.meta = meta
    // A copy: a view would keep the whole buffer the capture reader read the packet into.
    group.segments.set(pdu.psn, { data: new Uint8Array(pdu.data), cut })
    group.frames.push(frame)
    group.bytes += pdu.data.length
    this.#bytes += pdu.data.length
    if (pdu.ttr) group.last = pdu.psn
    if (whole(group)) {
      this.#remove(group)
      return this.#finish(group)
    }
    this.#bound(frame)
    return null
  }

  /** Drops what is held of the message `key` (its transaction was aborted); whether anything was. */
  drop (key: string): boolean {
    const group = this.#groups.get(key)
    if (group !== undefined) this.#remove(group)
    return group !== undefined
  }

  /** Every message still held, as far as its packets run without a gap; forgets them all. */
  flush (): Array<WtpMessage<M>> {
    const messages = [...this.#groups.values()].map((group) => this.#partial(group))
    this.#groups.clear()
    this.#bytes = 0
    return messages
  }

  #finish (group: Group<M>): WtpMessage<M> {
    this.#done.add(group.key)
    if (this.#done.size > this.#maxGroups) this.#done.delete(this.#done.values().next().value as string)
    return this.#partial(group)
  }

  /** The packets from 0 on while none is missing, stopping after one the capture cut. */
  #partial (group: Group<M>): WtpMessage<M> {
    const pieces: Uint8Array[] = []
    let missing: string | undefined
    for (let psn = 0; missing === undefined; psn++) {
      const segment = group.segments.get(psn)
      if (segment === undefined) {
        const last = group.last === undefined ? 'of a message whose last packet never came' : `of ${group.last + 1}`
        missing = `WTP packet ${psn} ${last} is missing: the message ends before it`
        break
      }
      pieces.push(segment.data)
      if (segment.cut) missing = `WTP packet ${psn} was cut by the capture: the message ends there`
      else if (psn === group.last) break
    }
    const message: WtpMessage<M> = { key: group.key, meta: group.meta, data: pieces.length === 1 ? pieces[0] as Uint8Array : concatBytes(pieces), frames: group.frames }
    if (missing !== undefined) message.missing = missing
    return message
  }

  /** Drops the oldest messages while more are held than the limits allow. */
  #bound (frame: number): void {
    while (this.#groups.size > this.#maxGroups || this.#bytes > this.#maxBytes) {
      const limit = this.#groups.size > this.#maxGroups ? `maxWtpGroups (${this.#maxGroups})` : `maxWtpBytes (${this.#maxBytes})`
      const oldest = this.#groups.values().next().value as Group<M>
      this.#remove(oldest)
      this.#warnings.add('WARN_CAPTURE_LIMIT', `WTP message ${oldest.key} dropped with ${oldest.segments.size} packets held: ${limit} reached`, frame)
    }
  }

  #remove (group: Group<M>): void {
    this.#groups.delete(group.key)
    this.#bytes -= group.bytes
  }
}

/** Every packet up to the last one came (packets numbered past it do not count). */
function whole<M> (group: Group<M>): boolean {
  const last = group.last
  if (last === undefined || group.segments.size <= last) return false
  for (let psn = 0; psn <= last; psn++) if (!group.segments.has(psn)) return false
  return true
}
