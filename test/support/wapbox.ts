/**
 * Kannel as the WAP 1.x gateway of an MMS 1.0 phone: bearerbox taking WDP datagrams on every
 * interface (`wdp-interface-name = "*"`: UDP 9200 connectionless, 9201 WSP over WTP), wapbox
 * turning WSP requests into HTTP; and Kannel's own WAP client, fakewap, as the phone. WSP's
 * ports are fixed, so one gateway at a time runs on a machine: start() waits until UDP 9201 is
 * free (another test's gateway may hold it) before it starts its own.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { once } from 'node:events'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { kannelBox } from './kannel.js'

export const FAKEWAP = '/usr/lib/kannel/test/fakewap'
/** WSP over WTP, connection-oriented (WAP-259 Appendix B). */
export const WSP_PORT = 9201

export interface WapGateway {
  dir: string
  /** wapbox's log: WTP's segmentation (SAR) shows there. */
  wapboxLog (): string
  logs (): string
  stop (): Promise<void>
}

async function freeTcpPort (): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

/** Whether nobody holds UDP `port` on the wildcard address. */
async function udpFree (port: number): Promise<boolean> {
  const socket = createSocket('udp4')
  try {
    socket.bind(port, '0.0.0.0')
    await once(socket, 'listening')
    return true
  } catch {
    return false
  } finally {
    socket.close()
  }
}

function config (dir: string, admin: number, wapbox: number): string {
  const log = (name: string): string => `"${join(dir, `${name}.log`)}"`
  return [
    'group = core',
    `admin-port = ${admin}`,
    'admin-password = "kannel-test"',
    'admin-allow-ip = "127.0.0.1"',
    `wapbox-port = ${wapbox}`,
    'box-allow-ip = "127.0.0.1"',
    'wdp-interface-name = "*"',
    `log-file = ${log('bearerbox')}`,
    'log-level = 0',
    '',
    'group = wapbox',
    'bearerbox-host = "127.0.0.1"',
    `log-file = ${log('wapbox')}`,
    'log-level = 0',
    'syslog-level = none',
    '',
  ].join('\n')
}

function startBox (path: string, dir: string, name: string): ChildProcess {
  const out = openSync(join(dir, `${name}.out`), 'a')
  try {
    return spawn(path, [join(dir, 'kannel.conf')], { cwd: dir, stdio: ['ignore', out, out] })
  } finally {
    closeSync(out)
  }
}

async function stopBox (box: ChildProcess): Promise<void> {
  if (box.exitCode !== null || box.signalCode !== null) return
  const exited = once(box, 'exit')
  box.kill('SIGTERM')
  const timer = setTimeout(() => box.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/** bearerbox's status page, or undefined while it does not answer. */
async function status (admin: number): Promise<string | undefined> {
  try {
    return await (await fetch(`http://127.0.0.1:${admin}/status.txt?password=kannel-test`)).text()
  } catch {
    return undefined
  }
}

/** Starts bearerbox and wapbox once UDP 9201 is free; ready when bearerbox lists wapbox and holds the port. */
export async function startWapGateway (ms = 120_000): Promise<WapGateway> {
  const bearerbox = kannelBox('bearerbox')
  const wapbox = kannelBox('wapbox')
  if (bearerbox === undefined || wapbox === undefined) throw new Error('Kannel is not installed (bearerbox, wapbox)')
  const deadline = Date.now() + ms
  while (!await udpFree(WSP_PORT)) {
    if (Date.now() > deadline) throw new Error(`UDP ${WSP_PORT} stayed taken for ${ms} ms: another WAP gateway runs`)
    await sleep(500)
  }
  const dir = mkdtempSync(join(tmpdir(), 'mmse-wapbox-'))
  const admin = await freeTcpPort()
  writeFileSync(join(dir, 'kannel.conf'), config(dir, admin, await freeTcpPort()))
  const read = (name: string): string => existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : ''
  const logs = (): string => ['bearerbox.log', 'wapbox.log', 'bearerbox.out', 'wapbox.out']
    .map(name => `--- ${name}\n${read(name).split('\n').slice(-25).join('\n')}`).join('\n')
  const boxes = [startBox(bearerbox, dir, 'bearerbox')]
  const stop = async (): Promise<void> => {
    for (const box of [...boxes].reverse()) await stopBox(box)
    rmSync(dir, { recursive: true, force: true })
  }
  const until = async (what: string, ready: () => Promise<boolean>): Promise<void> => {
    for (;;) {
      const dead = boxes.find(b => b.exitCode !== null || b.signalCode !== null)
      if (dead !== undefined) throw new Error(`${dead.spawnfile} exited (${dead.exitCode ?? dead.signalCode})`)
      if (await ready()) return
      if (Date.now() > deadline) throw new Error(`${what} was not ready within ${ms} ms`)
      await sleep(200)
    }
  }
  try {
    // wapbox connects to bearerbox once, at start: bearerbox must be listening by then.
    await until('bearerbox', async () => await status(admin) !== undefined && !await udpFree(WSP_PORT))
    boxes.push(startBox(wapbox, dir, 'wapbox'))
    await until('wapbox', async () => /wapbox/i.test(await status(admin) ?? ''))
  } catch (err) {
    const message = `${(err as Error).message}\n${logs()}`
    await stop()
    throw new Error(message)
  }
  return { dir, wapboxLog: () => read('wapbox.log'), logs, stop }
}

export interface FakewapRun {
  code: number | null
  output: string
}

/**
 * One WSP request by fakewap (connection-oriented, `-M 1`): a GET of `url`, or with `post` a
 * POST of that file as application/vnd.wap.mms-message (`-C mms`); the answer's body is
 * written to `out`.
 */
export async function fakewap (url: string, out: string, post?: string): Promise<FakewapRun> {
  const args = ['-g', '127.0.0.1', '-p', String(WSP_PORT), '-M', '1', '-w', out, ...(post === undefined ? [] : ['-P', post, '-C', 'mms']), url]
  const child = spawn(FAKEWAP, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const chunks: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  const [code] = await once(child, 'close') as [number | null]
  clearTimeout(timer)
  return { code, output: Buffer.concat(chunks).toString() }
}
