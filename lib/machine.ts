/**
 * The incremental MMSE decoder: a synchronous state machine that takes input chunks split
 * anywhere and reports headers, parts and part data to a sink. `decode()` runs it over one
 * buffer; `MmseParser` runs it under a Transform. Everything stream-shaped lives there;
 * everything about the format lives here and in the codecs.
 *
 * Structure: a stack of frames. A PDU frame reads header fields, then its body; a multipart
 * frame reads entries (WAP-230 §8.5). Every frame but the top-level one has a declared end.
 * Part data is forwarded as subarrays of the input chunks (zero-copy). A structure cut by a
 * chunk boundary is re-decoded from its start once more bytes arrive; only those bytes are
 * kept in the carry-over, which is bounded by the header limits.
 */
import { MmseError, type MmseWarning } from './errors.js'
import { carriesBody } from './headers/enumerations.js'
import { HeaderSet } from './headers/header-set.js'
import { readField } from './headers/reader.js'
import { CONTENT_TYPE, MESSAGE_TYPE } from './headers/table.js'
import type { ResolvedOptions } from './options.js'
import { partInfo } from './part-info.js'
import { isWspMultipart, MMS_MESSAGE_TYPE } from './tables/content-types.js'
import type { ContentType, MmseHeader, MmseHeaders, PartInfo } from './types.js'
import { createContext, type DecodeContext } from './wsp/context.js'
import { entryHeaders } from './wsp/part-headers.js'
import { bounded, hex, NEED_MORE, uintvar } from './wsp/primitives.js'

/** Receives a part's data; `write` returns false when the consumer's buffer is full. */
export interface PartSink {
  write (bytes: Uint8Array): boolean
  end (): void
}

/** The headers of one PDU, complete. */
export interface MmseHead {
  path: number[]
  headers: MmseHeaders
  headerList: MmseHeader[]
}

/** A multipart or a PDU inside a part: reported before its contents. */
export interface NestedInfo extends PartInfo {
  kind: 'multipart' | 'message'
}

export interface MachineSink {
  header (header: MmseHeader, path: number[]): void
  headers (head: MmseHead): void
  warning (warning: MmseWarning): void
  nested (info: NestedInfo): void
  /** A leaf part begins; return null to have its data skipped. */
  part (info: PartInfo): PartSink | null
}

/** What the machine waits for. */
const S_FIRST = 0 // the X-Mms-Message-Type octet of a PDU
const S_HEADER = 1 // a header field
const S_BODY = 2 // the first body octet, or the end: multipart, single part or nothing
const S_COUNT = 3 // nEntries
const S_LENGTHS = 4 // HeadersLen and DataLen of an entry
const S_ENTRY = 5 // ContentType and Headers of an entry
const S_DATA = 6 // part data
const S_TRAILING = 7 // bytes after the end of a bodiless PDU
type State = typeof S_FIRST | typeof S_HEADER | typeof S_BODY | typeof S_COUNT | typeof S_LENGTHS | typeof S_ENTRY | typeof S_DATA | typeof S_TRAILING

interface PduFrame {
  kind: 'pdu'
  /** Absolute end, or Infinity for the top-level PDU (it ends with the input). */
  end: number
  path: number[]
  set: HeaderSet
  ctx: DecodeContext
  /** Absolute offset of the PDU's first octet. */
  start: number
  contentType?: ContentType
}

interface MultipartFrame {
  kind: 'multipart'
  end: number
  path: number[]
  declared: number
  entries: number
  warned: boolean
}

type Frame = PduFrame | MultipartFrame

export const DONE = 0 // the chunk is consumed: more input is welcome
/**
 * The chunk is consumed, but the part it filled has a full buffer: hold further input until
 * the part is read. A part is handed all of its bytes a chunk holds at once, so a pause
 * always comes at the end of a chunk and there is nothing left to resume inside it.
 */
export const PAUSED = 1
export type RunResult = typeof DONE | typeof PAUSED

export class Machine {
  readonly #options: ResolvedOptions
  readonly #sink: MachineSink
  readonly #frames: Frame[] = []
  #state: State = S_FIRST

