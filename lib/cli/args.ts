/**
 * What every command shares: argument parsing with `node:util` parseArgs (no framework), the
 * usage error that exits 2, and input from a file or `-` (stdin), streamed or read whole.
 */
import { createReadStream, fstatSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Bad arguments: the message and the command's usage go to stderr, and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export interface Command {
  name: string
  summary: string
  /** Full help: usage line, description, options. */
  help: string
  options: NonNullable<ParseArgsConfig['options']>
  /** Runs with the parsed arguments; resolves to the exit code. */
  run (values: Values, positionals: string[]): Promise<number>
}

export type Values = Record<string, string | boolean | string[] | boolean[] | undefined>

/** Strict parsing: an unknown option, a missing value or a bad type is a usage error. */
export function parse (command: Command, argv: string[]): { values: Values, positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true })
    return { values, positionals }
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

/** Exactly `count` positionals, named in the message when one is missing or extra. */
export function expectPositionals (positionals: string[], names: string[]): string[] {
  if (positionals.length !== names.length) {
    throw new UsageError(`expected ${names.map(n => `<${n}>`).join(' ')}, got ${positionals.length === 0 ? 'nothing' : positionals.map(p => JSON.stringify(p)).join(' ')}`)
  }
  return positionals
}

export interface Input {
  stream: Readable
  /** Octets in the input when it is a regular file (stdin redirected from one included). */
  size: number | null
}

/** A file, or `-` for stdin, as a stream; never read whole. */
export async function openInput (path: string): Promise<Input> {
  if (path === '-') {
    const info = fstatSync(0)
    return { stream: process.stdin, size: info.isFile() ? info.size : null }
  }
  const info = await stat(path)
  if (!info.isFile()) throw new UsageError(`${path} is not a file`)
  return { stream: createReadStream(path, { highWaterMark: 256 * 1024 }), size: info.size }
}

/** A file, or `-` for stdin, read whole (push PDUs and specs are small). */
export async function readInput (path: string): Promise<Buffer> {
  if (path !== '-') return await readFile(path)
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Writes to stdout; node keeps running until the write has been handed to the reader. */
export function print (text: string): void {
  process.stdout.write(text)
}
