/**
 * Kannel (the open-source WAP/SMS gateway; Debian's package `kannel`) for the push proof:
 * bearerbox with an SMPP SMSC connection to the test's SMSC, and wapbox with its Push Proxy
 * Gateway, from a configuration written to a temporary folder (loopback ports found free at
 * run time, every log file in that folder), started, awaited until ready, and stopped.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from './ports.js'

/** Where Debian installs the boxes (often not on a user's PATH). */
const SBIN = ['/usr/sbin', '/usr/local/sbin']

/** The path of a Kannel box, or undefined when it is not installed. */
export function kannelBox (name: 'bearerbox' | 'wapbox'): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...SBIN].filter(d => d !== '')
  const path = dirs.map(d => join(d, name)).find(p => existsSync(p))
  if (path === undefined) return undefined
  // `bearerbox --version` prints the version and exits 0 when the binary runs at all.
  return spawnSync(path, ['--version'], { stdio: 'ignore', timeout: 10_000 }).status === 0 ? path : undefined
}

export interface Kannel {
  /** The PPG's push URL (PAP over HTTP, WAP-247 §8). */
  ppgUrl: string
  /** The folder with the configuration and every log; removed by stop(). */
  dir: string
  /** The last lines of the boxes' logs, for a failure message. */
  logs (): string
  stop (): Promise<void>
}

export interface Ports { admin: number, smsbox: number, wapbox: number, ppg: number }

/**
 * kannel.conf (Kannel user guide: core, smsbox, wapbox, ppg and smsc groups): bearerbox with a
 * wapbox and the PPG; `smscPort` adds an SMPP SMSC; `wdp` has bearerbox take WDP datagrams on
 * UDP 9200/9201 of every interface (a WAP gateway for WAP phones).
 */
export function kannelConfig (dir: string, ports: Ports, { smscPort, wdp = false }: { smscPort?: number, wdp?: boolean }): string {
  const log = (name: string): string => `"${join(dir, `${name}.log`)}"`
  return [
    'group = core',
    `admin-port = ${ports.admin}`,
    'admin-password = "kannel-test"',
    'admin-allow-ip = "127.0.0.1"',
    // bearerbox will not start without an smsbox port and an smsbox group, though none runs.
    `smsbox-port = ${ports.smsbox}`,
    `wapbox-port = ${ports.wapbox}`,
    'box-allow-ip = "127.0.0.1"',
    ...wdp ? ['wdp-interface-name = "*"'] : [],
    `log-file = ${log('bearerbox')}`,
    'log-level = 0',
    `access-log = ${log('bearerbox-access')}`,
    '',
    'group = smsbox',
    'bearerbox-host = "127.0.0.1"',
    `log-file = ${log('smsbox')}`,
    '',
    'group = wapbox',
    'bearerbox-host = "127.0.0.1"',
    `log-file = ${log('wapbox')}`,
    'log-level = 0',
    'syslog-level = none',
    `access-log = ${log('wapbox-access')}`,
    '',
    // A trusted Push Initiator needs no wap-push-user group (Kannel user guide, PPG chapter).
    'group = ppg',
    `ppg-port = ${ports.ppg}`,
    'trusted-pi = true',
    'ppg-allow-ip = "127.0.0.1"',
    '',
    ...smscPort === undefined
      ? []
      : [
          'group = smsc',
          'smsc = smpp',
          'smsc-id = test',
          'host = "127.0.0.1"',
          `port = ${smscPort}`,
          'transceiver-mode = true',
          'smsc-username = "kannel"',
          'smsc-password = "secret"',
          'system-type = ""',
          '',
        ],
  ].join('\n')
}

/** Runs a box with its working folder, stdout and stderr in `dir`. */
export function startBox (path: string, dir: string, name: string): ChildProcess {
  const out = openSync(join(dir, `${name}.out`), 'a')
  try {
    return spawn(path, [join(dir, 'kannel.conf')], { cwd: dir, stdio: ['ignore', out, out] })
  } finally {
    closeSync(out)
  }
}

