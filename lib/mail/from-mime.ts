/**
 * `fromMime()`: an Internet mail message (RFC 5322, MIME) as MMSE, streamed: mailsplit cuts the
 * bytes into header blocks and bodies, and the events that come out are the MmseParser's in
 * kind: the message's headers (the MMSE fields read back as lib/tables/mail-headers.ts maps
 * them, beside every mail header as sent), a `nested` event for each inner multipart, and each
 * leaf as a MailPart stream of its decoded data. A part you take, you consume or destroy: its
 * data flows only as fast as it is read, and memory stays within a part's buffer, mailsplit's
 * line buffer and one input chunk, whatever the size of the message.
 */
import { Buffer } from 'node:buffer'
import { Readable, type Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import libmime from 'libmime'
import { Splitter, type MailsplitNode, type SplitterItem } from 'mailsplit'
import addressparser from 'nodemailer/lib/addressparser'
import { partInfo } from '../decode/part-info.js'
import { MmseError } from '../errors.js'
import { checkOptions, integer, type OptionRules } from '../options.js'
import { MAIL_HEADERS, type MailHeaderDef } from '../tables/mail-headers.js'
import { carriesBody, MESSAGE_TYPES } from '../tables/mmse-enumerations.js'
import type { ContentDisposition, MmseHeaders, PartHeaders } from '../types.js'
import { mmsAddress } from './addresses.js'
import { readContentType } from './content-types.js'
import { readHeaderText } from './header-text.js'
import { readValue } from './header-values.js'
import { MailPart, type MailPartInfo } from './mail-part.js'

export interface FromMimeOptions {
  /** Octets of one header block (default 64 KiB): ERR_MMSE_LIMIT_HEADER_BYTES past it. */
  maxHeaderBytes?: number
  /** Parts, leaves and nested multiparts (default 1024): ERR_MMSE_LIMIT_PARTS past it. */
  maxParts?: number
  /** Multipart nesting (default 8): ERR_MMSE_LIMIT_DEPTH past it. */
  maxDepth?: number
  /** Bytes buffered in each part stream (default 64 KiB). */
  partHighWaterMark?: number
}

/** A mail header as sent: its name, and its value unfolded (encoded-words left as they are). */
export interface MailHeader {
  name: string
  value: string
}

export type MimeEvent =
  | { type: 'headers', path: number[], headers: MmseHeaders, mailHeaders: MailHeader[] }
  | { type: 'nested', path: number[], info: MailPartInfo }
  | { type: 'part', path: number[], part: MailPart }

const OPTIONS: OptionRules = {
  maxHeaderBytes: integer(1),
  maxParts: integer(0),
  maxDepth: integer(0),
  partHighWaterMark: integer(0),
}

/** Every mapped field by each of its names, lower case. */
const BY_NAME = new Map<string, MailHeaderDef>(MAIL_HEADERS.flatMap((def) => [def.name, ...def.aliases ?? []].map((name) => [name.toLowerCase(), def] as const)))

/** The events of a mail message; iterate them (`for await`), or read the object-mode stream. */
export function fromMime (input: Readable | AsyncIterable<Uint8Array> | Uint8Array, options: FromMimeOptions = {}): Readable & AsyncIterable<MimeEvent> {
  checkOptions(options, OPTIONS)
  const limits = { maxHeaderBytes: options.maxHeaderBytes ?? 64 * 1024, maxParts: options.maxParts ?? 1024, maxDepth: options.maxDepth ?? 8 }
  const partHighWaterMark = options.partHighWaterMark ?? 64 * 1024
  let held: (() => void) | null = null
  const events = new Readable({
    objectMode: true,
    highWaterMark: 16,
    read: () => { const release = held; held = null; release?.() },
  })
  const source = input instanceof Uint8Array ? Readable.from([Buffer.from(input.buffer, input.byteOffset, input.byteLength)]) : input
  let current: { part: MailPart, decoder: Transform } | null = null
  let parts = 0
  let bodiless = false

  const emit = (event: MimeEvent, callback: () => void): void => {
    if (events.push(event)) callback()
    else held = callback
  }

  /** A leaf: its decoder's output goes to the part, as fast as the part is read. */
  const open = (node: MailsplitNode, path: number[], info: MailPartInfo): MailPart => {
    const decoder = node.getDecoder()
    let discard = false
    const part = new MailPart(info, partHighWaterMark, () => decoder.resume(), () => { discard = true; decoder.resume() })
    decoder.on('data', (chunk: Buffer) => { if (!discard && !part.push(chunk)) decoder.pause() })
    decoder.on('end', () => { if (!discard) part.push(null) })
    decoder.on('error', (err: Error) => part.destroy(err))
    current = { part, decoder }
    return part
  }

  const finish = (): void => {
    current?.decoder.end()
    current = null
  }

  const node = (item: MailsplitNode, callback: () => void): void => {
    finish()
    const path = item.root ? [] : item.partNr.map((n) => Number(n) - 1)
    if (path.length > limits.maxDepth) throw new MmseError('ERR_MMSE_LIMIT_DEPTH', `a part nested ${path.length} deep exceeds maxDepth ${limits.maxDepth}`, 0, { limit: limits.maxDepth })
    const lines = item.headers.getList().map(({ line }) => libmime.decodeHeader(line))
    const names = item.headers.getList().map(({ line }) => line.slice(0, line.indexOf(':')).trim())
    const contentType = readContentType(item.headers.getFirst('content-type') || 'text/plain')
    if (item.root) {
      const headers = messageHeaders(lines, names)
      const type = typeof headers.messageType === 'string' ? MESSAGE_TYPES.code(headers.messageType) : undefined
      bodiless = type !== undefined && !carriesBody(type)
      if (!bodiless) headers.contentType = contentType
      const event: MimeEvent = { type: 'headers', path: [], headers, mailHeaders: names.map((name, i) => ({ name, value: (lines[i] as { value: string }).value })) }
      if (item.multipart !== false || bodiless) {
        emit(event, callback)
        return
      }
      emit(event, () => undefined)
    }
    if (bodiless) {
      callback()
      return
    }
    const at = item.root ? [0] : path
    const info = mailPartInfo(lines, contentType, at)
    if (++parts > limits.maxParts) throw new MmseError('ERR_MMSE_LIMIT_PARTS', `more than maxParts ${limits.maxParts} parts`, 0, { limit: limits.maxParts })
    if (item.multipart !== false) {
      emit({ type: 'nested', path: at, info }, callback)
      return
    }
    emit({ type: 'part', path: at, part: open(item, at, info) }, callback)
  }

  const sink = new Writable({
    objectMode: true,
    highWaterMark: 1,
    write: (item: SplitterItem, _encoding, callback: (error?: Error | null) => void) => {
      try {
        if (item.type === 'node') node(item, callback)
        else if (item.type === 'body' && current !== null && !bodiless) {
          if (current.decoder.write(item.value)) callback()
          else current.decoder.once('drain', () => callback())
        } else callback()
      } catch (err) {
        callback(err as Error)
      }
    },
    final: (callback) => {
      finish()
      callback()
    },
  })

  pipeline(source, new Splitter({ ignoreEmbedded: true, maxHeadSize: limits.maxHeaderBytes, maxChildNodes: limits.maxParts + 2 }), sink).then(
    () => events.push(null),
    (err: unknown) => {
      const error = asMmseError(err, limits.maxHeaderBytes)
      current?.part.destroy(error)
      events.destroy(error)
    },
  )
  return events as Readable & AsyncIterable<MimeEvent>
}

/**
 * Mail headers that are the mail's own: MIME's (RFC 2045 §3-4), the Message-ID (MMSE's is
 * X-Mms-Message-ID), the trace an MTA adds (RFC 5321 §4.4), and MM4's own X-Mms-* elements.
 */
const MAIL_ONLY = /^(?:content-|mime-version$|message-id$|received$|x-mms-)/

/** The MMSE fields of the message's headers, and its application headers (MMSE §7.1: the fields MMSE does not name). */
function messageHeaders (lines: Array<{ key: string, value: string }>, names: string[]): MmseHeaders {
  const headers: Record<string, unknown> = {}
  const application: Record<string, string | string[]> = {}
  for (const [i, { key, value }] of lines.entries()) {
    const def = BY_NAME.get(key)
    if (def === undefined) {
      if (!MAIL_ONLY.test(key)) {
        const name = names[i] as string
        const text = readHeaderText(value)
        const seen = application[name]
        application[name] = seen === undefined ? text : Array.isArray(seen) ? [...seen, text] : [seen, text]
      }
      continue
    }
    const repeats = def.value.kind === 'addresses' || def.value.kind === 'sent-by' || def.value.kind === 'sent-date'
    if (def.key in headers && !repeats) continue
    if (def.value.kind === 'addresses' || def.value.kind === 'address') {
      const list = addressparser(value, { flatten: true }).map(({ name, address }) => mmsAddress({ name: libmime.decodeWords(name), address }))
      if (list.length === 0) continue
      headers[def.key] = def.value.kind === 'address' ? list[0] : [...(headers[def.key] as [] | undefined) ?? [], ...list]
      continue
    }
    const read = readValue(def, value)
    if (read !== undefined) headers[def.key] = repeats ? [...(headers[def.key] as unknown[] | undefined) ?? [], read] : read
  }
  if (Object.keys(application).length > 0) headers.applicationHeaders = application
  return headers as MmseHeaders
}

/** A part's facts from its header block: the MIME headers an MMSE part has (WAP-230 §8.4.2), as the decoder names them. */
function mailPartInfo (lines: Array<{ key: string, value: string }>, contentType: ReturnType<typeof readContentType>, path: number[]): MailPartInfo {
  const headers: PartHeaders = Object.create(null) as PartHeaders
  for (const { key, value } of lines) {
    if (key === 'content-id') headers['content-id'] = readHeaderText(value)
    else if (key === 'content-location') headers['content-location'] = readHeaderText(value)
    else if (key === 'content-disposition') {
      const parsed = libmime.parseHeaderValue(value)
      headers['content-disposition'] = { disposition: parsed.value.toLowerCase(), params: { ...parsed.params } } satisfies ContentDisposition
    }
  }
  const { offset: _offset, ...info } = partInfo(contentType, headers, path.at(-1) as number, path, 0, null)
  return info
}

function asMmseError (err: unknown, maxHeaderBytes: number): Error {
  if (err instanceof MmseError) return err
  const error = err as Error & { code?: string }
  if (/max header size/i.test(error.message)) {
    return new MmseError('ERR_MMSE_LIMIT_HEADER_BYTES', `a header block exceeds maxHeaderBytes ${maxHeaderBytes}`, 0, { limit: maxHeaderBytes })
  }
  return error
}
