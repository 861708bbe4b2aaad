/**
 * No half-written output: a file is written to a temporary beside it and renamed once whole
 * (lib/cli/atomic-file.ts), so a write that fails part way (a full disk) leaves the target as
 * it was and no temporary; stdout is waited for, so a failure there fails the run (exit 1).
 */
import { existsSync, lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import t from 'tap'
import { writeFileAtomic } from '../../lib/cli/atomic-file.js'
import { main } from '../../lib/cli/run.js'
import { Collector, memoryIo, mmse } from '../support/cli.js'

const SPEC = JSON.stringify({ headers: { messageType: 'm-send-conf', transactionId: 't', mmsVersion: '1.2', responseStatus: 'ok' } })

/** Writes the first half, then fails as a full disk does. */
async function fullDisk (path: string, data: string | Uint8Array): Promise<void> {
  await writeFile(path, data.slice(0, data.length / 2))
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
}

t.test('a write that fails part way leaves the target as it was, and no temporary', async t => {
  const dir = t.testdir({ 'old.mms': 'old' })
  const io = memoryIo({})
  io.cwd = dir
  await t.rejects(writeFileAtomic('old.mms', 'new content', io, fullDisk), { code: 'ENOSPC' })
  await t.rejects(writeFileAtomic('new.mms', 'new content', io, fullDisk), { code: 'ENOSPC' })
  t.same(readdirSync(dir), ['old.mms'], 'no new file, no temporary')
  t.equal(readFileSync(join(dir, 'old.mms'), 'utf8'), 'old')
})

t.test('while it is written, the temporary is listed for an interrupted process to remove', async t => {
  const dir = t.testdir()
  const io = memoryIo({})
  io.cwd = dir
  let removed = false
  const interrupted = async (path: string, data: string | Uint8Array): Promise<void> => {
    await writeFile(path, data)
    io.leftovers.removeAll()
    removed = !existsSync(path)
  }
  await t.rejects(writeFileAtomic('out.mms', 'data', io, interrupted), { code: 'ENOENT' }, 'nothing left to rename')
  t.ok(removed)
  t.same(readdirSync(dir), [])
})

t.test('a whole write replaces the target, a link in its place included, never followed', async t => {
  const dir = t.testdir({ 'victim.txt': 'precious' })
  symlinkSync(join(dir, 'victim.txt'), join(dir, 'out.mms'))
  const io = memoryIo({})
  io.cwd = dir
  await writeFileAtomic('out.mms', Buffer.from([0x8c, 0x81]), io)
  t.notOk(lstatSync(join(dir, 'out.mms')).isSymbolicLink())
  t.same(readFileSync(join(dir, 'out.mms')), Buffer.from([0x8c, 0x81]))
  t.equal(readFileSync(join(dir, 'victim.txt'), 'utf8'), 'precious')
  t.same(readdirSync(dir).sort(), ['out.mms', 'victim.txt'])
})

t.test('encode -o and notify -o: a target that cannot be replaced leaves no temporary', async t => {
  const dir = t.testdir({ 'spec.json': SPEC, 'taken.mms': {} })
  for (const command of ['encode', 'notify']) {
    const run = await mmse([command, join(dir, 'spec.json'), '-o', join(dir, 'taken.mms')])
    t.equal(run.code, 1, command)
    t.match(run.err, /^mmse: (EISDIR|ENOTEMPTY|EEXIST)/, `${command}: the rename fails`)
  }
  t.same(readdirSync(dir).sort(), ['spec.json', 'taken.mms'])
})

t.test('stdout that fails: exit 1 with the error, for every command that writes there', async t => {
  const dir = t.testdir({ 'spec.json': SPEC })
  for (const args of [['encode', join(dir, 'spec.json'), '-o', '-'], ['notify', join(dir, 'spec.json'), '-o', '-'], ['notify', join(dir, 'spec.json')], ['inspect', 'examples/sample.mms'], ['--version']]) {
    const full = new Writable({ write (_chunk, _encoding, callback) { callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })) } })
    const stderr = new Collector()
    t.equal(await main(args, memoryIo({}, full, stderr)), 1, args.join(' '))
    t.equal(stderr.bytes.toString(), 'mmse: ENOSPC: no space left on device, write\n', args.join(' '))
  }
})
