/**
 * Runs the `mmse` CLI for real, as a child process on the TypeScript sources, for the tests of
 * its commands.
 */
import { spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repo = fileURLToPath(new URL('../..', import.meta.url))
const MAIN = join(repo, 'lib/cli/main.ts')

export interface Run { code: number | null, stdout: Buffer, out: string, err: string }

/**
 * How the child runs the TypeScript source: with this process's own loader flags. Under tap
 * those are tap's TypeScript loader and --enable-source-maps, which map the child's coverage
 * to the sources. (`--import tsx` in the child does not: tap then reports every lib/ file as
 * 100% covered whatever ran.) Run directly as `node --import tsx test/cli.test.ts`, it is tsx.
 */
export const NODE_ARGS = process.execArgv.length > 0 ? process.execArgv : ['--import', 'tsx']
/** Type checking is the typecheck script's job; the children only need the code. */
export const CHILD_ENV = { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' }

/** The node arguments that run the CLI with `args`. */
export function cliArgs (args: string[]): string[] {
  return [...NODE_ARGS, MAIN, ...args]
}

/** Runs the CLI; `input` goes to its stdin (closed at once otherwise), `env` adds to its environment. */
export async function mmse (args: string[], options: { input?: Uint8Array | string | undefined, stdinFile?: string, env?: Record<string, string>, command?: (args: string[]) => [string, string[]] } = {}): Promise<Run> {
  const argv = cliArgs(args)
  const [cmd, cmdArgs] = options.command?.(argv) ?? [process.execPath, argv]
  const stdin = options.stdinFile === undefined ? 'pipe' : openSync(options.stdinFile, 'r')
  const child = spawn(cmd, cmdArgs, { cwd: repo, stdio: [stdin, 'pipe', 'pipe'], env: { ...CHILD_ENV, ...options.env } })
  if (typeof stdin === 'number') closeSync(stdin)
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout?.on('data', (c: Buffer) => out.push(c))
  child.stderr?.on('data', (c: Buffer) => err.push(c))
  child.stdin?.end(options.input)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  const stdout = Buffer.concat(out)
  return { code, stdout, out: stdout.toString(), err: Buffer.concat(err).toString() }
}

