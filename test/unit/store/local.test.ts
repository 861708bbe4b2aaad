/**
 * The local-directory message store: entries stream in and out byte-exact, a commit makes a
 * message visible whole, an abort or a failed write leaves no file or directory behind, and
 * no name can leave the store.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import t, { type Test } from 'tap'
import { checkName, LocalStore, NAME_MAX_BYTES } from '../../../lib/store/index.js'
import { MmseError } from '../../../lib/index.js'
import { collectBytes, seededBytes, stalledAfter } from '../../support/mmsc-streams.js'

/** A bound on the whole file, against a hang (not a measure). */
t.setTimeout(120_000)

function tempStore (t: Test, fsync = true): LocalStore {
  const root = mkdtempSync(join(tmpdir(), 'mmse-store-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  return new LocalStore(root, { fsync })
}

/** Every file and directory under the root, relative, sorted. */
function walk (root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).sort()
}

async function keys (store: LocalStore): Promise<string[]> {
  const all: string[] = []
  for await (const key of store.keys()) all.push(key)
  return all.sort()
}

/** Commits message `key` with the one entry `name` holding `text`. */
async function commitOne (store: LocalStore, key: string, name: string, text: string): Promise<void> {
  const writer = store.begin(key)
  await writer.write(name, text)
  await writer.commit()
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

t.test('entries stream in, commit together and read back byte-exact', async t => {
  const store = tempStore(t)
  const big = seededBytes(1, 3 * 1024 * 1024 + 17)
  const writer = store.begin('m1')
  const sizes = await Promise.all([
    writer.write('part-0', Readable.from(chunks(big, 65536))),
    writer.write('part-1', new Uint8Array([1, 2, 3])),
    writer.write('message.json', '{"a":1}'),
  ])
  t.same(sizes, [big.length, 3, 7])
  t.same(await keys(store), [], 'nothing visible before the commit')
  t.equal(await store.size('m1', 'part-0'), undefined)
  await writer.commit()
  t.same(await keys(store), ['m1'])
  t.equal(await store.size('m1', 'part-0'), big.length)
  t.equal(sha(await collectBytes(store.read('m1', 'part-0'))), sha(big))
  t.same([...await collectBytes(store.read('m1', 'part-1'))], [1, 2, 3])
  t.same(walk(store.root), ['.spool', 'm1', 'm1/message.json', 'm1/part-0', 'm1/part-1'])
  await writer.abort()
  t.same(await keys(store), ['m1'], 'abort after commit changes nothing')
})

t.test('without fsync the same', async t => {
  const store = tempStore(t, false)
  await commitOne(store, 'k', 'a', 'x')
  t.equal(await store.size('k', 'a'), 1)
})

t.test('an abort while a part is still arriving leaves nothing', async t => {
  const store = tempStore(t)
  const writer = store.begin('m2')
  const source = stalledAfter(seededBytes(2, 200_000))
  const write = writer.write('part-0', source)
  await source.stalled
  await writer.abort()
  await t.rejects(write)
  t.ok(source.destroyed, 'the source is destroyed')
  t.same(walk(store.root), ['.spool'])
  await t.rejects(writer.commit(), /aborted/)
  await t.rejects(writer.write('late', 'x'), /aborted/)
})

t.test('a failing source fails the commit, which cleans up', async t => {
  const store = tempStore(t)
  const writer = store.begin('m3')
  const failing = new Readable({ read () { this.destroy(new Error('client went away')) } })
  const write = t.rejects(writer.write('part-0', failing), /client went away/)
  await writer.write('part-1', 'fine')
  await write
  await t.rejects(writer.commit(), /client went away/)
  t.same(walk(store.root), ['.spool'])
})

t.test('abort during a commit waiting on a stalled write: nothing committed, nothing left', async t => {
  const store = tempStore(t)
  const writer = store.begin('m4')
  const source = stalledAfter(seededBytes(3, 10_000))
  void writer.write('part-0', source).catch(() => {})
  const commit = writer.commit()
  await source.stalled
  await writer.abort()
  await t.rejects(commit)
  t.same(walk(store.root), ['.spool'])
})

t.test('a taken key: the commit fails, the first message stays, the second leaves nothing', async t => {
  const store = tempStore(t)
  await commitOne(store, 'dup', 'a', 'first')
  const second = store.begin('dup')
  await second.write('a', 'second')
  await t.rejects(second.commit(), /dup is already taken/)
  t.same(walk(store.root), ['.spool', 'dup', 'dup/a'])
  await store.begin('none').commit()
  await t.rejects(store.begin('none').commit(), { code: 'EEXIST' }, 'a message without entries is not replaced')
  t.equal(Buffer.from(await collectBytes(store.read('dup', 'a'))).toString(), 'first')
  await t.rejects(second.write('a', 'x'), /aborted/)
})

t.test('a name written twice is refused', async t => {
  const store = tempStore(t)
  const writer = store.begin('twice')
  await writer.write('a', 'x')
  await t.rejects(writer.write('a', 'y'), /twice/)
  await writer.abort()
})

t.test('no key or name can leave the store or hide in it', async t => {
  const store = tempStore(t)
  const bad = ['', '.', '..', '../up', 'a/b', 'a\\b', '.spool', '.hidden', 'nul\u0000', 'line\nbreak', 'c:d', 'é'.repeat(128)]
  for (const name of bad) {
    t.throws(() => checkName(name, 'name'), { code: 'ERR_MMSE_BAD_INPUT' }, JSON.stringify(name))
    t.throws(() => store.begin(name), MmseError)
    await t.rejects(store.begin('ok').write(name, 'x'), { code: 'ERR_MMSE_BAD_INPUT' })
    t.throws(() => store.read('ok', name), { code: 'ERR_MMSE_BAD_INPUT' })
  }
  const longest = 'n'.repeat(NAME_MAX_BYTES)
  t.equal(checkName(longest, 'name'), longest, 'a 255-byte name is fine')
  t.equal(checkName('Grüße 2.jpg', 'name'), 'Grüße 2.jpg')
  await commitOne(store, 'ok', longest, 'x')
  t.equal(await store.size('ok', longest), 1)
})

t.test('missing entries: size undefined, read fails with ENOENT', async t => {
  const store = tempStore(t)
  t.equal(await store.size('nope', 'a'), undefined)
  await t.rejects(collectBytes(store.read('nope', 'a')), { code: 'ENOENT' })
  t.same(await keys(store), [])
  t.same(await keys(new LocalStore(join(store.root, 'not-yet'))), [], 'no root yet: no keys')
})

t.test('remove and sweep', async t => {
  const store = tempStore(t)
  await commitOne(store, 'kept', 'a', 'x')
  await commitOne(store, 'gone', 'a', 'x')
  await store.remove('gone')
  await store.remove('never-was')
  t.same(await keys(store), ['kept'])
  // A process that stopped mid-write leaves its spool directory: sweep removes it.
  const abandoned = store.begin('abandoned')
  await abandoned.write('a', 'x')
  t.equal(await store.sweep(), 1)
  t.same(walk(store.root), ['.spool', 'kept', 'kept/a'])
  t.equal(await new LocalStore(join(store.root, 'missing')).sweep(), 0)
})

t.test('a sweep with olderThanMs leaves what was written since: another process may be writing it', async t => {
  const store = tempStore(t, false)
  const fresh = store.begin('fresh')
  await fresh.write('a', 'x')
  const stale = store.begin('stale')
  await stale.write('a', 'x')
  const [freshDir, staleDir] = ['fresh', 'stale'].map(key => readdirSync(store.spool).find(name => name.startsWith(`${key}.`)) as string)
  t.equal(await store.sweep({ olderThanMs: 3_600_000 }), 0, 'both written just now')
  const longAgo = new Date(0)
  utimesSync(join(store.spool, staleDir as string, 'a'), longAgo, longAgo)
  utimesSync(join(store.spool, staleDir as string), longAgo, longAgo)
  // A directory long untouched whose file is being written now is not stale.
  utimesSync(join(store.spool, freshDir as string), longAgo, longAgo)
  // A spool entry gone between the listing and its look (here: a link to nothing) is not stale either.
  symlinkSync('nowhere', join(store.spool, 'vanished'))
  t.equal(await store.sweep({ olderThanMs: 3_600_000 }), 1)
  t.same(readdirSync(store.spool).sort(), [freshDir, 'vanished'].sort())
  symlinkSync('looped', join(store.spool, 'looped'))
  await t.rejects(store.sweep({ olderThanMs: 1 }), { code: 'ELOOP' })
})

function * chunks (bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
}

t.test('what the file system says besides "missing" is passed on', async t => {
  const store = tempStore(t)
  await commitOne(store, 'k', 'a', 'x')
  mkdirSync(join(store.root, 'k', 'sub'))
  t.equal(await store.size('k', 'sub'), undefined, 'a directory is no entry')
  t.equal(await store.size('a-file', 'x'), undefined, 'below a file: ENOTDIR, missing')
  writeFileSync(join(store.root, 'a-file'), 'x')
  t.equal(await store.size('a-file', 'x'), undefined)
  symlinkSync('loop', join(store.root, 'k', 'loop'))
  await t.rejects(store.size('k', 'loop'), { code: 'ELOOP' })
  const looped = new LocalStore(join(store.root, 'root-loop'))
  symlinkSync('root-loop', looped.root)
  await t.rejects((async () => { for await (const key of looped.keys()) t.fail(key) })(), { code: 'ELOOP' })
  await t.rejects(looped.sweep(), { code: 'ELOOP' })
  await t.rejects(looped.remove('k'), { code: 'ELOOP' })
})

t.test('an abort before the spool exists; a commit twice', async t => {
  const store = tempStore(t)
  const writer = store.begin('early')
  const write = t.rejects(writer.write('a', 'x'))
  await writer.abort()
  await write
  t.same(walk(store.root), ['.spool'], 'no entry, no transaction directory')
  const twice = store.begin('twice')
  await twice.commit()
  await t.rejects(twice.commit(), /committed/)
  t.same(walk(join(store.root, 'twice')), [], 'an empty message is a message')
})
