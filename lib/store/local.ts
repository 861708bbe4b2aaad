/**
 * The message store in a local directory: `<root>/<key>/<name>` for committed messages, and
 * `<root>/.spool/<key>.<random>/` for a transaction in progress. A commit is one rename(2)
 * of the spool directory to its key, atomic on one file system, so a reader sees all of a
 * message or nothing; an abort, or a failed write, removes the spool directory. With `fsync`
 * (the default) every entry and both directories are flushed first, so that a message whose
 * commit resolved survives a crash.
 */
import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { lstat, mkdir, open, opendir, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { lazyReadable } from './lazy.js'
import { checkName } from './names.js'
import { type EntryData, keyTaken, type MessageStore, type StoreWriter, type SweepOptions, sweepCutoff } from './store.js'
import { type EntryWrite, Transaction } from './transaction.js'

/** The spool, inside the root so that a commit is a rename within one file system. */
const SPOOL = '.spool'

export interface LocalStoreOptions {
  /** Flush entries and directories to disk before a commit resolves (default true). */
  fsync?: boolean
}

export class LocalStore implements MessageStore {
  readonly root: string
  readonly spool: string
  readonly #fsync: boolean

  constructor (root: string, options: LocalStoreOptions = {}) {
    this.root = root
    this.spool = join(root, SPOOL)
    this.#fsync = options.fsync !== false
  }

  begin (key: string): StoreWriter {
    return new LocalWriter(this, checkName(key, 'key'), this.#fsync)
  }

  async size (key: string, name: string): Promise<number | undefined> {
    try {
      const stats = await stat(this.#path(key, name))
      return stats.isFile() ? stats.size : undefined
    } catch (err) {
      if (isMissing(err)) return undefined
      throw err
    }
  }

  read (key: string, name: string): Readable {
    const path = this.#path(key, name)
    return lazyReadable(async () => createReadStream(path))
  }

  async * keys (): AsyncIterable<string> {
    let dir
    try {
      dir = await opendir(this.root)
    } catch (err) {
      if (isMissing(err)) return
      throw err
    }
    for await (const entry of dir) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) yield entry.name
    }
  }

  async remove (key: string): Promise<void> {
    // Out of sight first (one rename), then deleted: a reader never sees half a message.
    const doomed = join(this.spool, `${checkName(key, 'key')}.${nonce()}.removed`)
    try {
      await mkdir(this.spool, { recursive: true })
      await rename(join(this.root, key), doomed)
    } catch (err) {
      if (isMissing(err)) return
      throw err
    }
    await rm(doomed, { recursive: true, force: true })
  }

  async sweep (options?: SweepOptions): Promise<number> {
    const cutoff = sweepCutoff(options)
    let names: string[]
    try {
      names = await readdir(this.spool)
    } catch (err) {
      if (isMissing(err)) return 0
      throw err
    }
    const doomed = cutoff === undefined ? names : await filterOld(this.spool, names, cutoff)
    await Promise.all(doomed.map(async name => rm(join(this.spool, name), { recursive: true, force: true })))
    return doomed.length
  }

  #path (key: string, name: string): string {
    return join(this.root, checkName(key, 'key'), checkName(name, 'name'))
  }
}

class LocalWriter extends Transaction {
  readonly #store: LocalStore
  readonly #fsync: boolean
  readonly #dir: string
  #created: Promise<void> | undefined

  constructor (store: LocalStore, key: string, fsync: boolean) {
    super(key)
    this.#store = store
    this.#fsync = fsync
    this.#dir = join(store.spool, `${key}.${nonce()}`)
  }

  protected start (name: string, data: EntryData): EntryWrite {
    const stop = new AbortController()
    return { done: this.#write(name, data, stop.signal), stop: () => { stop.abort() } }
  }

  async #write (name: string, data: EntryData, signal: AbortSignal): Promise<number> {
    const source = data instanceof Readable ? data : Readable.from([typeof data === 'string' ? Buffer.from(data, 'utf8') : data])
    let closed: Promise<void> | undefined
    let written: number | undefined
    try {
      await this.#mkdir()
      signal.throwIfAborted()
      const sink = createWriteStream(join(this.#dir, name), { flags: 'wx', flush: this.#fsync })
      // Settled only once the file is closed: an abort removes the spool after this, and no
      // descriptor may still create or write a file in it then. (Listened for from the start:
      // whether the file is closed yet when pipeline() settles differs between Node versions.)
      closed = new Promise(resolve => sink.once('close', resolve))
      await pipeline(source, sink, { signal })
      written = sink.bytesWritten
    } finally {
      if (written === undefined) source.destroy()
      await closed
    }
    return written
  }

  #mkdir (): Promise<void> {
    this.#created ??= mkdir(this.#dir, { recursive: true }).then(() => {})
    return this.#created
  }

  protected async publish (): Promise<void> {
    await this.#mkdir()
    if (this.#fsync) await syncDirectory(this.#dir)
    const target = join(this.#store.root, this.key)
    // rename(2) would replace an empty directory: a message without entries is a message
    // too. (A key committed between this check and the rename fails it with ENOTEMPTY.)
    if (await lstat(target).then(() => true, () => false)) throw keyTaken(this.key)
    await rename(this.#dir, target)
    if (this.#fsync) await syncDirectory(this.#store.root)
  }

  protected async remove (): Promise<void> {
    await this.#created?.catch(() => {})
    await rm(this.#dir, { recursive: true, force: true })
  }
}

/**
 * The spool directories last written before `cutoff`: the newest modification time of the
 * directory and of its files (a file being streamed into changes its own, not the directory's).
 * One that vanished meanwhile (its transaction ended) is not old.
 */
async function filterOld (spool: string, names: string[], cutoff: number): Promise<string[]> {
  const old = await Promise.all(names.map(async name => {
    const dir = join(spool, name)
    try {
      const times = [(await stat(dir)).mtimeMs]
      for (const file of await readdir(dir)) times.push((await stat(join(dir, file))).mtimeMs)
      return Math.max(...times) < cutoff
    } catch (err) {
      if (isMissing(err)) return false
      throw err
    }
  }))
  return names.filter((_, index) => old[index])
}

/** fsync(2) on a directory, so that the names created or renamed in it are on disk. */
async function syncDirectory (path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

function nonce (): string {
  return randomBytes(6).toString('hex')
}

function isMissing (err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR'
}
