/**
 * IP fragment reassembly (RFC 791 §3.2, RFC 8200 §4.5): the fragments of one datagram, keyed by
 * source, destination, protocol and identification, held until every octet from 0 to the end
 * the last fragment gives is there. A fragment that overlaps octets already held keeps the
 * first copy. Bounded by captureLimits.maxFragmentGroups and maxFragmentBytes: past either, the
 * oldest group is given up, with a warning.
 */
import { copyBytes } from '../bytes/octets.js'
import type { IpPacket } from './ip.js'

interface Piece {
  offset: number
  bytes: Uint8Array
}

interface Group {
  pieces: Piece[]
  /** The datagram's length, once the last fragment has come. */
  total: number
  frames: number[]
  held: number
  /** The frame of its first fragment, for the warning if it never completes. */
  first: number
}

export interface Reassembled {
  payload: Uint8Array
  frames: number[]
}

export class FragmentTable {
  readonly #groups = new Map<string, Group>()
  readonly #maxGroups: number
  readonly #maxBytes: number
  readonly #warn: (message: string, frame: number, limit: boolean) => void
  #held = 0

  constructor (maxGroups: number, maxBytes: number, warn: (message: string, frame: number, limit: boolean) => void) {
    this.#maxGroups = maxGroups
    this.#maxBytes = maxBytes
    this.#warn = warn
  }

  /** Adds a fragment (copied: the packet is a view of the input); the whole datagram once complete. */
  add (packet: Pick<IpPacket, 'ip' | 'src' | 'dst' | 'protocol' | 'payload' | 'missing' | 'fragment'>, frame: number): Reassembled | undefined {
    const fragment = packet.fragment as NonNullable<IpPacket['fragment']>
    const key = `${packet.ip} ${packet.src} ${packet.dst} ${packet.protocol} ${fragment.id}`
    let group = this.#groups.get(key)
    if (group === undefined) {
      while (this.#groups.size >= this.#maxGroups) this.#evict('maxFragmentGroups', frame)
      group = { pieces: [], total: -1, frames: [], held: 0, first: frame }
      this.#groups.set(key, group)
    }
    const bytes = copyBytes(packet.payload)
    group.pieces.push({ offset: fragment.offset, bytes })
    group.frames.push(frame)
    group.held += bytes.length
    this.#held += bytes.length
    if (!fragment.more) group.total = fragment.offset + bytes.length + packet.missing
    const payload = group.total === -1 ? undefined : assemble(group)
    if (payload !== undefined) {
      this.#drop(key, group)
      return { payload, frames: group.frames }
    }
    while (this.#held > this.#maxBytes && this.#groups.size > 0) this.#evict('maxFragmentBytes', frame)
    return undefined
  }

  /** Groups that never completed, each as a warning. */
  end (): void {
    for (const [key, group] of this.#groups) {
      this.#warn(`IP datagram ${key}: fragments in frames ${group.frames.join(', ')} never completed`, group.first, false)
    }
    this.#groups.clear()
    this.#held = 0
  }

  #evict (limit: string, frame: number): void {
    const [key, group] = this.#groups.entries().next().value as [string, Group]
    this.#drop(key, group)
    this.#warn(`captureLimits.${limit} reached: IP datagram ${key} (fragments in frames ${group.frames.join(', ')}) given up`, frame, true)
  }

  #drop (key: string, group: Group): void {
    this.#groups.delete(key)
    this.#held -= group.held
  }
}

/** The datagram when its pieces cover 0 to its end, else undefined. */
function assemble (group: Group): Uint8Array | undefined {
  const pieces = [...group.pieces].sort((a, b) => a.offset - b.offset)
  let covered = 0
  for (const piece of pieces) {
    if (piece.offset > covered) return undefined
    covered = Math.max(covered, piece.offset + piece.bytes.length)
  }
  if (covered < group.total) return undefined
  const out = new Uint8Array(covered)
  // Later copies first, so that the first copy of an overlapped octet is the one kept.
  for (const piece of [...group.pieces].reverse()) out.set(piece.bytes, piece.offset)
  return out.subarray(0, group.total)
}
