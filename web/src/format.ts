/**
 * Decoded header values as one line of text for the tree: the typed shapes of lib/types.ts
 * (encoded strings, addresses, content types, statuses, times) by their fields, anything else
 * generically. Long values are cut, so a 10 MB header cannot flood the page.
 */

/** The most characters a value shows. */
export const MAX_VALUE_CHARS = 400
/** The most octets a raw value shows in hex. */
const MAX_HEX_OCTETS = 64

export function formatValue (value: unknown): string {
  const text = format(value)
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text
}

export function hex (bytes: Uint8Array): string {
  let out = ''
  for (const octet of bytes.subarray(0, MAX_HEX_OCTETS)) out += octet.toString(16).padStart(2, '0')
  return bytes.length > MAX_HEX_OCTETS ? `${out}… (${bytes.length} octets)` : out
}

function format (value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid date' : value.toISOString()
  if (value instanceof Uint8Array) return `0x${hex(value)}`
  if (Array.isArray(value)) return value.map(format).join(', ')
  if (typeof value === 'object') return formatObject(value as Record<string, unknown>)
  return String(value)
}

function formatObject (o: Record<string, unknown>): string {
  if (typeof o.text === 'string') return typeof o.charset === 'string' ? `${o.text} (${o.charset})` : o.text
  if (typeof o.raw === 'string' && typeof o.address === 'string') return o.raw
  if (o.insertAddress === true) return 'insert-address-token (the MMSC inserts the sender)'
  if (typeof o.mediaType === 'string') return `${o.mediaType}${params(o.params)}`
  if (typeof o.disposition === 'string') return `${o.disposition}${params(o.params)}`
  if (typeof o.name === 'string' && typeof o.code === 'number') return `${o.name} (0x${o.code.toString(16)})`
  if (o.absolute instanceof Date) return format(o.absolute)
  if ('relative' in o) return `in ${format(o.relative)} s`
  return Object.entries(o).map(([key, v]) => `${key}: ${format(v)}`).join('; ')
}

function params (value: unknown): string {
  if (typeof value !== 'object' || value === null) return ''
  return Object.entries(value).map(([key, v]) => `; ${key}=${format(v)}`).join('')
}
