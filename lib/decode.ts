/**
 * `decode(bytes)`: the whole message at once, through the same machine and codecs as the
 * stream, so both give the same headers, parts and warnings. Part data are subarrays of
 * `bytes` (zero-copy) unless a transfer encoding was decoded.
 */
import type { MmseWarning } from './errors.js'
import { Machine, type MachineSink, type MmseHead, type NestedInfo, type PartSink } from './machine.js'
import { type DecodeOptions, resolveOptions, type ResolvedOptions } from './options.js'
import { type TransferDecoder, transferDecoder, unfinishedTransferEncoding } from './transfer-encoding.js'
import type { MmseHeader, MmseHeaders, PartInfo } from './types.js'

export interface MmseMessage {
  headers: MmseHeaders
  headerList: MmseHeader[]
  /** The bytes after Content-Type: the body as sent, multipart framing included. */
  body?: Uint8Array
  parts: DecodedPart[]
  warnings: MmseWarning[]
}

export interface DecodedPart extends PartInfo {
  /** The part's data, transfer decoding applied; for a container, its raw bytes. */
  data: Uint8Array
  /** The entries of a nested multipart. */
  parts?: DecodedPart[]
  /** A nested PDU (m-mbox-view-conf entries, forwarded messages). */
  message?: MmseMessage
}

export function decode (bytes: Uint8Array, options?: DecodeOptions): MmseMessage {
  const resolved = resolveOptions(options)
  const collector = new Collector(bytes, resolved)
  const machine = new Machine(resolved, collector)
  machine.write(bytes)
  machine.end()
  return collector.top
}

/** Where the parts of a container go, and the message when the container is a PDU. */
interface Container {
  parts: DecodedPart[]
  message?: MmseMessage
  end: number
}

/** Builds the message tree from what the machine reports. */
class Collector implements MachineSink {
  readonly top: MmseMessage = { headers: {}, headerList: [], parts: [], warnings: [] }
  readonly #bytes: Uint8Array
  readonly #options: ResolvedOptions
  /** Containers by path (`'2.0'`); created on the first nested part, most messages have none. */
  #nested: Map<string, Container> | undefined

  constructor (bytes: Uint8Array, options: ResolvedOptions) {
    this.#bytes = bytes
    this.#options = options
  }

  #container (path: number[]): Container {
    return path.length === 0
      ? { parts: this.top.parts, message: this.top, end: this.#bytes.length }
      : (this.#nested as Map<string, Container>).get(path.join('.')) as Container
  }

  header (): void {}

  headers (head: MmseHead): void {
    const container = this.#container(head.path)
    const message = container.message as MmseMessage
    message.headers = head.headers
    message.headerList = head.headerList
    const last = head.headerList[head.headerList.length - 1]
    if (last?.code === 0x84) message.body = this.#bytes.subarray(last.offset + last.length, container.end)
  }

  warning (warning: MmseWarning): void {
    this.top.warnings.push(warning)
  }

  nested (info: NestedInfo): void {
    const { kind, ...rest } = info
    const end = info.offset + (info.size as number)
    const parts: DecodedPart[] = []
    const part: DecodedPart = { ...rest, data: this.#bytes.subarray(info.offset, end), parts }
    const container: Container = { parts, end }
    if (kind === 'message') container.message = part.message = { headers: {}, headerList: [], parts, warnings: this.top.warnings }
    this.#container(info.path.slice(0, -1)).parts.push(part)
    ;(this.#nested ??= new Map()).set(info.path.join('.'), container)
  }

  part (info: PartInfo): PartSink {
    const part = info as DecodedPart
    part.data = EMPTY
    this.#container(info.path.slice(0, -1)).parts.push(part)
    const decoder = this.#options.decodeTransferEncoding ? transferDecoder(info.transferEncoding) : undefined
    return new PartCollector(part, decoder, this)
  }

  /** A transfer-encoded part ended inside an encoded unit. */
  badTransferEncoding (part: DecodedPart): void {
    this.top.warnings.push(unfinishedTransferEncoding(part, this.#options.strict))
  }
}

/** Collects one part's data: the single zero-copy piece, or the decoded pieces joined. */
class PartCollector implements PartSink {
  readonly #part: DecodedPart
  readonly #decoder: TransferDecoder | undefined
  readonly #owner: Collector
  readonly #pieces: Uint8Array[] = []

  constructor (part: DecodedPart, decoder: TransferDecoder | undefined, owner: Collector) {
    this.#part = part
    this.#decoder = decoder
    this.#owner = owner
  }

  write (data: Uint8Array): boolean {
    this.#pieces.push(this.#decoder === undefined ? data : this.#decoder.write(data))
    return true
  }

  end (): void {
    const pieces = this.#pieces
    if (this.#decoder !== undefined) {
      const { tail, clean } = this.#decoder.end()
      pieces.push(tail)
      if (!clean) this.#owner.badTransferEncoding(this.#part)
    }
    if (pieces.length === 1) this.#part.data = pieces[0] as Uint8Array
    else if (pieces.length > 1) this.#part.data = Buffer.concat(pieces)
  }
}

const EMPTY = new Uint8Array(0)
