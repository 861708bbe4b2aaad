/**
 * The command line of main.ts, read and checked before anything starts: an unknown or
 * misspelled flag, a number that is not one, a URL of the wrong scheme is a UsageError naming
 * the flag. The ranges and shapes of the MMSC's own options (and its notifiers') are
 * options.ts's; their errors are told under the flag that set them (`usageOf`).
 */
import { isIP } from 'node:net'
import { parseArgs } from 'node:util'
import type { MmscOptions } from './config.js'
import type { Mm4Options, Mm4Peer } from './mm4-config.js'
import { MmscOptionError } from './options.js'

export const USAGE = `Usage: node --import tsx examples/mmsc/main.ts [options]

  --port <n>             TCP port, 0-65535 (default 8080; 0: any free port)
  --host <address>       address to listen on (default 127.0.0.1)
  --store <dir|s3://bucket/prefix>   where messages are kept (default ./mms-store)
  --shared-store         other MMSC processes use the same store: its spool is not swept
                         whole at start (the schedule sweeps what is older than any request)
  --public-url <url>     the URL phones reach the MMSC at (default http://<host>:<port>)
  --smsc <smpp://host:port>  push through this SMSC (with --system-id, --password, --source)
  --system-id <id>       SMPP system_id (default mmsc)
  --password <pw>        SMPP password (default: none)
  --source <number>      originator of the pushes (default 6245)
  --ppg <url>            push through this PPG (PAP) instead
  --sender-header <name> HTTP header with the sender's number (default x-msisdn); a
                         submission without it is refused (error-permanent-service-denied)
  --trust-from           take the sender from the phone's From instead (no header; anyone
                         can then send as anyone: for a test bed only)
  --max-message-bytes <n>  largest m-send-req accepted (default 64 MiB)
  --connection-idle-ms <n> close a connection that sends nothing this long (default 10000)
  --keep-alive-ms <n>    close an idle keep-alive connection after this (default 5000)
  --request-ms <n>       the longest a request may take to arrive (default 300000)
  --shutdown-ms <n>      on SIGTERM/SIGINT, wait this long for exchanges in progress (default 10000)
  --sweep-interval-ms <n>  how often failed pushes are retried and expired messages removed
                         (default 60000; also once at start)
  --max-attempts <n>     pushes of one notification or report before it is given up (default 6)
  --retry-delay-ms <n>   between the first two attempts, doubled for each next (default 60000)

  MM4 (3GPP TS 23.140 §8.4: other MMSCs over SMTP), off unless --mm4-domain is given:
  --mm4-domain <domain>  this MMSC's domain: its subscribers are <number>/TYPE=PLMN@<domain>,
                         and only mail to it is taken
  --mm4-relay <host:port>  the mail relay every MM4 message leaves through (port default 25)
  --mm4-peer <domain>=<address>[,<address>...]  an MMSC whose subscribers are at <domain>
                         and whose mail comes from these addresses; repeat for each peer
  --mm4-peer-login <domain>=<user>:<password>  a peer that logs in with SMTP AUTH instead
                         (or as well)
  --mm4-port <n>         the SMTP side's TCP port, on --host (default 2525; 0: any free port)
  --mm4-max-message-bytes <n>  largest MM4 message taken (default 64 MiB)
  -h, --help`

export class UsageError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export interface Command {
  help: boolean
  /** Other processes use the store: no whole sweep at start. */
  sharedStore: boolean
  port: number
  host: string
  store: string
  smsc?: { url: string, systemId: string, password: string, source: string }
  ppg?: string
  /** Where the MM4 side's SMTP server listens (on `host`), when MM4 is configured. */
  mm4Port?: number
  /** What MmscOptions the flags set (store, notifier and log are main's). */
  options: Omit<MmscOptions, 'store' | 'notifier' | 'log'>
}

