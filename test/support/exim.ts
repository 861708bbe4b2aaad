/**
 * Debian's exim4 as the mail relay between two MMSCs, for the MM4 interop test: a daemon of its
 * own (not the system's), run in the foreground (-bdf) with a configuration written here into a
 * temporary directory (its spool and logs there too), listening on a loopback port, taking mail
 * from loopback only and routing each MMSC's domain to that MMSC's SMTP port (manualroute). We
 * run as root, which exim never delivers as (its fixed never_users): it runs as Debian-exim,
 * which owns the directory. Stopped and removed by stop().
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { until } from './until.js'
import { within } from './within.js'

const DIRS = ['/usr/sbin', '/usr/bin', '/usr/local/sbin']
const USER = 'Debian-exim'

/** The exim4 binary when it runs, and the user it delivers as exists; else undefined. */
export function eximBinary (): string | undefined {
  const path = DIRS.map(d => join(d, 'exim4')).find(p => existsSync(p))
  if (path === undefined) return undefined
  if (spawnSync(path, ['-bV'], { stdio: 'ignore', timeout: 10_000 }).status !== 0) return undefined
  return spawnSync('id', ['-u', USER], { encoding: 'utf8' }).status === 0 ? path : undefined
}

export interface Exim {
  port: number
  /** The main log so far: each message received, delivered, deferred or bounced. */
  log (): string
  stop (): Promise<void>
}

export async function startExim (binary: string, port: number, routes: Record<string, number>): Promise<Exim> {
  const dir = mkdtempSync(join(tmpdir(), 'mmse-exim-'))
  const uid = Number(spawnSync('id', ['-u', USER], { encoding: 'utf8' }).stdout)
  const gid = Number(spawnSync('id', ['-g', USER], { encoding: 'utf8' }).stdout)
  for (const sub of ['spool', 'log']) mkdirSync(join(dir, sub))
  const route = Object.entries(routes).reduce((rest, [domain, to]) => `\${if eq{$domain}{${domain}}{127.0.0.1::${to}}{${rest}}}`, 'fail')
  writeFileSync(join(dir, 'exim.conf'), `
primary_hostname = relay.test
exim_user = ${USER}
exim_group = ${USER}
spool_directory = ${dir}/spool
log_file_path = ${dir}/log/%slog
pid_file_path = ${dir}/exim.pid
local_interfaces = 127.0.0.1
host_lookup =
rfc1413_hosts =
tls_advertise_hosts =
acl_smtp_rcpt = acl_check_rcpt
message_size_limit = 256M

begin acl
acl_check_rcpt:
  accept hosts = 127.0.0.1
  deny message = relay not permitted

begin routers
mm4_peers:
  driver = manualroute
  domains = ${Object.keys(routes).join(' : ')}
  route_data = ${route}
  transport = mm4_smtp
  self = send

begin transports
mm4_smtp:
  driver = smtp
  allow_localhost
  hosts_try_chunking =

begin retry
* * F,2m,1s
`)
  // The configuration stays root's (exim refuses one that is not), the spool and logs are exim's.
  for (const path of [dir, join(dir, 'spool'), join(dir, 'log')]) chownSync(path, uid, gid)
  // A process group of its own: the queue runners and deliveries it forks go with it at stop().
  // Its output is its logs: a pipe would be held open by those children.
  const child: ChildProcess = spawn(binary, ['-C', join(dir, 'exim.conf'), '-bdf', '-oX', String(port), '-q1s'], { stdio: 'ignore', detached: true })
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const read = (name: string): string => { try { return readFileSync(join(dir, 'log', name), 'utf8') } catch { return '' } }
  const log = (): string => read('mainlog')
  try {
    await within(until(() => /daemon started/.test(log()) || child.exitCode !== null), 20_000, 'exim to start')
    if (child.exitCode !== null) throw new Error(`exim exited: ${read('paniclog')}${log()}`)
  } catch (err) {
    try {
      process.kill(-(child.pid as number), 'SIGTERM')
    } catch {}
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 })
    throw err
  }
  return {
    port,
    log,
    stop: async () => {
      // The group this test started (the daemon's pid is its id): the daemon and what it forked.
      try {
        process.kill(-(child.pid as number), 'SIGTERM')
      } catch {}
      await within(exited, 10_000, 'exim to stop')
      await within(until(() => spawnSync('pgrep', ['-g', String(child.pid)]).status !== 0), 10_000, 'exim\'s processes to end')
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 })
    },
  }
}
