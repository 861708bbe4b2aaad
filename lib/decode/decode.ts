/**
 * `decode(bytes)`: the whole message at once, through the same machine and codecs as the stream,
 * so both give the same headers, parts and warnings. Part data are subarrays of `bytes`
 * (zero-copy) unless a transfer encoding was decoded.
 */
import { type BytesLike, toBytes } from '../bytes/argument.js'
import { MmseError } from '../errors.js'
import { type DecodeOptions, resolveOptions } from '../options.js'
import { CONTENT_TYPE } from '../mmse/table.js'
import type { DecodedPart, MmseHead, MmseMessage, MmseWarning, NestedInfo, PartInfo } from '../types.js'
import { Machine } from './machine.js'
import { type CollectorOwner, PartCollector } from './part-collector.js'
import type { MachineSink, PartSink } from './sink.js'
import { MessageTree } from './message-tree.js'

/** Bytes in any form ({@link BytesLike}); the parts' data are views of the same memory. */
export function decode (input: BytesLike, options?: DecodeOptions): MmseMessage {
  const bytes = toBytes(input, 'bytes')
  const resolved = resolveOptions(options)
  const builder = new MessageBuilder(bytes)
  const machine = new Machine(resolved, builder)
  try {
    machine.write(bytes)
    machine.end()
  } catch (err) {
    if (err instanceof MmseError) err.partial = builder.partial(machine.head)
    throw err
  }
  return builder.top
}

/** Builds the message tree from what the machine reports, with each part's data. */
class MessageBuilder implements MachineSink, CollectorOwner {
  readonly top: MmseMessage = { headers: {}, headerList: [], parts: [], warnings: [] }
  readonly #tree = new MessageTree<DecodedPart>(this.top)
  readonly #bytes: Uint8Array
  /**
   * The end of the PDU open at each depth (the input's end at the top), where its body ends:
   * PDUs are reported depth first, so the one whose headers arrive is the last one opened at
   * their depth (message-tree.ts).
   */
  readonly #ends: number[]
  /** The leaf part whose data is arriving (parts come one after the other), if any. */
  #receiving: DecodedPart | undefined

  constructor (bytes: Uint8Array) {
    this.#bytes = bytes
    this.#ends = [bytes.length]
  }

  header (): void {}

  headers (head: MmseHead): void {
    const message = this.#tree.headers(head) as MmseMessage
    const last = head.headerList[head.headerList.length - 1]
    if (last?.code !== CONTENT_TYPE) return
    message.body = this.#bytes.subarray(last.offset + last.length, this.#ends[head.path.length])
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
      this.#ends[info.path.length] = end
    }
  }

  part (info: PartInfo): PartSink {
    const collector = new PartCollector(info, this)
    this.#receiving = this.#tree.part(collector.part)
    return collector
  }

  collected (): void {
    this.#receiving = undefined
  }

  /** The message as decoded so far (`head`: the top-level headers read), without the part whose data was cut. */
  partial (head: MmseHead): MmseMessage {
    const complete = (parts: DecodedPart[]): DecodedPart[] => parts.flatMap((part) => {
      if (part.parts === undefined) return part === this.#receiving ? [] : [part]
      const kept = { ...part, parts: complete(part.parts) }
      if (part.message !== undefined) kept.message = { ...part.message, parts: kept.parts }
      return [kept]
    })
    return { ...this.top, headers: head.headers, headerList: head.headerList, parts: complete(this.top.parts) }
  }
}
