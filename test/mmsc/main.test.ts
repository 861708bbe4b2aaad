/**
 * The one command that starts the MMSC (`node --import tsx examples/mmsc/main.ts --port 0
 * --store <dir>`), run for real: it sweeps what a stopped run left in the spool, takes
 * submissions, pushes through the log, an SMSC or a PPG, serves the message, and stops on
 * SIGTERM or SIGINT.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import SMTPConnection from 'nodemailer/lib/smtp-connection'
import t, { type Test } from 'tap'
import { buildSendReq, decode, decodeAssembled, encode } from '../../lib/index.js'
import { NODE_ARGS } from '../support/cli.js'
import { startRelay } from '../support/mm4-relay.js'
import { get, post } from '../support/mmsc-client.js'
import { idleConnection, stalledPost } from '../support/mmsc-sockets.js'
import { startSmsc } from '../support/smpp-server.js'

const TIMEOUT = { timeout: 60_000 }

interface Running {
  /** The next event of that type on stdout. */
  next (type: string): Promise<Record<string, unknown>>
  stop (signal: 'SIGTERM' | 'SIGINT'): Promise<number | null>
}

function tempDir (): string {
  return mkdtempSync(join(tmpdir(), 'mmse-mmsc-main-'))
}

/**
 * Starts main.ts with a store in `root`; teardown stops it, then removes the store. With
 * `fdLimit`, under that many file descriptors (bash's ulimit -n, then exec).
 */
function start (t: Test, root: string, args: string[] = [], fdLimit?: number): Running {
  const command = [process.execPath, ...NODE_ARGS, 'examples/mmsc/main.ts', '--port', '0', '--store', root, ...args]
  const child = fdLimit === undefined
    ? spawn(command[0] as string, command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn('bash', ['-c', `ulimit -n ${fdLimit} && exec "$0" "$@"`, ...command], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<number | null>(resolve => child.on('exit', resolve))
  t.teardown(async () => {
    child.kill()
    await exited
    rmSync(root, { recursive: true, force: true })
  })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  return {
    async next (type) {
      for (;;) {
        const line = await lines.next()
        if (line.done === true) throw new Error(`main.ts ended before a ${type} line`)
        const event = JSON.parse(line.value as string) as Record<string, unknown>
        if (event.type === type) return event
      }
    },
    async stop (signal) {
      child.kill(signal)
      return await exited
    },
  }
}

const sendReq = (size = 10): Uint8Array => encode(buildSendReq({ from: '+15550001', to: '+15550002', parts: [{ contentType: 'text/plain', data: 'm'.repeat(size) }] }))
const status = (body: Buffer): string | undefined => (decode(body).headers.responseStatus as { name: string } | undefined)?.name

t.test('the default: a local store, pushes logged; the spool swept at start', TIMEOUT, async t => {
  const root = tempDir()
  mkdirSync(join(root, '.spool', 'left-by-a-crash'), { recursive: true })
  writeFileSync(join(root, '.spool', 'left-by-a-crash', 'part-0'), 'x')
  const mmsc = start(t, root)
  t.match(await mmsc.next('swept'), { count: 1 }, 'the spool left by a crash is swept')
  const url = (await mmsc.next('listening')).url as string
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+\/mms$/)
  t.equal(status((await post(url, sendReq(), { 'x-msisdn': '+15550001' })).body), 'ok')
  const push = await mmsc.next('push')
  t.equal(push.to, '+15550002')
  const ind = decode(Buffer.from(push.pdu as string, 'hex'))
  t.equal(ind.headers.messageType, 'm-notification-ind')
  const message = decode((await get(ind.headers.contentLocation as string)).body)
  t.equal(Buffer.from(message.parts[0]?.data as Uint8Array).toString(), 'mmmmmmmmmm')
  const stopped = mmsc.stop('SIGTERM')
  t.match(await mmsc.next('stopping'), { signal: 'SIGTERM' })
  t.equal(await stopped, 0, 'exits 0')
})

t.test('through an SMSC, with a public URL, From trusted, a size limit', TIMEOUT, async t => {
  const smsc = await startSmsc()
  t.teardown(() => smsc.close())
  const mmsc = start(t, tempDir(), [
    '--smsc', `smpp://127.0.0.1:${smsc.port}`, '--system-id', 'mmsc', '--password', 'pw', '--source', '6245',
    '--public-url', 'http://mmsc.example:8080/', '--trust-from', '--max-message-bytes', '1000',
  ])
  const listening = await mmsc.next('listening')
  t.equal(listening.url, 'http://mmsc.example:8080/mms')
  const url = `http://127.0.0.1:${listening.port as number}/mms`
  t.equal(status((await post(url, sendReq(2000))).body), 'error-permanent-content-not-accepted')
  t.equal(status((await post(url, sendReq())).body), 'ok', 'From is the sender')
  const delivered = await smsc.nextPush()
  t.equal(delivered.submits[0]?.sourceAddr, '6245')
  t.match(decodeAssembled(delivered.assembled).message?.headers.contentLocation, /^http:\/\/mmsc\.example:8080\/mms\/[0-9a-f]{40}$/)
  t.equal(await mmsc.stop('SIGINT'), 0)
})

t.test('through a PPG', TIMEOUT, async t => {
  const received: Buffer[] = []
  const ppg = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push(Buffer.concat(chunks))
      response.end('<?xml version="1.0"?><pap><push-response push-id="x"><response-result code="1001" desc="Accepted"/></push-response></pap>')
    })
  })
  ppg.listen(0, '127.0.0.1')
  await once(ppg, 'listening')
  t.teardown(() => ppg.close())
  const mmsc = start(t, tempDir(), ['--ppg', `http://127.0.0.1:${(ppg.address() as AddressInfo).port}/wappush`])
  const url = (await mmsc.next('listening')).url as string
  t.equal(status((await post(url, sendReq(), { 'x-msisdn': '+15550001' })).body), 'ok')
  t.match(await mmsc.next('notified'), { to: '+15550002', kind: 'm-notification-ind' })
  t.ok(received[0]?.includes('WAPPUSH=+15550002/TYPE=PLMN'), 'the PPG got the push')
  t.equal(await mmsc.stop('SIGTERM'), 0)
})

