/**
 * What the bundle test compares between Node and the browser: for one input, `decode()` (or
 * `decodePush()`), the event transcript of `MmseParser` fed in small chunks, and
 * `encode(decode(bytes))`, all reduced to JSON the same way. The library comes in as an
 * argument: Node passes lib/index.ts, the page passes the browser bundle, so both sides run
 * this same code (the page gets it bundled with esbuild).
 */
import type * as Library from '../../lib/index.js'
import { cat } from './wire.js'

export type Mmse = typeof Library

/** Chunk size for the streamed transcript: small enough to split most headers and parts. */
const CHUNK = 101

/** Octets up to this length are shown in hex; longer ones by length and an FNV-1a digest. */
const HEX_MAX = 64

/** FNV-1a, 32 bits: a digest both sides compute the same way without WebCrypto's async API. */
function fnv1a (bytes: Uint8Array): string {
  let hash = 0x811c9dc5
  for (const octet of bytes) hash = Math.imul(hash ^ octet, 0x01000193) >>> 0
  return hash.toString(16).padStart(8, '0')
}

function octets (bytes: Uint8Array): unknown {
  if (bytes.length > HEX_MAX) return { length: bytes.length, fnv1a: fnv1a(bytes) }
  return { hex: [...bytes].map(o => o.toString(16).padStart(2, '0')).join('') }
}

/** A JSON-safe copy: octets, dates, bigints and null-prototype records in one form. */
export function plain (value: unknown): unknown {
  if (value instanceof Uint8Array) return octets(value)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  if (typeof value === 'bigint') return `${value}n`
  if (Array.isArray(value)) return value.map(plain)
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
  return value
}

function failure (err: unknown, lib: Mmse): unknown {
  if (err instanceof lib.MmseError) return { error: err.code, offset: err.offset, ...(err.field === undefined ? {} : { field: err.field }) }
  return { unexpected: String(err) }
}

/** The parser's events for `bytes` written in CHUNK-byte pieces, and each part's data digest. */
async function transcript (lib: Mmse, bytes: Uint8Array): Promise<unknown> {
  const parser = new lib.MmseParser()
  const events: unknown[] = []
  const data: Record<string, unknown> = {}
  const ended: Array<Promise<void>> = []
  parser.on('header', (header, path) => events.push(['header', path, header.name, header.offset, header.length, plain(header.value)]))
  parser.on('nested', info => events.push(['nested', info.kind, info.path, info.offset, info.size]))
  parser.on('warning', warning => events.push(['warning', warning.code, warning.offset]))
  parser.on('part', part => {
    events.push(['part', part.path, part.offset, part.size, part.contentType.mediaType, part.filename ?? null, typeof part.pipe])
    const chunks: Uint8Array[] = []
    part.on('data', (chunk: Uint8Array) => chunks.push(chunk))
    ended.push(new Promise(resolve => {
      part.on('close', () => {
        data[part.path.join('.')] = octets(cat(...chunks))
        resolve()
      })
    }))
  })
  const finished = new Promise<void>((resolve, reject) => {
    parser.on('finish', resolve)
    parser.on('error', reject)
  })
  for (let at = 0; at < bytes.length; at += CHUNK) parser.write(bytes.subarray(at, at + CHUNK))
  parser.end()
  let outcome: unknown = 'finished'
  try {
    await finished
  } catch (err) {
    outcome = failure(err, lib)
  }
  await Promise.all(ended)
  return { events, data, outcome }
}

function decoded (lib: Mmse, bytes: Uint8Array, push: boolean): unknown {
  try {
    return plain(push ? lib.decodePush(bytes) : lib.decode(bytes))
  } catch (err) {
    return failure(err, lib)
  }
}

function reencoded (lib: Mmse, bytes: Uint8Array): unknown {
  try {
    return octets(lib.encode(lib.decode(bytes)))
  } catch (err) {
    return failure(err, lib)
  }
}

/** Everything the bundle test compares for one input. */
export async function describeInput (lib: Mmse, bytes: Uint8Array, push: boolean): Promise<unknown> {
  return {
    decoded: decoded(lib, bytes, push),
    streamed: push ? null : await transcript(lib, bytes),
    encoded: push ? null : reencoded(lib, bytes),
  }
}

/**
 * The parts of the library the corpus does not reach: a builder (random Transaction-Id) and
 * text in a legacy charset through iconv-lite.
 */
export function smoke (lib: Mmse): unknown {
  const request = lib.decode(lib.encode(lib.buildSendReq({ to: '+15551234567/TYPE=PLMN', subject: 'Grüße', parts: [{ contentType: 'text/plain', data: 'Hallo' }] })))
  const conf = lib.encode({ headers: { messageType: 'm-send-conf', transactionId: 'T1', mmsVersion: '1.2', responseStatus: 'ok', responseText: { text: 'こんにちは', charset: 'shift_jis' } } })
  return plain({
    request: { type: request.headers.messageType, subject: request.headers.subject, transactionIdLength: request.headers.transactionId?.length, parts: request.parts.length },
    conf: octets(conf),
    confText: lib.decode(conf).headers.responseText,
  })
}
