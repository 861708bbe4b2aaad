/**
 * Reads one MMSE header field (WAP-209 §7.1): a well-known field (code 0x80-0xFF, value by the
 * table's codec) or a textual Application-header (Token-text name, Text-string value). A value
 * that does not fit its codec, and an unknown code, are skipped by the shape of the value
 * (mmse-tables §1.1) with a warning, so the decoder never loses sync; strict mode rejects them.
 */
import { MmseError } from '../errors.js'
import type { MmseHeader } from '../types.js'
import { type DecodeContext, warn } from '../wsp/context.js'
import { hex, latin1, needByte, NEED_MORE, skipValue, tokenText } from '../wsp/primitives.js'
import { text } from '../wsp/text.js'
import { type HeaderDef, headerByCode } from './table.js'

export type FieldRead =
  | { kind: 'header', header: MmseHeader, def: HeaderDef | undefined, next: number }
  | { kind: 'skipped', next: number }
  /** The octet cannot start a header: the header section ends before it. */
  | { kind: 'end' }

/** The first octet of a textual Application-header name (a Token-text character). */
function isTokenStart (octet: number): boolean {
  return octet >= 0x20 && octet < 0x7f
}

export function readField (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): FieldRead {
  const code = needByte(bytes, pos, end)
  if (code >= 0x80) return wellKnown(code, bytes, pos, end, ctx)
  if (!isTokenStart(code)) return { kind: 'end' }
  ctx.field = 'Application-header'
  const name = tokenText(bytes, pos, end)
  const value = text(bytes, name.next, end, ctx)
  const key = latin1(name.value)
  return {
    kind: 'header',
    header: { code: null, name: key, key, value: value.value, offset: ctx.base + pos, length: value.next - pos },
    def: undefined,
    next: value.next,
  }
}

function wellKnown (code: number, bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): FieldRead {
  const def = headerByCode(code)
  ctx.field = def?.name ?? `0x${hex(code)}`
  if (def === undefined) {
    if (ctx.strict) throw new MmseError('ERR_MMSE_UNKNOWN_FIELD', `unknown header field 0x${hex(code)}`, pos, { field: ctx.field })
    const next = skipValue(bytes, pos + 1, end)
    warn(ctx, 'WARN_MMSE_UNKNOWN_FIELD', `unknown header field 0x${hex(code)} skipped`, pos)
    return { kind: 'skipped', next }
  }
  try {
    const value = def.codec.decode(bytes, pos + 1, end, ctx)
    return {
      kind: 'header',
      header: { code, name: def.name, key: def.key, value: value.value, offset: ctx.base + pos, length: value.next - pos },
      def,
      next: value.next,
    }
  } catch (err) {
    if (err === NEED_MORE || ctx.strict || !(err instanceof MmseError)) throw err
    const next = skipValue(bytes, pos + 1, end)
    warn(ctx, 'WARN_MMSE_BAD_VALUE', `${err.message}: value skipped`, pos)
    return { kind: 'skipped', next }
  }
}
