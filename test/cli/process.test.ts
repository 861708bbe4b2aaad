/**
 * What only a real process shows, for the bin (lib/cli/main.ts) run as a child on the
 * TypeScript sources: exit statuses, a reader that goes away (EPIPE), stdin redirected from a
 * file, a full device behind stdout, and a signal in the middle of a run. Everything else runs
 * in process (test/support/cli.ts).
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { buildRetrieveConf, encode } from '../../lib/index.js'
import { CHILD_ENV, cliArgs, mmse, mmseProcess, repo } from '../support/cli.js'
import { until } from '../support/until.js'

// Each child compiles the sources afresh: seconds apiece on a busy 2-core machine.
t.setTimeout(5 * 60 * 1000)

const dir = mkdtempSync(join(tmpdir(), 'mmse-process-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const sample = join(repo, 'examples/sample.mms')

t.test('exit statuses: 0, 1 and 2', async t => {
  const [ok, missing, usage] = await Promise.all([
    mmseProcess(['inspect', 'examples/sample.mms']),
    mmseProcess(['inspect', join(dir, 'missing.mms')]),
    mmseProcess([]),
  ])
  t.equal(ok.code, 0, ok.err)
  t.equal(ok.out, (await mmse(['inspect', 'examples/sample.mms'])).out, 'the same output as in process')
  t.equal(missing.code, 1)
  t.match(missing.err, /^mmse: ENOENT/)
  t.equal(usage.code, 2)
  t.match(usage.out, /^Usage: mmse <command>/)
})

t.test('stdin redirected from a file', async t => {
  const run = await mmseProcess(['inspect', '--json', '-'], { stdinFile: sample })
  t.equal(run.code, 0, run.err)
  t.equal(run.out, (await mmse(['inspect', '--json', sample])).out)
})

t.test('a reader that goes away early is not an error', async t => {
  const child = spawn(process.execPath, cliArgs(['inspect', sample]), { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: CHILD_ENV })
  child.stdout.destroy()
  let err = ''
  child.stderr.on('data', (c: Buffer) => { err += c.toString() })
  const code = await new Promise(resolve => child.on('close', resolve))
  t.equal(code, 0)
  t.equal(err, '')
})

t.test('a full device behind stdout fails the run', async t => {
  const spec = join(dir, 'conf.json')
  writeFileSync(spec, JSON.stringify({ headers: { messageType: 'm-send-conf', transactionId: 't', mmsVersion: '1.2', responseStatus: 'ok' } }))
  const full = openSync('/dev/full', 'w')
  const child = spawn(process.execPath, cliArgs(['encode', spec, '-o', '-']), { cwd: repo, stdio: ['ignore', full, 'pipe'], env: CHILD_ENV })
  closeSync(full)
  let err = ''
  child.stderr?.on('data', (c: Buffer) => { err += c.toString() })
  const code = await new Promise(resolve => child.on('close', resolve))
  t.equal(code, 1)
  t.match(err, /^mmse: ENOSPC/)
})

t.test('interrupted, extract removes its staging files and the directory it made, then dies of the signal', async t => {
  const pdu = Buffer.from(encode(buildRetrieveConf({ parts: [{ contentType: 'image/jpeg', data: Buffer.alloc(1024 * 1024, 1), name: 'big.jpg' }] })))
  const out = join(dir, 'interrupted')
  const child = spawn(process.execPath, cliArgs(['extract', '-', '-o', out]), { cwd: repo, stdio: ['pipe', 'ignore', 'pipe'], env: CHILD_ENV })
  // The start of the message (less than a pipe holds, so the write is done at once): the part is
  // being written when the signal comes, and stdin stays open.
  child.stdin.write(pdu.subarray(0, 32 * 1024))
  const closed = new Promise<[number | null, NodeJS.Signals | null]>(resolve => child.on('close', (code, signal) => resolve([code, signal])))
  await until(() => existsSync(out) && readdirSync(out).some(name => name.startsWith('.mmse-')))
  child.kill('SIGTERM')
  t.same(await closed, [null, 'SIGTERM'])
  t.notOk(existsSync(out), 'nothing left')
  child.stdin.destroy()
})
