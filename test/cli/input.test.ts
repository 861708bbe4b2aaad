/**
 * Every command takes its input one way (lib/cli/input.ts): a path must be a regular file,
 * opened without blocking, so a FIFO with no writer or a device is refused at once (exit 2);
 * what is read whole has a bound per command (push and notify 1 MiB, an encode spec 16 MiB, a
 * part file 256 MiB), past which the run fails (exit 1) instead of filling memory.
 */
import { execFileSync } from 'node:child_process'
import { truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import t from 'tap'
import { encode, encodePush } from '../../lib/index.js'
import { mmse } from '../support/cli.js'

const MIB = 1024 * 1024
const CONF = { headers: { messageType: 'm-send-conf', transactionId: 't', mmsVersion: '1.2', responseStatus: 'ok' } } as const

/** A stdin that never ends, counting what was read of it. */
function endless (): Readable & { served: number } {
  const chunk = Buffer.alloc(64 * 1024)
  const stream = Object.assign(new Readable({
    read () {
      stream.served += chunk.length
      this.push(chunk)
    },
  }), { served: 0 })
  return stream
}

t.test('a FIFO, a device or a directory is not a file: refused at once, exit 2', { skip: process.platform === 'win32' ? 'no FIFOs' : false }, async t => {
  const dir = t.testdir()
  const fifo = join(dir, 'fifo')
  execFileSync('mkfifo', [fifo])
  for (const args of [['inspect', fifo], ['extract', fifo, '-o', join(dir, 'out')], ['push', fifo], ['notify', fifo], ['encode', fifo, '-o', '-'], ['encode', '/dev/zero', '-o', '-'], ['notify', dir]]) {
    const run = await mmse(args)
    t.equal(run.code, 2, args.join(' '))
    t.match(run.err, / is not a file\n/, args.join(' '))
  }
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ ...CONF, parts: [{ contentType: 'text/plain', file: 'fifo' }] }))
  t.match(await mmse(['encode', join(dir, 'spec.json'), '-o', '-']), { code: 2, err: `${fifo} is not a file` }, 'a part file')
})

t.test('push and notify: 1 MiB at most, from a file or from stdin', async t => {
  const dir = t.testdir()
  const big = join(dir, 'big.bin')
  writeFileSync(big, '')
  truncateSync(big, MIB + 1)
  for (const command of ['push', 'notify']) {
    t.match(await mmse([command, big]), { code: 1, err: `mmse: ${big}: more than 1 MiB, the most a` }, `${command}: a file, by its size`)
    t.match(await mmse([command, '-'], { stdinFile: big }), { code: 1, err: 'mmse: stdin: more than 1 MiB' }, `${command}: stdin redirected from a file`)
    const stdin = endless()
    t.match(await mmse([command, '-'], { stdinStream: stdin }), { code: 1, err: 'mmse: stdin: more than 1 MiB' }, `${command}: an endless pipe`)
    t.ok(stdin.served <= MIB + 2 * 64 * 1024, `${command}: reading stopped at the bound (${stdin.served} octets)`)
    t.ok(stdin.destroyed, `${command}: stdin let go`)
  }
  const push = Buffer.from(encodePush({ body: encode(CONF) }))
  const exact = join(dir, 'exact.bin')
  writeFileSync(exact, Buffer.concat([push, Buffer.alloc(MIB - push.length)]))
  t.match(await mmse(['push', exact]), { code: 0, out: /m-send-conf/ }, 'exactly 1 MiB is taken')
})

t.test('encode: a spec of 16 MiB at most, a part file of 256 MiB at most', async t => {
  const dir = t.testdir({ 'part.bin': '' })
  const spec = join(dir, 'spec.json')
  writeFileSync(spec, '')
  truncateSync(spec, 16 * MIB + 1)
  t.match(await mmse(['encode', spec, '-o', '-']), { code: 1, err: `mmse: ${spec}: more than 16 MiB, the most a spec may be` })
  truncateSync(join(dir, 'part.bin'), 256 * MIB + 1)
  writeFileSync(spec, JSON.stringify({ ...CONF, parts: [{ contentType: 'application/octet-stream', file: 'part.bin' }] }))
  t.match(await mmse(['encode', spec, '-o', '-']), { code: 1, err: `mmse: ${join(dir, 'part.bin')}: more than 256 MiB, the most a part file may be` })
  t.match(await mmse(['encode', '-', '-o', '-'], { stdinStream: endless() }), { code: 1, err: 'mmse: stdin: more than 16 MiB' })
})
