/**
 * Encoded-string-value (OMA-MMS-ENC §7.2.9): a Text-string, or `Value-length Char-set
 * Text-string`. The text is decoded with its charset; whatever cannot be decoded faithfully keeps
 * its raw bytes and leaves a warning. Written as a plain Text-string when the text is US-ASCII,
 * else in the charset form: the charset the value names, the one the encoder was given, or UTF-8.
 * In the compatible forms, text whose charset has a MIBenum above 127 is written in UTF-8 unless
 * the encoder was given that charset: AOSP's PduParser and Wireshark read the Char-set as one
 * octet, so the Long-integer such a MIBenum needs garbles the text (docs/compatibility.md).
 */
import { badInput } from '../errors.js'
import { canEncode, charsetMib, charsetName, decodeCharset, decodeUtf8Text, encodeText } from '../text/transcode.js'
import type { EncodedText } from '../types.js'
import type { Codec } from './codec.js'
import { ANY_CHARSET_MIB, AOSP_TRUNCATED_MIBS, UTF_8_MIB } from '../tables/charsets.js'
import { LENGTH_QUOTE_OCTET, NUL_OCTET, SHORT_INTEGER_FLAG, SHORT_INTEGER_MAX, TEXT_QUOTE_OCTET } from './constants.js'
import { compatible, type DecodeContext, type EncodeContext } from './context.js'
import { integerValue, readLengthPrefixed, valueLength, writeLengthPrefixed } from './integers.js'
import { copyBytes, hex } from '../bytes/octets.js'
import { type Decoded, needByte } from './read.js'
import { asciiText, textString } from './strings.js'
import type { ByteWriter } from './writer.js'

/** An Encoded-string-value as the encoder takes it: an EncodedText (charset kept) or a plain string. */
export type TextInput = EncodedText | string

/** ASCII that a reader takes back as a plain Text-string: it must not start below 0x20 (a Value-length). */
const PLAIN = /^(?:[\x20-\x7e][\x01-\x7e]*)?$/

export const encodedString = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<EncodedText> {
    const first = needByte(bytes, pos, end)
    if (first === NUL_OCTET || first > LENGTH_QUOTE_OCTET) return plainText(bytes, pos, end, ctx)
    return nulPastLength(bytes, pos, end, ctx) ?? readLengthPrefixed(bytes, pos, end, ctx, charsetText)
  },
  write (w: ByteWriter, value: TextInput, ctx: EncodeContext): void {
    const input: EncodedText = typeof value === 'string' ? { text: value } : value
    if (typeof input.text !== 'string') throw badInput('an encoded string needs its text')
    if (input.text.includes('\u0000')) throw badInput(heldNul(input.text))
    const mib = input.mib ?? (input.charset === undefined ? undefined : mibOf(input.charset))
    if (input.raw !== undefined) {
      if (mib === undefined) textString.write(w, input.raw)
      else writeCharsetText(w, mib, input.raw)
    } else if (mib !== undefined) {
      const charset = compatible(ctx) && mib > SHORT_INTEGER_MAX && charsetName(mib) !== undefined ? UTF_8_MIB : mib
      writeCharsetText(w, charset, encodeText(input.text, charset))
    } else if (PLAIN.test(input.text)) {
      textString.write(w, input.text)
    } else {
      const charset = ctx.charset === undefined ? UTF_8_MIB : typeof ctx.charset === 'number' ? ctx.charset : mibOf(ctx.charset)
      writeCharsetText(w, charset, encodeText(input.text, charset))
    }
  },
} satisfies Codec<EncodedText, TextInput>