  /** The bytes being decoded, the position in them, and the absolute offset of `#buf[0]`. */
  #buf: Uint8Array = EMPTY
  #pos = 0
  #base = 0
  /** Set while `#buf` is the carry-over joined with the head of `#chunk`: where the chunk starts in `#buf`. */
  #chunk: Uint8Array | null = null
  #split = 0
  #carry: Buffer = Buffer.alloc(0)
  #received = 0

  /** The current entry's lengths and, once known, its data sink. */
  #headersLen = 0
  #dataLen = 0
  #part: PartSink | null = null
  #remaining = 0
  #parts = 0

  constructor (options: ResolvedOptions, sink: MachineSink) {
    this.#options = options
    this.#sink = sink
    this.#pushPdu(Infinity, [], 0)
  }

  /** Decodes a chunk. Throws MmseError for malformed input. */
  write (chunk: Uint8Array): RunResult {
    const limit = this.#options.limits.maxTotalBytes
    if (this.#received + chunk.length > limit) {
      throw new MmseError('ERR_MMSE_LIMIT_TOTAL_BYTES', `input exceeds ${limit} bytes`, limit, { limit })
    }
    const base = this.#received
    this.#received += chunk.length
    const carried = this.#buf.length - this.#pos
    if (carried === 0) {
      this.#buf = chunk
      this.#pos = 0
      this.#base = base
      this.#chunk = null
    } else {
      this.#joinCarry(chunk, carried)
    }
    return this.#run()
  }

  /** The consumer gave up on the current part: its remaining data is skipped. */
  skipPart (): void {
    this.#part = null
  }