/** Each MMSC option a flag sets, by the option's path (MmscOptionError.option). */
const FLAGS: Record<string, string> = {
  publicUrl: '--public-url',
  senderHeader: '--sender-header',
  trustFrom: '--trust-from',
  'limits.maxMessageBytes': '--max-message-bytes',
  'timeouts.connectionIdleMs': '--connection-idle-ms',
  'timeouts.keepAliveMs': '--keep-alive-ms',
  'timeouts.requestMs': '--request-ms',
  'timeouts.shutdownMs': '--shutdown-ms',
  'schedule.intervalMs': '--sweep-interval-ms',
  'schedule.maxAttempts': '--max-attempts',
  'schedule.firstDelayMs': '--retry-delay-ms',
  'smsc.url': '--smsc',
  'smsc.source': '--source',
  'ppg.url': '--ppg',
  'mm4.domain': '--mm4-domain',
  'mm4.relay.host': '--mm4-relay',
  'mm4.relay.port': '--mm4-relay',
  'mm4.maxMessageBytes': '--mm4-max-message-bytes',
  // Every option of a peer (mm4.peers[1].domain, mm4.peers[0].addresses): the flags that made it.
  'mm4.peers[]': '--mm4-peer or --mm4-peer-login',
}

const WHOLE = /^(0|[1-9][0-9]*)$/

export function parseCommandLine (argv: string[]): Command {
  let values
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        store: { type: 'string', default: './mms-store' },
        'shared-store': { type: 'boolean' },
        'public-url': { type: 'string' },
        smsc: { type: 'string' },
        'system-id': { type: 'string', default: 'mmsc' },
        password: { type: 'string', default: '' },
        source: { type: 'string', default: '6245' },
        ppg: { type: 'string' },
        'sender-header': { type: 'string' },
        'trust-from': { type: 'boolean' },
        'max-message-bytes': { type: 'string' },
        'connection-idle-ms': { type: 'string' },
        'keep-alive-ms': { type: 'string' },
        'request-ms': { type: 'string' },
        'shutdown-ms': { type: 'string' },
        'sweep-interval-ms': { type: 'string' },
        'max-attempts': { type: 'string' },
        'retry-delay-ms': { type: 'string' },
        'mm4-domain': { type: 'string' },
        'mm4-relay': { type: 'string' },
        'mm4-peer': { type: 'string', multiple: true },
        'mm4-peer-login': { type: 'string', multiple: true },
        'mm4-port': { type: 'string' },
        'mm4-max-message-bytes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (err) {
    // parseArgs names the flag: an unknown one, or one without its value.
    throw new UsageError((err as Error).message)
  }
  const port = whole('--port', values.port)
  if (port > 0xffff) throw new UsageError(`--port: must be a whole number from 0 to 65535; got ${port}`)
  if (values.host === '') throw new UsageError('--host: must name an address')
  if (values.store === '') throw new UsageError('--store: must name a directory or s3://bucket/prefix')
  if (values.smsc !== undefined && values.ppg !== undefined) throw new UsageError('--smsc and --ppg: push through one or the other')
  const timeouts = {
    ...optional('connectionIdleMs', '--connection-idle-ms', values['connection-idle-ms']),
    ...optional('keepAliveMs', '--keep-alive-ms', values['keep-alive-ms']),
    ...optional('requestMs', '--request-ms', values['request-ms']),
    ...optional('shutdownMs', '--shutdown-ms', values['shutdown-ms']),
  }
  const mm4 = mm4Of(values)
  return {
    help: values.help === true,
    sharedStore: values['shared-store'] === true,
    port,
    host: values.host,
    store: values.store,
    ...(values.smsc === undefined ? {} : { smsc: { url: values.smsc, systemId: values['system-id'], password: values.password, source: values.source } }),
    ...(values.ppg === undefined ? {} : { ppg: values.ppg }),
    ...(mm4 === undefined ? {} : { mm4Port: mm4.port }),
    options: {
      ...(mm4 === undefined ? {} : { mm4: mm4.options }),
      ...(values['public-url'] === undefined ? {} : { publicUrl: values['public-url'] }),
      ...(values['sender-header'] === undefined ? {} : { senderHeader: values['sender-header'] }),
      ...(values['trust-from'] === true ? { trustFrom: true } : {}),
      limits: optional('maxMessageBytes', '--max-message-bytes', values['max-message-bytes']),
      timeouts,
      schedule: {
        ...optional('intervalMs', '--sweep-interval-ms', values['sweep-interval-ms']),
        ...optional('maxAttempts', '--max-attempts', values['max-attempts']),
        ...optional('firstDelayMs', '--retry-delay-ms', values['retry-delay-ms']),
      },
    },
  }
}

