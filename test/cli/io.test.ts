/**
 * The CLI's surroundings, in process: the io the bin hands to main(), stdout written and waited
 * for, and what an interrupted run leaves removed before the process dies of the signal.
 */
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import t from 'tap'
import { processIo, stdinOf } from '../../lib/cli/io.js'
import { Leftovers } from '../../lib/cli/leftovers.js'
import { print } from '../../lib/cli/output.js'
import { removeOnSignals, type Signalled } from '../../lib/cli/signals.js'
import { memoryIo } from '../support/cli.js'

/** A stdout whose every write fails with `code`. */
function failing (code: string): Writable {
  return new Writable({ write (_chunk, _encoding, callback) { callback(Object.assign(new Error(`write ${code}`), { code })) } })
}

t.test('processIo: the process\'s own streams and directory, stdin taken on first use', async t => {
  const io = processIo()
  t.equal(io.stdout, process.stdout)
  t.equal(io.stderr, process.stderr)
  t.equal(io.cwd, process.cwd())
  t.equal(io.stdin().stream, process.stdin)
})

t.test('stdinOf: a size for a regular file, none for a device or a pipe', async t => {
  const dir = t.testdir({ 'seven.bin': '1234567' })
  const stream = new PassThrough()
  const file = openSync(join(dir, 'seven.bin'), 'r')
  const device = openSync('/dev/null', 'r')
  t.teardown(() => {
    closeSync(file)
    closeSync(device)
  })
  t.same(stdinOf(file, stream), { stream, size: 7 })
  t.same(stdinOf(device, stream), { stream, size: null })
})

t.test('print: resolves once written; EPIPE is the reader gone, anything else fails', async t => {
  await t.resolves(print(memoryIo({}, failing('EPIPE')), 'x'), 'a reader that went away')
  await t.rejects(print(memoryIo({}, failing('ENOSPC')), 'x'), { code: 'ENOSPC' }, 'a full disk')
})

t.test('Leftovers: removes what is still listed, a file before its directory', async t => {
  const dir = t.testdir()
  const made = join(dir, 'made')
  mkdirSync(made)
  writeFileSync(join(made, 'staging'), 'x')
  writeFileSync(join(dir, 'done'), 'x')
  const leftovers = new Leftovers()
  leftovers.add(made)
  leftovers.add(join(made, 'staging'))
  leftovers.add(join(dir, 'done'))
  leftovers.delete(join(dir, 'done'))
  leftovers.removeAll()
  t.notOk(existsSync(made))
  t.ok(existsSync(join(dir, 'done')), 'a finished file stays')
})

t.test('removeOnSignals: on SIGINT, SIGTERM or SIGHUP, the leftovers go, then the signal is raised again', async t => {
  const listeners = new Map<string, () => void>()
  const killed: Array<[number, string]> = []
  const proc: Signalled = { pid: 42, once: (event, listener) => listeners.set(event, listener), kill: (pid, signal) => killed.push([pid, signal]) }
  const dir = t.testdir({ staging: 'x' })
  const leftovers = new Leftovers()
  leftovers.add(join(dir, 'staging'))
  removeOnSignals(leftovers, proc)
  t.same([...listeners.keys()], ['SIGINT', 'SIGTERM', 'SIGHUP'])
  listeners.get('SIGTERM')?.()
  t.notOk(existsSync(join(dir, 'staging')))
  t.same(killed, [[42, 'SIGTERM']])
})
