/**
 * What a run of the CLI reads and writes, and nothing else: stdin, stdout, stderr, the working
 * directory that relative paths name, and the files it has made and not yet finished. The bin
 * (lib/cli/main.ts) hands it the process's own; tests hand it streams in memory.
 */
import { fstatSync } from 'node:fs'
import type { Readable, Writable } from 'node:stream'
import { Leftovers } from './leftovers.js'

export interface Stdin {
  stream: Readable
  /** Octets on stdin when it is redirected from a regular file; null for a pipe or a terminal. */
  size: number | null
}

/** An output stream; `isTTY` true when it is a terminal (the progress bar is drawn only there). */
export type Output = Writable & { readonly isTTY?: boolean }

export interface CliIo {
  /** Standard input, taken on first use: only `-` reads it. */
  stdin: () => Stdin
  stdout: Output
  stderr: Output
  /** Where relative paths are. */
  cwd: string
  /** Files and directories being written, removed at once when the process is interrupted. */
  leftovers: Leftovers
}

/** The stream of descriptor `fd`, and its size when that is a regular file. */
export function stdinOf (fd: number, stream: Readable): Stdin {
  const info = fstatSync(fd)
  return { stream, size: info.isFile() ? info.size : null }
}

/** The process's own streams and directory. (The S3 store reads its settings from the process environment, as the AWS SDK does.) */
export function processIo (): CliIo {
  return {
    stdin: () => stdinOf(0, process.stdin),
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    leftovers: new Leftovers(),
  }
}
