/**
 * One TCP direction's bytes cut into the PDUs it carries: SMPP PDUs (SMPP 3.4 §3.2: each starts
 * with its command_length) or SIP messages (RFC 3261 §18.3: a stream carries them one after
 * another, each body as long as its Content-Length). Bytes come in order, in any pieces; when
 * some are missing (`gap`) or make no sense, the framer says so and looks for the next place a
 * PDU plausibly starts. It holds at most one PDU's bytes, bounded by the protocol's maximum.
 */
import { MmseError } from '../errors.js'
import type { TransportWarnings } from '../net/transport-warnings.js'
import { Buffer } from 'node:buffer'
import { isSipStart, type SipHead, sipHead } from './sip-message.js'
import { plausibleHeader, SMPP_HEADER_LENGTH, smppHeader } from './smpp-pdu.js'

export type StreamProtocol = 'smpp' | 'sip'

/** A PDU cut from the stream, with the frames that carried its bytes. */
export interface FramedPdu {
  bytes: Uint8Array
  frames: number[]
}

/** What a protocol says about the bytes at the start of the buffer. */
type Next = { length: number } | 'more' | 'bad'

const HEAD_END = '\r\n\r\n'
/** The most room an idle stream keeps for its next PDU. */
const IDLE_ROOM = 4096
const CR = 0x0d
const LF = 0x0a

export class StreamFramer {
  readonly protocol: StreamProtocol
  readonly #max: number
  readonly #warnings: TransportWarnings
  /** The octets held: `#room` from `#start` on. */
  #buffer: Uint8Array = new Uint8Array(0)
  #room: Uint8Array = new Uint8Array(0)
  #start = 0
  /** Octets the buffer must hold before it is worth reading again (a PDU's length once known). */
  #need = 0
  /** Where the search for the end of a SIP head has reached (it is not searched twice). */
  #searched = 0
  /** The frame of each piece held, and the stream offsets where it starts and ends. */
  #pieces: Array<{ frame: number, start: number, end: number }> = []
  /** The stream offset of `#buffer[0]`. */
  #base = 0
  /** Looking for the next PDU start after missing or senseless bytes. */
  #lost: boolean
  #skipped = 0
  /** The octet before the buffer's first: a SIP message starts after a line feed (or where the stream or a gap does). */
  #previous = LF

  /** `lost`: the stream is joined in its middle (the first bytes seen may be inside a PDU). */
  constructor (protocol: StreamProtocol, max: number, warnings: TransportWarnings, lost = false) {
    this.protocol = protocol
    this.#max = max
    this.#warnings = warnings
    this.#lost = lost
  }

