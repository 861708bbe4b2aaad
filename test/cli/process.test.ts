/**
 * What only a real process shows, for the bin (lib/cli/main.ts) run as a child on the
 * TypeScript sources: exit statuses, a reader that goes away (EPIPE), stdin redirected from a
 * file, a full device behind stdout, and a signal in the middle of a run. Everything else runs
 * in process (test/support/cli.ts). Six children, one of them with coverage (for the bin).
 */
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { buildRetrieveConf, encode } from '../../lib/index.js'
import { mmse, mmseProcess, repo, spawnCli } from '../support/cli.js'
import { until } from '../support/until.js'

// Each child compiles the sources afresh: seconds apiece on a busy 2-core machine.
t.setTimeout(3 * 60 * 1000)

const dir = mkdtempSync(join(tmpdir(), 'mmse-process-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const sample = join(repo, 'examples/sample.mms')

t.test('exit statuses: 1 and 2 (0 below)', async t => {
  const [missing, usage] = await Promise.all([
    mmseProcess(['inspect', join(dir, 'missing.mms')]),
    mmseProcess([], { covered: true }),
  ])
  t.equal(missing.code, 1)
  t.match(missing.err, /^mmse: ENOENT/)
  t.equal(usage.code, 2)
  t.match(usage.out, /^Usage: mmse <command>/)
})

t.test('stdin redirected from a file', async t => {
  const run = await mmseProcess(['inspect', '--json', '-'], { stdinFile: sample })
  t.equal(run.code, 0, run.err)
  t.equal(run.out, (await mmse(['inspect', '--json', sample])).out, 'the same output as in process')
})

t.test('a reader that goes away early is not an error', async t => {
  const child = spawnCli(['inspect', sample], ['ignore', 'pipe', 'pipe'])
  child.stdout?.destroy()
  let err = ''
  child.stderr?.on('data', (c: Buffer) => { err += c.toString() })
  const code = await new Promise(resolve => child.on('close', resolve))
  t.equal(code, 0)
  t.equal(err, '')
})

t.test('a full device behind stdout fails the run', async t => {
  const spec = join(dir, 'conf.json')
  writeFileSync(spec, JSON.stringify({ headers: { messageType: 'm-send-conf', transactionId: 't', mmsVersion: '1.2', responseStatus: 'ok' } }))
  const full = openSync('/dev/full', 'w')
  const child = spawnCli(['encode', spec, '-o', '-'], ['ignore', full, 'pipe'])
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
  const child = spawnCli(['extract', '-', '-o', out], ['pipe', 'ignore', 'pipe'])
  // The start of the message (less than a pipe holds, so the write is done at once): the part is
  // being written when the signal comes, and stdin stays open.
  child.stdin?.write(pdu.subarray(0, 32 * 1024))
  const closed = new Promise<[number | null, NodeJS.Signals | null]>(resolve => child.on('close', (code, signal) => resolve([code, signal])))
  await until(() => existsSync(out) && readdirSync(out).some(name => name.startsWith('.mmse-')))
  child.kill('SIGTERM')
  t.same(await closed, [null, 'SIGTERM'])
  t.notOk(existsSync(out), 'nothing left')
  child.stdin?.destroy()
})