t.test('with MM4: a recipient at a peer forwarded through --mm4-relay; the SMTP side on --mm4-port takes the peer\'s mail only', TIMEOUT, async t => {
  const relay = await startRelay(t)
  const mmsc = start(t, tempDir(), [
    '--trust-from', '--mm4-domain', 'mms.a.example', '--mm4-relay', `127.0.0.1:${relay.port}`,
    '--mm4-peer', 'mms.b.example=127.0.0.1', '--mm4-port', '0',
  ])
  const url = (await mmsc.next('listening')).url as string
  const smtpPort = (await mmsc.next('listening-mm4')).port as number
  const request = encode(buildSendReq({ from: '+15550001/TYPE=PLMN', to: '+15550002/TYPE=PLMN@mms.b.example', parts: [{ contentType: 'text/plain', data: 'to B' }] }))
  t.equal(status((await post(url, request)).body), 'ok')
  t.match(await mmsc.next('mm4-forwarded'), { to: 'mms.b.example', attempt: 1 })
  t.same(relay.taken.map(mail => [mail.from, mail.to]), [['mmsc@mms.a.example', ['+15550002/TYPE=PLMN@mms.b.example']]])
  const answer = 'X-Mms-Message-Type: MM4_forward.RES\r\nX-Mms-Request-Status-Code: Ok\r\n\r\n'
  const sent = (from: string) => new Promise<unknown>((resolve) => {
    const connection = new SMTPConnection({ host: '127.0.0.1', port: smtpPort, ignoreTLS: true })
    connection.connect(() => connection.send({ from, to: ['mmsc@mms.a.example'] }, answer, (err, info) => {
      connection.quit()
      resolve(err ?? info)
    }))
  })
  t.match(await sent('mmsc@mms.b.example'), { accepted: ['mmsc@mms.a.example'] }, 'the peer')
  t.match(await mmsc.next('mm4-answer'), { status: 'Ok' })
  t.match(await sent('mmsc@mms.c.example'), { responseCode: 550 }, 'a domain not configured')
  t.equal(await mmsc.stop('SIGTERM'), 0)
})

