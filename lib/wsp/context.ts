/**
 * What a codec may need besides the bytes and the value. Decoding: where the bytes sit in the
 * input (so that every error and warning carries an absolute offset), the field being read, the
 * PDU's message type (some fields change form in the delete-conf PDUs), strictness, and where
 * findings go. Encoding: the message type and the charset for non-ASCII text.
 */
import { MmseError, type MmseErrorCode, STRICT_ERRORS } from '../errors.js'
import { Latin1Window } from '../bytes/octets.js'
import type { MmseWarning, MmseWarningCode } from '../types.js'

/** Where `bytes[0]` of the buffer being read sits in the input. */
export interface Origin {
  readonly base: number
}

const START: Origin = Object.freeze({ base: 0 })

/**
 * Where a context's findings go: a list, here. The decoding machine keeps them its own way
 * (decode/warnings.ts: dropped when a structure is read again, capped by limits.maxWarnings);
 * contexts of one decoder may share them.
 */
export class Findings {
  readonly list: MmseWarning[] = []

  add (warning: MmseWarning): void {
    this.list.push(warning)
  }
}

export class DecodeContext {
  /** The field being decoded, named in errors and warnings. */
  field = ''
  /** The X-Mms-Message-Type octet once known (0x80-0x97), else 0. */
  messageType = 0
  readonly pending: Findings
  readonly strict: boolean
  /** Where the text of the buffer being read is made (wsp/strings.ts asciiText). */
  readonly latin1: Latin1Window
  readonly #origin: Origin

  constructor (strict: boolean, origin: Origin = START, pending = new Findings(), latin1 = new Latin1Window()) {
    this.strict = strict
    this.#origin = origin
    this.pending = pending
    this.latin1 = latin1
  }

  /** The absolute input offset of `pos` in the buffer being read. */
  at (pos: number): number {
    return this.#origin.base + pos
  }

  /** A malformed-input error at `pos`, naming the field. */
  error (code: MmseErrorCode, message: string, pos: number): MmseError {
    return new MmseError(code, message, this.at(pos), this.field === '' ? {} : { field: this.field })
  }

  /** Records a finding that never fails the input, in any mode. */
  warn (code: MmseWarningCode, message: string, pos: number): void {
    const warning: MmseWarning = { code, message, offset: this.at(pos) }
    if (this.field !== '') warning.field = this.field
    this.pending.add(warning)
  }

  /**
   * A deviation lenient mode reads past: in strict mode it throws `error`, or the error paired
   * with `code` (errors.ts); else it records the warning, `recovery` saying what was done.
   */
  tolerate (code: keyof typeof STRICT_ERRORS, message: string, pos: number, recovery?: string, error?: unknown): void {
    if (this.strict) throw error ?? this.error(STRICT_ERRORS[code], message, pos)
    this.warn(code, recovery === undefined ? message : `${message}: ${recovery}`, pos)
  }
}

/**
 * Which of the valid forms a writer picks where the specification allows several:
 * `compatible` (the default), the one every deployed decoder reads the same way;
 * `shortest`, the shortest the grammar allows (docs/compatibility.md lists where they differ).
 */
export type EncodeForms = 'compatible' | 'shortest'

export interface EncodeContext {
  /** The X-Mms-Message-Type code of the PDU being written (-1 when unknown). */
  messageType: number
  /** Charset (name or MIBenum) for Encoded-string-values that are not US-ASCII and name none (default utf-8). */
  charset?: string | number
  /** The forms to write (default compatible). */
  forms?: EncodeForms
  /** False: part data is written as it is, so a part's Content-Transfer-Encoding header is left out. */
  transferEncoding?: boolean
}

/** Whether the writer keeps to the forms every deployed decoder reads (the default). */
export function compatible (ctx: EncodeContext): boolean {
  return ctx.forms !== 'shortest'
}

/** The context of a value written outside any PDU (a part header, a push header). */
export const NO_PDU: EncodeContext = Object.freeze({ messageType: -1 })