/** SIGTERM, then SIGKILL if it is still running after `ms`. */
export async function stopBox (box: ChildProcess, ms = 10_000): Promise<void> {
  if (box.exitCode !== null || box.signalCode !== null) return
  const exited = once(box, 'exit')
  box.kill('SIGTERM')
  const timer = setTimeout(() => box.kill('SIGKILL'), ms)
  await exited
  clearTimeout(timer)
}

/** Polls `ready` until it holds; fails when a box exits or `ms` pass. */
export async function until (what: string, ready: () => Promise<boolean>, boxes: ChildProcess[], ms: number): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    const dead = boxes.find(b => b.exitCode !== null || b.signalCode !== null)
    if (dead !== undefined) throw new Error(`${what}: ${dead.spawnfile} exited (${dead.exitCode ?? dead.signalCode})`)
    if (await ready()) return
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${ms} ms`)
    await sleep(200)
  }
}

/** Whether bearerbox's status page (on admin port `admin`) answers and matches `pattern`. */
export async function listed (admin: number, pattern: RegExp): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${admin}/status.txt?password=kannel-test`)
    return pattern.test(await response.text())
  } catch {
    return false
  }
}

/** The last lines of the boxes' logs in `dir`, for a failure message. */
export function boxLogs (dir: string): string {
  return ['bearerbox.log', 'wapbox.log', 'bearerbox.out', 'wapbox.out']
    .filter(name => existsSync(join(dir, name)))
    .map(name => `--- ${name}\n${readFileSync(join(dir, name), 'utf8').split('\n').slice(-25).join('\n')}`)
    .join('\n')
}

/** Whether the PPG answers HTTP (any status). */
async function ppgListening (ports: Ports): Promise<boolean> {
  try {
    await (await fetch(`http://127.0.0.1:${ports.ppg}/`)).arrayBuffer()
    return true
  } catch {
    return false
  }
}

/**
 * Starts bearerbox (and waits for its SMPP bind to the test's SMSC), then wapbox (and waits
 * until bearerbox lists it and its PPG answers). A port taken between finding and binding it
 * makes a box exit: then everything is stopped and tried again with new ports, three times.
 */
export async function startKannel (smsc: { port: number, readonly binds: number }, ms = 90_000): Promise<Kannel> {
  const bearerbox = kannelBox('bearerbox')
  const wapbox = kannelBox('wapbox')
  if (bearerbox === undefined || wapbox === undefined) throw new Error('Kannel is not installed (bearerbox, wapbox)')
  const dir = mkdtempSync(join(tmpdir(), 'mmse-kannel-'))
  const logs = (): string => boxLogs(dir)
  let lastError: unknown
  for (let attempt = 1; attempt <= 3; attempt++) {
    const ports: Ports = { admin: await freePort(), smsbox: await freePort(), wapbox: await freePort(), ppg: await freePort() }
    writeFileSync(join(dir, 'kannel.conf'), kannelConfig(dir, ports, { smscPort: smsc.port }))
    const binds = smsc.binds
    const boxes = [startBox(bearerbox, dir, 'bearerbox')]
    try {
      await until('bearerbox', async () => smsc.binds > binds, boxes, ms)
      boxes.push(startBox(wapbox, dir, 'wapbox'))
      await until('wapbox', async () => await listed(ports.admin, /wapbox/i) && await ppgListening(ports), boxes, ms)
      return {
        ppgUrl: `http://127.0.0.1:${ports.ppg}/wappush`,
        dir,
        logs,
        async stop () {
          // wapbox first: it is bearerbox's client.
          for (const box of [...boxes].reverse()) await stopBox(box)
          rmSync(dir, { recursive: true, force: true })
        },
      }
    } catch (err) {
      lastError = err
      for (const box of [...boxes].reverse()) await stopBox(box)
    }
  }
  const message = `Kannel did not start: ${(lastError as Error).message}\n${logs()}`
  rmSync(dir, { recursive: true, force: true })
  throw new Error(message)
}
