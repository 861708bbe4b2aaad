/**
 * Stores that misbehave on purpose, around a real local store: one whose writes or commit
 * fail, one that takes part data slowly, one whose commit waits for a signal.
 */
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { MessageStore, StoreWriter } from '../../lib/store/index.js'

interface Wrap {
  /** Replaces writer.write (default: the store's). */
  write? (writer: StoreWriter, ...args: Parameters<StoreWriter['write']>): Promise<number>
  /** Replaces writer.commit (default: the store's). */
  commit? (writer: StoreWriter): Promise<void>
}

export function wrapStore (store: MessageStore, wrap: Wrap): MessageStore {
  return {
    begin: (key: string): StoreWriter => {
      const writer = store.begin(key)
      return {
        key,
        write: (...args) => wrap.write?.(writer, ...args) ?? writer.write(...args),
        commit: () => wrap.commit?.(writer) ?? writer.commit(),
        abort: () => writer.abort(),
      }
    },
    size: (key, name) => store.size(key, name),
    read: (key, name) => store.read(key, name),
    keys: () => store.keys(),
    remove: key => store.remove(key),
    sweep: options => store.sweep(options),
  }
}

/** Part data reaches the store one chunk every `ms`: the MMSC must hold the phone back meanwhile. */
export function slowStore (store: MessageStore, ms: number): MessageStore {
  return wrapStore(store, {
    write: (writer, name, data, options) => {
      if (typeof data === 'string' || data instanceof Uint8Array) return writer.write(name, data, options)
      const slow = new Transform({
        highWaterMark: 1024,
        transform (chunk: Buffer, _encoding, callback) { setTimeout(() => callback(null, chunk), ms) },
      })
      // The pipeline passes a part destroyed midway on, as the failure of the slow stream.
      pipeline(data, slow).catch(() => {})
      return writer.write(name, slow, options)
    },
  })
}
