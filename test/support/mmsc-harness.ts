/**
 * An MMSC for a test: a temporary local store (or the one given), a recording notifier (or
 * the one given), listening on 127.0.0.1 at a free port, all stopped and removed in teardown.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Test } from 'tap'
import type { MmscEvent, MmscOptions } from '../../examples/mmsc/config.js'
import { createMmsc, type Mmsc } from '../../examples/mmsc/server.js'
import { decode, type MmseHeaders } from '../../lib/index.js'
import { LocalStore, type MessageStore } from '../../lib/store/index.js'
import { RecordingNotifier } from './mmsc-notifier.js'

export interface Harness {
  mmsc: Mmsc
  /** The MM1 endpoint, e.g. http://127.0.0.1:4321/mms. */
  url: string
  store: MessageStore
  /** The local store's directory (undefined when a store was given). */
  root: string | undefined
  notifier: RecordingNotifier
  events: MmscEvent[]
}

export async function startMmsc (t: Test, options: Partial<MmscOptions> = {}): Promise<Harness> {
  let root: string | undefined
  let store = options.store
  if (store === undefined) {
    root = mkdtempSync(join(tmpdir(), 'mmse-mmsc-'))
    store = new LocalStore(root)
  }
  const notifier = new RecordingNotifier()
  const events: MmscEvent[] = []
  const mmsc = createMmsc({ notifier, ...options, store, log: event => events.push(event) })
  const { port } = await mmsc.listen(0, '127.0.0.1')
  const dir = root
  // The store goes once the server, and all it was doing, has stopped.
  t.teardown(async () => {
    await mmsc.close()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })
  return { mmsc, url: `http://127.0.0.1:${port}${mmsc.settings.path}`, store, root, notifier, events }
}

/** Every file and directory under a local store, relative, sorted; `.spool` itself aside. */
export function storeFiles (root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter(name => name !== '.spool').sort()
}

/** Moves the expiry of message `key` in a local store into the past, as if its time had come. */
export function expireNow (root: string, key: string): void {
  const path = join(root, key, 'message.json')
  const record = JSON.parse(readFileSync(path, 'utf8')) as { expiresAt: string }
  record.expiresAt = new Date(Date.now() - 1000).toISOString()
  writeFileSync(path, JSON.stringify(record))
}

/** A local store in a temporary directory (no fsync: nothing here outlives the test), removed in teardown. */
export function tempStore (t: Test): { root: string, store: LocalStore } {
  const root = mkdtempSync(join(tmpdir(), 'mmse-mmsc-store-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  return { root, store: new LocalStore(root, { fsync: false }) }
}

/**
 * A sweep once the clock has moved on by 2 ms, read with Date.now() as the schedule reads it
 * (a timer alone may fire early against it): an attempt due 1 ms after its job began is due.
 */
export async function nextSweep (harness: Harness): Promise<void> {
  const start = Date.now()
  while (Date.now() < start + 2) await sleep(1)
  await harness.mmsc.sweep()
  await harness.mmsc.settled()
}

/** The headers of every PDU the MMSC has pushed, in order. */
export function pdus (harness: Harness): MmseHeaders[] {
  return harness.notifier.pushes.map(push => decode(push.pdu).headers)
}
