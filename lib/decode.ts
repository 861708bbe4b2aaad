/**
 * `decode(bytes)`: the whole message at once, through the same machine and codecs as the
 * stream, so both give the same headers, parts and warnings. Part data are subarrays of
 * `bytes` (zero-copy) unless a transfer encoding was decoded.
 */
import { MmseError, type MmseWarning } from './errors.js'
import { Machine, type NestedInfo } from './machine.js'
import { type DecodeOptions, resolveOptions } from './options.js'
import { transferDecoder } from './transfer-encoding.js'
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
  const top: MmseMessage = { headers: {}, headerList: [], parts: [], warnings: [] }
  /** Containers by path: where the parts of each one go, and its message if it is a PDU. */
  const containers = new Map<string, { parts: DecodedPart[], message?: MmseMessage, end: number }>([['', { parts: top.parts, message: top, end: bytes.length }]])
  const parentOf = (path: number[]) => containers.get(path.slice(0, -1).join('.')) as { parts: DecodedPart[] }

  const machine = new Machine(resolved, {
    header () {},
    headers (head) {
      const container = containers.get(head.path.join('.')) as { message: MmseMessage, end: number }
      const message = container.message
      message.headers = head.headers
      message.headerList = head.headerList
      const last = head.headerList[head.headerList.length - 1]
      if (last?.code === 0x84) message.body = bytes.subarray(last.offset + last.length, container.end)
    },
    warning (warning) {
      top.warnings.push(warning)
    },
    nested (info: NestedInfo) {
      const { kind, ...rest } = info
      const end = info.offset + (info.size as number)
      const part: DecodedPart = { ...rest, data: bytes.subarray(info.offset, end), parts: [] }
      if (kind === 'message') part.message = { headers: {}, headerList: [], parts: part.parts as DecodedPart[], warnings: top.warnings }
      parentOf(info.path).parts.push(part)
      containers.set(info.path.join('.'), { parts: part.parts as DecodedPart[], ...(part.message ? { message: part.message } : {}), end })
    },
    part (info) {
      const part: DecodedPart = { ...info, data: EMPTY }
      parentOf(info.path).parts.push(part)
      const decoder = resolved.decodeTransferEncoding ? transferDecoder(info.transferEncoding) : undefined
      const pieces: Uint8Array[] = []
      return {
        write (data) {
          pieces.push(decoder === undefined ? data : decoder.write(data))
          return true
        },
        end () {
          if (decoder !== undefined) {
            const { tail, clean } = decoder.end()
            pieces.push(tail)
            if (!clean) {
              const message = `${info.transferEncoding} data of part ${JSON.stringify(info.path)} ends inside an encoded unit`
              if (resolved.strict) throw new MmseError('ERR_MMSE_BAD_TRANSFER_ENCODING', message, info.offset)
              top.warnings.push({ code: 'WARN_MMSE_TRANSFER_ENCODING', message, offset: info.offset })
            }
          }
          part.data = pieces.length === 1 ? pieces[0] as Uint8Array : Buffer.concat(pieces)
        },
      }
    },
  })
  machine.write(bytes)
  machine.end()
  return top
}

const EMPTY = new Uint8Array(0)
