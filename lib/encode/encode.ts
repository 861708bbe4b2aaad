/**
 * `encode(message)`: the bytes of an MMSE PDU (OMA-TS-MMS_ENC 1.3 §7) from the typed header set
 * and parts, for all 24 message types, driven by the header table the decoder reads: each value
 * is written by its field's codec, in the form every deployed decoder reads (or, on request, the
 * shortest valid form). The PDU writer (pdu-writer.ts) writes it; this collects the bytes, with
 * every part's data in memory, nested PDUs and multiparts written first so their length is known,
 * text in its charset, data as it is or, with `transferEncoding: true`, in the transfer encoding
 * its headers name (AOSP's PduParser never undoes one: docs/compatibility.md).
 */
import type { Buffer } from 'node:buffer'
import { bytesOf, toObject, toOptions } from '../bytes/argument.js'
import { EMPTY, utf8Bytes } from '../bytes/octets.js'
import { MmseError } from '../errors.js'
import { BOOLEAN, checkOptions, DEFAULT_LIMITS, type OptionRules, rule } from '../options.js'
import { isWspMultipart } from '../tables/content-types.js'
import { charsetMib, charsetName, encodeText } from '../text/transcode.js'
import { transferEncode } from '../transfer/encodings.js'
import type { ContentTypeInput } from '../wsp/content-type.js'
import { ByteWriter } from '../wsp/writer.js'
import { encodeContext, mediaTypeOf, type PartDataSink, writeMultipart, writePdu } from './pdu-writer.js'
import type { EncodeMessage, EncodeOptions, EncodePart, EncodePartHeaders } from './input.js'

/** The PDU's bytes. Throws MmseError ERR_MMSE_MISSING_FIELD or ERR_MMSE_BAD_INPUT. */
export function encode (message: EncodeMessage, options: EncodeOptions & BufferEncodeOptions = {}): Buffer {
  toObject(message, 'message')
  checkOptions(toOptions(options), BUFFER_ENCODE_OPTIONS)
  const w = new ByteWriter(1024)
  writeMessage(w, message, options, TOP)
  return w.toBuffer()
}

/** What `encode()` takes besides {@link EncodeOptions}: its parts' data is its to encode. */
export interface BufferEncodeOptions {
  /**
   * Write a part whose headers name base64 or quoted-printable in that encoding (default false:
   * the data as it is, and no Content-Transfer-Encoding header).
   */
  transferEncoding?: boolean
}

/** The rules of {@link EncodeOptions}; `encode()` and `MmseEncoder` add their own. */
export const ENCODE_OPTIONS: OptionRules = {
  checkMandatory: BOOLEAN,
  charset: rule('a charset name or MIBenum this library knows', (value) =>
    typeof value === 'string' ? charsetMib(value) !== undefined : typeof value === 'number' && charsetName(value) !== undefined),
  forms: rule("'compatible' or 'shortest'", (value) => value === 'compatible' || value === 'shortest'),
}

const BUFFER_ENCODE_OPTIONS: OptionRules = { ...ENCODE_OPTIONS, transferEncoding: BOOLEAN }

type Options = EncodeOptions & BufferEncodeOptions

/**
 * The messages and parts being written, outermost first: a message or part inside itself is
 * refused, and so is nesting deeper than `decode()` reads with its default limits.
 */
interface Ancestors {
  readonly nodes: readonly object[]
  /** Parts around the one being written: the length of its path. */
  readonly depth: number
}

const TOP: Ancestors = { nodes: [], depth: 0 }

function enter (ancestors: Ancestors, node: unknown, what: 'a message' | 'a part'): Ancestors {
  if (typeof node !== 'object' || node === null) throw new MmseError('ERR_MMSE_BAD_INPUT', `${what} must be an object`, 0)
  if (ancestors.nodes.includes(node)) throw new MmseError('ERR_MMSE_BAD_INPUT', `${what} contains itself`, 0)
  return { nodes: [...ancestors.nodes, node], depth: ancestors.depth + (what === 'a part' ? 1 : 0) }
}

/** A container part as deep as `decode()` still reads with its default limits. */
function checkDepth (ancestors: Ancestors): void {
  if (ancestors.depth > DEFAULT_LIMITS.maxDepth) throw new MmseError('ERR_MMSE_BAD_INPUT', `a container nested deeper than limits.maxDepth (${DEFAULT_LIMITS.maxDepth})`, 0)
}

function writeMessage (w: ByteWriter, message: EncodeMessage, options: Options, outer: Ancestors): void {
  const ancestors = enter(outer, message, 'a message')
  if (typeof message.headers !== 'object' || message.headers === null) throw new MmseError('ERR_MMSE_BAD_INPUT', 'a message needs its headers', w.length)
  writePdu(w, message.headers, message.parts ?? [], options, inMemory(w, options, ancestors), options.transferEncoding === true)
}

/** Parts whose data is in memory, copied into `w` where it goes. */
function inMemory (w: ByteWriter, options: Options, ancestors: Ancestors): PartDataSink<EncodePart, Uint8Array> {
  return {
    take: (part) => {
      const data = payload(part, options, enter(ancestors, part, 'a part'))
      return { size: data.length, data }
    },
    put: ({ data }) => { w.bytes(data) },
  }
}

/** A part's data as it goes on the wire: a nested PDU, a nested multipart, or the data in its transfer encoding. */
function payload (part: EncodePart, options: Options, ancestors: Ancestors): Uint8Array {
  if (part.message !== undefined) {
    checkDepth(ancestors)
    const nested = new ByteWriter(1024)
    writeMessage(nested, part.message, options, ancestors)
    return nested.written()
  }
  const mediaType = mediaTypeOf(part.contentType)
  if (part.parts !== undefined) {
    if (!isWspMultipart(mediaType)) throw new MmseError('ERR_MMSE_BAD_INPUT', `a part with parts must be a WSP multipart, not ${mediaType}`, 0)
    if (!Array.isArray(part.parts)) throw new MmseError('ERR_MMSE_BAD_INPUT', 'parts must be an array', 0)
    checkDepth(ancestors)
    const nested = new ByteWriter(1024)
    writeMultipart(nested, part.parts, inMemory(nested, options, ancestors), encodeContext(undefined, options, options.transferEncoding === true))
    return nested.written()
  }
  const data = typeof part.data === 'string' ? textBytes(part.data, part.contentType) : part.data === undefined ? EMPTY : bytesOf(part.data)
  if (data === undefined) throw new MmseError('ERR_MMSE_BAD_INPUT', 'part data must be bytes or a string', 0, { field: 'data' })
  return options.transferEncoding === true ? transferEncode(transferEncoding(part.headers), data) : data
}

/** Text data in the charset its content type names (through iconv-lite), else UTF-8. */
function textBytes (text: string, contentType: ContentTypeInput): Uint8Array {
  const charset = typeof contentType === 'string' ? undefined : contentType.params.charset
  const mib = typeof charset === 'string' ? charsetMib(charset) : typeof charset === 'number' ? charset : undefined
  return mib === undefined ? utf8Bytes(text) : encodeText(text, mib)
}

function transferEncoding (headers: EncodePartHeaders | undefined): string | undefined {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-transfer-encoding' && typeof value === 'string') return value
  }
  return undefined
}
