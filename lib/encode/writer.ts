/**
 * A growable byte writer for the WSP basic encodings (WAP-230 §8.1.2 uintvar, §8.4.2 header
 * values) and the MMS Encoded-string-value (OMA-MMS-ENC §7.2.9). Every integer is written in
 * the shortest valid form: a Short-integer where the value fits 7 bits, a Long-integer of the
 * minimum number of octets, a uintvar without leading 0x80 octets (mmse-tables §1.2).
 */
import { Buffer } from 'node:buffer'
import iconv from 'iconv-lite'
import { charsetMib, charsetName, decodeCharset } from '../charsets.js'
import { MmseError } from '../errors.js'
import type { EncodedText, Integer } from '../types.js'

/** 0x7F: the Quote before a Text-string whose first octet is >= 0x80 (WAP-230 §8.4.2.1). */
const TEXT_QUOTE = 0x7f
const STRING_QUOTE = 0x22
const LENGTH_QUOTE = 0x1f
const SHORT_LENGTH_MAX = 30
const UINT32_MAX = 0xffffffff
/** Multi-octet-integer = 1*30 OCTET (WAP-230 §8.4.2.1). */
const LONG_INTEGER_MAX_OCTETS = 30
const UTF_8 = 106
/** UTF-16 and UCS-2: written big-endian without a BOM, which is what a BOM-less reader assumes (RFC 2781, quirk #7). */
const BIG_ENDIAN_16 = new Set([1000, 1015])

export interface TextOptions {
  /** MIBenum or name of the charset for text that is not US-ASCII (default utf-8). */
  charset?: string | number
}

export class ByteWriter {
  #buf: Buffer
  #length = 0

  constructor (capacity = 256) {
    this.#buf = Buffer.allocUnsafe(capacity)
  }

  get length (): number {
    return this.#length
  }

  /** The bytes written so far (a copy, so the writer may go on). */
  toBuffer (): Buffer {
    return Buffer.from(this.#buf.subarray(0, this.#length))
  }

  #reserve (n: number): void {
    if (this.#length + n <= this.#buf.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#length + n))
    this.#buf.copy(grown, 0, 0, this.#length)
    this.#buf = grown
  }

  byte (octet: number): this {
    this.#reserve(1)
    this.#buf[this.#length++] = octet
    return this
  }

  bytes (data: Uint8Array | readonly number[]): this {
    this.#reserve(data.length)
    this.#buf.set(data as ArrayLike<number>, this.#length)
    this.#length += data.length
    return this
  }

  /** Uintvar: 7 bits per octet, most significant first, never a leading 0x80. */
  uintvar (value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > UINT32_MAX) throw badInput(`uintvar ${value} is not an integer 0 to 2^32-1`)
    return this.bytes(uintvarBytes(value))
  }

