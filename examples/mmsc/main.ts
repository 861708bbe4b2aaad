/**
 * Starts the MMSC from the command line:
 *
 *   node --import tsx examples/mmsc/main.ts --port 8080 --store ./mms-store
 *
 * Local store by default (a directory; `s3://bucket/prefix` for S3-compatible storage, with the
 * SDK's usual configuration: AWS_ENDPOINT_URL_S3, AWS_REGION, credentials). Pushes go to an
 * SMSC over SMPP with --smsc, to a Push Proxy Gateway with --ppg, or, with neither, are only
 * written to the log (each PDU in hex), which is enough to try it with curl. One JSON line per
 * event on stdout.
 */
import { parseArgs } from 'node:util'
import type { Notifier } from './notifier.js'
import { PapNotifier } from './pap-notifier.js'
import { createMmsc } from './server.js'
import { SmppNotifier } from './smpp-notifier.js'
import { openStore } from 'mmse/store'

const USAGE = `Usage: node --import tsx examples/mmsc/main.ts [options]

  --port <n>             TCP port (default 8080)
  --host <address>       address to listen on (default 127.0.0.1)
  --store <dir|s3://bucket/prefix>   where messages are kept (default ./mms-store)
  --public-url <url>     the URL phones reach the MMSC at (default http://<host>:<port>)
  --smsc <smpp://host:port>  push through this SMSC (with --system-id, --password, --source)
  --system-id <id>       SMPP system_id (default mmsc)
  --password <pw>        SMPP password (default: none)
  --source <number>      originator of the pushes (default 6245)
  --ppg <url>            push through this PPG (PAP) instead
  --sender-header <name> HTTP header with the sender's number (default x-msisdn; '' to trust From)
  --max-message-bytes <n>  largest m-send-req accepted (default 64 MiB)
  -h, --help`

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    store: { type: 'string', default: './mms-store' },
    'public-url': { type: 'string' },
    smsc: { type: 'string' },
    'system-id': { type: 'string', default: 'mmsc' },
    password: { type: 'string', default: '' },
    source: { type: 'string', default: '6245' },
    ppg: { type: 'string' },
    'sender-header': { type: 'string', default: 'x-msisdn' },
    'max-message-bytes': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
})

if (values.help === true) {
  console.log(USAGE)
  process.exit(0)
}

const log = (event: object): void => console.log(JSON.stringify({ time: new Date().toISOString(), ...event }))

/** No SMSC, no PPG: the pushes are only logged. */
const logOnly: Notifier = {
  push: async ({ to, pdu, id }) => log({ type: 'push', to, id, pdu: Buffer.from(pdu).toString('hex') }),
  close: async () => {},
}

const notifier: Notifier = values.smsc !== undefined
  ? new SmppNotifier({ url: values.smsc, systemId: values['system-id'], password: values.password, source: values.source })
  : values.ppg !== undefined ? new PapNotifier({ url: values.ppg }) : logOnly

const store = openStore(values.store)
const swept = await store.sweep()
if (swept > 0) log({ type: 'swept', count: swept })

const mmsc = createMmsc({
  store,
  notifier,
  ...(values['public-url'] === undefined ? {} : { publicUrl: values['public-url'] }),
  senderHeader: values['sender-header'] === '' ? null : values['sender-header'],
  ...(values['max-message-bytes'] === undefined ? {} : { limits: { maxMessageBytes: Number(values['max-message-bytes']) } }),
  log,
})
const address = await mmsc.listen(Number(values.port), values.host)
log({ type: 'listening', url: `${mmsc.settings.publicUrl}${mmsc.settings.path}`, port: address.port, store: values.store })

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log({ type: 'stopping', signal })
    void mmsc.close().then(() => notifier.close()).then(() => process.exit(0))
  })
}
