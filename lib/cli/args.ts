/**
 * What every command shares: argument parsing with `node:util` parseArgs (no framework), and
 * the usage error that exits 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { CliIo } from './io.js'

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
  /** Runs with the parsed arguments, reading and writing only through `io`; resolves to the exit code. */
  run (values: Values, positionals: string[], io: CliIo): Promise<number>
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
