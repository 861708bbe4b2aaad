/**
 * Arguments checked where they enter the library: what a caller passes that TypeScript's types
 * would have refused (JavaScript callers, `any`, parsed JSON) fails at once with an `MmseError`
 * ERR_MMSE_INVALID_ARGUMENT that names the parameter and says what it got, never with a
 * TypeError from deep inside. Bytes are taken in every form a caller may hold them: any
 * `ArrayBufferView` (Buffer, Uint8Array, other typed arrays, DataView) or an `ArrayBuffer` /
 * `SharedArrayBuffer`, viewed as a Uint8Array without a copy.
 */
import { MmseError } from '../errors.js'

/** What the library takes where it expects octets. */
export type BytesLike = ArrayBufferView | ArrayBuffer | SharedArrayBuffer

/** A Uint8Array over the octets of `value`, or undefined when it holds none: the test behind {@link toBytes}. */
export function bytesOf (value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  // By tag, not instanceof: a buffer from another realm (a worker, a vm context) is one too.
  const tag = Object.prototype.toString.call(value)
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') return new Uint8Array(value as ArrayBufferLike)
  return undefined
}

/** The octets of argument `name` as a Uint8Array view (no copy); ERR_MMSE_INVALID_ARGUMENT for anything else. */
export function toBytes (value: unknown, name: string): Uint8Array {
  const bytes = bytesOf(value)
  if (bytes === undefined) throw invalidArgument(name, 'an ArrayBufferView or ArrayBuffer', value)
  return bytes
}

/** Argument `name` as an object (not null, not an array); ERR_MMSE_INVALID_ARGUMENT for anything else. */
export function toObject<T extends object> (value: unknown, name: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidArgument(name, 'an object', value)
  return value as T
}

/** An optional options argument: undefined gives `{}`, anything else must be an object. */
export function toOptions<T extends object> (value: unknown, name = 'options'): T {
  return value === undefined ? {} as T : toObject<T>(value, name)
}

/** ERR_MMSE_INVALID_ARGUMENT: argument `name` should be `expected` and is `value`. */
export function invalidArgument (name: string, expected: string, value: unknown): MmseError {
  return new MmseError('ERR_MMSE_INVALID_ARGUMENT', `${name} must be ${expected}, not ${describe(value)}`, 0, { field: name })
}

/** What a value is, for an error message: its type, and a short look at a primitive. */
export function describe (value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'no prototype'})`
  if (typeof value === 'string') return `a string (${JSON.stringify(value.slice(0, 20))}${value.length > 20 ? '...' : ''})`
  if (typeof value === 'function') return 'a function'
  return `${typeof value} ${String(value)}`
}
