/**
 * WSP basic encodings (WAP-230 §8.1.2, §8.4.2), as pure functions over `(bytes, pos, end)`.
 *
 * Each returns `{ value, next }`. When `end` comes before the value is complete it throws the
 * {@link NEED_MORE} sentinel: the stream keeps the bytes and tries again with more; a caller
 * holding a complete, bounded region turns it into a malformed-value error. A value that can
 * never be valid throws an {@link MmseError}, whose offset is relative to `bytes` (callers
 * relocate it to an absolute input offset).
 */
import { MmseError } from '../errors.js'
import type { Integer } from '../types.js'

/** Thrown when `end` is reached before the value is complete. Distinct from malformed. */
export const NEED_MORE: unique symbol = Symbol('NEED_MORE')

export interface Decoded<T> {
  value: T
  next: number
}

/** 0x7F: the Quote that precedes a Text-string whose first octet is >= 0x80 (WAP-230 §8.4.2.1). */
export const TEXT_QUOTE = 0x7f
/** 0x22: the '"' that starts a Quoted-string. */
export const STRING_QUOTE = 0x22
/** 0x1F: Length-quote, a uintvar length follows (WAP-230 §8.4.2.2). */
export const LENGTH_QUOTE = 0x1f
/** The largest Short-length. */
export const SHORT_LENGTH_MAX = 30
/** Uintvar: at most 5 octets and 2^32 - 1 (WAP-230 §8.1.2). */
const UINTVAR_MAX_OCTETS = 5
const UINT32_MAX = 0xffffffff
/** Long-integer: the spec allows 30 octets; we accept 8, as AOSP and OpenHarmony do. */
const LONG_INTEGER_MAX_OCTETS = 8
/** Seconds since the epoch that still fit a JS Date (±8.64e15 ms). */
const MAX_DATE_SECONDS = 8.64e12

export function needByte (bytes: Uint8Array, pos: number, end: number): number {
  if (pos >= end) throw NEED_MORE
  return bytes[pos] as number
}

/** Uintvar: 7 bits per octet, most significant first, bit 7 set on all but the last. */
export function uintvar (bytes: Uint8Array, pos: number, end: number): Decoded<number> {
  let value = 0
  for (let i = 0; i < UINTVAR_MAX_OCTETS; i++) {
    const octet = needByte(bytes, pos + i, end)
    value = value * 128 + (octet & 0x7f)
    if ((octet & 0x80) === 0) {
      if (value > UINT32_MAX) throw new MmseError('ERR_MMSE_BAD_UINTVAR', `uintvar ${value} exceeds 2^32-1`, pos)
      return { value, next: pos + i + 1 }
    }
  }
  throw new MmseError('ERR_MMSE_BAD_UINTVAR', 'uintvar longer than 5 octets', pos)
}

/** Short-integer: one octet with bit 7 set, value 0-127. */
export function shortInteger (bytes: Uint8Array, pos: number, end: number): Decoded<number> {
  const octet = needByte(bytes, pos, end)
  if (octet < 0x80) throw new MmseError('ERR_MMSE_BAD_INTEGER', `expected a Short-integer, found 0x${hex(octet)}`, pos)
  return { value: octet & 0x7f, next: pos + 1 }
}

/** Long-integer: Short-length (1-30) then that many big-endian octets; minimum length 1. */
export function longInteger (bytes: Uint8Array, pos: number, end: number): Decoded<Integer> {
  const length = needByte(bytes, pos, end)
  if (length === 0 || length > SHORT_LENGTH_MAX) {
    throw new MmseError('ERR_MMSE_BAD_INTEGER', `Long-integer length ${length} is not 1-30`, pos)
  }
  if (length > LONG_INTEGER_MAX_OCTETS) {
    throw new MmseError('ERR_MMSE_BAD_INTEGER', `Long-integer of ${length} octets exceeds 8`, pos)
  }
  if (pos + 1 + length > end) throw NEED_MORE
  return { value: readBigEndian(bytes, pos + 1, length), next: pos + 1 + length }
}

/** Big-endian unsigned integer; a bigint only above 2^53 - 1, so no precision is ever lost. */
export function readBigEndian (bytes: Uint8Array, pos: number, length: number): Integer {
  let value = 0
  for (let i = 0; i < length; i++) value = value * 256 + (bytes[pos + i] as number)
  if (value <= Number.MAX_SAFE_INTEGER) return value
  let big = 0n
  for (let i = 0; i < length; i++) big = (big << 8n) | BigInt(bytes[pos + i] as number)
  return big
}

/** Integer-value: Short-integer or Long-integer; either form for any value. */
export function integerValue (bytes: Uint8Array, pos: number, end: number): Decoded<Integer> {
  return needByte(bytes, pos, end) >= 0x80 ? shortInteger(bytes, pos, end) : longInteger(bytes, pos, end)
}

/** Value-length: Short-length 0-30, or Length-quote 31 then a uintvar. */
export function valueLength (bytes: Uint8Array, pos: number, end: number): Decoded<number> {
  const octet = needByte(bytes, pos, end)
  if (octet <= SHORT_LENGTH_MAX) return { value: octet, next: pos + 1 }
  if (octet === LENGTH_QUOTE) return uintvar(bytes, pos + 1, end)
  throw new MmseError('ERR_MMSE_BAD_VALUE_LENGTH', `expected a Value-length, found 0x${hex(octet)}`, pos)
}

