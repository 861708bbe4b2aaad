/**
 * The MMSC of the load test, run in a child process so that its memory is measured alone:
 * `node --import tsx test/support/mmsc-load-server.ts <store-dir> <settings-json>`. It talks
 * to the test over IPC: `{ ready, port }` once listening, each push as `{ push: { to, pdu } }`
 * (pdu in base64), and answers `'settle'` with `{ settled, maxRssBytes, maxLiveBytes, crashes }`
 * once all work is done (maxRSS: the kernel's high-water mark of the process; maxLive: the most
 * heap and buffers found alive after a full collection, measured every LIVE_EVERY_MS; crashes:
 * what would have ended it), and `'stop'` by exiting.
 */
import { createMmsc } from '../../examples/mmsc/server.js'
import type { MmscLimits, MmscTimeouts } from '../../examples/mmsc/config.js'
import type { Notifier, PushRequest } from '../../examples/mmsc/notifier.js'
import { LocalStore } from '../../lib/store/index.js'
import { liveBytes } from './memory.js'

/** How often what is alive is measured: a full collection costs the server a few milliseconds. */
const LIVE_EVERY_MS = 250

const [root, json] = process.argv.slice(2) as [string, string]
const { limits, timeouts } = JSON.parse(json) as { limits: Partial<MmscLimits>, timeouts: Partial<MmscTimeouts> }
const send = (message: unknown): void => { process.send?.(message) }
/** What would have ended the process (an unhandled rejection, an uncaught exception): none expected. */
const crashes: string[] = []
process.on('unhandledRejection', (reason: unknown) => { crashes.push(`unhandled rejection: ${String(reason)}`) })
process.on('uncaughtException', (err: Error) => { crashes.push(`uncaught exception: ${String(err)}`) })

const notifier: Notifier = {
  push: async ({ to, pdu }: PushRequest) => send({ push: { to, pdu: Buffer.from(pdu).toString('base64') } }),
  close: async () => {},
}

let maxLiveBytes = 0
let measuring = false
const sampler = setInterval(() => {
  if (measuring) return
  measuring = true
  void liveBytes().then(live => {
    maxLiveBytes = Math.max(maxLiveBytes, live)
    measuring = false
  })
}, LIVE_EVERY_MS)

const mmsc = createMmsc({ store: new LocalStore(root), notifier, limits, timeouts })
const { port } = await mmsc.listen(0, '127.0.0.1')
send({ ready: true, port })

process.on('message', (message: unknown) => {
  if (message === 'settle') {
    void mmsc.settled().then(() => {
      clearInterval(sampler)
      send({ settled: true, maxRssBytes: process.resourceUsage().maxRSS * 1024, maxLiveBytes, crashes })
    })
  }
  if (message === 'stop') void mmsc.close().then(() => process.exit(0))
})