/** The MM4 flags (none without --mm4-domain): the MMSC's mm4 options, checked by mm4-config.ts, and the SMTP port. */
function mm4Of (values: Record<string, string | boolean | string[] | undefined>): { options: Mm4Options, port: number } | undefined {
  const domain = values['mm4-domain'] as string | undefined
  if (domain === undefined) {
    const stray = ['mm4-relay', 'mm4-peer', 'mm4-peer-login', 'mm4-port', 'mm4-max-message-bytes'].find(name => values[name] !== undefined)
    if (stray !== undefined) throw new UsageError(`--${stray}: needs --mm4-domain (MM4 is off without it)`)
    return undefined
  }
  if (values['mm4-relay'] === undefined) throw new UsageError('--mm4-relay: MM4 needs the mail relay its messages leave through')
  const peers = new Map<string, Mm4Peer>()
  const peer = (name: string): Mm4Peer => {
    const key = name.toLowerCase()
    let entry = peers.get(key)
    if (entry === undefined) peers.set(key, entry = { domain: name })
    return entry
  }
  for (const text of (values['mm4-peer'] ?? []) as string[]) {
    const [name, list] = split('--mm4-peer', text, '=', '<domain>=<address>[,<address>...]')
    const addresses = list.split(',')
    if (addresses.some(address => isIP(address) === 0)) throw new UsageError(`--mm4-peer: each address must be an IP address; got ${JSON.stringify(list)}`)
    const entry = peer(name)
    entry.addresses = [...entry.addresses ?? [], ...addresses]
  }
  for (const text of (values['mm4-peer-login'] ?? []) as string[]) {
    const [name, login] = split('--mm4-peer-login', text, '=', '<domain>=<user>:<password>')
    const [user, password] = split('--mm4-peer-login', login, ':', '<domain>=<user>:<password>')
    const entry = peer(name)
    if (entry.user !== undefined) throw new UsageError(`--mm4-peer-login: ${name} has a login already`)
    Object.assign(entry, { user, password })
  }
  if (peers.size === 0) throw new UsageError('--mm4-peer: MM4 needs at least one peer (or --mm4-peer-login)')
  const port = whole('--mm4-port', (values['mm4-port'] as string | undefined) ?? String(DEFAULT_MM4_PORT))
  if (port > 0xffff) throw new UsageError(`--mm4-port: must be a whole number from 0 to 65535; got ${port}`)
  return {
    options: {
      domain,
      relay: relayOf(values['mm4-relay'] as string),
      peers: [...peers.values()],
      ...optional('maxMessageBytes', '--mm4-max-message-bytes', values['mm4-max-message-bytes'] as string | undefined),
    },
    port,
  }
}

/** The SMTP side's port when --mm4-port is not given: an unprivileged one (the relay is configured with where the MMSC is). */
const DEFAULT_MM4_PORT = 2525
/** The relay's port when --mm4-relay names none: SMTP's (RFC 5321 §2.3.5: port 25). */
const SMTP_PORT = 25

/** `host:port`, `[v6]:port`, or a host alone (port 25). */
function relayOf (text: string): { host: string, port: number } {
  let url: URL | undefined
  try {
    url = new URL(`smtp://${text}`)
  } catch {}
  if (url === undefined || url.hostname === '' || url.host !== text) {
    throw new UsageError(`--mm4-relay: must be host:port; got ${JSON.stringify(text)}`)
  }
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port === '' ? SMTP_PORT : Number(url.port) }
}

/** `left<sep>right`, both not empty, split at the first `sep`. */
function split (flag: string, text: string, sep: string, shape: string): [string, string] {
  const at = text.indexOf(sep)
  if (at <= 0 || at === text.length - 1) throw new UsageError(`${flag}: must be ${shape}; got ${JSON.stringify(text)}`)
  return [text.slice(0, at), text.slice(at + 1)]
}

/** An error of the MMSC's options told under the flag that set the option (any option of a peer: the peer flags). */
export function usageOf (err: MmscOptionError): UsageError {
  const flag = FLAGS[err.option] ?? FLAGS[err.option.replace(/\[[0-9]+\].*$/, '[]')]
  return new UsageError(flag === undefined ? err.message : err.message.replace(`option ${err.option}`, flag))
}

function whole (flag: string, text: string): number {
  if (!WHOLE.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`${flag}: must be a whole number; got ${JSON.stringify(text)}`)
  return Number(text)
}

function optional<K extends string> (key: K, flag: string, text: string | undefined): Partial<Record<K, number>> {
  return text === undefined ? {} : { [key]: whole(flag, text) } as Record<K, number>
}
