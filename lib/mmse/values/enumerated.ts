/**
 * Fields whose value is one octet named by an enumeration (OMA-TS-MMS_ENC 1.3 §7.3): the plain
 * ones, Yes/No, the statuses with their reserved ranges, Message-Class (an octet or a token) and
 * X-Mms-Attributes (a field named by its number). An unknown octet is kept as its number with a
 * warning, and written back as it came.
 */
import { badInput } from '../../errors.js'
import type { CodeTable, Row } from '../../tables/code-table.js'
import type { StatusValue } from '../../types.js'
import { SHORT_INTEGER_FLAG } from '../../wsp/constants.js'
import type { DecodeContext } from '../../wsp/context.js'
import { shortInteger } from '../../wsp/integers.js'
import { hex, latin1 } from '../../bytes/octets.js'
import { type Decoded, needByte } from '../../wsp/read.js'
import { tokenText } from '../../wsp/strings.js'
import type { FieldCodec } from '../field-codec.js'
import { MESSAGE_CLASSES, type StatusTable, YES_NO } from '../../tables/mmse-enumerations.js'

/** A name of the table, or the octet of a value it does not name. */
export type EnumInput = string | number

function nameOf<R extends Row> (table: CodeTable<R>, octet: number, ctx: DecodeContext, pos: number): R[1] | number {
  const name = table.name(octet)
  if (name !== undefined) return name
  ctx.warn('WARN_MMSE_BAD_VALUE', `unknown value 0x${hex(octet)}`, pos)
  return octet
}

function codeOf (table: CodeTable<Row>, value: unknown): number {
  const code = typeof value === 'string' ? table.code(value) : value
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code > 0xff) throw badInput(`${String(value)} is not a value of this field`)
  return code
}

export function octetEnum<R extends Row> (table: CodeTable<R>): FieldCodec<R[1] | number, EnumInput> {
  return {
    read: (bytes, pos, end, ctx) => ({ value: nameOf(table, needByte(bytes, pos, end), ctx, pos), next: pos + 1 }),
    write: (w, value) => { w.byte(codeOf(table, value)) },
  }
}

/** Yes/No: booleans; any other octet is kept with a warning (T-Mobile's 115: docs/wire-format.md). */
export const yesNo: FieldCodec<boolean | number, boolean | EnumInput> = {
  read (bytes, pos, end, ctx) {
    const value = nameOf(YES_NO, needByte(bytes, pos, end), ctx, pos)
    return { value: typeof value === 'number' ? value : value === 'yes', next: pos + 1 }
  },
  write (w, value) {
    w.byte(codeOf(YES_NO, typeof value === 'boolean' ? (value ? 'yes' : 'no') : value))
  },
}

/** Response-, Retrieve- and Store-Status as the decoder gives them, by name, or by code. */
export type StatusInput = StatusValue | string | number

/** The name of a status (or of its reserved range) and the code as sent. */
export function status (table: StatusTable): FieldCodec<StatusValue, StatusInput> {
  return {
    read: (bytes, pos, end, ctx) => ({ value: statusValue(table, needByte(bytes, pos, end), ctx, pos), next: pos + 1 }),
    write: (w, value) => { w.byte(statusCode(table, value)) },
  }
}

export function statusValue (table: StatusTable, octet: number, ctx: DecodeContext, pos: number): StatusValue {
  const name = table.meaning(octet)
  if (name !== undefined) return { name, code: octet }
  ctx.warn('WARN_MMSE_BAD_VALUE', `unknown status 0x${hex(octet)}`, pos)
  return { name: 'unknown', code: octet }
}

/** A decoded status is written by its code (what was sent), a name by the table's code for it. */
export function statusCode (table: StatusTable, value: StatusInput): number {
  if (typeof value !== 'object' || value === null) return codeOf(table, value)
  const { name, code } = value as Partial<StatusValue>
  if (typeof code !== 'number') throw badInput('a status object is { name, code } as decoded; give a name alone as a string')
  const written = codeOf(table, code)
  if (name !== undefined && name !== (table.meaning(written) ?? 'unknown')) throw badInput(`status ${name} does not match its code 0x${hex(written)}`)
  return written
}

/** Message-Class: a Class-identifier octet, or a Token-text for a class no octet names. */
export const messageClass: FieldCodec<string | number, EnumInput> = {
  read (bytes, pos, end, ctx): Decoded<string | number> {
    const first = needByte(bytes, pos, end)
    if (first >= SHORT_INTEGER_FLAG) return { value: nameOf(MESSAGE_CLASSES, first, ctx, pos), next: pos + 1 }
    const token = tokenText.read(bytes, pos, end, ctx)
    return { value: latin1(token.value), next: token.next }
  },
  write (w, value) {
    if (typeof value === 'string' && MESSAGE_CLASSES.code(value) === undefined) tokenText.write(w, value)
    else w.byte(codeOf(MESSAGE_CLASSES, value))
  },
}

/**
 * X-Mms-Attributes: a Short-integer naming one header field, as its JS key (its code when no
 * field has it). `keyOf` and `codeOf` map both ways through the header table.
 */
export function attribute (keyOf: (code: number) => string | undefined, fieldCode: (key: string) => number | undefined): FieldCodec<string | number, string | number> {
  return {
    read (bytes, pos, end, ctx) {
      const number = shortInteger.read(bytes, pos, end, ctx)
      const code = number.value | SHORT_INTEGER_FLAG
      const key = keyOf(code)
      if (key !== undefined) return { value: key, next: number.next }
      ctx.warn('WARN_MMSE_BAD_VALUE', `attribute names unknown field 0x${hex(code)}`, pos)
      return { value: code, next: number.next }
    },
    write (w, value) {
      const code = typeof value === 'string' ? fieldCode(value) : value
      if (code === undefined || !Number.isInteger(code) || code < SHORT_INTEGER_FLAG || code > 0xff) throw badInput(`${String(value)} names no header field`)
      shortInteger.write(w, code & ~SHORT_INTEGER_FLAG)
    },
  }
}