/**
 * Runs `inner` over the region a Value-length announces. The region must be complete in
 * `bytes` first (else NEED_MORE); inside it, running out of bytes is malformed.
 */
export function lengthPrefixed<T> (
  bytes: Uint8Array, pos: number, end: number,
  inner: (bytes: Uint8Array, pos: number, end: number) => T,
): Decoded<T> {
  const length = valueLength(bytes, pos, end)
  const stop = length.next + length.value
  if (stop > end) throw NEED_MORE
  return { value: bounded(inner, bytes, length.next, stop), next: stop }
}

/** Calls a decoder on a complete region: NEED_MORE inside it means the value overruns it. */
export function bounded<T> (
  inner: (bytes: Uint8Array, pos: number, end: number) => T,
  bytes: Uint8Array, pos: number, end: number,
): T {
  try {
    return inner(bytes, pos, end)
  } catch (err) {
    if (err === NEED_MORE) throw new MmseError('ERR_MMSE_BAD_VALUE', 'value overruns its length', pos)
    throw err
  }
}

/** Offset of the NUL that ends a string starting at `pos`, or NEED_MORE. */
export function findNul (bytes: Uint8Array, pos: number, end: number): number {
  const nul = bytes.indexOf(0, pos)
  if (nul === -1 || nul >= end) throw NEED_MORE
  return nul
}

/** Text-string: optional 0x7F Quote, then octets up to a NUL. Returns the octets. */
export function textString (bytes: Uint8Array, pos: number, end: number): Decoded<Uint8Array> {
  const start = needByte(bytes, pos, end) === TEXT_QUOTE ? pos + 1 : pos
  const nul = findNul(bytes, start, end)
  return { value: bytes.subarray(start, nul), next: nul + 1 }
}

/** Token-text, Extension-media: octets up to a NUL (no quote). */
export function tokenText (bytes: Uint8Array, pos: number, end: number): Decoded<Uint8Array> {
  needByte(bytes, pos, end)
  const nul = findNul(bytes, pos, end)
  return { value: bytes.subarray(pos, nul), next: nul + 1 }
}

/**
 * Quoted-string: '"' then octets up to a NUL. The closing '"' is not sent; a stray one that some
 * encoders add is stripped (mmse-tables §12 #15).
 */
export function quotedString (bytes: Uint8Array, pos: number, end: number): Decoded<Uint8Array> {
  const start = needByte(bytes, pos, end) === STRING_QUOTE ? pos + 1 : pos
  const nul = findNul(bytes, start, end)
  const stop = nul > start && bytes[nul - 1] === STRING_QUOTE ? nul - 1 : nul
  return { value: bytes.subarray(start, stop), next: nul + 1 }
}

/** Text-value: No-value (0x00), Token-text or Quoted-string. */
export function textValue (bytes: Uint8Array, pos: number, end: number): Decoded<Uint8Array> {
  return needByte(bytes, pos, end) === STRING_QUOTE ? quotedString(bytes, pos, end) : tokenText(bytes, pos, end)
}

/** Date-value: Long-integer seconds since 1970-01-01T00:00:00Z. */
export function dateValue (bytes: Uint8Array, pos: number, end: number): Decoded<Date> {
  const seconds = longInteger(bytes, pos, end)
  if (typeof seconds.value === 'bigint' || seconds.value > MAX_DATE_SECONDS) {
    throw new MmseError('ERR_MMSE_BAD_VALUE', `date ${seconds.value} s is beyond the range of a Date`, pos)
  }
  return { value: new Date(seconds.value * 1000), next: seconds.next }
}

/**
 * Version-value: Short-integer with the major in bits 6-4 and the minor in bits 3-0 (15 = no
 * minor), or a Text-string. Returned as text, e.g. `'1.2'`.
 */
export function versionValue (bytes: Uint8Array, pos: number, end: number): Decoded<string> {
  const octet = needByte(bytes, pos, end)
  if (octet < 0x80) {
    const text = textString(bytes, pos, end)
    return { value: latin1(text.value), next: text.next }
  }
  const major = (octet >> 4) & 0x07
  const minor = octet & 0x0f
  return { value: minor === 0x0f ? `${major}` : `${major}.${minor}`, next: pos + 1 }
}

/**
 * Skips one value by the shape of its first octet (WAP-230 §8.4.1.2): 0-30 short length,
 * 31 uintvar length, 32-127 NUL-terminated text, 128-255 a single octet. This is what keeps
 * the decoder in sync past unknown or malformed fields.
 */
export function skipValue (bytes: Uint8Array, pos: number, end: number): number {
  const octet = needByte(bytes, pos, end)
  if (octet >= 0x80) return pos + 1
  if (octet < 0x20) {
    const length = valueLength(bytes, pos, end)
    const stop = length.next + length.value
    if (stop > end) throw NEED_MORE
    return stop
  }
  return findNul(bytes, pos, end) + 1
}

/**
 * A copy of a byte run, for values that outlive the input: `Buffer#slice` does not copy, and
 * the input may be the parser's reused carry-over.
 */
export function copyBytes (bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes)
}

/** ASCII/Latin-1 view of a short byte run (names, tokens, numbers). */
export function latin1 (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}

export function hex (octet: number): string {
  return octet.toString(16).padStart(2, '0')
}
