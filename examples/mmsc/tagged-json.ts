/**
 * JSON for the decoder's value shapes, which plain JSON loses: Dates, bigints (Integers above
 * 2^53 - 1), octets (Uint8Array) and objects whose keys come off the wire. Every object in
 * the output is a one-key wrapper naming what it holds, so no key a sender chose (a parameter
 * called `$date`, or `__proto__`) can be mistaken for one, and objects come back with a null
 * prototype.
 */
export type Tagged = string | number | boolean | null | { d: string } | { n: string } | { b: string } | { a: Tagged[] } | { o: Record<string, Tagged> }

export function toTagged (value: unknown): Tagged {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (typeof value === 'bigint') return { n: value.toString() }
  if (value instanceof Date) return { d: value.toISOString() }
  if (value instanceof Uint8Array) return { b: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') }
  if (Array.isArray(value)) return { a: value.map(toTagged) }
  if (typeof value === 'object') {
    const entries: Record<string, Tagged> = Object.create(null) as Record<string, Tagged>
    for (const [key, item] of Object.entries(value)) if (item !== undefined) entries[key] = toTagged(item)
    return { o: entries }
  }
  throw new TypeError(`cannot store a ${typeof value}`)
}

export function fromTagged (value: Tagged): unknown {
  if (value === null || typeof value !== 'object') return value
  if ('d' in value) return new Date(value.d)
  if ('n' in value) return BigInt(value.n)
  if ('b' in value) return Buffer.from(value.b, 'base64')
  if ('a' in value) return value.a.map(fromTagged)
  const object: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  for (const [key, item] of Object.entries(value.o)) object[key] = fromTagged(item)
  return object
}
