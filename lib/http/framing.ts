/**
 * HTTP/1.x message framing over one direction of a reassembled TCP stream (RFC 9112 §6-7): heads
 * read whole (bounded by captureLimits.maxHttpHeaderBytes), bodies passed on as their octets
 * arrive, never held: delimited by Content-Length, by the chunked coding (chunk sizes, data,
 * trailer fields), or by the end of the connection. Messages follow one another on the stream
 * (keep-alive, pipelining). A gap inside a body is passed on; a gap anywhere else, or framing
 * that breaks the rules, loses the message boundaries: the rest of the direction is skipped,
 * with a warning, and a body it cut short is told so.
 */
import { concatBytes, copyBytes } from '../bytes/octets.js'
import type { StreamSink } from '../net/tcp-stream.js'
import { type HttpHead, parseHead } from './head.js'

/** Where a message's body goes, as it arrives. */
export interface HttpBody {
  data (bytes: Uint8Array, frame: number): void
  gap (bytes: number, frame: number, why: string): void
  /** The body is over; `cut` says why when it ended before its declared end. */
  end (frame: number, cut?: string): void
}

/** How a body is delimited (RFC 9112 §6.3). */
export type Framing = { length: number } | 'chunked' | 'close'

export interface FramingEvents {
  /** A message's head: how its body is framed (the connection knows what a response answers), and where it goes (null: skipped). */
  head (head: HttpHead, frame: number): { framing: Framing, body: HttpBody | null }
  warning (message: string, frame: number): void
}

const HEAD = 0
const BODY = 1
const CHUNK_SIZE = 2
const CHUNK_DATA = 3
const CHUNK_END = 4
const TRAILER = 5
const CLOSE = 6
const LOST = 7

/** The longest chunk-size line (with extensions) or trailer line taken. */
const MAX_LINE = 4096

export class HttpFraming implements StreamSink {
  readonly #events: FramingEvents
  readonly #maxHead: number
  #state = HEAD
  /** Octets of the head (or line) read so far, copied: segments are views of the input. */
  #pending: Uint8Array[] = []
  #pendingLength = 0
  /** Octets of the body (or chunk) still due. */
  #remaining = 0
  #body: HttpBody | null = null

  constructor (events: FramingEvents, maxHead: number) {
    this.#events = events
    this.#maxHead = maxHead
  }

  /** Octets held for a head or line not yet complete. */
  get held (): number {
    return this.#pendingLength
  }

  data (bytes: Uint8Array, frame: number): void {
    let at = 0
    while (at < bytes.length && this.#state !== LOST) at = this.#step(bytes, at, frame)
  }

  gap (bytes: number, frame: number, why: string): void {
    const state = this.#state
    if (state === LOST) return
    if (state === CLOSE) {
      this.#body?.gap(bytes, frame, why)
      return
    }
    if (state === BODY || state === CHUNK_DATA) {
      // The octets of the body the hole takes; past them it takes framing.
      const taken = Math.min(bytes, this.#remaining)
      this.#body?.gap(taken, frame, why)
      this.#remaining -= taken
      bytes -= taken
      if (bytes === 0) {
        if (this.#remaining === 0) this.#afterData(frame)
        return
      }
      if (state === BODY) this.#finish(frame)
    }
    // Every octet of the body came before a hole in the trailer section.
    if (this.#state === TRAILER) this.#finish(frame)
    this.#lose(`${bytes} octets missing (${why}) where the message framing needed them`, frame)
  }

  /** The stream is over. */
  end (frame: number): void {
    const state = this.#state
    if (state === CLOSE) this.#finish(frame)
    else if (state === HEAD && this.#pendingLength > 0) this.#events.warning(`HTTP stream ends inside a message head (${this.#pendingLength} octets)`, frame)
    else if (state !== HEAD && state !== LOST) {
      this.#events.warning('HTTP stream ends inside a message body', frame)
      this.#finish(frame, 'the HTTP stream ends before the end its framing declares')
    }
    this.#state = LOST
    this.#pending = []
    this.#pendingLength = 0
  }

  #step (bytes: Uint8Array, at: number, frame: number): number {
    switch (this.#state) {
      case HEAD: return this.#head(bytes, at, frame)
      case BODY: case CHUNK_DATA: case CLOSE: return this.#data(bytes, at, frame)
      case CHUNK_SIZE: return this.#line(bytes, at, frame, (line) => this.#chunkSize(line, frame))
      case CHUNK_END: return this.#line(bytes, at, frame, (line) => {
        if (line.length !== 0) this.#lose('chunk data not followed by CRLF', frame)
        else this.#state = CHUNK_SIZE
      })
      default: return this.#line(bytes, at, frame, (line) => {
        if (line.length === 0) this.#finish(frame)
      })
    }
  }

