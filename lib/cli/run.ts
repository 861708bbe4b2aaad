/**
 * The `mmse` command: inspect, extract, push, encode, notify and lint MMSE PDUs (WAP-209 /
 * OMA-TS-MMS_ENC) and the WAP Push that carries them (WAP-230 §8.2.4); send and fetch them
 * over MM1 as a phone does. `main` runs one command line against the streams and directory in
 * `io`; the bin (lib/cli/main.ts) gives it the process's.
 *
 * Exit codes: 0 ok; 1 a decode error (`mmse: CODE at offset N: message` on stderr) or an I/O
 * error; 2 a usage error (the message, then the command's usage).
 */
import { readFileSync } from 'node:fs'
import { MmseError } from '../index.js'
import { type Command, parse, UsageError } from './args.js'
import { convert } from './convert.js'
import { encodeCommand } from './encode.js'
import { extract } from './extract.js'
import { fetch } from './fetch.js'
import { inspect } from './inspect.js'
import { lintCommand } from './lint.js'
import type { CliIo } from './io.js'
import { notify } from './notify.js'
import { print } from './output.js'
import { push } from './push.js'
import { send } from './send.js'

const COMMANDS: readonly Command[] = [inspect, extract, push, encodeCommand, notify, lintCommand, send, fetch, convert]

const HELP = `Usage: mmse <command> [options]

Commands:
${COMMANDS.map(c => `  ${c.name.padEnd(9)}${c.summary}`).join('\n')}

Options:
  -h, --help     help (also: mmse <command> --help)
  -v, --version  the version of mmse

Exit codes: 0 ok, 1 decode or I/O error, 2 usage error, 3 lint findings.`

/** Same relative place from lib/cli/run.ts and from dist/cli/run.js. */
function version (): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

/** Runs `mmse <argv>`; resolves to the exit code. */
export async function main (argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io)
  } catch (err) {
    if (err instanceof MmseError) io.stderr.write(`mmse: ${err.code} at offset ${err.offset}: ${err.message}\n`)
    else io.stderr.write(`mmse: ${(err as Error).message}\n`)
    return 1
  }
}

async function dispatch (argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '-h' || name === '--help') {
    await print(io, `${HELP}\n`)
    return name === undefined ? 2 : 0
  }
  if (name === '-v' || name === '--version') {
    await print(io, `${version()}\n`)
    return 0
  }
  const command = COMMANDS.find(c => c.name === name)
  if (command === undefined) {
    io.stderr.write(`mmse: unknown command ${JSON.stringify(name)}\n\n${HELP}\n`)
    return 2
  }
  try {
    const { values, positionals } = parse(command, rest)
    if (values.help === true) {
      await print(io, `${command.help}\n`)
      return 0
    }
    return await command.run(values, positionals, io)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    io.stderr.write(`mmse ${command.name}: ${err.message}\n\n${command.help}\n`)
    return 2
  }
}
