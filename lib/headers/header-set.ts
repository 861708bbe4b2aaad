/**
 * Collects the headers of one PDU as they are read: the typed object keyed by JS key
 * (repeating fields as arrays), the ordered list with offsets, and the checks that need the
 * whole sequence: field order (MMSE §7: Message-Type first, then Transaction-Id and
 * MMS-Version), repeats of single fields, and the field-count limit.
 */
import { MmseError } from '../errors.js'
import type { MmseHeader, MmseHeaders } from '../types.js'
import { type DecodeContext, warn } from '../wsp/context.js'
import { isDeleteConf, MESSAGE_TYPES } from './enumerations.js'
import { type HeaderDef, MESSAGE_TYPE, MMS_VERSION, TRANSACTION_ID } from './table.js'

export class HeaderSet {
  readonly headers: MmseHeaders = {}
  readonly list: MmseHeader[] = []
  readonly #ctx: DecodeContext
  readonly #maxFields: number
  /** Fields read, skipped ones included (they cost work too). */
  #fields = 0
  /** Codes of the single fields seen: a repeat is a finding (cheaper than probing the object by key). */
  readonly #seen = new Set<number>()

  constructor (ctx: DecodeContext, maxFields: number) {
    this.#ctx = ctx
    this.#maxFields = maxFields
  }

  /** Counts a field against `maxHeaderFields`; `offset` is absolute. */
  count (offset: number): void {
    if (++this.#fields > this.#maxFields) {
      throw new MmseError('ERR_MMSE_LIMIT_HEADER_FIELDS', `more than ${this.#maxFields} header fields`, offset, { limit: this.#maxFields })
    }
  }

  add (header: MmseHeader, def: HeaderDef | undefined): void {
    const ctx = this.#ctx
    if (def === undefined) {
      const app = this.headers.applicationHeaders ??= Object.create(null) as Record<string, string | string[]>
      const previous = app[header.key]
      app[header.key] = previous === undefined ? header.value as string : [previous, header.value as string].flat()
      this.list.push(header)
      return
    }
    this.#checkOrder(def, header.offset)
    if (def.code === MESSAGE_TYPE) {
      ctx.messageType = typeof header.value === 'number' ? header.value : MESSAGE_TYPES.code(header.value as string) as number
    }
    // MMS 1.0 named 0x90 X-Mms-Read-Reply; later versions X-Mms-Read-Report (§12 #23).
    if (def.name10 !== undefined && this.headers.mmsVersion === '1.0') header.name = def.name10
    const record = this.headers as Record<string, unknown>
    if (def.repeats || (def.statusCount === true && isDeleteConf(ctx.messageType) && hasStatusCount(header.value))) {
      const previous = record[def.key]
      if (Array.isArray(previous)) previous.push(header.value)
      else record[def.key] = previous === undefined ? [header.value] : [previous, header.value]
    } else {
      if (this.#seen.has(def.code)) this.#violation('ERR_MMSE_BAD_VALUE', `${def.name} repeated: the last value is kept`, header.offset)
      this.#seen.add(def.code)
      record[def.key] = header.value
    }
    this.list.push(header)
  }

  /** Message-Type first; Transaction-Id, when present, second; MMS-Version right after them. */
  #checkOrder (def: HeaderDef, offset: number): void {
    const index = this.list.length
    if (def.code === MESSAGE_TYPE) {
      if (index !== 0) this.#violation('ERR_MMSE_ORDER', 'X-Mms-Message-Type is not the first header', offset)
    } else if (def.code === TRANSACTION_ID) {
      if (index !== 1) this.#violation('ERR_MMSE_ORDER', 'X-Mms-Transaction-Id is not the second header', offset)
    } else if (def.code === MMS_VERSION) {
      const expected = this.list[1]?.code === TRANSACTION_ID ? 2 : 1
      if (index !== expected) this.#violation('ERR_MMSE_ORDER', 'X-Mms-MMS-Version does not follow Message-Type and Transaction-Id', offset)
    }
  }

  #violation (code: 'ERR_MMSE_ORDER' | 'ERR_MMSE_BAD_VALUE', message: string, offset: number): void {
    if (this.#ctx.strict) throw new MmseError(code, message, offset, { field: this.#ctx.field })
    warn(this.#ctx, code === 'ERR_MMSE_ORDER' ? 'WARN_MMSE_ORDER' : 'WARN_MMSE_BAD_VALUE', message, offset - this.#ctx.base)
  }
}

function hasStatusCount (value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'statusCount' in value
}