  /** Collects the head up to its empty line; leading empty lines are skipped (RFC 9112 §2.2). */
  #head (bytes: Uint8Array, at: number, frame: number): number {
    if (this.#pendingLength === 0) {
      while (at < bytes.length && (bytes[at] === 0x0d || bytes[at] === 0x0a)) at++
      if (at === bytes.length) return at
    }
    const end = headEnd(this.#pending, bytes, at)
    const take = end === -1 ? bytes.length - at : end - at
    if (this.#pendingLength + take > this.#maxHead) {
      this.#lose(`an HTTP head longer than captureLimits.maxHttpHeaderBytes (${this.#maxHead})`, frame)
      return bytes.length
    }
    this.#pending.push(copyBytes(bytes.subarray(at, at + take)))
    this.#pendingLength += take
    if (end === -1) return bytes.length
    const octets = concatBytes(this.#pending)
    this.#pending = []
    this.#pendingLength = 0
    const head = parseHead(octets)
    if (head === undefined) {
      this.#lose('not an HTTP/1.x start line', frame)
      return bytes.length
    }
    const { framing, body } = this.#events.head(head, frame)
    this.#body = body
    if (framing === 'chunked') this.#state = CHUNK_SIZE
    else if (framing === 'close') this.#state = CLOSE
    else if (framing.length === 0) this.#finish(frame)
    else {
      this.#state = BODY
      this.#remaining = framing.length
    }
    return end
  }

  #data (bytes: Uint8Array, at: number, frame: number): number {
    const n = this.#state === CLOSE ? bytes.length - at : Math.min(this.#remaining, bytes.length - at)
    this.#body?.data(at === 0 && n === bytes.length ? bytes : bytes.subarray(at, at + n), frame)
    if (this.#state === CLOSE) return bytes.length
    this.#remaining -= n
    if (this.#remaining === 0) this.#afterData(frame)
    return at + n
  }

  #afterData (frame: number): void {
    if (this.#state === CHUNK_DATA) this.#state = CHUNK_END
    else this.#finish(frame)
  }

  /** Collects a line (chunk size, CRLF after chunk data, trailer field) and hands it on without its line end. */
  #line (bytes: Uint8Array, at: number, frame: number, done: (line: string) => void): number {
    const lf = bytes.indexOf(0x0a, at)
    const end = lf === -1 ? bytes.length : lf + 1
    if (this.#pendingLength + end - at > MAX_LINE) {
      this.#lose(`a chunk-size or trailer line longer than ${MAX_LINE} octets`, frame)
      return bytes.length
    }
    this.#pending.push(copyBytes(bytes.subarray(at, end)))
    this.#pendingLength += end - at
    if (lf === -1) return end
    const line = Buffer.from(concatBytes(this.#pending)).toString('latin1').replace(/\r?\n$/, '')
    this.#pending = []
    this.#pendingLength = 0
    done(line)
    return end
  }

  /** chunk-size [ chunk-ext ] (RFC 9112 §7.1): 0 starts the trailer section. */
  #chunkSize (line: string, frame: number): void {
    const match = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;.*)?$/.exec(line)
    if (match === null) {
      this.#lose(`not a chunk size: ${JSON.stringify(line.slice(0, 40))}`, frame)
      return
    }
    const size = parseInt(match[1] as string, 16)
    if (size === 0) this.#state = TRAILER
    else {
      this.#state = CHUNK_DATA
      this.#remaining = size
    }
  }

  #finish (frame: number, cut?: string): void {
    const body = this.#body
    this.#body = null
    this.#state = HEAD
    body?.end(frame, cut)
  }

  #lose (why: string, frame: number): void {
    const open = this.#state !== HEAD
    this.#events.warning(`HTTP framing lost: ${why}; the rest of this direction is skipped`, frame)
    if (open) this.#finish(frame, `HTTP framing lost inside it: ${why}`)
    this.#state = LOST
    this.#pending = []
    this.#pendingLength = 0
  }
}

/** The offset just past the head's empty line (CRLF CRLF, or LF LF) in `bytes` from `at`, with the octets already pending before it; -1 if not there yet. */
function headEnd (pending: readonly Uint8Array[], bytes: Uint8Array, at: number): number {
  // The last three octets already held, so that an end split across segments is found.
  const tail: number[] = []
  for (let i = pending.length - 1; i >= 0 && tail.length < 3; i--) {
    const piece = pending[i] as Uint8Array
    for (let j = piece.length - 1; j >= 0 && tail.length < 3; j--) tail.unshift(piece[j] as number)
  }
  const octet = (k: number): number | undefined => k >= at ? bytes[k] : tail[tail.length - (at - k)]
  for (let lf = bytes.indexOf(0x0a, at); lf !== -1; lf = bytes.indexOf(0x0a, lf + 1)) {
    const before = octet(lf - 1)
    if (before === 0x0a || (before === 0x0d && octet(lf - 2) === 0x0a)) return lf + 1
  }
  return -1
}
