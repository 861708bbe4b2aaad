/**
 * The WSP integer and length encodings (WAP-230 §8.1.2 uintvar, §8.4.2.1 Short-integer and
 * Long-integer, §8.4.2.3 Integer-value, §8.4.2.2 Value-length), read and written. Writers use the
 * shortest valid form: no leading 0x80 in a uintvar, the fewest octets in a Long-integer, a
 * Short-integer wherever the value fits 7 bits.
 */
import { badInput } from '../errors.js'
import type { Integer } from '../types.js'
import type { Codec } from './codec.js'
import {
  LENGTH_QUOTE_OCTET, LONG_INTEGER_MAX_OCTETS, SHORT_INTEGER_FLAG, SHORT_INTEGER_MAX, SHORT_LENGTH_MAX,
  UINTVAR_MAX, UINTVAR_MAX_OCTETS,
} from './constants.js'
import type { DecodeContext } from './context.js'
import { hex } from '../bytes/octets.js'
import { bounded, type Decoded, NEED_MORE, needByte } from './read.js'
import { ByteWriter } from './writer.js'

/** Uintvar: 7 bits per octet, most significant first, bit 7 set on all but the last. */
export const uintvar = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<number> {
    let value = 0
    for (let i = 0; i < UINTVAR_MAX_OCTETS; i++) {
      const octet = needByte(bytes, pos + i, end)
      value = value * 128 + (octet & 0x7f)
      if ((octet & 0x80) === 0) {
        if (value > UINTVAR_MAX) throw ctx.error('ERR_MMSE_BAD_UINTVAR', `uintvar ${value} exceeds 2^32-1`, pos)
        return { value, next: pos + i + 1 }
      }
    }
    throw ctx.error('ERR_MMSE_BAD_UINTVAR', `uintvar longer than ${UINTVAR_MAX_OCTETS} octets`, pos)
  },
  write (w: ByteWriter, value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > UINTVAR_MAX) throw badInput(`uintvar ${value} is not an integer from 0 to 2^32-1`)
    const octets = [value % 128]
    for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128)) octets.unshift(0x80 | (rest % 128))
    w.bytes(octets)
  },
} satisfies Codec<number>

/** Short-integer: one octet with bit 7 set, value 0-127. */
export const shortInteger = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<number> {
    const octet = needByte(bytes, pos, end)
    if (octet < SHORT_INTEGER_FLAG) throw ctx.error('ERR_MMSE_BAD_INTEGER', `expected a Short-integer, found 0x${hex(octet)}`, pos)
    return { value: octet & SHORT_INTEGER_MAX, next: pos + 1 }
  },
  write (w: ByteWriter, value: number): void {
    if (!fitsShort(value)) throw badInput(`Short-integer ${String(value)} is not an integer from 0 to ${SHORT_INTEGER_MAX}`)
    w.byte(SHORT_INTEGER_FLAG | value)
  },
} satisfies Codec<number>

/** Long-integer: a Short-length of 1 to 8 octets (see constants.ts), then that many big-endian octets. */
export const longInteger = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<Integer> {
    const length = needByte(bytes, pos, end)
    if (length === 0 || length > SHORT_LENGTH_MAX) throw ctx.error('ERR_MMSE_BAD_INTEGER', `Long-integer length ${length} is not 1-${SHORT_LENGTH_MAX}`, pos)
    if (length > LONG_INTEGER_MAX_OCTETS) throw ctx.error('ERR_MMSE_BAD_INTEGER', `Long-integer of ${length} octets exceeds ${LONG_INTEGER_MAX_OCTETS}`, pos)
    if (pos + 1 + length > end) throw NEED_MORE
    return { value: readBigEndian(bytes, pos + 1, length), next: pos + 1 + length }
  },
  write (w: ByteWriter, value: Integer): void {
    const octets = bigEndian(value)
    w.byte(octets.length).bytes(octets)
  },
} satisfies Codec<Integer>

/** Integer-value: a Short-integer or a Long-integer; either form for any value on reading. */
export const integerValue = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<Integer> {
    return needByte(bytes, pos, end) >= SHORT_INTEGER_FLAG ? shortInteger.read(bytes, pos, end, ctx) : longInteger.read(bytes, pos, end, ctx)
  },
  write (w: ByteWriter, value: Integer): void {
    if (typeof value === 'bigint' ? value >= 0n && value <= BigInt(SHORT_INTEGER_MAX) : fitsShort(value)) shortInteger.write(w, Number(value))
    else longInteger.write(w, value)
  },
} satisfies Codec<Integer>

/** Value-length: a Short-length 0-30, or Length-quote 31 then a uintvar. */
export const valueLength = {
  read (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<number> {
    const octet = needByte(bytes, pos, end)
    if (octet <= SHORT_LENGTH_MAX) return { value: octet, next: pos + 1 }
    if (octet === LENGTH_QUOTE_OCTET) return uintvar.read(bytes, pos + 1, end, ctx)
    throw ctx.error('ERR_MMSE_BAD_VALUE_LENGTH', `expected a Value-length, found 0x${hex(octet)}`, pos)
  },
  write (w: ByteWriter, length: number): void {
    if (Number.isInteger(length) && length >= 0 && length <= SHORT_LENGTH_MAX) w.byte(length)
    else uintvar.write(w.byte(LENGTH_QUOTE_OCTET), length)
  },
} satisfies Codec<number>

/**
 * Runs `inner` over the region a Value-length announces. The region must be complete in
 * `bytes` first (else NEED_MORE); inside it, running out of bytes is malformed.
 */
export function readLengthPrefixed<T> (
  bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext,
  inner: (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext) => T,
): Decoded<T> {
  const length = valueLength.read(bytes, pos, end, ctx)
  const stop = length.next + length.value
  if (stop > end) throw NEED_MORE
  return { value: bounded(inner, bytes, length.next, stop, ctx), next: stop }
}

/** Writes what `inner` writes, preceded by its Value-length. */
export function writeLengthPrefixed (w: ByteWriter, inner: (w: ByteWriter) => void): void {
  const body = new ByteWriter(64)
  inner(body)
  valueLength.write(w, body.length)
  w.bytes(body.written())
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

function fitsShort (value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= SHORT_INTEGER_MAX
}

/** The fewest big-endian octets of an integer from 0 to 2^64 - 1 (at least one). */
function bigEndian (value: Integer): number[] {
  let big: bigint
  if (typeof value === 'bigint') big = value
  else if (Number.isSafeInteger(value)) big = BigInt(value)
  else throw badInput(`integer ${String(value)} is not a safe integer (give a bigint above 2^53 - 1)`)
  if (big < 0n) throw badInput(`integer ${value} is negative`)
  if (big >> BigInt(8 * LONG_INTEGER_MAX_OCTETS) !== 0n) throw badInput(`integer ${value} needs more than ${LONG_INTEGER_MAX_OCTETS} octets`)
  const octets: number[] = []
  do {
    octets.unshift(Number(big & 0xffn))
    big >>= 8n
  } while (big > 0n)
  return octets
}