  /** Short-integer: 0x80 | value, for 0-127. */
  shortInteger (value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0x7f) throw badInput(`Short-integer ${value} is not 0-127`)
    return this.byte(0x80 | value)
  }

  /** Long-integer: Short-length then the minimum number of big-endian octets (at least one). */
  longInteger (value: Integer): this {
    const octets = bigEndian(value)
    return this.byte(octets.length).bytes(octets)
  }

  /** Integer-value: a Short-integer when the value fits, else a Long-integer. */
  integerValue (value: Integer): this {
    const small = typeof value === 'bigint' ? value >= 0n && value <= 0x7fn : Number.isInteger(value) && value >= 0 && value <= 0x7f
    return small ? this.shortInteger(Number(value)) : this.longInteger(value)
  }

  /** Value-length: Short-length (0-30), or Length-quote then a uintvar. */
  valueLength (length: number): this {
    return length <= SHORT_LENGTH_MAX ? this.byte(length) : this.byte(LENGTH_QUOTE).uintvar(length)
  }

  /** A Value-length followed by whatever `inner` writes. */
  lengthPrefixed (inner: (w: ByteWriter) => void): this {
    const body = new ByteWriter(64)
    inner(body)
    return this.valueLength(body.length).bytes(body.#buf.subarray(0, body.#length))
  }

  /**
   * Text-string: the text's UTF-8 octets and a NUL, with the Quote when the first octet is >=
   * 0x80. A text starting with 0x7F gets the Quote too, or a reader would take it for one.
   */
  textString (text: string | Uint8Array): this {
    const octets = typeof text === 'string' ? Buffer.from(text, 'utf8') : text
    noNul(octets)
    const first = octets[0]
    if (first !== undefined && first >= TEXT_QUOTE) this.byte(TEXT_QUOTE)
    return this.bytes(octets).byte(0)
  }

  /** Quoted-string: '"', the text, NUL (no closing quote: WAP-230 §8.4.2.1). */
  quotedString (text: string): this {
    const octets = Buffer.from(text, 'utf8')
    noNul(octets)
    return this.byte(STRING_QUOTE).bytes(octets).byte(0)
  }

  /** Token-text / Extension-media: the octets and a NUL; the text must start in 0x20-0x7E. */
  tokenText (text: string): this {
    const octets = Buffer.from(text, 'latin1')
    noNul(octets)
    const first = octets[0]
    if (first !== undefined && (first < 0x20 || first >= TEXT_QUOTE)) throw badInput(`token ${JSON.stringify(text)} does not start with a text character`)
    return this.bytes(octets).byte(0)
  }

  /**
   * Text-value (WAP-230 §8.4.2.3): Token-text when a reader would take the octets back as
   * they are, else Quoted-string (a value that starts with '"' or is not ASCII).
   */
  textValue (text: string): this {
    return /^[\x20\x21\x23-\x7e][\x20-\x7e]*$|^$/.test(text) ? this.tokenText(text) : this.quotedString(text)
  }

  /** Date-value: Long-integer seconds since the epoch; fractions of a second are dropped. */
  dateValue (date: Date): this {
    const ms = date.getTime()
    if (!(ms >= 0)) throw badInput(`date ${String(date)} is before 1970 or invalid`)
    return this.longInteger(Math.floor(ms / 1000))
  }

  /** Version-value: Short-integer `0x80 | major << 4 | minor` (minor 15 = none) where it fits, else a Text-string. */
  versionValue (version: string): this {
    const match = /^([1-7])(?:\.(1[0-4]|\d))?$/.exec(version)
    if (match === null) return this.textString(version)
    return this.shortInteger((Number(match[1]) << 4) | (match[2] === undefined ? 15 : Number(match[2])))
  }

  /**
   * Encoded-string-value (MMSE §7.2.9). Plain Text-string when the text is US-ASCII; else the
   * charset form `Value-length Char-set Text-string`, UTF-8 unless another charset is asked for.
   * An EncodedText that names its charset (as a decoded one does when the sender used the
   * charset form) keeps it, so a decoded value is written back as it came; one that carries
   * `raw` octets (text that could not be decoded faithfully) is written from those octets.
   */
  encodedString (value: EncodedText | string, options: TextOptions = {}): this {
    const input: EncodedText = typeof value === 'string' ? { text: value } : value
    const mib = input.mib ?? (input.charset === undefined ? undefined : mibOf(input.charset))
    if (input.raw !== undefined) return mib === undefined ? this.textString(input.raw) : this.#charsetText(mib, input.raw)
    if (mib !== undefined) return this.#charsetText(mib, encodeText(input.text, mib))
    // The plain form must not start below 0x20: a reader would take that octet for a Value-length.
    if (/^(?:[\x20-\x7e][\x01-\x7e]*)?$/.test(input.text)) return this.textString(input.text)
    const charset = options.charset === undefined ? UTF_8 : typeof options.charset === 'number' ? options.charset : mibOf(options.charset)
    return this.#charsetText(charset, encodeText(input.text, charset))
  }

  #charsetText (mib: number, octets: Uint8Array): this {
    return this.lengthPrefixed((w) => {
      w.integerValue(mib)
      const first = octets[0]
      if (first !== undefined && first >= TEXT_QUOTE) w.byte(TEXT_QUOTE)
      w.bytes(octets).byte(0)
    })
  }
}

export function uintvarBytes (value: number): number[] {
  const out = [value % 128]
  for (value = Math.floor(value / 128); value > 0; value = Math.floor(value / 128)) out.unshift(0x80 | (value % 128))
  return out
}

/** Big-endian octets of a non-negative integer, at least one, no leading zero octets. */
function bigEndian (value: Integer): number[] {
  let big: bigint
  if (typeof value === 'bigint') big = value
  else if (Number.isSafeInteger(value)) big = BigInt(value)
  else throw badInput(`integer ${value} is not a safe integer`)
  if (big < 0n) throw badInput(`integer ${value} is negative`)
  const octets: number[] = []
  do {
    octets.unshift(Number(big & 0xffn))
    big >>= 8n
  } while (big > 0n)
  if (octets.length > LONG_INTEGER_MAX_OCTETS) throw badInput(`integer ${value} needs more than 30 octets`)
  return octets
}

function mibOf (charset: string): number {
  const mib = charsetMib(charset)
  if (mib === undefined) throw badInput(`unknown charset ${JSON.stringify(charset)}`)
  return mib
}

/**
 * The text in the charset with MIBenum `mib`, through iconv-lite. iconv-lite replaces what a
 * charset cannot represent; reading the octets back with the decoder's own charset table
 * catches that, so what is written always decodes to the text given.
 */
export function encodeText (text: string, mib: number): Uint8Array {
  if (mib === UTF_8) return Buffer.from(text, 'utf8')
  const name = BIG_ENDIAN_16.has(mib) ? 'utf-16be' : charsetName(mib)
  if (name === undefined || !iconv.encodingExists(name)) throw badInput(`no encoder for charset ${name ?? mib}`)
  const octets = iconv.encode(text, name)
  const back = decodeCharset(octets, mib)
  if (!back.exact || back.text !== text) throw badInput(`text ${JSON.stringify(text)} cannot be written in ${name}`)
  return octets
}

function noNul (octets: Uint8Array): void {
  if (octets.includes(0)) throw badInput('text contains a NUL octet')
}

export function badInput (message: string, field?: string): MmseError {
  return new MmseError('ERR_MMSE_BAD_INPUT', message, 0, field === undefined ? {} : { field })
}
