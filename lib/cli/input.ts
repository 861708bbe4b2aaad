/**
 * Input from a file, or `-` for stdin, as a stream; or read whole.
 */
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Readable } from 'node:stream'
import { UsageError } from './args.js'
import type { CliIo } from './io.js'

export interface Input {
  stream: Readable
  /** Octets in the input when it is a regular file (stdin redirected from one included). */
  size: number | null
}

/** A file, or `-` for stdin, as a stream; never read whole. */
export async function openInput (path: string, io: CliIo): Promise<Input> {
  if (path === '-') return io.stdin()
  const file = resolve(io.cwd, path)
  const info = await stat(file)
  if (!info.isFile()) throw new UsageError(`${path} is not a file`)
  return { stream: createReadStream(file, { highWaterMark: 256 * 1024 }), size: info.size }
}

/** A file, or `-` for stdin, read whole (push PDUs and specs are small). */
export async function readInput (path: string, io: CliIo): Promise<Buffer> {
  if (path !== '-') return await readFile(resolve(io.cwd, path))
  const chunks: Buffer[] = []
  for await (const chunk of io.stdin().stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
