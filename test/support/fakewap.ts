/**
 * Kannel's own WAP client, fakewap (Debian's package `kannel-extras`), as the phone in front of
 * the WAP gateway of test/support/kannel-wap.ts: one WSP request a run, on the gateway's fixed
 * ports (WAP-259 Appendix B: 9201 WSP over WTP, 9200 connectionless WSP).
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { program } from './capture-tools.js'

/** Where kannel-extras installs it (not on any PATH). */
export const FAKEWAP = '/usr/lib/kannel/test/fakewap'
/** WSP over WTP, connection-oriented. */
export const WSP_PORT = 9201
/** Connectionless WSP. */
export const WSP_CONNECTIONLESS_PORT = 9200

/** fakewap's path, or undefined when it is not installed. */
export function fakewapProgram (): string | undefined {
  return program('fakewap') ?? (existsSync(FAKEWAP) ? FAKEWAP : undefined)
}

export interface FakewapRun {
  code: number | null
  output: string
}

export interface FakewapOptions {
  /** A file POSTed as application/vnd.wap.mms-message (`-P`, `-C mms`); a GET without it. */
  post?: string | undefined
  /** fakewap's `-M`: 1 a WSP session over WTP (the default), 0 connectionless WSP. */
  mode?: 0 | 1
}

/**
 * One WSP request by fakewap to the gateway on 127.0.0.1: a GET of `url`, or a POST; the
 * answer's body is written to `out`. Killed after a minute (then `code` is null).
 */
export async function fakewap (url: string, out: string, options: FakewapOptions = {}): Promise<FakewapRun> {
  const mode = options.mode ?? 1
  const port = mode === 1 ? WSP_PORT : WSP_CONNECTIONLESS_PORT
  const post = options.post === undefined ? [] : ['-P', options.post, '-C', 'mms']
  const args = ['-g', '127.0.0.1', '-p', String(port), '-M', String(mode), '-w', out, ...post, url]
  const child = spawn(fakewapProgram() ?? FAKEWAP, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const chunks: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  const [code] = await once(child, 'close') as [number | null]
  clearTimeout(timer)
  return { code, output: `fakewap ${args.join(' ')}\n${Buffer.concat(chunks).toString()}` }
}
