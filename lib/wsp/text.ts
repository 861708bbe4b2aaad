/**
 * Text values: Text-strings (no charset: UTF-8, which is what real senders put there) and
 * Encoded-string-values (MMSE §7.2.9: Text-string, or Value-length Char-set Text-string).
 * The text is decoded with its charset; whatever cannot be decoded faithfully keeps its raw
 * bytes and leaves a warning.
 */
import { charsetName, decodeCharset, decodeUtf8Text } from '../charsets.js'
import type { EncodedText } from '../types.js'
import { type DecodeContext, warn } from './context.js'
import { type Decoded, bounded, copyBytes, findNul, integerValue, needByte, LENGTH_QUOTE, NEED_MORE, TEXT_QUOTE, textString, valueLength } from './primitives.js'

/** Any-charset `*` (WAP-230 Table 42): octet 0x80, i.e. MIBenum 0. Not a real charset. */
export const ANY_CHARSET = 0

/**
 * The hot path of header decoding: a Text-string of ASCII in a Buffer, read straight from the
 * input without intermediate views. Anything else (a quote, a non-ASCII octet, a plain
 * Uint8Array) returns undefined and takes the general path.
 */
function asciiText (bytes: Uint8Array, pos: number, end: number): Decoded<string> | undefined {
  if (!Buffer.isBuffer(bytes)) return undefined
  const nul = findNul(bytes, pos, end)
  for (let i = pos; i < nul; i++) if ((bytes[i] as number) >= TEXT_QUOTE) return undefined
  return { value: bytes.toString('latin1', pos, nul), next: nul + 1 }
}

/** A Text-string decoded as UTF-8. */
export function text (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<string> {
  const ascii = asciiText(bytes, pos, end)
  if (ascii !== undefined) return ascii
  const raw = textString(bytes, pos, end)
  const decoded = decodeUtf8Text(raw.value)
  if (!decoded.exact) warn(ctx, 'WARN_MMSE_CHARSET', 'text is not valid UTF-8', pos)
  return { value: decoded.text, next: raw.next }
}

/** Encoded-string-value. */
export function encodedText (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<EncodedText> {
  const first = needByte(bytes, pos, end)
  if (first === 0 || first > LENGTH_QUOTE) {
    const ascii = asciiText(bytes, pos, end)
    if (ascii !== undefined) return { value: { text: ascii.value }, next: ascii.next }
    const raw = textString(bytes, pos, end)
    const decoded = decodeUtf8Text(raw.value)
    if (decoded.exact) return { value: { text: decoded.text }, next: raw.next }
    warn(ctx, 'WARN_MMSE_CHARSET', 'text without a charset is not valid UTF-8', pos)
    return { value: { text: decoded.text, raw: copyBytes(raw.value) }, next: raw.next }
  }
  const length = valueLength(bytes, pos, end)
  const stop = length.next + length.value
  if (stop > end) throw NEED_MORE
  return { value: bounded(charsetText, bytes, length.next, stop), next: stop }

  /**
   * Char-set then Text-string, up to the end the Value-length gives (not the first NUL:
   * UTF-16 text holds NUL octets). An optional Quote after the charset is skipped
   * (mmse-tables §12 #6).
   */
  function charsetText (bytes: Uint8Array, pos: number, stop: number): EncodedText {
    const charset = integerValue(bytes, pos, stop)
    const mib = typeof charset.value === 'number' ? charset.value : -1
    let start = charset.next
    if (start < stop && bytes[start] === TEXT_QUOTE) start++
    const textEnd = stop > start && bytes[stop - 1] === 0 ? stop - 1 : stop
    const raw = bytes.subarray(start, textEnd)
    const name = charsetName(mib)
    const decoded = decodeCharset(raw, mib)
    const value: EncodedText = { text: decoded.text, mib }
    if (name !== undefined) value.charset = name
    if (!decoded.exact || name === undefined) {
      value.raw = copyBytes(raw)
      warn(ctx, 'WARN_MMSE_CHARSET', mib === ANY_CHARSET
        ? 'Any-charset: decoded as UTF-8'
        : name === undefined ? `unknown charset ${mib}: decoded as UTF-8` : `text is not valid ${name}`, pos)
    }
    return value
  }
}
