/**
 * A file written whole or not at all (`encode -o`, `notify -o`): the octets go to a temporary
 * file beside the target, on the same file system, and are renamed onto it once written,
 * flushed and closed; rename() replaces the target in one step (POSIX rename()). On any failure
 * (a full disk, a quota) the temporary is removed and the target is as it was: never a
 * truncated PDU, never an empty file. While it exists the temporary is listed in
 * `io.leftovers`, so that an interrupted process removes it too.
 */
import { randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { CliIo } from './io.js'

/** Writes `data` to a new file at `path`; a test passes one that fails part way. */
export type WriteNew = (path: string, data: string | Uint8Array) => Promise<void>

/** Created exclusively ('wx': never through a link planted under that name), flushed to the disk before the rename. */
async function writeNew (path: string, data: string | Uint8Array): Promise<void> {
  const file = await open(path, 'wx', 0o666)
  try {
    await file.writeFile(data)
    await file.sync()
  } finally {
    await file.close()
  }
}

export async function writeFileAtomic (target: string, data: string | Uint8Array, io: CliIo, write: WriteNew = writeNew): Promise<void> {
  await atomically(target, io, (temporary) => write(temporary, data))
}

/** The same for octets that arrive as a stream (`convert -o`): written as they are read, never held whole. */
export async function writeStreamAtomic (target: string, data: AsyncIterable<Uint8Array>, io: CliIo): Promise<void> {
  await atomically(target, io, async (temporary) => {
    const file = await open(temporary, 'wx', 0o666)
    try {
      for await (const chunk of data) await file.write(chunk)
      await file.sync()
    } finally {
      await file.close()
    }
  })
}

async function atomically (target: string, io: CliIo, write: (temporary: string) => Promise<void>): Promise<void> {
  const file = resolve(io.cwd, target)
  const temporary = join(dirname(file), `.mmse-${randomBytes(6).toString('hex')}.tmp`)
  io.leftovers.add(temporary)
  try {
    await write(temporary)
    await rename(temporary, file)
  } catch (err) {
    await rm(temporary, { force: true })
    throw err
  } finally {
    io.leftovers.delete(temporary)
  }
}
