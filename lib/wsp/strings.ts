/**
 * The WSP string encodings (WAP-230 §8.4.2.1 Text-string, Token-text, Quoted-string, §8.4.2.3
 * Text-value), read as octets and written from text, and the Text-string that holds UTF-8 text
 * (what real senders put in MMS Text-string fields). Every string ends with a NUL, so none may
 * hold one.
 */
import { Buffer } from 'node:buffer'
import { decodeUtf8Text } from '../text/transcode.js'
import { badInput } from '../errors.js'
import type { Codec } from './codec.js'
import { NUL_OCTET, STRING_QUOTE_OCTET, TEXT_QUOTE_OCTET } from './constants.js'
import type { DecodeContext } from './context.js'
import { utf8Bytes } from '../bytes/octets.js'
import { type Decoded, findNul, NEED_MORE, needByte } from './read.js'
import type { ByteWriter } from './writer.js'

/** Text-string: an optional Quote, then octets up to a NUL. The Quote comes before a first octet >= 0x7F. */
export const textString = {
  read (bytes: Uint8Array, pos: number, end: number): Decoded<Uint8Array> {
    const start = needByte(bytes, pos, end) === TEXT_QUOTE_OCTET ? pos + 1 : pos
    const nul = findNul(bytes, start, end)
    return { value: bytes.subarray(start, nul), next: nul + 1 }
  },
  /** A string is written as UTF-8; octets as they are. */
  write (w: ByteWriter, text: string | Uint8Array): void {
    const octets = text instanceof Uint8Array ? text : utf8Bytes(text)
    noNul(octets)
    if ((octets[0] ?? 0) >= TEXT_QUOTE_OCTET) w.byte(TEXT_QUOTE_OCTET)
    w.bytes(octets).byte(NUL_OCTET)
  },
} satisfies Codec<Uint8Array, string | Uint8Array>

/** Printable US-ASCII: what a token may hold (RFC 2616 §2.2 token characters and the separators media types use). */
const TOKEN = /^[\x20-\x7e]+$/

/** Token-text and Extension-media: octets up to a NUL, no Quote. Written from a non-empty printable ASCII text. */
export const tokenText = {
  read (bytes: Uint8Array, pos: number, end: number): Decoded<Uint8Array> {
    needByte(bytes, pos, end)
    const nul = findNul(bytes, pos, end)
    return { value: bytes.subarray(pos, nul), next: nul + 1 }
  },
  write (w: ByteWriter, text: string): void {
    if (typeof text !== 'string' || !TOKEN.test(text)) throw badInput(`token ${JSON.stringify(text)} is empty or not printable US-ASCII`)
    for (let i = 0; i < text.length; i++) w.byte(text.charCodeAt(i))
    w.byte(NUL_OCTET)
  },
} satisfies Codec<Uint8Array, string>

/**
 * Quoted-string: '"' then octets up to a NUL. The closing '"' is not sent; a stray one that some
 * encoders add is stripped (docs/wire-format.md, quirks), so a text ending in '"' cannot be written.
 */
export const quotedString = {
  read (bytes: Uint8Array, pos: number, end: number): Decoded<Uint8Array> {
    const start = needByte(bytes, pos, end) === STRING_QUOTE_OCTET ? pos + 1 : pos
    const nul = findNul(bytes, start, end)
    const stop = nul > start && bytes[nul - 1] === STRING_QUOTE_OCTET ? nul - 1 : nul
    return { value: bytes.subarray(start, stop), next: nul + 1 }
  },
  write (w: ByteWriter, text: string): void {
    const octets = utf8Bytes(text)
    if (text.endsWith('"')) throw badInput(`quoted string ${JSON.stringify(text)} ends with '"', which readers strip`)
    noNul(octets)
    w.byte(STRING_QUOTE_OCTET).bytes(octets).byte(NUL_OCTET)
  },
} satisfies Codec<Uint8Array, string>

/** A text a reader takes back as Token-text: printable ASCII that does not start with '"'. */
const PLAIN_TOKEN = /^[\x20\x21\x23-\x7e][\x20-\x7e]*$/

/** Text-value: No-value (a lone NUL), Token-text, or Quoted-string (for text a token cannot carry). */
export const textValue = {
  read (bytes: Uint8Array, pos: number, end: number): Decoded<Uint8Array> {
    return needByte(bytes, pos, end) === STRING_QUOTE_OCTET ? quotedString.read(bytes, pos, end) : tokenText.read(bytes, pos, end)
  },
  write (w: ByteWriter, text: string): void {
    if (text === '') w.byte(NUL_OCTET)
    else if (typeof text === 'string' && PLAIN_TOKEN.test(text)) tokenText.write(w, text)
    else quotedString.write(w, text)
  },
} satisfies Codec<Uint8Array, string>

/**
 * A Text-string holding UTF-8 text. The hot path of header decoding: ASCII in a Buffer is read
 * straight from the input, without intermediate views; anything else decodes as UTF-8, with a
 * warning when it is not valid UTF-8.
 */
export const utf8Text = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<string> {
    const ascii = asciiText(bytes, pos, end, ctx)
    if (ascii !== undefined) return ascii
    const raw = textString.read(bytes, pos, end)
    const decoded = decodeUtf8Text(raw.value)
    if (!decoded.exact) ctx.warn('WARN_MMSE_CHARSET', 'text is not valid UTF-8', pos)
    return { value: decoded.text, next: raw.next }
  },
  /** Text only: octets here would be read back as UTF-8, which they may not be. */
  write (w: ByteWriter, text: string): void {
    textString.write(w, utf8Bytes(text))
  },
} satisfies Codec<string>

/**
 * ASCII text up to a NUL, read from a Buffer in one pass (the NUL found and every octet checked
 * together), the string a slice of the context's Latin-1 window; undefined for anything else.
 */
export function asciiText (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<string> | undefined {
  if (!Buffer.isBuffer(bytes)) return undefined
  let i = pos
  for (; i < end; i++) {
    const octet = bytes[i] as number
    if (octet === NUL_OCTET) return { value: ctx.latin1.text(bytes, pos, i), next: i + 1 }
    if (octet >= TEXT_QUOTE_OCTET) return undefined
  }
  throw NEED_MORE
}

function noNul (octets: Uint8Array): void {
  if (octets.includes(NUL_OCTET)) throw badInput('text contains a NUL octet')
}
