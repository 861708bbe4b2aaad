/**
 * The incremental MMSE decoder: a synchronous state machine that takes input chunks split
 * anywhere and reports headers, parts and part data to a sink. `decode()` runs it over one
 * buffer; `MmseParser` runs it under a stream. Everything stream-shaped lives there; the bytes
 * live in the cursor; everything about the format lives here and in the codecs.
 *
 * Structure: a stack of frames. A PDU frame reads header fields, then its body; a multipart frame
 * reads entries (WAP-230 §8.5). Every frame but the top-level one has a declared end. Part data
 * is forwarded as subarrays of the input chunks (zero-copy). A structure cut by a chunk boundary
 * is read again from its start once more bytes arrive.
 */
import { MmseError } from '../errors.js'
import { carriesBody } from '../tables/mmse-enumerations.js'
import { CONTENT_TYPE, MESSAGE_TYPE } from '../mmse/table.js'
import { checkLimit, type ResolvedOptions } from '../options.js'
import { isWspMultipart } from '../tables/content-types.js'
import type { ContentType, MmseHead, PartInfo } from '../types.js'
import { DecodeContext } from '../wsp/context.js'
import { entryHeaders } from '../wsp/headers.js'
import { uintvar } from '../wsp/integers.js'
import { hex, Latin1Window } from '../bytes/octets.js'
import { bounded, NEED_MORE } from '../wsp/read.js'
import { ByteCursor } from './cursor.js'
import { Warnings } from './warnings.js'
import { DONE, type MachineSink, PAUSED, type RunResult } from './sink.js'
import { PartFeed } from './feed.js'
import {
  containerKind, entryLengths, type Frame, type MultipartFrame, multipartFrame, type PduFrame, pduField, pduFrame,
  S_BODY, S_COUNT, S_DATA, S_ENTRY, S_FIRST, S_HEADER, S_LENGTHS, S_TRAILING, type State,
} from './frames.js'
import { partInfo } from './part-info.js'

export class Machine {
  readonly #options: ResolvedOptions
  /** Where events go, behind the gate below: the warnings kept so far go first. */
  readonly #sink: Events
  readonly #frames: Frame[] = []
  readonly #cursor: ByteCursor
  /** The Latin-1 text of the chunk being read, shared by every context (wsp/octets.ts). */
  readonly #latin1 = new Latin1Window()
  readonly #warnings: Warnings
  /** The context of entry headers and multipart findings (PDU frames have their own). */
  readonly #ctx: DecodeContext
  #state: State = S_FIRST

  /** The current entry's lengths and, once known, its data sink. */
  #headersLen = 0
  #dataLen = 0
  readonly #feed: PartFeed
  #parts = 0
  /** Header fields of the entries and nested PDUs read so far, against limits.maxPartHeaderFields. */
  #partHeaderFields = 0
  /**
   * A structure cut by a chunk boundary is read again from its start; doing so on every chunk
   * would make a long structure trickling in quadratic. After a structure asked for more, it is
   * read again only once the octets held have doubled (or at the end of input).
   */
  #retryAt = 0

  constructor (options: ResolvedOptions, sink: MachineSink) {
    this.#options = options
    const { limits } = options
    this.#cursor = new ByteCursor(Math.max(limits.maxHeaderBytes, limits.maxPartHeaderBytes) + 16)
    const warnings = new Warnings(limits.maxWarnings, (warning) => sink.warning(warning))
    this.#warnings = warnings
    this.#sink = gate(sink, warnings)
    this.#ctx = new DecodeContext(options.strict, this.#cursor, warnings, this.#latin1)
    // Its findings are at absolute offsets (a part's), so its origin is the start of the input.
    this.#feed = new PartFeed(options.decodeTransferEncoding, warnings, new DecodeContext(options.strict, undefined, warnings))
    this.#pushPdu(Infinity, [], 0)
  }

