/**
 * Several MMSC processes on one store: three of examples/mmsc/main.ts share one S3 bucket
 * (s3rver, behind a front that gives it S3's conditional writes: test/support/s3-conditional.ts)
 * behind a round-robin balancer on loopback, and push through one SMSC. Phones submit 60
 * messages through the balancer, retrying what fails; in the middle of it one process is
 * killed (SIGKILL), at a moment when none of the pushes the SMSC accepted from it is
 * unrecorded (the SMSC stops answering it first, and the test waits for its log to catch up:
 * a push that got through but was not yet recorded would be pushed again, which this test does
 * not measure). Then:
 *
 * - every accepted message is notified exactly once (one push the SMSC accepted per message),
 *   the ones the killed process accepted by the survivors' schedule;
 * - every accepted message is retrievable, byte for byte, and retrieved once;
 * - each delivery report is sent exactly once;
 * - the bucket holds no orphan: every object belongs to a committed key (the killed process's
 *   unfinished uploads are swept by the survivors once older than any request);
 * - the metrics are scraped from each process during the load.
 *
 * Figures (messages/s, p50/p99 submission latency, peak RSS per process) are printed.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import t from 'tap'
import { buildNotifyRespInd, buildSendReq, decode, decodeAssembled, encode, type MmseHeaders, PushAssembler } from '../../lib/index.js'
import { get, post } from '../support/mmsc-client.js'
import { seededBytes } from '../support/mmsc-streams.js'
import { freePort } from '../support/ports.js'
import { startHoldingSmsc } from '../support/holding-smsc.js'
import { roundRobin } from '../support/round-robin.js'
import { conditionalFront } from '../support/s3-conditional.js'
import { prng } from '../support/transcript.js'
import { until } from '../support/until.js'
import { sample } from '../support/prometheus.js'

t.setTimeout(8 * 60 * 1000)

/**
 * 60 messages leave about 900 objects in the bucket (a message, its record and parts; two
 * objects per fact of its life): s3rver's listings fail past one page of 1000 (its
 * continuation tokens do not work), which S3 itself and MinIO do not.
 */
const MESSAGES = 60
const CONCURRENCY = 8
const KILL_AFTER = 25
const SENDER = '+15550001'
const SEED = 0x1357
const MAIN = new URL('../../examples/mmsc/main.ts', import.meta.url).pathname

interface Instance {
  name: string
  port: number
  child: ChildProcess
  events: Array<Record<string, unknown>>
}

/** Peak resident memory of a process (Linux: VmHWM), in MiB. */
function peakRssMiB (pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb) / 1024
}

function percentile (sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number
}