function plainText (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<EncodedText> {
  const ascii = asciiText(bytes, pos, end, ctx)
  if (ascii !== undefined) return { value: { text: ascii.value }, next: ascii.next }
  const raw = textString.read(bytes, pos, end)
  const decoded = decodeUtf8Text(raw.value)
  if (decoded.exact) return { value: { text: decoded.text }, next: raw.next }
  ctx.warn('WARN_MMSE_CHARSET', 'text without a charset is not valid UTF-8', pos)
  return { value: { text: decoded.text, raw: copyBytes(raw.value) }, next: raw.next }
}

/**
 * Char-set then Text-string, up to the end the Value-length gives (not the first NUL: UTF-16
 * text holds NUL octets). An optional Quote after the charset is skipped (docs/wire-format.md).
 */
function charsetText (bytes: Uint8Array, pos: number, stop: number, ctx: DecodeContext): EncodedText {
  const charset = ctx.strict ? longCharset(bytes, pos, stop, ctx) : lenientCharset(bytes, pos, stop, ctx)
  return textIn(truncatedWide(charset, bytes, pos, stop, ctx) ?? charset, bytes, pos, stop, ctx)
}

/**
 * AOSP's composer writes UTF-16 and UCS-2 text with only the low 7 bits of the MIBenum, as a
 * Short-integer (docs/wire-format.md Q33): 0xF7 for UTF-16's 1015. That Short-integer names no
 * charset, so the reading is no guess against the specification's: when the text decodes exactly
 * in the wide charset with those low bits, it is read in it, with a warning, in either mode.
 */
function truncatedWide ({ mib, next }: { mib: number, next: number }, bytes: Uint8Array, pos: number, stop: number, ctx: DecodeContext): { mib: number, next: number } | undefined {
  if ((bytes[pos] as number) < SHORT_INTEGER_FLAG || charsetName(mib) !== undefined) return undefined
  const wide = AOSP_TRUNCATED_MIBS.find((candidate) => (candidate & SHORT_INTEGER_MAX) === mib)
  if (wide === undefined || !decodeCharset(textOf(bytes, next, stop), wide).exact) return undefined
  ctx.warn('WARN_MMSE_CHARSET', `charset ${mib} read as ${charsetName(wide) as string} (${wide}), whose low 7 bits Android writes alone`, pos)
  return { mib: wide, next }
}

/** The text from `charset.next` to `stop`, decoded in `charset.mib`; `pos` is where the charset starts. */
function textIn ({ mib, next }: { mib: number, next: number }, bytes: Uint8Array, pos: number, stop: number, ctx: DecodeContext): EncodedText {
  const raw = textOf(bytes, next, stop)
  const name = charsetName(mib)
  const decoded = decodeCharset(raw, mib)
  const value: EncodedText = { text: decoded.text, mib }
  if (name !== undefined) value.charset = name
  // The length, not a NUL, ends the text here, so it may hold one; a Text-string cannot.
  if (decoded.text.includes('\u0000')) ctx.tolerate('WARN_MMSE_BAD_VALUE', heldNul(decoded.text), pos, 'kept')
  // Bytes in a charset nothing here can write are kept, so that the value is written back as it came.
  if (!decoded.exact || name === undefined || !canEncode(mib)) value.raw = copyBytes(raw)
  if (!decoded.exact || name === undefined) {
    ctx.warn('WARN_MMSE_CHARSET', mib === ANY_CHARSET_MIB
      ? 'Any-charset: decoded as UTF-8'
      : name === undefined ? `unknown charset ${mib}: decoded as UTF-8` : `text is not valid ${name}`, pos)
  }
  return value
}

function heldNul (text: string): string {
  return `text ${JSON.stringify(text)} holds a NUL, where readers end it`
}

/** The Char-set as the Integer-value it must be; a MIBenum beyond 2^53 is no charset (-1). */
function longCharset (bytes: Uint8Array, pos: number, stop: number, ctx: DecodeContext): { mib: number, next: number } {
  const charset = integerValue.read(bytes, pos, stop, ctx)
  return { mib: typeof charset.value === 'number' ? charset.value : -1, next: charset.next }
}

/**
 * Android's reader takes the Char-set octet as a Short-integer whatever its high bit says
 * (docs/wire-format.md Q29), so a sender it works with may write the MIBenum's low 7 bits
 * alone: an octet below 0x80 that reads as no Integer-value, or as a Long-integer naming no
 * charset. Lenient mode takes that reading, with a warning, when it names a charset in which
 * the rest decodes exactly.
 */
function lenientCharset (bytes: Uint8Array, pos: number, stop: number, ctx: DecodeContext): { mib: number, next: number } {
  const octet = bytes[pos] as number
  if (pos >= stop || octet >= SHORT_INTEGER_FLAG) return longCharset(bytes, pos, stop, ctx)
  let long: { mib: number, next: number } | undefined
  let failure: unknown
  try {
    long = longCharset(bytes, pos, stop, ctx)
    if (charsetName(long.mib) !== undefined) return long
  } catch (err) {
    failure = err
  }
  if (charsetName(octet) !== undefined && bytes[stop - 1] === NUL_OCTET && decodeCharset(textOf(bytes, pos + 1, stop), octet).exact) {
    ctx.warn('WARN_MMSE_CHARSET', `charset octet 0x${hex(octet)} read as the Short-integer ${octet}, as Android reads it`, pos)
    return { mib: octet, next: pos + 1 }
  }
  if (long === undefined) throw failure
  return long
}

/**
 * A sender that writes the Char-set as a bare MIBenum octet (Q29) may also leave the NUL out of
 * the Value-length, which then ends just before it (docs/wire-format.md Q32): `0F 04 "text" 00`
 * where 0x0F counts the charset and the text only. Read as the specification says, 0x04 is a
 * Long-integer length that names no charset and the NUL is left over, which costs the field
 * (From's own Value-length ends after the NUL). So when the Long-integer reading names no
 * charset, the bare octet does and the octet just past the Value-length is a NUL, the value is
 * read in that charset up to that NUL, which is consumed, with a warning; strict mode refuses it.
 * Undefined when the value is not of that form.
 */
function nulPastLength (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<EncodedText> | undefined {
  const length = valueLength.read(bytes, pos, end, ctx)
  const start = length.next
  const stop = start + length.value
  const octet = bytes[start] as number
  if (start >= stop || stop > end || octet >= SHORT_INTEGER_FLAG || charsetName(octet) === undefined || namesCharset(bytes, start, stop, ctx)) return undefined
  if (bytes[stop - 1] === NUL_OCTET || needByte(bytes, stop, end) !== NUL_OCTET) return undefined
  ctx.tolerate('WARN_MMSE_BAD_VALUE', `charset octet 0x${hex(octet)} read as the Short-integer ${octet}, and the NUL just past the Value-length as the end of the text`, start)
  return { value: textIn({ mib: octet, next: start + 1 }, bytes, start, stop, ctx), next: stop + 1 }
}

/** Whether the Char-set at `pos` read as the Integer-value it must be names a known charset. */
function namesCharset (bytes: Uint8Array, pos: number, stop: number, ctx: DecodeContext): boolean {
  try {
    return charsetName(longCharset(bytes, pos, stop, ctx).mib) !== undefined
  } catch {
    return false
  }
}

/** The text after the charset: an optional Quote skipped, up to the region's end without its NUL. */
function textOf (bytes: Uint8Array, start: number, stop: number): Uint8Array {
  if (start < stop && bytes[start] === TEXT_QUOTE_OCTET) start++
  return bytes.subarray(start, stop > start && bytes[stop - 1] === NUL_OCTET ? stop - 1 : stop)
}

/** Value-length, Char-set (an Integer-value MIBenum), the Quote if the text starts >= 0x7F, the octets, NUL. */
function writeCharsetText (w: ByteWriter, mib: number, octets: Uint8Array): void {
  writeLengthPrefixed(w, (inner) => {
    integerValue.write(inner, mib)
    if ((octets[0] ?? 0) >= TEXT_QUOTE_OCTET) inner.byte(TEXT_QUOTE_OCTET)
    inner.bytes(octets).byte(NUL_OCTET)
  })
}

export function mibOf (charset: string): number {
  const mib = charsetMib(charset)
  if (mib === undefined) throw badInput(`unknown charset ${JSON.stringify(charset)}`)
  return mib
}
