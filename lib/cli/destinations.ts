/**
 * Where `mmse extract` puts its files: a directory, or one message of a store (lib/store). Both
 * take every file first and make them visible together on commit, so that a failed run leaves
 * nothing half: the directory through staging files renamed at the end, the store through its
 * own transactions.
 */
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { lstat, mkdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { openStore, type StoreWriter } from '../store/index.js'
import { UsageError } from './args.js'
import type { Leftovers } from './leftovers.js'
import type { CliIo } from './io.js'

export interface Destination {
  /** Streams one file in, invisible until commit. */
  write (name: string, data: Readable): Promise<void>
  /** Makes every file visible; fails, leaving nothing, when a target is taken. */
  commit (): Promise<void>
  /** Removes what was not committed. */
  discard (): Promise<void>
}

/** Staging files: a prefix no sanitized name can have (a leading dot is always stripped). */
const STAGING = `.mmse-${randomBytes(6).toString('hex')}-`

/** Created exclusively: O_CREAT | O_EXCL also fails on a symbolic link of that name (POSIX open()), never follows it. */
const STAGING_FLAGS = 'wx'

/**
 * A directory (created if missing, and removed again when the run fails). Each file streams
 * into a staging file of our own; on commit every target is checked in message order (without
 * `force`, the first that exists fails the run), then each staging file is renamed onto its
 * name. A rename replaces a symbolic link already there instead of following it. A write that
 * fails removes its own staging file and leaves the others staged. Staging files and the
 * directory made are listed in `io.leftovers` until the run ends, so that an interrupted
 * process removes them too.
 */
export class DirectoryDestination implements Destination {
  readonly #dir: string
  readonly #force: boolean
  readonly #leftovers: Leftovers
  /** The files written, in order, each with its staging file. */
  readonly #files: Array<{ name: string, staging: string }> = []
  /** Staging files made so far: the next one's number. */
  #staged = 0
  #created: Promise<string | undefined> | undefined

  constructor (dir: string, force: boolean, io: CliIo) {
    this.#dir = resolve(io.cwd, dir)
    this.#force = force
    this.#leftovers = io.leftovers
  }

  async write (name: string, data: Readable): Promise<void> {
    const release = holdErrors(data)
    try {
      await this.#write(name, data)
    } finally {
      release()
    }
  }

  async #write (name: string, data: Readable): Promise<void> {
    this.#created ??= mkdir(this.#dir, { recursive: true }).then(created => {
      if (created !== undefined) this.#leftovers.add(created)
      return created
    })
    await this.#created
    const file = { name, staging: join(this.#dir, `${STAGING}${this.#staged++}`) }
    this.#files.push(file)
    this.#leftovers.add(file.staging)
    try {
      await pipeline(data, createWriteStream(file.staging, { flags: STAGING_FLAGS, mode: 0o644 }))
    } catch (err) {
      // A file that failed is not committed with the others: a run may go on without it.
      this.#files.splice(this.#files.indexOf(file), 1)
      await this.#remove(file.staging)
      throw err
    }
  }

  async commit (): Promise<void> {
    if (!this.#force) {
      for (const { name } of this.#files) {
        if (await exists(join(this.#dir, name))) throw new Error(`${join(this.#dir, name)} exists: use --force to overwrite`)
      }
    }
    for (const { name, staging } of this.#files) {
      await rename(staging, join(this.#dir, name))
      this.#leftovers.delete(staging)
    }
    this.#files.length = 0
    const created = await this.#created
    if (created !== undefined) this.#leftovers.delete(created)
    this.#created = undefined
  }

  async discard (): Promise<void> {
    await Promise.all(this.#files.map(async ({ staging }) => await this.#remove(staging)))
    this.#files.length = 0
    // A directory this run made is not left behind when the run fails.
    const created = await this.#created?.catch(() => undefined)
    if (created !== undefined) {
      await rm(created, { recursive: true, force: true })
      this.#leftovers.delete(created)
    }
  }

  async #remove (staging: string): Promise<void> {
    await rm(staging, { force: true })
    this.#leftovers.delete(staging)
  }
}

/**
 * Until the pipeline that reads `data` is on (a destination first makes its directory, a store
 * its upload), an error `data` meets would have no listener, and end the process. A listener
 * holds it meanwhile: the stream keeps the error, and the pipeline fails with it. Returns what
 * takes the listener off again.
 */
function holdErrors (data: Readable): () => void {
  const hold = (): void => {}
  data.on('error', hold)
  return () => data.off('error', hold)
}

async function exists (file: string): Promise<boolean> {
  try {
    await lstat(file)
    return true
  } catch {
    return false
  }
}

/**
 * One message of a store, named `<store>/<key>`: `s3://bucket/prefix/key` (endpoint, region and
 * credentials from the AWS SDK's usual sources) or `dir/key` for a local store. Its files are
 * the store's entries, committed together; a key already taken fails the run.
 */
export class StoreDestination implements Destination {
  readonly #writer: StoreWriter

  constructor (location: string, cwd: string) {
    const [store, key] = storeAndKey(location, cwd)
    this.#writer = openStore(store).begin(key)
  }

  async write (name: string, data: Readable): Promise<void> {
    const release = holdErrors(data)
    try {
      await this.#writer.write(name, data)
    } finally {
      release()
    }
  }

  async commit (): Promise<void> {
    await this.#writer.commit()
  }

  async discard (): Promise<void> {
    await this.#writer.abort()
  }
}

/** An object storage location with at least a bucket and a key: the store, then the key. */
const S3_MESSAGE = /^(s3:\/\/[^/]+(?:\/.*)?)\/([^/]+)\/*$/

function storeAndKey (location: string, cwd: string): [string, string] {
  if (!location.startsWith('s3:')) return [dirname(resolve(cwd, location)), basename(resolve(cwd, location))]
  const match = S3_MESSAGE.exec(location)
  if (match === null) throw new UsageError(`--to ${location}: name the message as s3://bucket[/prefix]/key`)
  return [match[1] as string, match[2] as string]
}
