/**
 * Runs the `mmse` CLI for the tests of its commands: in this process by default, `main()` on
 * streams in memory (fast, and covered like any other code), or as a real child process on the
 * TypeScript sources for what only a process has (exit status, signals, real file descriptors).
 */
import { type ChildProcess, spawn, type StdioOptions } from 'node:child_process'
import { closeSync, createReadStream, openSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough, type Readable, Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { CliIo, Stdin } from '../../lib/cli/io.js'
import { Leftovers } from '../../lib/cli/leftovers.js'
import { main } from '../../lib/cli/run.js'

export const repo = fileURLToPath(new URL('../..', import.meta.url))
const MAIN = join(repo, 'lib/cli/main.ts')

export interface Run { code: number | null, stdout: Buffer, out: string, err: string }

export interface RunOptions {
  /** What stdin holds; empty otherwise. */
  input?: Uint8Array | string | undefined
  /** stdin redirected from this file (its size known, as for `mmse - < file`). */
  stdinFile?: string
  /** stdin is this stream, of unknown size (a pipe). */
  stdinStream?: Readable
  /** Added to the environment (the AWS SDK reads the process's). */
  env?: Record<string, string>
  /** stderr is a terminal. */
  tty?: boolean
}

/**
 * How a child runs the TypeScript source: with this process's own loader flags. Under tap
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

/** A Writable that keeps what it is given. */
export class Collector extends Writable {
  readonly chunks: Buffer[] = []
  readonly isTTY: boolean

  constructor (isTTY = false) {
    super()
    this.isTTY = isTTY
  }

  override _write (chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.chunks.push(chunk)
    callback()
  }

  get bytes (): Buffer {
    return Buffer.concat(this.chunks)
  }
}

/** An io in memory for `main()`: stdin from `options`, the working directory the repository. */
export function memoryIo (options: RunOptions = {}, stdout: Writable = new Collector(), stderr: Writable = new Collector(options.tty)): CliIo {
  const stdin = (): Stdin => {
    if (options.stdinFile !== undefined) return { stream: createReadStream(options.stdinFile), size: statSync(options.stdinFile).size }
    if (options.stdinStream !== undefined) return { stream: options.stdinStream, size: null }
    const stream = new PassThrough()
    stream.end(options.input === undefined ? undefined : Buffer.from(options.input))
    return { stream, size: null }
  }
  return { stdin, stdout, stderr, cwd: repo, leftovers: new Leftovers() }
}

/** Runs the CLI in this process; `env` is set on process.env for the run and restored after. */
export async function mmse (args: string[], options: RunOptions = {}): Promise<Run> {
  const stdout = new Collector()
  const stderr = new Collector(options.tty)
  const saved = Object.keys(options.env ?? {}).map(name => [name, process.env[name]] as const)
  Object.assign(process.env, options.env)
  try {
    const code = await main(args, memoryIo(options, stdout, stderr))
    return { code, stdout: stdout.bytes, out: stdout.bytes.toString(), err: stderr.bytes.toString() }
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, name)
      else process.env[name] = value
    }
  }
}

/**
 * A child that only has to behave as the bin does runs through tsx, a quarter of the start-up
 * of tap's loader, and records no coverage (tsx's source maps would credit every line; lib/cli
 * is measured in process). `covered` runs it with this process's loader, which maps its
 * coverage: for the bin itself, lib/cli/main.ts.
 */
export function spawnCli (args: string[], stdio: StdioOptions, options: { covered?: boolean } = {}): ChildProcess {
  if (options.covered === true) return spawn(process.execPath, cliArgs(args), { cwd: repo, stdio, env: CHILD_ENV })
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: repo, stdio, env: { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0' } })
}

/** Runs the CLI as a child process; `input` goes to its stdin (closed at once otherwise). */
export async function mmseProcess (args: string[], options: { input?: string, stdinFile?: string, covered?: boolean } = {}): Promise<Run> {
  const stdin = options.stdinFile === undefined ? 'pipe' : openSync(options.stdinFile, 'r')
  const child = spawnCli(args, [stdin, 'pipe', 'pipe'], options)
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
