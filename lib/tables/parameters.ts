/**
 * WSP well-known parameters: WAP-230 Table 38, 29 assignments (0x04 is unassigned; the old
 * WINA page's `uaprof` there is not decoded by anyone, so it stays unknown). `code` is the
 * number without the 0x80 bit; `kind` is the Typed-value encoding.
 *
 * The 1.4 codes 0x17-0x1D supersede the Text-string ones, but some carriers still want the
 * older codes and refuse the newer ones (quirk #14), so `PREFERRED_PARAM_CODE` names the older.
 */

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

export interface ParamDef {
  readonly code: number
  /** Lower case, e.g. `start-info`. */
  readonly name: string
  readonly kind: ParamKind
  /** The WSP encoding version that introduced the code. */
  readonly version: string
}

const DEFS: readonly ParamDef[] = [
  { code: 0x00, name: 'q', kind: 'q-value', version: '1.1' },
  { code: 0x01, name: 'charset', kind: 'well-known-charset', version: '1.1' },
  { code: 0x02, name: 'level', kind: 'version-value', version: '1.1' },
  { code: 0x03, name: 'type', kind: 'integer-value', version: '1.1' },
  { code: 0x05, name: 'name', kind: 'text-string', version: '1.1' },
  { code: 0x06, name: 'filename', kind: 'text-string', version: '1.1' },
  { code: 0x07, name: 'differences', kind: 'field-name', version: '1.1' },
  { code: 0x08, name: 'padding', kind: 'short-integer', version: '1.1' },
  { code: 0x09, name: 'type', kind: 'constrained-encoding', version: '1.2' },
  { code: 0x0a, name: 'start', kind: 'text-string', version: '1.2' },
  { code: 0x0b, name: 'start-info', kind: 'text-string', version: '1.2' },
  { code: 0x0c, name: 'comment', kind: 'text-string', version: '1.3' },
  { code: 0x0d, name: 'domain', kind: 'text-string', version: '1.3' },
  { code: 0x0e, name: 'max-age', kind: 'delta-seconds', version: '1.3' },
  { code: 0x0f, name: 'path', kind: 'text-string', version: '1.3' },
  { code: 0x10, name: 'secure', kind: 'no-value', version: '1.3' },
  { code: 0x11, name: 'sec', kind: 'short-integer', version: '1.4' },
  { code: 0x12, name: 'mac', kind: 'text-value', version: '1.4' },
  { code: 0x13, name: 'creation-date', kind: 'date-value', version: '1.4' },
  { code: 0x14, name: 'modification-date', kind: 'date-value', version: '1.4' },
  { code: 0x15, name: 'read-date', kind: 'date-value', version: '1.4' },
  { code: 0x16, name: 'size', kind: 'integer-value', version: '1.4' },
  { code: 0x17, name: 'name', kind: 'text-value', version: '1.4' },
  { code: 0x18, name: 'filename', kind: 'text-value', version: '1.4' },
  { code: 0x19, name: 'start', kind: 'text-value', version: '1.4' },
  { code: 0x1a, name: 'start-info', kind: 'text-value', version: '1.4' },
  { code: 0x1b, name: 'comment', kind: 'text-value', version: '1.4' },
  { code: 0x1c, name: 'domain', kind: 'text-value', version: '1.4' },
  { code: 0x1d, name: 'path', kind: 'text-value', version: '1.4' },
]

export const PARAMETERS: ReadonlyMap<number, ParamDef> = new Map(DEFS.map((def) => [def.code, def]))

export function paramDef (code: number): ParamDef | undefined {
  return PARAMETERS.get(code)
}

/**
 * The code an encoder writes for each name: the older Text-string codes (quirk #14), and for
 * `type` the multipart/related root type 0x09 rather than the Integer-value 0x03.
 */
export const PREFERRED_PARAM_CODE: Readonly<Record<string, number>> = Object.freeze({
  q: 0x00,
  charset: 0x01,
  level: 0x02,
  type: 0x09,
  name: 0x05,
  filename: 0x06,
  differences: 0x07,
  padding: 0x08,
  start: 0x0a,
  'start-info': 0x0b,
  comment: 0x0c,
  domain: 0x0d,
  'max-age': 0x0e,
  path: 0x0f,
  secure: 0x10,
  sec: 0x11,
  mac: 0x12,
  'creation-date': 0x13,
  'modification-date': 0x14,
  'read-date': 0x15,
  size: 0x16,
})
