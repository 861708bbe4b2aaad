/**
 * The message tree the CLI shows: a PDU's header fields (WAP-209 §7), then its parts
 * (WAP-230 §8.5), nested multiparts and nested PDUs as children. It is built while the input
 * streams through `MmseParser`, so part data is never held: each leaf part is drained (counted,
 * optionally hashed) or handed to a consumer such as `extract`. `fromDecoded` builds the same
 * tree from a `decode()` result (the PDU inside a push).
 */
import { createHash } from 'node:crypto'
import { Transform, type Readable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  type DecodedPart, type MmseHead, type MmseHeader, type MmseMessage, MmseParser, type MmsePart, type MmseWarning,
  MessageTree, type NestedInfo, type TreeMessage, type TreeNode,
} from '../index.js'

export interface HeaderNode extends MmseHeader {
  /** The field's octets as sent, with `--offsets`. */
  raw?: Uint8Array
}

export interface MessageNode extends TreeMessage<PartNode> {
  headerList: HeaderNode[]
}

export interface PartNode extends TreeNode<PartNode> {
  kind: 'part' | 'multipart' | 'message'
  /** Data octets delivered (after transfer decoding); for a container, its declared size. */
  bytes: number
  sha256?: string
}

export interface Tree {
  message: MessageNode
  warnings: MmseWarning[]
  /** Octets of input read. */
  inputBytes: number
}

export interface TreeOptions {
  /** Keep each header field's raw octets. */
  offsets?: boolean
  sha256?: boolean
  /** Takes a leaf part's data instead of draining it; the promise settles when it is consumed. */
  consume?: (data: Readable, node: PartNode) => Promise<void>
  /** Told the input octets read so far, as they flow. */
  progress?: ((bytes: number) => void) | undefined
}

/** Streams `input` through the parser and returns the tree once the input has ended. */
export async function readTree (input: Readable, options: TreeOptions = {}): Promise<Tree> {
  const recorder = new InputRecorder(options.offsets === true, options.progress)
  const parser = new MmseParser()
  const builder = new MessageTree<PartNode>()
  const tree: Tree = { message: builder.message, warnings: [], inputBytes: 0 }
  const raw = new Map<number, Uint8Array>()
  const consumers: Array<Promise<void>> = []

  parser.on('header', (header: MmseHeader) => {
    const end = header.offset + header.length
    if (options.offsets === true) raw.set(header.offset, recorder.slice(header.offset, end))
    recorder.release(end)
  })
  parser.on('headers', (_headers, head: MmseHead) => {
    builder.headers(head).headerList = head.headerList.map(header => {
      const octets = raw.get(header.offset)
      return octets === undefined ? { ...header } : { ...header, raw: octets }
    })
  })
  parser.on('nested', (nested: NestedInfo) => {
    const { kind, ...info } = nested
    builder.nested({ ...info, kind, bytes: info.size as number }, kind)
    recorder.release(info.offset)
  })
  parser.on('part', (part: MmsePart) => {
    const node = builder.part({ ...part.info, kind: 'part', bytes: 0 })
    recorder.release(part.size === null ? Infinity : part.offset + part.size)
    const hash = options.sha256 === true ? createHash('sha256') : undefined
    const measure = (chunk: Buffer): void => {
      node.bytes += chunk.length
      hash?.update(chunk)
    }
    const done = (): void => {
      if (hash !== undefined) node.sha256 = hash.digest('hex')
    }
    if (options.consume === undefined) {
      part.on('data', measure)
      part.once('end', done)
      return
    }
    const measured = new Measure(measure, done)
    part.once('error', (err: Error) => measured.destroy(err))
    // A consumer that fails (an existing file, a full disk) ends the whole run with its error.
    const consumed = options.consume(part.pipe(measured), node)
    consumed.catch((err: unknown) => parser.destroy(err as Error))
    consumers.push(consumed)
  })
  parser.on('warning', (warning: MmseWarning) => tree.warnings.push(warning))

  await pipeline(input, recorder, parser)
  // A consumer that fails after the input ended (a file that cannot be closed) fails the run too.
  await Promise.all(consumers)
  tree.inputBytes = recorder.received
  return tree
}

/** Passes part data on, telling `measure` about each chunk and `done` at the end. */
class Measure extends Transform {
  readonly #measure: (chunk: Buffer) => void
  readonly #done: () => void
  constructor (measure: (chunk: Buffer) => void, done: () => void) {
    super()
    this.#measure = measure
    this.#done = done
  }

  override _transform (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#measure(chunk)
    callback(null, chunk)
  }

  override _flush (callback: TransformCallback): void {
    this.#done()
    callback()
  }
}

/**
 * Counts the input and, for `--offsets`, keeps the octets a header field may still need:
 * everything from the `release`d floor on. Part data moves the floor past itself, so a huge
 * part is never kept; what stays is the parser's own buffering plus one header section.
 */
export class InputRecorder extends Transform {
  received = 0
  readonly #keep: boolean
  readonly #progress: ((bytes: number) => void) | undefined
  #chunks: Array<{ offset: number, bytes: Buffer }> = []
  #floor = 0

  constructor (keep: boolean, progress?: (bytes: number) => void) {
    super()
    this.#keep = keep
    this.#progress = progress
  }

  override _transform (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const offset = this.received
    this.received += chunk.length
    if (this.#keep && this.received > this.#floor) this.#chunks.push({ offset, bytes: chunk })
    this.#progress?.(this.received)
    callback(null, chunk)
  }

  /** Nothing before `floor` will be asked for again. */
  release (floor: number): void {
    this.#floor = Math.max(this.#floor, floor)
    this.#chunks = this.#chunks.filter(c => c.offset + c.bytes.length > this.#floor)
  }

  /** The input octets `[start, end)`; they are still held when start is at or past the floor. */
  slice (start: number, end: number): Uint8Array {
    const pieces: Buffer[] = []
    for (const { offset, bytes } of this.#chunks) {
      const from = Math.max(start, offset)
      const to = Math.min(end, offset + bytes.length)
      if (from < to) pieces.push(bytes.subarray(from - offset, to - offset))
    }
    return Buffer.concat(pieces)
  }
}

/** The tree of a message decoded at once, e.g. the PDU inside a push. */
export function fromDecoded (message: MmseMessage, sha256: boolean): MessageNode {
  return { headers: message.headers, headerList: message.headerList, parts: message.parts.map(part => partNode(part, sha256)) }
}

function partNode (part: DecodedPart, sha256: boolean): PartNode {
  const { data, parts, message, ...info } = part
  const kind = message !== undefined ? 'message' : parts !== undefined ? 'multipart' : 'part'
  const node: PartNode = { ...info, kind, bytes: data.length }
  if (parts !== undefined) node.parts = parts.map(child => partNode(child, sha256))
  // A nested PDU's node has its parts too (MessageTree.nested): they are the PDU's.
  if (message !== undefined) node.message = { headers: message.headers, headerList: message.headerList, parts: node.parts as PartNode[] }
  if (sha256 && kind === 'part') node.sha256 = createHash('sha256').update(data).digest('hex')
  return node
}
