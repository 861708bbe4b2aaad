/**
 * `decode(bytes)`: the whole message at once, through the same machine and codecs as the stream,
 * so both give the same headers, parts and warnings. Part data are subarrays of `bytes`
 * (zero-copy) unless a transfer encoding was decoded.
 */
import type { MmseWarning } from '../errors.js'
import { type DecodeOptions, resolveOptions, type ResolvedOptions } from '../options.js'
import { CONTENT_TYPE } from '../mmse/table.js'
import type { TransferDecoder } from '../transfer/codec.js'
import { unfinishedTransferEncoding } from '../transfer/codec.js'
import { transferDecoder } from '../transfer/encodings.js'
import type { DecodedPart, MmseHead, MmseMessage, NestedInfo, PartInfo } from '../types.js'
import { concatBytes, EMPTY } from '../wsp/octets.js'
import { Machine } from './machine.js'
import type { MachineSink, PartSink } from './sink.js'
import { MessageTree } from './tree.js'

export function decode (bytes: Uint8Array, options?: DecodeOptions): MmseMessage {
  const resolved = resolveOptions(options)
  const collector = new Collector(bytes, resolved)
  const machine = new Machine(resolved, collector)
  machine.write(bytes)
  machine.end()
  return collector.top
}

/** Builds the message tree from what the machine reports, with each part's data. */
class Collector implements MachineSink {
  readonly top: MmseMessage = { headers: {}, headerList: [], parts: [], warnings: [] }
  readonly #tree = new MessageTree<DecodedPart>(this.top)
  readonly #bytes: Uint8Array
  readonly #options: ResolvedOptions
  /** The end of each nested PDU, where its body ends. */
  #ends: Map<string, number> | undefined

  constructor (bytes: Uint8Array, options: ResolvedOptions) {
    this.#bytes = bytes
    this.#options = options
  }

  header (): void {}

  headers (head: MmseHead): void {
    const message = this.#tree.headers(head) as MmseMessage
    const last = head.headerList[head.headerList.length - 1]
    if (last?.code !== CONTENT_TYPE) return
    const end = head.path.length === 0 ? this.#bytes.length : this.#ends?.get(head.path.join('.'))
    message.body = this.#bytes.subarray(last.offset + last.length, end)
  }

  warning (warning: MmseWarning): void {
    this.top.warnings.push(warning)
  }

  nested (info: NestedInfo): void {
    const { kind, ...rest } = info
    const end = info.offset + (info.size as number)
    const node = this.#tree.nested({ ...rest, data: this.#bytes.subarray(info.offset, end) }, kind)
    if (node.message !== undefined) {
      (node.message as MmseMessage).warnings = this.top.warnings
      ;(this.#ends ??= new Map()).set(info.path.join('.'), end)
    }
  }

  part (info: PartInfo): PartSink {
    const part = this.#tree.part(Object.assign(info, { data: EMPTY }))
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
    else if (pieces.length > 1) this.#part.data = concatBytes(pieces)
  }
}
