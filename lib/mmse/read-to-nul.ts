/**
 * A Value-length that runs past the end of its NUL-terminated content (docs/wire-format.md Q30).
 * Android's parser reads such a value to its NUL and goes on, so phones accept notifications
 * whose From says 25 octets where its text ends after 18; skipping the declared 25 octets would
 * lose every header after it. Lenient mode reads the value up to that NUL instead, with a
 * warning, when the octets after the NUL read as a well-known header field.
 */
import { LENGTH_QUOTE_OCTET } from '../wsp/constants.js'
import { DecodeContext } from '../wsp/context.js'
import { valueLength } from '../wsp/integers.js'
import { NEED_MORE } from '../wsp/read.js'
import { ByteWriter } from '../wsp/writer.js'
import type { Decoded } from '../wsp/read.js'
import { type HeaderDef, headerByCode } from './table.js'

/** The value of `def` at `pos` (its first octet) read to the first NUL inside its Value-length, or undefined. */
export function readToNul (def: HeaderDef, bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): Decoded<unknown> | undefined {
  if ((bytes[pos] as number) > LENGTH_QUOTE_OCTET) return undefined
  const length = valueLength.read(bytes, pos, end, ctx)
  const start = length.next
  const nul = bytes.indexOf(0, start)
  if (nul === -1 || nul + 1 >= start + length.value || nul >= end) return undefined
  const value = readShortened(def, bytes, start, nul + 1, ctx)
  if (value === undefined || !startsField(bytes, nul + 1, end, ctx)) return undefined
  ctx.warn('WARN_MMSE_BAD_VALUE', `Value-length ${length.value} runs past the end of the value's text: read to its NUL (${nul + 1 - start} octets)`, pos)
  return { value, next: nul + 1 }
}

/** The value read as if its Value-length said `stop - start`, from a copy with that length. */
function readShortened (def: HeaderDef, bytes: Uint8Array, start: number, stop: number, ctx: DecodeContext): unknown {
  const copy = new ByteWriter(stop - start + 6)
  valueLength.write(copy, stop - start)
  const prefix = copy.length
  copy.bytes(bytes.subarray(start, stop))
  const inner = new DecodeContext(false, { base: ctx.at(start) - prefix }, ctx.pending)
  inner.messageType = ctx.messageType
  inner.field = ctx.field
  try {
    return def.codec.read(copy.written(), 0, copy.length, inner).value
  } catch {
    return undefined
  }
}

/** Whether a well-known field, whole and well-formed, starts at `pos`; NEED_MORE when the bytes to tell are not there yet. */
function startsField (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): boolean {
  const def = pos < end ? headerByCode(bytes[pos] as number) : undefined
  if (pos >= end) throw NEED_MORE
  if (def === undefined) return false
  const probe = new DecodeContext(true)
  probe.messageType = ctx.messageType
  try {
    def.codec.read(bytes, pos + 1, end, probe)
    return true
  } catch (err) {
    if (err === NEED_MORE) throw err
    return false
  }
}