t.test('--help', TIMEOUT, async t => {
  const child = spawn(process.execPath, [...NODE_ARGS, 'examples/mmsc/main.ts', '--help'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const out: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
  const [code] = await once(child, 'exit') as [number]
  t.equal(code, 0)
  t.match(Buffer.concat(out).toString(), /^Usage: node --import tsx examples\/mmsc\/main\.ts/)
})

t.test('a wrong flag: refused at start, naming it, exit status 2, nothing listening', TIMEOUT, async t => {
  const cases: Array<[string[], RegExp]> = [
    [['--max-message-bytes', 'abc'], /^mmsc: --max-message-bytes: must be a whole number; got "abc"/],
    [['--max-message-bytes', '0'], /^mmsc: --max-message-bytes: must be a whole number from 1 to /],
    [['--max-mesage-bytes', '1000'], /^mmsc: Unknown option '--max-mesage-bytes'/],
    [['--sender-header', ''], /^mmsc: --sender-header: must be an HTTP field name/],
    [['--store', 's3://'], /^mmsc: --store: /],
    [['--mm4-domain', 'mms.a.example', '--mm4-relay', 'relay:0', '--mm4-peer', 'b=::1'], /^mmsc: --mm4-relay: must be a whole number from 1 to 65535/],
    [['--host', '192.0.2.1'], /^mmsc: --host 192\.0\.2\.1 --port 0: cannot listen there: Error: listen EADDRNOTAVAIL/],
  ]
  await Promise.all(cases.map(async ([args, message]) => {
    const child = spawn(process.execPath, [...NODE_ARGS, 'examples/mmsc/main.ts', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    const [code] = await once(child, 'exit') as [number]
    t.equal(code, 2, args.join(' '))
    t.match(Buffer.concat(err).toString(), message, args.join(' '))
    t.equal(Buffer.concat(out).length, 0, `${args.join(' ')}: no event, no listening`)
  }))
})

t.test('SIGTERM with an idle connection and a stalled request: done within --shutdown-ms', TIMEOUT, async t => {
  const mmsc = start(t, tempDir(), ['--shutdown-ms', '500', '--connection-idle-ms', '60000'])
  const port = (await mmsc.next('listening')).port as number
  const silent = await idleConnection(port)
  const stalled = await stalledPost(port)
  const began = Date.now()
  const stopped = mmsc.stop('SIGTERM')
  t.match(await mmsc.next('stopped'), { signal: 'SIGTERM' })
  t.equal(await stopped, 0, 'exits 0')
  await Promise.all([silent.closed, stalled.closed])
  const took = Date.now() - began
  t.ok(took >= 500, `the exchange in progress had its ${took} ms, the bound`)
  t.comment(`SIGTERM to exit: ${took} ms`)
})

t.test('under a file-descriptor limit, connections hogging it are closed, and a submission goes through', TIMEOUT, async t => {
  // 64 descriptors: about 26 are node's and tsx's own, so 100 idle connections exhaust the rest.
  const mmsc = start(t, tempDir(), ['--connection-idle-ms', '300'], 64)
  const url = (await mmsc.next('listening')).url as string
  const port = Number(new URL(url).port)
  const hogs = await Promise.all(Array.from({ length: 100 }, async () => await idleConnection(port)))
  await Promise.all(hogs.map(async hog => await hog.closed))
  t.pass('every hog was closed (by connectionIdleMs, or refused while descriptors ran out)')
  t.equal(status((await post(url, sendReq(), { 'x-msisdn': '+15550001' })).body), 'ok')
  t.match(await mmsc.next('push'), { to: '+15550002' })
})
