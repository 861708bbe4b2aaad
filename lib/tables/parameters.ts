/**
 * WSP well-known parameters: WAP-230 Table 38, 29 assignments (0x04 is unassigned; the old WINA
 * page's `uaprof` there is decoded by no one, so it stays unknown). The number is without the
 * 0x80 bit; the kind is the Typed-value encoding; the version is the WSP encoding version that
 * introduced the number.
 *
 * The 1.4 numbers 0x17-0x1D supersede the Text-string ones, but some carriers refuse them and
 * still want the older ones (docs/wire-format.md), so the encoder writes, for each name, the
 * first number in this table whose kind can hold the value: `name` as 0x05, `start` as 0x0A,
 * `type` as 0x03 for an integer and 0x09 for a media type.
 */
import { CodeTable } from './code-table.js'

export type ParamKind =
  | 'q-value'
  | 'well-known-charset'
  | 'version-value'
  | 'integer-value'
  | 'text-string'
  | 'field-name'
  | 'short-integer'
  | 'constrained-encoding'
  | 'delta-seconds'
  | 'no-value'
  | 'text-value'
  | 'date-value'

export type ParamRow = readonly [number: number, name: string, kind: ParamKind, version: string]

export const PARAMETERS = new CodeTable<ParamRow>([
  [0x00, 'q', 'q-value', '1.1'],
  [0x01, 'charset', 'well-known-charset', '1.1'],
  [0x02, 'level', 'version-value', '1.1'],
  [0x03, 'type', 'integer-value', '1.1'],
  [0x05, 'name', 'text-string', '1.1'],
  [0x06, 'filename', 'text-string', '1.1'],
  [0x07, 'differences', 'field-name', '1.1'],
  [0x08, 'padding', 'short-integer', '1.1'],
  [0x09, 'type', 'constrained-encoding', '1.2'],
  [0x0a, 'start', 'text-string', '1.2'],
  [0x0b, 'start-info', 'text-string', '1.2'],
  [0x0c, 'comment', 'text-string', '1.3'],
  [0x0d, 'domain', 'text-string', '1.3'],
  [0x0e, 'max-age', 'delta-seconds', '1.3'],
  [0x0f, 'path', 'text-string', '1.3'],
  [0x10, 'secure', 'no-value', '1.3'],
  [0x11, 'sec', 'short-integer', '1.4'],
  [0x12, 'mac', 'text-value', '1.4'],
  [0x13, 'creation-date', 'date-value', '1.4'],
  [0x14, 'modification-date', 'date-value', '1.4'],
  [0x15, 'read-date', 'date-value', '1.4'],
  [0x16, 'size', 'integer-value', '1.4'],
  [0x17, 'name', 'text-value', '1.4'],
  [0x18, 'filename', 'text-value', '1.4'],
  [0x19, 'start', 'text-value', '1.4'],
  [0x1a, 'start-info', 'text-value', '1.4'],
  [0x1b, 'comment', 'text-value', '1.4'],
  [0x1c, 'domain', 'text-value', '1.4'],
  [0x1d, 'path', 'text-value', '1.4'],
])
