/**
 * The life of one store transaction, the same for every backend (lib/store/store.ts): open,
 * then committing, then committed or aborted. This class keeps the entries being written and
 * the state; a backend says how an entry is written, how the entries are published under the
 * key, and how what they wrote is removed.
 */
import { checkName } from './names.js'
import type { EntryData, StoreWriter, WriteOptions } from './store.js'

/** One entry being written: settles with its size, or rejects; `stop()` makes it fail soon. */
export interface EntryWrite {
  done: Promise<number>
  stop: () => void
}

type State = 'open' | 'committing' | 'committed' | 'aborted'

export abstract class Transaction implements StoreWriter {
  readonly key: string
  readonly #writes = new Map<string, EntryWrite>()
  #state: State = 'open'
  #committing: Promise<void> | undefined

  constructor (key: string) {
    this.key = key
  }

  /** Starts writing one entry (its name checked, unique in the transaction). */
  protected abstract start (name: string, data: EntryData, options: WriteOptions): EntryWrite
  /** Makes the entries visible under the key, all at once; every write has succeeded. */
  protected abstract publish (sizes: ReadonlyMap<string, number>): Promise<void>
  /** Removes what the entries of `names` wrote; every write has settled. */
  protected abstract remove (names: string[]): Promise<void>

  protected get aborted (): boolean {
    return this.#state === 'aborted'
  }

  protected abortedError (): Error {
    return new Error(`store transaction ${this.key} aborted`)
  }

  write (name: string, data: EntryData, options: WriteOptions = {}): Promise<number> {
    try {
      checkName(name, 'name')
    } catch (err) {
      return Promise.reject(err)
    }
    if (this.#state !== 'open') return Promise.reject(new Error(`store transaction ${this.key} is ${this.#state}`))
    if (this.#writes.has(name)) return Promise.reject(new Error(`store entry ${name} written twice in ${this.key}`))
    const write = this.start(name, data, options)
    // commit() reports a failed write too: a caller that drops this promise must not crash the process.
    write.done.catch(() => {})
    this.#writes.set(name, write)
    return write.done
  }

  commit (): Promise<void> {
    if (this.#state !== 'open') return Promise.reject(new Error(`store transaction ${this.key} is ${this.#state}`))
    this.#state = 'committing'
    this.#committing = this.#commit()
    return this.#committing
  }

  async #commit (): Promise<void> {
    try {
      const sizes = new Map<string, number>()
      for (const [name, write] of this.#writes) sizes.set(name, await write.done)
      await this.publish(sizes)
      this.#state = 'committed'
    } catch (err) {
      await this.#discard()
      throw err
    }
  }

  async abort (): Promise<void> {
    if (this.#state === 'committing') {
      // Stopping the writes makes a commit that waits for them fail, and clean up itself.
      for (const write of this.#writes.values()) write.stop()
      await this.#committing?.catch(() => {})
      return
    }
    if (this.#state === 'open') await this.#discard()
  }

  async #discard (): Promise<void> {
    this.#state = 'aborted'
    for (const write of this.#writes.values()) write.stop()
    await Promise.allSettled([...this.#writes.values()].map(write => write.done))
    await this.remove([...this.#writes.keys()])
  }
}
