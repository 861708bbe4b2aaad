/**
 * Kannel as a WAP gateway for the WAP proofs: bearerbox listening for WDP on UDP (core group
 * `wdp-interface-name = "*"`; Kannel binds the fixed ports of WAP-259 Appendix B, 9200 and
 * 9201) and wapbox beside it with its PPG, from a configuration in a temporary folder. The ports being fixed,
 * one gateway runs at a time on the machine: a lock file holds them for the test that has them,
 * and with them 2948, where a test's phone listens for pushes over the IP bearer. Every test
 * that needs a WAP gateway starts it here; Kannel's WAP client is in test/support/fakewap.ts.
 */
import { type ChildProcess } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { once } from 'node:events'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { WSP_CONNECTIONLESS_PORT, WSP_PORT } from './fakewap.js'
import { boxLogs, kannelBox, kannelConfig, listed, startBox, stopBox, until } from './kannel.js'
import { freePort } from './ports.js'

export interface WapGateway {
  /** The PPG's push URL (PAP over HTTP): a push to `WAPPUSH=<ip>/TYPE=IPv4@...` goes out as a connectionless push to UDP 2948. */
  ppgUrl: string
  dir: string
  /** wapbox's whole log: WTP's segmentation (SAR) shows there. */
  wapboxLog (): string
  logs (): string
  stop (): Promise<void>
}

const LOCK = join(tmpdir(), 'mmse-kannel-wdp-ports.lock')

/** Whether the process `pid` is alive. */
function alive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Takes the lock on UDP 9200/9201 (waiting for its holder, taking it from a dead one); the release. */
async function lockPorts (ms: number): Promise<() => void> {
  const deadline = Date.now() + ms
  for (;;) {
    try {
      const fd = openSync(LOCK, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(LOCK, { force: true })
    } catch {
      const holder = Number(existsSync(LOCK) ? readFileSync(LOCK, 'utf8') : '0')
      if (!alive(holder)) rmSync(LOCK, { force: true })
      else if (Date.now() > deadline) throw new Error(`UDP 9200/9201 held by process ${holder} for ${ms} ms`)
      else await sleep(250)
    }
  }
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

/** Waits until the WSP ports are free: a gateway of a killed test may still hold them, lock or not. */
async function portsFree (ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (!await udpFree(WSP_PORT) || !await udpFree(WSP_CONNECTIONLESS_PORT)) {
    if (Date.now() > deadline) throw new Error(`UDP ${WSP_CONNECTIONLESS_PORT}/${WSP_PORT} stayed taken for ${ms} ms, though the lock is ours: a stray gateway runs`)
    await sleep(500)
  }
}

/** Starts bearerbox and wapbox, and waits until bearerbox lists the wapbox. */
export async function startWapGateway (ms = 60_000): Promise<WapGateway> {
  const bearerbox = kannelBox('bearerbox')
  const wapbox = kannelBox('wapbox')
  if (bearerbox === undefined || wapbox === undefined) throw new Error('Kannel is not installed (bearerbox, wapbox)')
  const release = await lockPorts(5 * 60_000)
  const dir = mkdtempSync(join(tmpdir(), 'mmse-kannel-wap-'))
  const read = (name: string): string => existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : ''
  const logs = (): string => boxLogs(dir)
  let boxes: ChildProcess[] = []
  let ppg = 0
  const stop = async (): Promise<void> => {
    for (const box of [...boxes].reverse()) await stopBox(box)
    boxes = []
  }
  try {
    await portsFree(ms)
    for (let attempt = 1; ; attempt++) {
      const ports = { admin: await freePort(), smsbox: await freePort(), wapbox: await freePort(), ppg: await freePort() }
      ppg = ports.ppg
      writeFileSync(join(dir, 'kannel.conf'), kannelConfig(dir, ports, { wdp: true }))
      boxes = [startBox(bearerbox, dir, 'bearerbox')]
      try {
        await until('bearerbox', async () => await listed(ports.admin, /bearerbox|running/i), boxes, ms)
        boxes.push(startBox(wapbox, dir, 'wapbox'))
        await until('wapbox', async () => await listed(ports.admin, /wapbox/i), boxes, ms)
        break
      } catch (err) {
        await stop()
        if (attempt === 3) throw new Error(`Kannel's WAP gateway did not start: ${(err as Error).message}\n${logs()}`)
      }
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    release()
    throw err
  }
  return {
    ppgUrl: `http://127.0.0.1:${ppg}/wappush`,
    dir,
    wapboxLog: () => read('wapbox.log'),
    logs,
    async stop () {
      await stop()
      rmSync(dir, { recursive: true, force: true })
      release()
    },
  }
}