const directory = mkdtempSync(join(tmpdir(), 'mmse-instances-'))
const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: 'mms', configs: [] }] })
const { port: s3Port } = await s3.run()
const front = await conditionalFront(s3Port)
const smsc = await startHoldingSmsc()
const ports = [await freePort(), await freePort(), await freePort()]
const balancer = await roundRobin(ports)
const origin = `http://127.0.0.1:${balancer.port}`
const client = new S3Client({ endpoint: `http://127.0.0.1:${s3Port}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } })

const instances: Instance[] = ports.map((port, index) => {
  const name = `mmsc-${'abc'[index] as string}`
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN,
    '--host', '127.0.0.1', '--port', String(port), '--store', 's3://mms/load', '--shared-store',
    '--public-url', origin, '--smsc', `smpp://127.0.0.1:${smsc.port}`, '--system-id', name, '--trust-from',
    '--sweep-interval-ms', '1000', '--retry-delay-ms', '3000', '--request-ms', '10000', '--keep-alive-ms', '1000',
  ], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${front.port}`, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' },
  })
  const events: Array<Record<string, unknown>> = []
  let rest = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n')
    rest = lines.pop() as string
    for (const line of lines) if (line !== '') events.push(JSON.parse(line) as Record<string, unknown>)
  })
  return { name, port, child, events }
})

t.teardown(async () => {
  for (const instance of instances) {
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) continue
    const exited = once(instance.child, 'exit')
    instance.child.kill('SIGTERM')
    await exited
  }
  client.destroy()
  await balancer.close()
  await smsc.close()
  await front.close()
  await s3.close()
  rmSync(directory, { recursive: true, force: true })
})

await until(() => {
  const dead = instances.find(instance => instance.child.exitCode !== null)
  if (dead !== undefined) throw new Error(`${dead.name} did not start (exit ${dead.child.exitCode})`)
  return instances.every(instance => instance.events.some(e => e.type === 'listening'))
})

interface Planned { index: number, to: string, request: Uint8Array, parts: Buffer[] }
const random = prng(SEED)
const planned: Planned[] = Array.from({ length: MESSAGES }, (_, index) => {
  const parts = [seededBytes(SEED + index, 2000 + Math.floor(random() * 38_000)), Buffer.from(`message ${index}`)]
  const to = `+1666${String(1_000_000 + index)}`
  const request = encode(buildSendReq({
    from: `${SENDER}/TYPE=PLMN`, to: `${to}/TYPE=PLMN`, transactionId: `load-${index}`, headers: { deliveryReport: true },
    parts: [{ contentType: 'image/jpeg', data: parts[0] as Buffer, name: 'photo.jpg' }, { contentType: 'text/plain', data: parts[1] as Buffer }],
  }))
  return { index, to, request, parts }
})

/** What the SMSC accepted: each push whose every segment it answered, decoded. */
function acceptedPushes (systemId?: string): Array<{ systemId: string, destination: string, headers: MmseHeaders }> {
  const assembler = new PushAssembler({ maxPending: 10_000 })
  const pushes = []
  for (const submit of smsc.submits) {
    if (!submit.answered || (systemId !== undefined && submit.systemId !== systemId)) continue
    const whole = assembler.add(submit.userData, `${submit.systemId}/${submit.destination}`)
    if (whole === null) continue
    const message = decodeAssembled(whole).message
    if (message !== undefined) pushes.push({ systemId: submit.systemId, destination: submit.destination, headers: message.headers })
  }
  return pushes
}

const victim = instances[2] as Instance
const accepted = new Map<number, string>()
const latencies: number[] = []
let victimPeakMiB = 0
let midLoadScrape = ''
let killed = false

/** The kill: the SMSC stops answering the victim, its log catches up with what the SMSC accepted from it, then SIGKILL. */
async function kill (): Promise<void> {
  killed = true
  smsc.hold(victim.name)
  await until(() => acceptedPushes(victim.name).length === victim.events.filter(e => e.type === 'notified').length)
  midLoadScrape = (await get(`http://127.0.0.1:${victim.port}/metrics`)).body.toString()
  victimPeakMiB = peakRssMiB(victim.child.pid as number)
  const exited = once(victim.child, 'exit')
  victim.child.kill('SIGKILL')
  await exited
}

const started = Date.now()
let cursor = 0
let killing: Promise<void> | undefined
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  for (let message = planned[cursor++]; message !== undefined; message = planned[cursor++]) {
    for (let attempt = 1; ; attempt++) {
      const begun = performance.now()
      const answer = await post(`${origin}/mms`, message.request).catch(() => undefined)
      const conf = answer?.status === 200 ? decode(answer.body).headers : undefined
      if (conf !== undefined && (conf.responseStatus as { name: string } | undefined)?.name === 'ok') {
        latencies.push(performance.now() - begun)
        accepted.set(message.index, conf.messageId as string)
        break
      }
      if (attempt === 5) throw new Error(`message ${message.index} not accepted in 5 attempts`)
    }
    if (accepted.size >= KILL_AFTER && !killed) killing = kill()
  }
}))
await killing
const seconds = (Date.now() - started) / 1000

