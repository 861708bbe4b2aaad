/**
 * Starts the MMSC from the command line:
 *
 *   node --import tsx examples/mmsc/main.ts --port 8080 --store ./mms-store
 *
 * Local store by default (a directory; `s3://bucket/prefix` for S3-compatible storage, with the
 * SDK's usual configuration: AWS_ENDPOINT_URL_S3, AWS_REGION, credentials). Pushes go to an
 * SMSC over SMPP with --smsc, to a Push Proxy Gateway with --ppg, or, with neither, are only
 * written to the log (each PDU in hex), which is enough to try it with curl. With --mm4-domain,
 * its MM4 side (mm4-gateway.ts) forwards to peers through --mm4-relay and takes their mail on
 * --mm4-port. One JSON line per event on stdout.
 */
import { type Command, parseCommandLine, USAGE, UsageError, usageOf } from './cli.js'
import type { Notifier } from './notifier.js'
import { MmscOptionError } from './options.js'
import { PapNotifier } from './pap-notifier.js'
import { createMmsc, type Mmsc } from './server.js'
import { SmppNotifier } from './smpp-notifier.js'
import { type MessageStore, openStore } from 'mmse/store'

/** A wrong flag or option: said on stderr, naming it, and the process ends with status 2 before it starts. */
function refuse (err: unknown): never {
  const usage = err instanceof MmscOptionError ? usageOf(err) : err
  console.error(`mmsc: ${usage instanceof Error ? usage.message : String(usage)}`)
  if (usage instanceof UsageError) console.error('(--help lists the options)')
  process.exit(2)
}

let command: Command
try {
  command = parseCommandLine(process.argv.slice(2))
} catch (err) {
  refuse(err)
}

if (command.help) {
  console.log(USAGE)
  process.exit(0)
}

const log = (event: object): void => console.log(JSON.stringify({ time: new Date().toISOString(), ...event }))

/** No SMSC, no PPG: the pushes are only logged. */
const logOnly: Notifier = {
  push: async ({ to, pdu, id }) => log({ type: 'push', to, id, pdu: Buffer.from(pdu).toString('hex') }),
  close: async () => {},
}

let notifier: Notifier
try {
  notifier = command.smsc !== undefined
    ? new SmppNotifier(command.smsc)
    : command.ppg !== undefined ? new PapNotifier({ url: command.ppg }) : logOnly
} catch (err) {
  refuse(err)
}

let store: MessageStore
try {
  store = openStore(command.store)
} catch (err) {
  refuse(new UsageError(`--store: ${(err as Error).message}`))
}
let mmsc: Mmsc
try {
  mmsc = createMmsc({ store, notifier, ...command.options, log })
} catch (err) {
  refuse(err)
}
// With other MMSC processes on the store, what is being written now is theirs: the schedule
// sweeps the spool of what is older than any transaction (schedule.ts).
const swept = command.sharedStore ? 0 : await store.sweep().catch((err: unknown) => refuse(new UsageError(`--store: ${String(err)}`)))
if (swept > 0) log({ type: 'swept', count: swept })
const address = await mmsc.listen(command.port, command.host)
  .catch((err: unknown) => refuse(new UsageError(`--host ${command.host} --port ${command.port}: cannot listen there: ${String(err)}`)))
log({ type: 'listening', url: `${mmsc.settings.publicUrl}${mmsc.settings.path}`, port: address.port, store: command.store })
if (mmsc.mm4 !== undefined && command.mm4Port !== undefined) {
  const smtp = await mmsc.mm4.listen(command.mm4Port, command.host)
    .catch((err: unknown) => refuse(new UsageError(`--host ${command.host} --mm4-port ${command.mm4Port}: cannot listen there: ${String(err)}`)))
  log({ type: 'listening-mm4', port: smtp.port })
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log({ type: 'stopping', signal })
    void mmsc.close().then(() => notifier.close()).then(() => {
      log({ type: 'stopped', signal })
      process.exit(0)
    })
  })
}