  /** The PDUs the next bytes complete. */
  push (data: Uint8Array, frame: number): FramedPdu[] {
    this.#append(data)
    this.#pieces.push({ frame, start: this.#base + this.#buffer.length - data.length, end: this.#base + this.#buffer.length })
    const out: FramedPdu[] = []
    while (this.#buffer.length >= this.#need) {
      if (this.#lost && !this.#resynchronise(frame)) break
      const next = this.#next()
      if (next === 'more') break
      if (next === 'bad') {
        this.#lost = true
        continue
      }
      // A copy: the buffer is written again by the next bytes.
      out.push({ bytes: this.#buffer.slice(0, next.length), frames: this.#framesOf(next.length) })
      this.#consume(next.length)
    }
    return out
  }

  /** Appends to the buffer, its room doubled when full, so that a PDU in many pieces costs linear time. */
  #append (data: Uint8Array): void {
    const length = this.#buffer.length
    if (this.#start + length + data.length > this.#room.length) {
      if (length + data.length <= this.#room.length / 2) {
        this.#room.copyWithin(0, this.#start, this.#start + length)
      } else {
        const room = new Uint8Array(Math.max(2 * this.#room.length, length + data.length))
        room.set(this.#buffer)
        this.#room = room
      }
      this.#start = 0
    }
    this.#room.set(data, this.#start + length)
    this.#buffer = this.#room.subarray(this.#start, this.#start + length + data.length)
  }

  /** `bytes` octets are missing after those given: the PDU in progress is lost. */
  gap (bytes: number, frame: number): void {
    const held = this.#buffer.length > 0 ? `; the ${this.#buffer.length} octets of the ${this.protocol} PDU in progress are dropped` : ''
    this.#warnings.add('WARN_CAPTURE_GAP', `${bytes} octets of the TCP stream are missing${held}`, frame)
    this.#consume(this.#buffer.length)
    this.#base += bytes
    this.#previous = LF
    this.#lost = true
  }

  /** The stream ended: what is held is a PDU cut short. */
  end (frame: number): void {
    if (this.#buffer.some((octet) => octet !== CR && octet !== LF)) {
      this.#warnings.add('WARN_CAPTURE_INCOMPLETE', `the TCP stream ended inside a ${this.protocol} PDU (${this.#buffer.length} octets of it)`, frame)
    }
    this.#consume(this.#buffer.length)
  }

  /** What the protocol makes of the buffer's start. */
  #next (): Next {
    const buffer = this.#buffer
    if (this.protocol === 'smpp') {
      if (buffer.length < SMPP_HEADER_LENGTH) return 'more'
      if (!plausibleHeader(buffer, 0, this.#max)) return this.#bad(`an SMPP header that makes no sense (command_length ${smppHeader(buffer, 0).length}, command_id 0x${smppHeader(buffer, 0).commandId.toString(16)})`)
      return this.#whole(smppHeader(buffer, 0).length)
    }
    // RFC 3261 §7.5: CRLFs between messages (keep-alives) are skipped.
    let skip = 0
    while (buffer[skip] === CR || buffer[skip] === LF) skip++
    if (skip > 0) {
      this.#consume(skip)
      return this.#next()
    }
    if (buffer.length === 0) return 'more'
    // The head is read once its end came: a head in many pieces is searched once over.
    const from = Math.max(0, this.#searched - 3)
    this.#searched = buffer.length
    if (Buffer.from(buffer.buffer, buffer.byteOffset, buffer.length).indexOf(HEAD_END, from) === -1) {
      return buffer.length >= this.#max ? this.#bad(`no end of the SIP header within ${this.#max} octets (maxSipMessage)`) : 'more'
    }
    try {
      const head = sipHead(buffer, 0, buffer.length, this.#max) as SipHead
      // §18.3: on a stream Content-Length is required; without it, no body.
      const length = head.bodyStart + (head.contentLength ?? 0)
      if (length > this.#max) return this.#bad(`a SIP message of ${length} octets, more than maxSipMessage (${this.#max})`)
      return this.#whole(length)
    } catch (err) {
      /* c8 ignore next */
      if (!(err instanceof MmseError)) throw err
      return this.#bad(err.message)
    }
  }

  /** The PDU of `length` octets at the start, once all of it came. */
  #whole (length: number): Next {
    if (this.#buffer.length >= length) return { length }
    this.#need = length
    return 'more'
  }

  #bad (why: string): 'bad' {
    // The frame where the senseless PDU starts (bytes are held, so a piece holds them).
    this.#warnings.add('WARN_CAPTURE_BAD_PDU', `${why}: looking for the next ${this.protocol} PDU`, (this.#pieces[0] as { frame: number }).frame)
    this.#consume(1)
    this.#skipped = 1
    return 'bad'
  }

  /** Drops octets up to the next plausible PDU start; whether one was found. */
  #resynchronise (frame: number): boolean {
    const buffer = this.#buffer
    let at = 0
    let found = false
    for (; at < buffer.length; at++) {
      const start = this.#startsAt(at)
      if (start === undefined) break
      if (start) {
        found = true
        break
      }
    }
    this.#skipped += at
    this.#consume(at)
    if (found) {
      if (this.#skipped > 0) this.#warnings.add('WARN_CAPTURE_GAP', `${this.#skipped} octets skipped to the next ${this.protocol} PDU`, frame)
      this.#skipped = 0
      this.#lost = false
    }
    return found
  }

  /** Whether a PDU plausibly starts at `at`: true, false, or undefined while too few octets follow to tell. */
  #startsAt (at: number): boolean | undefined {
    const buffer = this.#buffer
    if (this.protocol === 'smpp') return buffer.length - at < SMPP_HEADER_LENGTH ? undefined : plausibleHeader(buffer, at, this.#max)
    // A SIP message starts a line.
    if ((at > 0 ? buffer[at - 1] : this.#previous) !== LF) return false
    return isSipStart(buffer, at, this.#max)
  }

  /** The frames of the pieces that hold the first `length` octets. */
  #framesOf (length: number): number[] {
    const end = this.#base + length
    const frames: number[] = []
    for (const piece of this.#pieces) {
      if (piece.start >= end) break
      if (frames[frames.length - 1] !== piece.frame) frames.push(piece.frame)
    }
    return frames
  }

  #consume (length: number): void {
    if (length > 0) this.#previous = this.#buffer[length - 1] as number
    this.#buffer = this.#buffer.subarray(length)
    this.#start += length
    this.#base += length
    this.#need = 0
    this.#searched = 0
    // One splice: a PDU that came in many pieces drops them all at once.
    let done = 0
    while (done < this.#pieces.length && (this.#pieces[done] as { end: number }).end <= this.#base) done++
    this.#pieces.splice(0, done)
    // An idle stream gives back the room a large PDU took.
    if (this.#buffer.length === 0 && this.#room.length > IDLE_ROOM) {
      this.#room = new Uint8Array(0)
      this.#start = 0
      this.#buffer = this.#room
    }
  }
}
