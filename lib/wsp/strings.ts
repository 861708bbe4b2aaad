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
import { latin1, utf8Bytes } from '../bytes/octets.js'
import { isToken, isTokenCode } from '../tables/token.js'
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

/** Printable US-ASCII, separators too ('/', ';'): what this library writes as an Extension-media. */
function isMediaCode (code: number): boolean {
  return code >= 0x20 && code <= 0x7e
}

/** A non-empty text whose every character passes `test`. */
function allCodes (text: string, test: (code: number) => boolean): boolean {
  if (text.length === 0) return false
  for (let i = 0; i < text.length; i++) if (!test(text.charCodeAt(i))) return false
  return true
}

/** The same over octets read, one character each, so that no text is made unless it is wrong. */
function allOctets (octets: Uint8Array, test: (code: number) => boolean): boolean {
  if (octets.length === 0) return false
  for (let i = 0; i < octets.length; i++) if (!test(octets[i] as number)) return false
  return true
}

/** Octets up to a NUL, no Quote: a Token-text or Extension-media, whose grammar the caller checks. */
function toNul (bytes: Uint8Array, pos: number, end: number): Decoded<Uint8Array> {
  needByte(bytes, pos, end)
  const nul = findNul(bytes, pos, end)
  return { value: bytes.subarray(pos, nul), next: nul + 1 }
}

/**
 * Token-text (WAP-230 §8.4.2.1): a token, then a NUL. What is not a token is refused on writing
 * and, read, kept with a warning (refused in strict mode), so that whatever decodes without a
 * warning can be written back.
 */
export const tokenText = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<Uint8Array> {
    const token = toNul(bytes, pos, end)
    if (!allOctets(token.value, isTokenCode)) ctx.tolerate('WARN_MMSE_BAD_VALUE', notToken(latin1(token.value)), pos, 'kept')
    return token
  },
  write (w: ByteWriter, text: string): void {
    if (typeof text !== 'string' || !isToken(text)) throw badInput(notToken(text))
    for (let i = 0; i < text.length; i++) w.byte(text.charCodeAt(i))
    w.byte(NUL_OCTET)
  },
} satisfies Codec<Uint8Array, string>

function notToken (text: unknown): string {
  return `${JSON.stringify(text)} is not a token (RFC 2616 §2.2: US-ASCII without controls, spaces or separators)`
}

/**
 * Extension-media (WAP-230 §8.4.2.24): a media type as text up to a NUL, no Quote. Written from
 * a non-empty printable US-ASCII text; read, anything else is kept with a warning (refused in
 * strict mode).
 */
export const extensionMedia = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<Uint8Array> {
    const media = toNul(bytes, pos, end)
    if (!allOctets(media.value, isMediaCode)) ctx.tolerate('WARN_MMSE_BAD_VALUE', notMedia(latin1(media.value)), pos, 'kept')
    return media
  },
  write (w: ByteWriter, text: string): void {
    if (typeof text !== 'string' || !allCodes(text, isMediaCode)) throw badInput(notMedia(text))
    for (let i = 0; i < text.length; i++) w.byte(text.charCodeAt(i))
    w.byte(NUL_OCTET)
  },
} satisfies Codec<Uint8Array, string>

function notMedia (text: unknown): string {
  return `media type ${JSON.stringify(text)} is empty or not printable US-ASCII`
}

/**
 * Quoted-string: '"' then octets up to a NUL. The closing '"' is not sent; a stray one that some
 * encoders add is stripped (docs/wire-format.md, quirks), so a text ending in '"' cannot be
 * written, and one read is kept with a warning (refused in strict mode).
 */
export const quotedString = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<Uint8Array> {
    return unquotedEnd(quoted(bytes, pos, end), pos, ctx)
  },
  write (w: ByteWriter, text: string): void {
    const octets = utf8Bytes(text)
    if (text.endsWith('"')) throw badInput(quotedEnd(text))
    noNul(octets)
    w.byte(STRING_QUOTE_OCTET).bytes(octets).byte(NUL_OCTET)
  },
} satisfies Codec<Uint8Array, string>

/** The octets of a Quoted-string: its '"' skipped, a stray closing one stripped. */
function quoted (bytes: Uint8Array, pos: number, end: number): Decoded<Uint8Array> {
  const start = needByte(bytes, pos, end) === STRING_QUOTE_OCTET ? pos + 1 : pos
  const nul = findNul(bytes, start, end)
  const stop = nul > start && bytes[nul - 1] === STRING_QUOTE_OCTET ? nul - 1 : nul
  return { value: bytes.subarray(start, stop), next: nul + 1 }
}

/** A text ending in '"' has no form readers give back (Quoted-string above): a warning, strict a refusal. */
function unquotedEnd (text: Decoded<Uint8Array>, pos: number, ctx: DecodeContext): Decoded<Uint8Array> {
  if (text.value[text.value.length - 1] === STRING_QUOTE_OCTET) ctx.tolerate('WARN_MMSE_BAD_VALUE', quotedEnd(latin1(text.value)), pos, 'kept')
  return text
}

function quotedEnd (text: string): string {
  return `text ${JSON.stringify(text)} ends with '"', which readers strip from a Quoted-string`
}

/**
 * Text-value: No-value (a lone NUL), Token-text, or Quoted-string (for text that is not a
 * token). Read unquoted, any text is taken (it is written back quoted when it is not a token).
 */
export const textValue = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<Uint8Array> {
    return unquotedEnd(needByte(bytes, pos, end) === STRING_QUOTE_OCTET ? quoted(bytes, pos, end) : toNul(bytes, pos, end), pos, ctx)
  },
  write (w: ByteWriter, text: string): void {
    if (text === '') w.byte(NUL_OCTET)
    else if (typeof text === 'string' && isToken(text)) tokenText.write(w, text)
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
