/**
 * `mmse encode <spec.json> -o <file|->`: writes a PDU from JSON in the decoder's output shape
 * (what `mmse inspect --json` prints under "message", or `{ headers, parts }`), with part
 * bodies from files named in the spec, inline text, or hex.
 *
 * JSON has no dates, bigints or octets, so they come back by where they stand: ISO strings
 * under `date`, `absolute` and the date parameters become Dates; digit strings under the
 * integer fields become bigints; hex under `raw` of an encoded text and under `bytes` becomes
 * octets (the same conventions `--json` uses to print them).
 */
import { dirname, resolve } from 'node:path'
import { encode, type EncodeMessage, type EncodePart, HEADERS } from '../index.js'
import { type Command, expectPositionals, UsageError } from './args.js'
import { writeFileAtomic } from './atomic-file.js'
import { readInput } from './input.js'
import type { CliIo } from './io.js'
import { print } from './output.js'

/**
 * A spec is JSON, bodies given as hex (twice their size) included: 16 MiB holds a message far
 * larger than MMSCs carry. A part file is read whole into the PDU, which is held in memory:
 * 256 MiB each bounds that, and refuses an endless source.
 */
const SPEC_LIMIT = 16 * 1024 * 1024
const PART_FILE_LIMIT = 256 * 1024 * 1024

export const encodeCommand: Command = {
  name: 'encode',
  summary: 'write a PDU from JSON in the decoder\'s shape, part bodies from files',
  help: `Usage: mmse encode <spec.json|-> -o <file|->

Writes the MMSE PDU described by a JSON spec: { "headers": {...}, "parts": [...] } in the
decoder's output shape (the "message" of \`mmse inspect --json\` works as it is). Each part
takes its body from "file" (a path relative to the spec), "text" (a string), or "hex";
"parts" for a nested multipart, "message" for a nested PDU.

Options:
  -o, --output  the PDU file, or - for stdout (required)
  -h, --help    this help

A spec of more than 16 MiB, or a part file of more than 256 MiB, is refused; a part file must
be a regular file.`,
  options: {
    output: { type: 'string', short: 'o' },
  },
  async run (values, positionals, io) {
    const [specPath] = expectPositionals(positionals, ['spec.json'])
    if (typeof values.output !== 'string') throw new UsageError('-o <file|-> is required')
    const text = (await readInput(specPath as string, io, SPEC_LIMIT, 'a spec')).toString('utf8')
    const pdu = encode(await specMessage(text, specBase(specPath as string, io.cwd), io))
    if (values.output === '-') await print(io, pdu)
    else await writeFileAtomic(values.output, pdu, io)
    return 0
  },
}

/** Where the part files of a spec read from `path` are: beside it, or the working directory `cwd` for stdin. */
export function specBase (path: string, cwd: string): string {
  return path === '-' ? cwd : dirname(resolve(cwd, path))
}

/** The message a JSON spec describes, part bodies read from files relative to `base`. */
export async function specMessage (text: string, base: string, io: CliIo): Promise<EncodeMessage> {
  let spec: unknown
  try {
    spec = JSON.parse(text, revive)
  } catch (err) {
    throw new UsageError(`the spec is not JSON: ${(err as Error).message}`)
  }
  return await messageOf(spec, base, io)
}

interface PartSpec extends Omit<EncodePart, 'parts' | 'message'> {
  file?: string
  text?: string
  hex?: string
  parts?: PartSpec[]
  message?: MessageSpec | null
}

interface MessageSpec {
  headers?: EncodeMessage['headers']
  parts?: PartSpec[]
  message?: MessageSpec
}

/** The spec, or the "message" of an inspect --json output. */
async function messageOf (spec: unknown, base: string, io: CliIo): Promise<EncodeMessage> {
  if (spec === null || typeof spec !== 'object') throw new UsageError('the spec must be a JSON object')
  const message = spec as MessageSpec
  if (message.headers === undefined && message.message !== undefined) return await messageOf(message.message, base, io)
  if (message.headers === undefined) throw new UsageError('the spec has no "headers"')
  const parts = message.parts === undefined ? undefined : await Promise.all(message.parts.map(part => partOf(part, base, io)))
  return parts === undefined ? { headers: message.headers } : { headers: message.headers, parts }
}

async function partOf (spec: PartSpec, base: string, io: CliIo): Promise<EncodePart> {
  const { file, text, hex, parts, message, ...rest } = spec
  const part: EncodePart = rest
  // inspect --json gives every part "parts" (empty for a leaf) and "message" (null unless nested).
  if (message != null) part.message = await messageOf(message, base, io)
  else if (parts !== undefined && parts.length > 0) part.parts = await Promise.all(parts.map(p => partOf(p, base, io)))
  else if (file !== undefined) part.data = await readInput(resolve(base, file), io, PART_FILE_LIMIT, 'a part file')
  else if (text !== undefined) part.data = text
  else if (hex !== undefined) part.data = Buffer.from(hex, 'hex')
  return part
}

const DATE_KEYS = new Set(['date', 'absolute', 'creation-date', 'modification-date', 'read-date'])
/** The integer fields of the header table, and the integers inside structured values (counts, relative times, Mbox totals). */
const INTEGER_KEYS = new Set([...HEADERS.filter(def => def.integer).map(def => def.key), 'forwardCount', 'statusCount', 'relative', 'value'])
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/
const HEX = /^(?:[0-9a-f]{2})*$/i

/** JSON.parse reviver: the inverse of the CLI's JSON output conventions. */
function revive (this: Record<string, unknown>, key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value
  if (DATE_KEYS.has(key) && ISO_DATE.test(value)) return new Date(value)
  if (INTEGER_KEYS.has(key) && /^\d{16,}$/.test(value)) return BigInt(value)
  if (((key === 'raw' && 'text' in this) || key === 'bytes') && HEX.test(value)) return Buffer.from(value, 'hex')
  return value
}
