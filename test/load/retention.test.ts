/**
 * What decode() keeps, per input byte: a hostile message of about 1 MiB made of the smallest
 * structures that each cost a value kept (part header fields, parameters, nested PDUs' fields,
 * tiny parts) holds at most RETAINED_PER_BYTE bytes of heap per input byte once decoded, or is
 * stopped by a limit (then what the error keeps, its partial message, is measured). Each
 * structure costs tens of bytes of heap at least (a raw value, a Uint8Array, over a hundred) from
 * as few as two octets, so the bound comes from the limits: limits.maxParts, maxPartHeaderFields
 * and maxHeaderFields cap their counts, whatever the size of the input. Measured as what stays
 * alive after full collections (test/support/memory.ts), the result kept.
 */
import t from 'tap'
import { decode } from '../../lib/index.js'
import { liveBytes } from '../support/memory.js'
import { bytes, disposition, entry, generalMedia, hex, multipart, retrieveConf, str, untypedParam } from '../support/wire.js'

const MiB = 1024 * 1024
/** Heap kept per input byte, at most: distinct Content-Type parameters, the costliest shape within the limits, keep about 9. */
const RETAINED_PER_BYTE = 10

/** About 1 MiB of entries (at most 1024, limits.maxParts), each of header fields made by `field` up to `perPart` octets, then `data` octets. */
function entries (field: (i: number) => Uint8Array, perPart: number, data = 0): Buffer {
  const list: Uint8Array[] = []
  let size = 0
  for (let i = 0; size < MiB && list.length < 1024;) {
    const fields: Uint8Array[] = []
    for (let octets = 0; octets < perPart; i++) {
      fields.push(field(i))
      octets += fields.at(-1)?.length as number
    }
    list.push(entry(hex('83'), fields, new Uint8Array(data)))
    size += list.at(-1)?.length as number
  }
  return retrieveConf(multipart(list))
}

const shapes: Array<[string, () => Uint8Array]> = [
  ['part headers kept raw, two octets each', () => entries(() => hex('ff 00'), 16_000)],
  ['part headers of another code page, kept raw', () => entries(() => hex('02 81 80'), 16_000)],
  ['textual part headers, distinct names', () => entries((i) => bytes(`X-${i.toString(36)}`, 'v'), 16_000)],
  ['Content-Disposition parameters, distinct names', () => entries((i) => disposition(0xae, 0x81, untypedParam(`q${i}`, 'v')), 16_000)],
  ['1024 parts of eight raw headers each', () => entries(() => hex('ff 00'), 16, 1000)],
  ['Content-Type parameters, distinct names', () => retrieveConf(multipart(Array.from({ length: 70 }, (_, j) =>
    entry(generalMedia(0x03, ...Array.from({ length: 1500 }, (_, i) => untypedParam(`p${j}_${i}`, 'v'))), [], 'x'))))],
  ['nested PDUs of short repeated fields', () => {
    const pdu = bytes(0x8c, 0x84, 0x98, 't', 0x8d, 0x92, ...Array.from({ length: 1000 }, () => hex('86 80')))
    return retrieveConf(multipart(Array.from({ length: 500 }, () => entry(str('application/vnd.wap.mms-message'), [], pdu))))
  }],
  ['1024 empty parts', () => entries(() => hex('ff 00'), 0, 1000)],
  ['a warning per octet (code-page shifts)', () => entries(() => hex('02'), 16_000)],
]

t.test(`decode() keeps at most ${RETAINED_PER_BYTE} bytes of heap per input byte of about 1 MiB`, async (t) => {
  for (const [name, build] of shapes) {
    const input = build()
    const before = await liveBytes()
    let kept: unknown
    try {
      kept = decode(input)
    } catch (err) {
      kept = err
    }
    const retained = await liveBytes() - before
    const outcome = kept instanceof Error ? (kept as Error & { code: string }).code : 'decoded'
    const perByte = retained / input.length
    t.ok(perByte <= RETAINED_PER_BYTE, `${name} (${input.length} octets, ${outcome}): ${(retained / MiB).toFixed(2)} MiB kept, ${perByte.toFixed(2)} per byte`)
    kept = undefined
  }
})
