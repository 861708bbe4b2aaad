/**
 * `toMime()`: an MMSE message as an Internet mail message (RFC 5322, MIME RFC 2045-2049), as a
 * byte stream. The header fields map as lib/tables/mail-headers.ts says (3GPP TS 23.140 §8.4,
 * RFC 4356); the body is the MMSE multipart as a MIME multipart of the same subtype
 * (`application/vnd.wap.multipart.related` is `multipart/related`, its `type` and `start`
 * kept), each part with its Content-Type and parameters, Content-ID, Content-Location and a
 * Content-Disposition with the file name (RFC 2231 when not ASCII), its data in base64, so that
 * every octet arrives whatever the relays do to line ends (RFC 2045 §6.8).
 *
 * The source is a decoded message or the events of an MmseParser (or events of that shape, as
 * lib/mail/capture-mail.ts makes of an MMS found in a capture): parts stream through one at a
 * time, each read as the output is read, so memory stays bounded whatever the message size.
 * nodemailer's MimeNode writes every header block, folds and encodes; the multipart framing
 * between entries is written here, as nodemailer writes it (RFC 2046 §5.1.1), because the
 * entries of a streamed message are not known before the first is written.
 */
import { Buffer } from 'node:buffer'
import { PassThrough, type Readable } from 'node:stream'
import libmime from 'libmime'
import MimeNode from 'nodemailer/lib/mime-node'
import { MmseError } from '../errors.js'
import type { MmseEvent } from '../stream/parser.js'
import { MAIL_HEADERS } from '../tables/mail-headers.js'
import { partInfo } from '../decode/part-info.js'
import type { ContentType, InsertAddress, MmsAddress, MmseHeaders, PartHeaders, PartInfo } from '../types.js'
import { mailAddress } from './addresses.js'
import { contentTypeText, isMultipart, textParams } from './content-types.js'
import { headerText } from './header-text.js'
import { writeValue } from './header-values.js'

export interface ToMimeOptions {
  /** The domain of every address that is not an e-mail address (a phone number): the MMS Relay/Server's (default `mms.invalid`). */
  domain?: string
  /** Mail headers to add or replace, by name, already in their mail form (MM4's X-Mms-Message-Type: MM4_forward.REQ, ...). */
  headers?: Record<string, string>
  /** Bytes buffered on the output (default 64 KiB). */
  highWaterMark?: number
}

/**
 * A part to write: a DecodedPart is one, and so is a part whose data is a stream (read from a
 * store), known only by its content type and headers.
 */
export interface MimeSourcePart {
  contentType: ContentType
  headers?: PartHeaders
  data: Uint8Array | Readable
  /** A nested multipart's entries. */
  parts?: MimeSourcePart[]
  /** A nested PDU (a mailbox entry): it has no mail form, and is refused. */
  message?: unknown
}

/**
 * An event of MmseParser.events(), or one of that shape whose part is any stream of the part's
 * data with its PartInfo. Only the top-level headers, the nested multiparts and the parts count.
 */
export type MimeSourceEvent = Exclude<MmseEvent, { type: 'part' }> | { type: 'part', path: number[], part: Readable & { info: PartInfo } }

/** What toMime() reads: a message from decode() (or of that shape), or parser events. */
export type MimeSource = { headers: MmseHeaders, parts: MimeSourcePart[] } | AsyncIterable<MimeSourceEvent>

/** One entry of the body, from either source: a container opens, or a leaf with its data. */
type Entry =
  | { kind: 'open', path: number[], info: PartInfo }
  | { kind: 'leaf', path: number[], info: PartInfo, body: Readable | Uint8Array }

type Entries = AsyncIterator<Entry> & AsyncIterable<Entry>

interface Container {
  node: MimeNode
  path: number[]
  entries: number
}

const DEFAULT_DOMAIN = 'mms.invalid'
export const DEFAULT_HIGH_WATER_MARK = 64 * 1024

export function toMime (source: MimeSource, options: ToMimeOptions = {}): Readable {
  const output = new PassThrough({ highWaterMark: options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK })
  write(source, options, output).then(() => output.end(), (err: unknown) => output.destroy(err as Error))
  return output
}