t.test('every accepted message is notified exactly once, the killed process\'s by the others', async t => {
  t.equal(accepted.size, MESSAGES, 'every message accepted, some after retries')
  t.ok(killed, 'one process was killed mid-load')
  const keys = new Set(accepted.values())
  const notified = (): Map<string, number> => {
    const counts = new Map<string, number>()
    for (const push of acceptedPushes()) {
      if (push.headers.messageType !== 'm-notification-ind') continue
      const key = (push.headers.transactionId as string).slice(0, 24)
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    return counts
  }
  await until(() => [...keys].every(key => notified().has(key)), 200)
  const counts = notified()
  t.same([...keys].filter(key => counts.get(key) !== 1), [], 'each accepted message notified once')
  const byVictim = instances[2]?.events.filter(e => e.type === 'accepted').map(e => e.key as string) ?? []
  const resumed = byVictim.filter(key => keys.has(key) && !acceptedPushes(victim.name).some(push => (push.headers.transactionId as string | undefined)?.startsWith(key) === true))
  t.comment(`${byVictim.length} accepted by the killed process; ${resumed.length} of them notified by the others`)
  t.ok(resumed.length > 0, 'the others took over notifications the killed process left')
})

t.test('every accepted message is retrievable byte for byte, once; each delivery report sent once', async t => {
  const notifications = new Map<string, MmseHeaders>()
  for (const push of acceptedPushes()) if (push.headers.messageType === 'm-notification-ind') notifications.set((push.headers.transactionId as string).slice(0, 24), push.headers)
  const wrong: number[] = []
  for (const [index, key] of accepted) {
    const notification = notifications.get(key) as MmseHeaders
    const answer = await get(notification.contentLocation as string)
    const message = decode(answer.body)
    const parts = planned[index]?.parts as Buffer[]
    if (answer.status !== 200 || !message.parts.every((part, i) => Buffer.from(part.data as Uint8Array).equals(parts[i] as Buffer))) wrong.push(index)
    await post(`${origin}/mms`, encode(buildNotifyRespInd({ transactionId: notification.transactionId as string, status: 'retrieved' })))
  }
  t.same(wrong, [], 'byte for byte')
  const retrieved = instances.flatMap(instance => instance.events.filter(e => e.type === 'retrieved').map(e => e.key as string))
  t.equal(retrieved.length, accepted.size, 'one retrieval each')
  t.equal(new Set(retrieved).size, accepted.size)
  const reports = (): string[] => acceptedPushes().filter(push => push.headers.messageType === 'm-delivery-ind').map(push => push.headers.messageId as string)
  await until(() => reports().length >= accepted.size, 200)
  // Two more sweeps of every process: nothing more is sent.
  await new Promise(resolve => setTimeout(resolve, 2500))
  const sent = reports()
  t.equal(sent.length, accepted.size, 'one delivery report per message')
  t.same([...new Set(sent)].sort(), [...accepted.values()].sort())
})

t.test('no orphan in the bucket; the metrics scraped', async t => {
  const orphans = async (): Promise<string[]> => {
    const objects = []
    let token: string | undefined
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: 'mms', Prefix: 'load/', ContinuationToken: token }))
      objects.push(...(page.Contents ?? []).map(o => o.Key as string))
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined
    } while (token !== undefined)
    const committed = new Set(objects.filter(key => key.endsWith('/.committed')).map(key => key.split('/')[1]))
    return objects.filter(key => !committed.has(key.split('/')[1]))
  }
  // The survivors sweep what is older than twice --request-ms (20 s), once a second.
  // s3rver fails a listing now and then while the processes delete objects under it (500): asked again.
  const listed = async (): Promise<string[]> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await orphans()
      } catch (err) {
        if (attempt === 20) throw err
        await new Promise(resolve => setTimeout(resolve, 200))
      }
    }
  }
  const deadline = Date.now() + 60_000
  while ((await listed()).length > 0 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 500))
  t.same(await listed(), [], 'every object belongs to a committed key')

  t.ok(sample(midLoadScrape, 'mmsc_requests_total', { pdu: 'm-send-req', status: '200' }) > 0, 'the killed process, scraped mid-load')
  // Submissions go round-robin, so each survivor took some; a report goes from whichever process
  // took the recipient's answer, so only the survivors together are sure to have sent one (the
  // messages after the kill are answered by them alone).
  let reports = 0
  for (const instance of instances.slice(0, 2)) {
    const text = (await get(`http://127.0.0.1:${instance.port}/metrics`)).body.toString()
    t.ok(sample(text, 'mmsc_requests_total', { pdu: 'm-send-req', status: '200' }) > 0, `${instance.name}: submissions counted`)
    reports += sample(text, 'mmsc_pushes_total', { kind: 'm-delivery-ind', result: 'ok' })
    t.equal((await get(`http://127.0.0.1:${instance.port}/health`)).status, 200)
  }
  t.ok(reports > 0, `reports counted by the survivors: ${reports}`)
  const sorted = [...latencies].sort((a, b) => a - b)
  const rss = [...instances.slice(0, 2).map(instance => peakRssMiB(instance.child.pid as number)), victimPeakMiB]
  t.comment(`${MESSAGES} messages through 3 processes (one killed after ${KILL_AFTER}): ${(MESSAGES / seconds).toFixed(1)} messages/s, ` +
    `submission latency p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p99 ${percentile(sorted, 0.99).toFixed(0)} ms; ` +
    `peak RSS ${rss.map(mib => `${mib.toFixed(0)} MiB`).join(', ')}; connections per process ${balancer.counts.join(', ')}`)
  t.ok(rss.every(mib => mib < 512), 'peak RSS under 512 MiB each')
})