  /** Decodes a chunk. Throws MmseError for malformed input. */
  write (chunk: Uint8Array): RunResult {
    // A caller may write the same Buffer again with other bytes once this write is done.
    this.#latin1.clear()
    const { limits } = this.#options
    checkLimit('maxTotalBytes', this.#cursor.received + chunk.length, limits.maxTotalBytes, limits.maxTotalBytes, 'input bytes')
    const cursor = this.#cursor
    if (this.#state === S_DATA && cursor.remaining === 0 && this.#feed.holds(chunk)) {
      // The hot path of large parts: a chunk that lies wholly inside the part's data goes to it as it is.
      cursor.pass(chunk)
      return this.#feed.pass(chunk) ? DONE : PAUSED
    }
    cursor.push(chunk)
    // Too few new octets for the structure that asked for more: it is read again later, or now
    // if they reach past the header section's limit (a field within it ends there, or it fails).
    if (cursor.remaining < this.#retryAt && !cursor.full && !this.#pastHeaderEnd(this.#frames[this.#frames.length - 1] as Frame)) return DONE
    try {
      return this.#run()
    } finally {
      // What was found after the last event is reported before the machine hands back.
      this.#warnings.flush()
    }
  }

  /**
   * Between writes, holds nothing of the last chunk that is read already (the cursor's view,
   * its Latin-1 text): for a caller that keeps many machines waiting at once.
   */
  release (): void {
    this.#cursor.release()
    this.#latin1.clear()
  }

  /** The headers of the top-level PDU read so far, for a partial result after an error. */
  get head (): MmseHead {
    const top = this.#frames[0] as PduFrame
    return { path: top.path, headers: top.set.headers, headerList: top.set.list }
  }

  /** The consumer gave up on the current part: its remaining data is skipped. */
  skipPart (): void {
    this.#feed.skip()
  }

  /** End of input: completes what can complete, or throws ERR_MMSE_TRUNCATED. */
  end (): void {
    try {
      this.#end()
    } finally {
      this.#warnings.close(this.#cursor.offset)
    }
  }

  #end (): void {
    if (this.#retryAt > 0) this.#run()
    const frame = this.#frames[this.#frames.length - 1] as Frame
    const cursor = this.#cursor
    // Only the top-level PDU and its multipart are unsized; any other open frame is cut short.
    if ((cursor.pos < cursor.buf.length && this.#state !== S_TRAILING) || frame.end !== Infinity) this.#truncated()
    switch (this.#state) {
      case S_HEADER:
        this.#headersDone(frame as PduFrame)
        break
      case S_DATA:
        // Only a body that runs to the end of the input ends with it.
        if (this.#feed.remaining !== Infinity) this.#truncated()
        this.#endPart()
        break
      case S_LENGTHS:
        if ((frame as MultipartFrame).entries < (frame as MultipartFrame).declared) this.#truncated()
        break
      case S_FIRST:
      case S_COUNT:
      case S_ENTRY:
        this.#truncated()
    }
    this.#frames.length = 1
  }

  #truncated (): never {
    const top = this.#frames[this.#frames.length - 1]
    const what = top?.kind === 'multipart' ? `multipart ${JSON.stringify(top.path)}` : 'PDU'
    throw new MmseError('ERR_MMSE_TRUNCATED', `input ends inside the ${what}`, this.#cursor.offset)
  }

  /** The drive loop: every pass consumes bytes, changes state, or returns. */
  #run (): RunResult {
    const cursor = this.#cursor
    /** The part receiving data asked to wait; it is handed all the chunk holds of it first. */
    let wait = false
    for (;;) {
      cursor.settle()
      if (this.#state === S_DATA) {
        // The hot path: a part's data needs no frame lookup, its remaining count bounds it.
        wait = !this.#feed.forward(cursor) || wait
        if (this.#feed.remaining === 0) {
          // A part whose data is complete ends at once, whatever its buffer holds.
          wait = false
          this.#endPart()
        } else if (cursor.pos >= cursor.buf.length) {
          return wait ? PAUSED : DONE
        }
        continue
      }
      const frame = this.#frames[this.#frames.length - 1] as Frame
      const frameEnd = frame.end - cursor.base
      const end = Math.min(cursor.buf.length, frameEnd)
      if (this.#state === S_TRAILING) {
        cursor.pos = end
        if (frameEnd > cursor.buf.length) return DONE
        this.#popFrame()
        continue
      }
      if (this.#state !== S_ENTRY && cursor.pos === frameEnd) {
        this.#frameEnd(frame)
        continue
      }
      if (cursor.pos >= cursor.buf.length) return DONE
      this.#warnings.mark()
      try {
        this.#step(frame, end)
      } catch (err) {
        this.#warnings.rollback()
        if (err !== NEED_MORE) throw err
        this.#needMore(frame, frameEnd)
        this.#retryAt = 2 * cursor.remaining
        return DONE
      }
      this.#retryAt = 0
    }
  }

  /**
   * A structure needs more octets than its read was given: the header section's limit cut it,
   * or its container's end did (both errors), or the end of the octets held (then it waits for
   * more). The carry-over holds as many octets of a structure as the larger of maxHeaderBytes
   * and maxPartHeaderBytes allow, and more (cursor.ts): a structure it holds (`cursor.full`) and
   * still cannot read is a header field, read up to the limit, so this is where that ends too.
   */
  #needMore (frame: Frame, frameEnd: number): void {
    const cursor = this.#cursor
    if (this.#pastHeaderEnd(frame)) {
      const held = Math.min(cursor.buf.length, frameEnd)
      checkLimit('maxHeaderBytes', cursor.base + held - (frame as PduFrame).start, this.#options.limits.maxHeaderBytes, cursor.offset, 'header section bytes so far')
    }
    if (frameEnd <= cursor.buf.length) {
      throw new MmseError('ERR_MMSE_TRUNCATED', `a structure overruns the end of its container ${JSON.stringify(frame.path)}`, cursor.offset)
    }
  }

  /**
   * Whether the octets of the PDU held reach past where the header field being read must end
   * (#headerEnd): one cut there runs past the section's limit. (In a PDU, only a header field
   * can be cut: S_FIRST hands over to S_HEADER before reading.)
   */
  #pastHeaderEnd (frame: Frame): boolean {
    const cursor = this.#cursor
    return this.#state === S_HEADER && Math.min(cursor.buf.length, frame.end - cursor.base) > this.#headerEnd(frame as PduFrame)
  }

  /**
   * Where a header field at the position must end, in the buffer: at the end of the header
   * section's limits.maxHeaderBytes (its one check: a field read no further, with octets
   * beyond, runs past it), but one octet is always visible, to tell trailing data from a field.
   */
  #headerEnd (frame: PduFrame): number {
    const cursor = this.#cursor
    return Math.max(frame.start + this.#options.limits.maxHeaderBytes - cursor.base, cursor.pos + 1)
  }

  /** Decodes one structure at the position; throws NEED_MORE if it is not all there. */
  #step (frame: Frame, end: number): void {
    const cursor = this.#cursor
    switch (this.#state) {
      case S_FIRST: {
        const first = cursor.buf[cursor.pos] as number
        if (first !== MESSAGE_TYPE) {
          throw new MmseError('ERR_MMSE_NOT_MMSE', `not an MMSE PDU: the first octet is 0x${hex(first)}, not X-Mms-Message-Type (0x${hex(MESSAGE_TYPE)})`, cursor.offset)
        }
        this.#state = S_HEADER
        this.#header(frame as PduFrame, end)
        return
      }
      case S_HEADER:
        this.#header(frame as PduFrame, end)
        return
      case S_BODY:
        this.#body(frame as PduFrame)
        return
      case S_COUNT: {
        const count = uintvar.read(cursor.buf, cursor.pos, end, this.#ctx)
        const multipart = frame as MultipartFrame
        multipart.declared = count.value
        checkLimit('maxParts', this.#parts + count.value, this.#options.limits.maxParts, cursor.offset, 'parts declared')
        cursor.pos = count.next
        this.#state = S_LENGTHS
        return
      }
      case S_LENGTHS:
        this.#lengths(frame as MultipartFrame, end)
        return
      case S_ENTRY:
        this.#entry(frame as MultipartFrame, end)
    }
  }

  /**
   * Header fields, one after another while the chunk holds them: back to the drive loop only at
   * the end of the section, of the bytes, of the frame, or of a join (the cursor settles there).
   */
  #header (frame: PduFrame, end: number): void {
    const cursor = this.#cursor
    const sink = this.#sink
    do {
      const start = cursor.pos
      const field = pduField(frame, cursor.buf, start, Math.min(end, this.#headerEnd(frame)), cursor.base, this.#options.limits)
      if (field.kind === 'end') {
        this.#headersDone(frame)
        this.#state = S_TRAILING
        return
      }
      cursor.pos = field.next
      // The next field is a structure of its own: one cut short is read again, not this one.
      this.#warnings.mark()
      if (field.kind === 'skipped') continue
      // A nested PDU's fields are in a part too: each is a header kept, whatever its two octets.
      if (frame.path.length > 0) this.#partHeaderField(1, cursor.base + start)
      sink.header(field.header, frame.path)
      if (field.header.code === CONTENT_TYPE) {
        frame.contentType = field.header.value as ContentType
        this.#headersDone(frame)
        if (!carriesBody(frame.ctx.messageType)) frame.ctx.warn('WARN_MMSE_UNEXPECTED_BODY', 'Content-Type in a message type that carries no body: the rest is read as its body', cursor.pos)
        this.#state = S_BODY
        return
      }
    } while (cursor.pos < end && cursor.owned === 0)
  }

  #headersDone (frame: PduFrame): void {
    this.#sink.headers({ path: frame.path, headers: frame.set.headers, headerList: frame.set.list })
  }

  /** The first body octet is here: a multipart, or a single part that fills the body. */
  #body (frame: PduFrame): void {
    const cursor = this.#cursor
    const type = frame.contentType as ContentType
    if (isWspMultipart(type.mediaType)) {
      this.#frames.push(multipartFrame(frame.end, frame.path))
      this.#state = S_COUNT
      return
    }
    const size = frame.end === Infinity ? null : frame.end - cursor.offset
    this.#startPart(partInfo(type, Object.create(null), 0, [...frame.path, 0], cursor.offset, size), size ?? Infinity)
  }

  /** HeadersLen and DataLen, checked against the limits and the container before anything flows. */
  #lengths (frame: MultipartFrame, end: number): void {
    const cursor = this.#cursor
    const lengths = entryLengths(cursor.buf, cursor.pos, end, cursor.base, frame, this.#parts + 1, this.#options, this.#ctx)
    this.#parts++
    this.#headersLen = lengths.headersLen
    this.#dataLen = lengths.dataLen
    cursor.pos = lengths.next
    this.#state = S_ENTRY
  }

  /** ContentType and Headers of an entry, then its data: a leaf part or a nested container. */
  #entry (frame: MultipartFrame, end: number): void {
    const cursor = this.#cursor
    const pos = cursor.pos
    const stop = pos + this.#headersLen
    if (stop > end) throw NEED_MORE
    const entry = bounded(entryHeaders.read, cursor.buf, pos, stop, this.#ctx).value
    this.#partHeaderField(entry.fields, cursor.base + pos)
    const { limits } = this.#options
    // The headers are read: what they found stays, whatever the limits say of the entry next.
    this.#warnings.mark()
    const index = frame.entries++
    const path = [...frame.path, index]
    const info = partInfo(entry.contentType, entry.headers, index, path, cursor.base + stop, this.#dataLen)
    cursor.pos = stop
    const dataEnd = info.offset + this.#dataLen
    const kind = containerKind(info.contentType, this.#options)
    if (kind === undefined) {
      this.#startPart(info, this.#dataLen)
      return
    }
    checkLimit('maxDepth', path.length, limits.maxDepth, cursor.base + pos, 'nesting depth')
    this.#sink.nested({ ...info, kind })
    if (kind === 'multipart') {
      this.#frames.push(multipartFrame(dataEnd, path))
      this.#state = S_COUNT
    } else {
      this.#pushPdu(dataEnd, path, info.offset)
    }
  }

  /** Counts `count` header fields inside the body (the one at `offset` passes the limit). */
  #partHeaderField (count: number, offset: number): void {
    const { maxPartHeaderFields } = this.#options.limits
    checkLimit('maxPartHeaderFields', this.#partHeaderFields += count, maxPartHeaderFields, offset, 'part header fields')
  }

  #pushPdu (end: number, path: number[], start: number): void {
    this.#frames.push(pduFrame(end, path, start, new DecodeContext(this.#options.strict, this.#cursor, this.#warnings, this.#latin1)))
    this.#state = S_FIRST
  }

  #startPart (info: PartInfo, size: number): void {
    this.#feed.start(this.#sink.part(info), info, size)
    this.#state = S_DATA
  }

  #endPart (): void {
    this.#feed.finish()
    this.#afterContent()
  }

  /** After a part's data or a nested container: the next entry of the multipart, or the end of its frame. */
  #afterContent (): void {
    const frame = this.#frames[this.#frames.length - 1] as Frame
    if (frame.kind === 'pdu') this.#popFrame()
    else this.#state = S_LENGTHS
  }

  /** The current frame's declared end is reached. */
  #frameEnd (frame: Frame): void {
    if (frame.kind === 'pdu') {
      if (this.#state === S_HEADER) this.#headersDone(frame)
      else if (this.#state === S_FIRST) this.#truncated()
      this.#popFrame()
      return
    }
    if (this.#state !== S_COUNT && frame.entries < frame.declared) {
      this.#ctx.field = ''
      this.#ctx.tolerate('WARN_MMSE_ENTRY_COUNT', `${frame.declared} entries declared, ${frame.entries} present`, this.#cursor.pos)
    }
    this.#popFrame()
  }

  /** Leaves a frame; the parent continues after it. */
  #popFrame (): void {
    this.#frames.pop()
    const parent = this.#frames[this.#frames.length - 1]
    if (parent === undefined) return
    if (parent.kind === 'multipart') this.#state = S_LENGTHS
    else this.#popFrame()
  }
}

/** The events of the sink; warnings reach it from `Warnings`. */
type Events = Omit<MachineSink, 'warning'>

/** The machine's sink behind one gate: before any event leaves, the warnings kept so far do. */
function gate (sink: MachineSink, warnings: Warnings): Events {
  return {
    header: (header, path) => { warnings.flush(); sink.header(header, path) },
    headers: (head) => { warnings.flush(); sink.headers(head) },
    nested: (info) => { warnings.flush(); sink.nested(info) },
    part: (info) => { warnings.flush(); return sink.part(info) },
  }
}