async function write (source: MimeSource, options: ToMimeOptions, output: PassThrough): Promise<void> {
  const { headers, entries } = 'headers' in source ? fromMessage(source) : await fromEvents(source)
  try {
    await writeMessage(headers, entries, options, output)
  } finally {
    // A reader that went away, or a failure: the parser behind the events stops too.
    await entries.return?.()
  }
}

async function writeMessage (headers: MmseHeaders, entries: Entries, options: ToMimeOptions, output: PassThrough): Promise<void> {
  const domain = options.domain ?? DEFAULT_DOMAIN
  const contentType = headers.contentType ?? { mediaType: 'text/plain', params: {} }
  // Header names as the table and the message spell them (X-Mms-MMS-Version), where nodemailer would write X-Mms-Mms-Version.
  const names = new Map(CANONICAL)
  for (const name of [...Object.keys(headers.applicationHeaders ?? {}), ...Object.keys(options.headers ?? {})]) names.set(name.toLowerCase(), name)
  const root = new MimeNode(contentTypeText(contentType), {
    keepBcc: true, hostname: domain, disableFileAccess: true, disableUrlAccess: true, normalizeHeaderKey: (key) => names.get(key.toLowerCase()) ?? key,
  })
  setMessageHeaders(root, headers, domain)
  for (const [name, value] of Object.entries(options.headers ?? {})) root.setHeader(name, value)
  if (!isMultipart(contentType)) {
    // A single-part body (or none): the message is its one leaf.
    const first = await entries.next()
    if (first.done !== true && first.value.kind === 'leaf') root.setContent(content(first.value.body))
    root.setHeader('Content-Type', { prepared: true, foldLines: true, value: contentTypeText(contentType) })
    if (first.done !== true) setPartHeaders(root, first.value.info, false)
    await streamNode(root, output)
    await entries.next() // the end of a source whose body is one part
    return
  }
  const stack: Container[] = [{ node: root, path: [], entries: 0 }]
  output.write(`${root.buildHeaders()}\r\n\r\n`)
  for await (const entry of entries) {
    while (stack.length > 1 && !within(entry.path, (stack.at(-1) as Container).path)) close(stack.pop() as Container, output)
    const parent = stack.at(-1) as Container
    output.write(`${parent.entries++ > 0 ? '\r\n' : ''}--${parent.node.boundary as string}\r\n`)
    const node = parent.node.createChild(contentTypeText(entry.info.contentType))
    // A leaf's Content-Type as libmime wrote it (RFC 2231 parameters), not rebuilt by nodemailer.
    if (entry.kind === 'leaf') node.setHeader('Content-Type', { prepared: true, foldLines: true, value: contentTypeText(entry.info.contentType) })
    setPartHeaders(node, entry.info, entry.kind === 'open')
    if (entry.kind === 'open') {
      output.write(`${node.buildHeaders()}\r\n\r\n`)
      stack.push({ node, path: entry.path, entries: 0 })
    } else {
      // Ends once the part's data is in the output: a reader that stops holds the pipe, and this.
      node.setContent(content(entry.body))
      await streamNode(node, output)
    }
  }
  while (stack.length > 0) close(stack.pop() as Container, output)
}

const CANONICAL = new Map(MAIL_HEADERS.map((def) => [def.name.toLowerCase(), def.name]))

function setMessageHeaders (root: MimeNode, headers: MmseHeaders, domain: string): void {
  const values = headers as Record<string, unknown>
  for (const def of MAIL_HEADERS) {
    const value = values[def.key]
    if (value === undefined) continue
    if (def.value.kind === 'addresses' || def.value.kind === 'address') {
      const list = (Array.isArray(value) ? value : [value]).filter(hasMailForm)
      if (list.length > 0) root.setHeader(def.name, list.map((address) => mailAddress(address, domain)))
      continue
    }
    // US-ASCII already (headerText()), which nodemailer writes as it is, and folds.
    for (const text of [writeValue(def, value) ?? []].flat()) root.addHeader(def.name, text)
  }
  for (const [name, value] of Object.entries(headers.applicationHeaders ?? {})) {
    for (const text of Array.isArray(value) ? value : [value]) {
      const written = headerText(text)
      if (written !== undefined) root.addHeader(name, written)
    }
  }
}

/** The From insert-address token is the MMSC's to resolve; a blank address has no mailbox. */
function hasMailForm (address: MmsAddress | InsertAddress): address is MmsAddress {
  return !('insertAddress' in address) && address.raw.trim() !== ''
}

