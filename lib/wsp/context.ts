/**
 * What a codec may need besides the bytes: where those bytes sit in the input (to report
 * absolute offsets), which field it decodes, the PDU's message type (some fields change form
 * in the delete-conf PDUs), and where lenient findings go.
 */
import type { MmseWarning, MmseWarningCode } from '../errors.js'

export interface DecodeContext {
  /** Absolute input offset of `bytes[0]`. */
  base: number
  /** The field being decoded, for warnings. */
  field: string
  /** X-Mms-Message-Type octet once known (0x80-0x97). */
  messageType: number
  strict: boolean
  warnings: MmseWarning[]
}

export function createContext (strict: boolean, warnings: MmseWarning[] = []): DecodeContext {
  return { base: 0, field: '', messageType: 0, strict, warnings }
}

/** Records a lenient finding; `pos` is relative to the bytes the codec was given. */
export function warn (ctx: DecodeContext, code: MmseWarningCode, message: string, pos: number): void {
  ctx.warnings.push({ code, message, offset: ctx.base + pos, field: ctx.field })
}
