/**
 * Collects the headers of one PDU as they are read: the typed object keyed by JS key (repeating
 * fields as arrays), the ordered list with offsets, and the checks that need the whole sequence:
 * field order (MMSE §7.1: Message-Type first, then Transaction-Id and MMS-Version) and repeats
 * of single fields.
 */
import type { MmseHeader, MmseHeaders } from '../types.js'
import type { DecodeContext } from '../wsp/context.js'
import { hasStatusCounts, MESSAGE_TYPES } from '../tables/mmse-enumerations.js'
import { type HeaderDef, MESSAGE_TYPE, MMS_VERSION, TRANSACTION_ID } from './table.js'
import { isCounted } from './values/status-count.js'

export class HeaderSet {
  readonly headers: MmseHeaders = {}
  readonly list: MmseHeader[] = []
  readonly #ctx: DecodeContext
  /** The single fields seen, one bit per code 0x80-0xBF in two words: a repeat is a finding. */
  #seenLow = 0
  #seenHigh = 0

  constructor (ctx: DecodeContext) {
    this.#ctx = ctx
  }

  add (header: MmseHeader, def: HeaderDef | undefined, pos: number): void {
    const ctx = this.#ctx
    if (def === undefined) {
      const app = this.headers.applicationHeaders ??= Object.create(null) as Record<string, string | string[]>
      const previous = app[header.key]
      if (previous === undefined) app[header.key] = header.value as string
      else if (Array.isArray(previous)) previous.push(header.value as string)
      else app[header.key] = [previous, header.value as string]
      this.list.push(header)
      return
    }
    this.#checkOrder(def, pos)
    if (def.code === MESSAGE_TYPE) {
      ctx.messageType = typeof header.value === 'number' ? header.value : MESSAGE_TYPES.code(header.value as string) as number
    }
    // MMS 1.0 named 0x90 X-Mms-Read-Reply; later versions X-Mms-Read-Report.
    if (def.name10 !== undefined && this.headers.mmsVersion === '1.0') header.name = def.name10
    const record = this.headers as Record<string, unknown>
    if (def.repeats || (def.statusCount === true && hasStatusCounts(ctx.messageType) && isCounted(header.value))) {
      const previous = record[def.key]
      if (Array.isArray(previous)) previous.push(header.value)
      else record[def.key] = previous === undefined ? [header.value] : [previous, header.value]
    } else {
      const bit = 1 << (def.code & 0x1f)
      const seen = def.code < 0xa0 ? this.#seenLow : this.#seenHigh
      if ((seen & bit) !== 0) ctx.tolerate('WARN_MMSE_BAD_VALUE', `${def.name} repeated`, pos, 'the last value is kept')
      if (def.code < 0xa0) this.#seenLow |= bit
      else this.#seenHigh |= bit
      record[def.key] = header.value
    }
    this.list.push(header)
  }

  /** Message-Type first; Transaction-Id, when present, second; MMS-Version right after them. */
  #checkOrder (def: HeaderDef, pos: number): void {
    const index = this.list.length
    if (def.code === MESSAGE_TYPE) {
      if (index !== 0) this.#ctx.tolerate('WARN_MMSE_ORDER', 'X-Mms-Message-Type is not the first header', pos)
    } else if (def.code === TRANSACTION_ID) {
      if (index !== 1) this.#ctx.tolerate('WARN_MMSE_ORDER', 'X-Mms-Transaction-Id is not the second header', pos)
    } else if (def.code === MMS_VERSION) {
      const expected = this.list[1]?.code === TRANSACTION_ID ? 2 : 1
      if (index !== expected) this.#ctx.tolerate('WARN_MMSE_ORDER', 'X-Mms-MMS-Version does not follow Message-Type and Transaction-Id', pos)
    }
  }
}