/** Content-ID, Content-Location and Content-Disposition (with the file name) of a part, base64. */
function setPartHeaders (node: MimeNode, info: PartInfo, container: boolean): void {
  if (!container) node.setHeader('Content-Transfer-Encoding', 'base64')
  // Prepared: nodemailer would put angle brackets around a Content-ID sent without them.
  const id = headerText(String(info.headers['content-id'] ?? ''))
  if (id !== undefined) node.setHeader('Content-ID', { prepared: true, foldLines: true, value: id })
  const location = headerText(info.contentLocation ?? '')
  if (location !== undefined) node.setHeader('Content-Location', { prepared: true, foldLines: true, value: location })
  const disposition = info.headers['content-disposition']
  const given = typeof disposition === 'object' && disposition !== null && 'disposition' in disposition ? disposition : undefined
  if (given === undefined && info.filename === undefined) return
  const params = given === undefined ? { filename: info.filename as string } : textParams(given.params)
  node.setHeader('Content-Disposition', {
    prepared: true,
    foldLines: true,
    value: libmime.buildHeaderValue({ value: given?.disposition ?? 'inline', params }),
  })
}

/** The entries of a decoded message, depth first. */
function fromMessage (message: { headers: MmseHeaders, parts: MimeSourcePart[] }): { headers: MmseHeaders, entries: Entries } {
  function * walk (parts: MimeSourcePart[], at: number[]): Generator<Entry> {
    for (const [index, part] of parts.entries()) {
      const path = [...at, index]
      if (part.message !== undefined) throw nestedMessage(path)
      // What a decoded part knows (its Content-ID, Content-Location, file name), from its headers.
      const info = partInfo(part.contentType, part.headers ?? {}, index, path, 0, null)
      if (part.parts !== undefined) {
        yield { kind: 'open', path, info }
        yield * walk(part.parts, path)
      } else {
        yield { kind: 'leaf', path, info, body: part.data }
      }
    }
  }
  return { headers: message.headers, entries: asAsync(walk(message.parts, [])) }
}

/** The entries of a parser's events, after its top-level headers. */
async function fromEvents (events: AsyncIterable<MimeSourceEvent>): Promise<{ headers: MmseHeaders, entries: Entries }> {
  const iterator = events[Symbol.asyncIterator]()
  let headers: MmseHeaders = {}
  for (;;) {
    const next = await iterator.next()
    if (next.done === true) return { headers, entries: asAsync([][Symbol.iterator]()) }
    if (next.value.type === 'headers' && next.value.path.length === 0) {
      headers = next.value.headers
      break
    }
  }
  async function * entries (): AsyncGenerator<Entry> {
    // Leaving the loop (the generator returned, or failed) ends the parser's iterator: it stops the parser.
    for await (const event of { [Symbol.asyncIterator]: () => iterator }) {
      if (event.type === 'part') yield { kind: 'leaf', path: event.path, info: event.part.info, body: event.part }
      else if (event.type === 'smallPart') yield { kind: 'leaf', path: event.path, info: event.part, body: event.part.data }
      else if (event.type === 'nested') {
        if (event.info.kind === 'message') throw nestedMessage(event.path)
        yield { kind: 'open', path: event.path, info: event.info }
      }
    }
  }
  return { headers, entries: entries() }
}

function nestedMessage (path: number[]): MmseError {
  return new MmseError('ERR_MMSE_BAD_INPUT', `part ${path.join('.')} is an MMSE PDU (a mailbox entry): it has no mail form`, 0, { field: 'parts' })
}

function asAsync<T> (iterator: Iterator<T>): AsyncIterator<T> & AsyncIterable<T> {
  const async: AsyncIterator<T> & AsyncIterable<T> = {
    next: async () => iterator.next(),
    [Symbol.asyncIterator]: () => async,
  }
  return async
}

function within (path: number[], container: number[]): boolean {
  return path.length > container.length && container.every((index, i) => path[i] === index)
}

function close (container: Container, output: PassThrough): void {
  output.write(`\r\n--${container.node.boundary as string}--\r\n`)
}

function content (body: Readable | Uint8Array): Readable | Buffer {
  return body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : body
}

function streamNode (node: MimeNode, output: PassThrough): Promise<void> {
  return new Promise((resolve, reject) => node.stream(output, {}, (err) => { if (err) reject(err); else resolve() }))
}
