/**
 * One MMSE header field, both ways (WAP-209 §7.1): a well-known field (code 0x80-0xFF, its value
 * by the table's codec) or a textual Application-header (Token-text name, Text-string value).
 * On reading, a value that does not fit its codec, and an unknown code, are skipped by the shape
 * of the value with a warning, so the decoder never loses sync; strict mode rejects them.
 */
import { badInput, MmseError } from '../errors.js'
import type { MmseHeader } from '../types.js'
import type { DecodeContext, EncodeContext } from '../wsp/context.js'
import { hex, latin1 } from '../bytes/octets.js'
import { type Decoded, NEED_MORE, needByte } from '../wsp/read.js'
import { skipValue } from '../wsp/skip.js'
import { tokenText, utf8Text } from '../wsp/strings.js'
import type { ByteWriter } from '../wsp/writer.js'
import { readToNul } from './read-to-nul.js'
import { type HeaderDef, headerByCode } from './table.js'

export type FieldRead =
  | { kind: 'header', header: MmseHeader, def: HeaderDef | undefined, next: number }
  | { kind: 'skipped', next: number }
  /** The octet cannot start a header: the header section ends before it. */
  | { kind: 'end' }

/**
 * The first octet of a textual Application-header name as senders write it: printable US-ASCII.
 * A name that is then no token (wsp/strings.ts) is read with a warning.
 */
function isTokenStart (octet: number): boolean {
  return octet >= 0x20 && octet < 0x7f
}

export function readField (bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): FieldRead {
  const code = needByte(bytes, pos, end)
  if (code >= 0x80) return wellKnown(code, bytes, pos, end, ctx)
  if (!isTokenStart(code)) return { kind: 'end' }
  ctx.field = 'Application-header'
  const name = tokenText.read(bytes, pos, end, ctx)
  const value = utf8Text.read(bytes, name.next, end, ctx)
  const key = latin1(name.value)
  return {
    kind: 'header',
    header: { code: null, name: key, key, value: value.value, offset: ctx.at(pos), length: value.next - pos },
    def: undefined,
    next: value.next,
  }
}

function wellKnown (code: number, bytes: Uint8Array, pos: number, end: number, ctx: DecodeContext): FieldRead {
  const def = headerByCode(code)
  ctx.field = def?.name ?? `0x${hex(code)}`
  if (def === undefined) {
    ctx.tolerate('WARN_MMSE_UNKNOWN_FIELD', `unknown header field 0x${hex(code)}`, pos, 'skipped')
    return { kind: 'skipped', next: skipValue(bytes, pos + 1, end, ctx) }
  }
  let value: Decoded<unknown> | undefined
  try {
    value = def.codec.read(bytes, pos + 1, end, ctx)
  } catch (err) {
    if (err === NEED_MORE || !(err instanceof MmseError)) throw err
    value = ctx.strict ? undefined : readToNul(def, bytes, pos + 1, end, ctx)
    if (value === undefined) {
      ctx.tolerate('WARN_MMSE_BAD_VALUE', err.message, pos, 'value skipped', err)
      return { kind: 'skipped', next: skipValue(bytes, pos + 1, end, ctx) }
    }
  }
  return {
    kind: 'header',
    header: { code, name: def.name, key: def.key, value: value.value, offset: ctx.at(pos), length: value.next - pos },
    def,
    next: value.next,
  }
}

/** Writes one value of a well-known field: its code, then the value (a repeating field calls it once per value). */
export function writeField (w: ByteWriter, def: HeaderDef, value: unknown, ctx: EncodeContext): void {
  w.byte(def.code)
  def.codec.write(w, value, ctx)
}

/** Writes a textual Application-header: a Token-text name, then a Text-string. */
export function writeApplicationHeader (w: ByteWriter, name: string, value: string): void {
  if (typeof value !== 'string') throw badInput(`application header ${name} needs a text value`)
  tokenText.write(w, name)
  utf8Text.write(w, value)
}
