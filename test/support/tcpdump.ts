/**
 * tcpdump for interop tests, started and stopped deterministically: started with `-U` (each
 * packet written as it comes), ready once it says "listening on" on stderr; stopped with SIGINT
 * after the traffic, and waited for until it has exited (its file is then complete).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { within } from './within.js'

export function findProgram (name: string): string | undefined {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/bin', '/usr/local/sbin']) {
    const path = `${dir}/${name}`
    if (existsSync(path)) return path
  }
  return undefined
}

/** Whether tcpdump can capture here (it needs root or CAP_NET_RAW). */
export function canCapture (): boolean {
  const tcpdump = findProgram('tcpdump')
  if (tcpdump === undefined) return false
  return spawnSync(tcpdump, ['-i', 'lo', '-c', '0', '-w', '/dev/null'], { timeout: 5000 }).status === 0 || process.getuid?.() === 0
}

export class Tcpdump {
  readonly #child: ChildProcess
  readonly #exited: Promise<number | null>
  stderr = ''

  private constructor (child: ChildProcess) {
    this.#child = child
    this.#exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
    child.stderr?.setEncoding('utf8').on('data', (text: string) => { this.stderr += text })
  }

  /** Captures on `iface` into `file`, with a BPF `filter`; resolves once it listens. */
  static async start (iface: string, file: string, filter: string, extra: string[] = []): Promise<Tcpdump> {
    const child = spawn(findProgram('tcpdump') as string, ['-i', iface, '-U', '-w', file, ...extra, filter], { stdio: ['ignore', 'ignore', 'pipe'] })
    const dump = new Tcpdump(child)
    await within(new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (dump.stderr.includes('listening on')) resolve()
      }
      child.stderr?.on('data', check)
      child.once('exit', (code) => reject(new Error(`tcpdump exited (${String(code)}): ${dump.stderr}`)))
      check()
    }), 10_000, 'tcpdump listening')
    return dump
  }

  /**
   * Waits until `file` holds `marker` (the bytes of a last packet sent for the purpose): the
   * packets before it are written then too, since tcpdump writes in order. A SIGINT sent before
   * would lose what the kernel still buffers.
   */
  static async written (file: string, marker: string, ms = 10_000): Promise<void> {
    const bytes = Buffer.from(marker)
    await within((async () => {
      while (!readFileSync(file).includes(bytes)) await new Promise((resolve) => setTimeout(resolve, 20))
    })(), ms, `${marker} in ${file}`)
  }

  /** Stops it (SIGINT, as a user's ^C) and waits for it to exit. */
  async stop (): Promise<void> {
    if (this.#child.exitCode === null) this.#child.kill('SIGINT')
    await within(this.#exited, 10_000, 'tcpdump exit')
  }
}
