/**
 * The one way every command takes its input: a file, or `-` for stdin. Streamed (inspect,
 * extract) it has no bound; read whole (push, notify, encode) it has one, given by the command,
 * and more fails the run (exit 1) instead of filling memory: /dev/zero, an endless FIFO or a
 * huge stdin never get that far.
 *
 * A path must name a regular file: a directory, a device or a FIFO is a usage error (exit 2).
 * It is opened non-blocking, so that a FIFO with no writer is refused at once (POSIX open():
 * O_NONBLOCK, read-only) instead of waiting forever; on a regular file O_NONBLOCK does nothing.
 */
import { closeSync, constants, createReadStream, fstatSync, openSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Readable } from 'node:stream'
import { UsageError } from './args.js'
import type { CliIo } from './io.js'

export interface Input {
  stream: Readable
  /** Octets in the input when it is a regular file (stdin redirected from one included). */
  size: number | null
}

/** Read-only and non-blocking (Windows has no O_NONBLOCK: there it is undefined, and `|` makes it 0). */
const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK

const MIB = 1024 * 1024

/**
 * The size of a file's read chunks. Each chunk is a new buffer (node:stream hands it on and
 * cannot reuse it), so small ones cost more in allocation and page faults than the copying:
 * a cached 1 GiB file read in 256 KiB chunks took 0.46-0.85 s of CPU here, in 1 MiB chunks
 * 0.32-0.36 s (bench/results/capture-latest.md).
 */
export const READ_CHUNK_BYTES = MIB

/** A file, or `-` for stdin, as a stream. */
export async function openInput (path: string, io: Pick<CliIo, 'cwd' | 'stdin'>): Promise<Input> {
  if (path === '-') return io.stdin()
  const fd = openSync(resolve(io.cwd, path), FLAGS)
  const info = fstatSync(fd)
  if (!info.isFile()) {
    closeSync(fd)
    throw new UsageError(`${path} is not a file`)
  }
  return { stream: createReadStream('', { fd, highWaterMark: READ_CHUNK_BYTES }), size: info.size }
}

/**
 * A file, or `-` for stdin, read whole, at most `limit` octets; `what` names the input in the
 * error past that. A regular file is refused by its size before a byte is read.
 */
export async function readInput (path: string, io: Pick<CliIo, 'cwd' | 'stdin'>, limit: number, what: string): Promise<Buffer> {
  return await readWhole(await openInput(path, io), path, limit, what)
}

/** An input already open (`path` names it in the error), read whole as readInput does. */
export async function readWhole (input: Input, path: string, limit: number, what: string): Promise<Buffer> {
  const tooLarge = (): Error => new Error(`${path === '-' ? 'stdin' : path}: more than ${limit / MIB} MiB, the most ${what} may be`)
  if (input.size !== null && input.size > limit) {
    input.stream.destroy()
    throw tooLarge()
  }
  const chunks: Buffer[] = []
  let size = 0
  // Leaving the loop by the throw destroys the stream: nothing more is read.
  for await (const chunk of input.stream) {
    size += (chunk as Buffer).length
    if (size > limit) throw tooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}