  /** End of input: completes what can complete, or throws ERR_MMSE_TRUNCATED. */
  end (): void {
    const frame = this.#frames[this.#frames.length - 1] as Frame
    // Only the top-level PDU and its multipart are unsized; any other open frame is cut short.
    if ((this.#pos < this.#buf.length && this.#state !== S_TRAILING) || frame.end !== Infinity) this.#truncated()
    switch (this.#state) {
      case S_HEADER:
        this.#headersDone(frame as PduFrame)
        break
      case S_DATA:
        // Only a body that runs to the end of the input ends with it.
        if (this.#remaining !== Infinity) this.#truncated()
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
    this.#frames.length = 0
  }

  #truncated (): never {
    const top = this.#frames[this.#frames.length - 1]
    const what = top?.kind === 'multipart' ? `multipart ${JSON.stringify(top.path)}` : 'PDU'
    throw new MmseError('ERR_MMSE_TRUNCATED', `input ends inside the ${what}`, this.#base + this.#pos)
  }

  /**
   * Joins the carried tail of the previous chunk with the head of the new one. Only as many
   * new bytes as a structure may still need are copied; decoding moves back onto the chunk
   * itself (zero-copy) as soon as it passes the join.
   */
  #joinCarry (chunk: Uint8Array, carried: number): void {
    const take = Math.min(chunk.length, this.#carryLimit() - carried + 1)
    const joined = this.#carry.length >= carried + take ? this.#carry : Buffer.allocUnsafe(Math.max(carried + take, 2 * this.#carry.length))
    joined.set(this.#buf.subarray(this.#pos), 0)
    joined.set(chunk.subarray(0, take), carried)
    this.#carry = joined
    this.#base = this.#base + this.#pos
    this.#buf = joined.subarray(0, carried + take)
    this.#pos = 0
    this.#chunk = chunk
    this.#split = carried
  }

  #carryLimit (): number {
    return Math.max(this.#options.limits.maxHeaderBytes, this.#options.limits.maxPartHeaderBytes) + 16
  }

  /** The drive loop: every pass consumes bytes, changes state, or returns. */
  #run (): RunResult {
    for (;;) {
      if (this.#chunk !== null && this.#pos >= this.#split) {
        this.#pos -= this.#split
        this.#base += this.#split
        this.#buf = this.#chunk
        this.#chunk = null
      }
      if (this.#state === S_DATA) {
        // The hot path: a part's data needs no frame lookup, its remaining count bounds it.
        if (this.#remaining > 0 && this.#pos >= this.#buf.length) return DONE
        if (this.#forward()) return PAUSED
        continue
      }
      const frame = this.#frames[this.#frames.length - 1] as Frame
      const end = Math.min(this.#buf.length, frame.end - this.#base)
      if (this.#state === S_TRAILING) {
        this.#pos = end
        if (frame.end - this.#base > this.#buf.length) return DONE
        this.#popFrame()
        continue
      }
      if (this.#state !== S_ENTRY && this.#pos === frame.end - this.#base) {
        this.#frameEnd(frame)
        continue
      }
      if (this.#pos >= this.#buf.length) return DONE
      try {
        this.#step(frame, end)
      } catch (err) {
        if (err !== NEED_MORE) throw err
        if (frame.end - this.#base <= this.#buf.length) {
          throw new MmseError('ERR_MMSE_TRUNCATED', `a structure overruns the end of its container ${JSON.stringify(frame.path)}`, this.#base + this.#pos)
        }
        this.#needMore(frame)
        return DONE
      }
    }
  }

  /** A structure needs more bytes than the buffer holds: keep them, within the limits. */
  #needMore (frame: Frame): void {
    if (this.#chunk !== null && this.#buf.length - this.#split < this.#chunk.length) {
      // The join took all the bytes a structure may have, and it still is not complete.
      this.#headerLimit(Infinity)
    }
    if (frame.kind === 'pdu' && (this.#state === S_HEADER || this.#state === S_FIRST)) {
      this.#headerLimit(this.#base + this.#buf.length - frame.start)
    }
  }

  #headerLimit (bytes: number): void {
    const limit = this.#options.limits.maxHeaderBytes
    if (bytes > limit) {
      throw new MmseError('ERR_MMSE_LIMIT_HEADER_BYTES', `header section exceeds ${limit} bytes`, this.#base + this.#pos, { limit })
    }
  }

  /** Decodes one structure at `#pos`; throws NEED_MORE if it is not all there. */
  #step (frame: Frame, end: number): void {
    const buf = this.#buf
    const pos = this.#pos
    switch (this.#state) {
      case S_FIRST: {
        const pdu = frame as PduFrame
        if (buf[pos] !== MESSAGE_TYPE) {
          throw new MmseError('ERR_MMSE_NOT_MMSE', `not an MMSE PDU: the first octet is 0x${hex(buf[pos] as number)}, not X-Mms-Message-Type (0x8c)`, this.#base + pos)
        }
        this.#state = S_HEADER
        this.#header(pdu, end)
        return
      }
      case S_HEADER:
        this.#header(frame as PduFrame, end)
        return
      case S_BODY:
        this.#body(frame as PduFrame)
        return
      case S_COUNT: {
        const count = this.#codec(() => uintvar(buf, pos, end))
        const multipart = frame as MultipartFrame
        multipart.declared = count.value
        const limit = this.#options.limits.maxParts
        if (this.#parts + count.value > limit) {
          throw new MmseError('ERR_MMSE_LIMIT_PARTS', `${count.value} entries declared: more than ${limit} parts`, this.#base + pos, { limit })
        }
        this.#pos = count.next
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

  #header (frame: PduFrame, end: number): void {
    const { ctx, set } = frame
    ctx.base = this.#base
    let field
    try {
      field = readField(this.#buf, this.#pos, end, ctx)
    } catch (err) {
      // Inline rather than through #codec: this runs once per header field.
      throw relocate(err, this.#base)
    }
    if (field.kind === 'end') {
      this.#trailing(this.#base + this.#pos)
      this.#flushWarnings(ctx)
      this.#headersDone(frame)
      this.#state = S_TRAILING
      return
    }
    this.#headerLimit(this.#base + field.next - frame.start)
    set.count(this.#base + this.#pos)
    this.#pos = field.next
    if (field.kind === 'header') {
      set.add(field.header, field.def)
      this.#flushWarnings(ctx)
      this.#sink.header(field.header, frame.path)
      if (field.header.code === CONTENT_TYPE) {
        frame.contentType = field.header.value as ContentType
        this.#headersDone(frame)
        if (!carriesBody(ctx.messageType)) this.#warn(ctx, 'WARN_MMSE_UNEXPECTED_BODY', 'Content-Type in a message type that carries no body: the rest is read as its body')
        this.#state = S_BODY
      }
    } else {
      this.#flushWarnings(ctx)
    }
  }

  #headersDone (frame: PduFrame): void {
    this.#sink.headers({ path: frame.path, headers: frame.set.headers, headerList: frame.set.list })
  }

  /** Bytes that cannot start a header after a bodiless PDU: a warning, or an error in strict mode. */
  #trailing (offset: number): void {
    if (this.#options.strict) throw new MmseError('ERR_MMSE_TRAILING_DATA', 'data after the end of the PDU', offset)
    this.#sink.warning({ code: 'WARN_MMSE_TRAILING_DATA', message: 'data after the end of the PDU ignored', offset })
  }

  /** The first body octet is here: a multipart, or a single part that fills the body. */
  #body (frame: PduFrame): void {
    const type = frame.contentType as ContentType
    if (isWspMultipart(type.mediaType)) {
      this.#frames.push({ kind: 'multipart', end: frame.end, path: frame.path, declared: 0, entries: 0, warned: false })
      this.#state = S_COUNT
      return
    }
    const size = frame.end === Infinity ? null : frame.end - this.#base - this.#pos
    this.#startPart(partInfo(type, Object.create(null), 0, [...frame.path, 0], this.#base + this.#pos, size), size ?? Infinity)
  }

  /** HeadersLen and DataLen, checked against the limits and the container before anything flows. */
  #lengths (frame: MultipartFrame, end: number): void {
    const buf = this.#buf
    const pos = this.#pos
    const headersLen = this.#codec(() => uintvar(buf, pos, end))
    const dataLen = this.#codec(() => uintvar(buf, headersLen.next, end))
    const { limits, strict } = this.#options
    const at = this.#base + pos
    if (frame.entries >= frame.declared && !frame.warned) {
      const message = `more entries than the ${frame.declared} declared`
      if (strict) throw new MmseError('ERR_MMSE_ENTRY_COUNT', message, at)
      frame.warned = true
      this.#sink.warning({ code: 'WARN_MMSE_ENTRY_COUNT', message: `${message}: reading them`, offset: at })
    }
    if (++this.#parts > limits.maxParts) {
      throw new MmseError('ERR_MMSE_LIMIT_PARTS', `more than ${limits.maxParts} parts`, at, { limit: limits.maxParts })
    }
    if (headersLen.value > limits.maxPartHeaderBytes) {
      throw new MmseError('ERR_MMSE_LIMIT_PART_HEADER_BYTES', `entry headers of ${headersLen.value} bytes exceed ${limits.maxPartHeaderBytes}`, at, { limit: limits.maxPartHeaderBytes })
    }
    if (dataLen.value > limits.maxPartSize) {
      throw new MmseError('ERR_MMSE_LIMIT_PART_SIZE', `part of ${dataLen.value} bytes exceeds ${limits.maxPartSize}`, at, { limit: limits.maxPartSize })
    }
    const entryEnd = this.#base + dataLen.next + headersLen.value + dataLen.value
    if (entryEnd > frame.end) {
      throw new MmseError('ERR_MMSE_BAD_ENTRY', `entry of ${headersLen.value} + ${dataLen.value} bytes overruns its multipart`, at)
    }
    if (entryEnd > limits.maxTotalBytes) {
      throw new MmseError('ERR_MMSE_LIMIT_TOTAL_BYTES', `entry ends past ${limits.maxTotalBytes} bytes`, at, { limit: limits.maxTotalBytes })
    }
    this.#headersLen = headersLen.value
    this.#dataLen = dataLen.value
    this.#pos = dataLen.next
    this.#state = S_ENTRY
  }

  /** ContentType and Headers of an entry, then its data: a leaf part or a nested container. */
  #entry (frame: MultipartFrame, end: number): void {
    const pos = this.#pos
    const stop = pos + this.#headersLen
    if (stop > end) throw NEED_MORE
    const ctx = this.#entryContext()
    const entry = this.#codec(() => bounded((b, p, e) => entryHeaders(b, p, e, ctx), this.#buf, pos, stop))
    this.#flushWarnings(ctx)
    const index = frame.entries++
    const path = [...frame.path, index]
    const info = partInfo(entry.contentType, entry.headers, index, path, this.#base + stop, this.#dataLen)
    this.#pos = stop
    const dataEnd = this.#base + stop + this.#dataLen
    const { nestedMultipart, nestedMessages, limits } = this.#options
    const kind = nestedMultipart && isWspMultipart(info.contentType.mediaType) ? 'multipart'
      : nestedMessages && info.contentType.mediaType === MMS_MESSAGE_TYPE ? 'message' : undefined
    if (kind === undefined) {
      this.#startPart(info, this.#dataLen)
      return
    }
    if (path.length > limits.maxDepth) {
      throw new MmseError('ERR_MMSE_LIMIT_DEPTH', `containers nested deeper than ${limits.maxDepth}`, this.#base + pos, { limit: limits.maxDepth })
    }
    this.#sink.nested({ ...info, kind })
    if (kind === 'multipart') {
      this.#frames.push({ kind: 'multipart', end: dataEnd, path, declared: 0, entries: 0, warned: false })
      this.#state = S_COUNT
    } else {
      this.#pushPdu(dataEnd, path, this.#base + stop)
    }
  }

  #entryContext (): DecodeContext {
    return { ...createContext(this.#options.strict), base: this.#base }
  }

  #pushPdu (end: number, path: number[], start: number): void {
    const ctx = createContext(this.#options.strict)
    this.#frames.push({ kind: 'pdu', end, path, set: new HeaderSet(ctx, this.#options.limits.maxHeaderFields), ctx, start })
    this.#state = S_FIRST
  }

  #startPart (info: PartInfo, size: number): void {
    this.#part = this.#sink.part(info)
    this.#remaining = size
    this.#state = S_DATA
  }

  /**
   * Forwards part data; true when the part asked to pause. A part whose data is
   * complete ends at once, whatever its buffer holds: the parser never waits on a part that
   * has nothing left to receive.
   */
  #forward (): boolean {
    // A part never runs past its container (#lengths checked that), so the buffer end bounds it.
    const buf = this.#buf
    const n = Math.min(this.#remaining, buf.length - this.#pos)
    let more = true
    if (n > 0) {
      // A part that takes a whole chunk gets the chunk itself: no view to allocate.
      const data = n === buf.length ? buf : buf.subarray(this.#pos, this.#pos + n)
      this.#pos += n
      this.#remaining -= n
      if (this.#part !== null) more = this.#part.write(data)
    }
    if (this.#remaining > 0) return !more
    this.#endPart()
    return false
  }

  #endPart (): void {
    const part = this.#part
    this.#part = null
    part?.end()
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
      const message = `${frame.declared} entries declared, ${frame.entries} present`
      if (this.#options.strict) throw new MmseError('ERR_MMSE_ENTRY_COUNT', message, this.#base + this.#pos)
      this.#sink.warning({ code: 'WARN_MMSE_ENTRY_COUNT', message, offset: this.#base + this.#pos })
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

  /** Runs a codec; its errors carry offsets relative to `#buf`, made absolute here. */
  #codec<T> (decode: () => T): T {
    try {
      return decode()
    } catch (err) {
      throw relocate(err, this.#base)
    }
  }

  #warn (ctx: DecodeContext, code: MmseWarning['code'], message: string): void {
    this.#sink.warning({ code, message, offset: this.#base + this.#pos, field: ctx.field })
  }

  #flushWarnings (ctx: DecodeContext): void {
    if (ctx.warnings.length === 0) return
    for (const warning of ctx.warnings) this.#sink.warning(warning)
    ctx.warnings.length = 0
  }
}

/** Codec errors carry offsets relative to the buffer they read; this makes them absolute. */
function relocate (err: unknown, base: number): unknown {
  if (!(err instanceof MmseError)) return err
  // Codecs raise no limit errors (limits are the machine's), so the field is all to carry over.
  return new MmseError(err.code, err.message, err.offset + base, err.field === undefined ? {} : { field: err.field })
}

const EMPTY = new Uint8Array(0)
