/**
 * An MMSC: the MM1 interface of OMA-MMS-CTR 1.3 over HTTP, with the PDUs of OMA-TS-MMS_ENC 1.3
 * §6, on node:http.
 *
 *   POST <path>          m-send-req        -> m-send-conf; then an m-notification-ind pushed to each recipient
 *   GET  <path>/<tid>    (Content-Location) -> m-retrieve-conf, streamed from the store
 *   POST <path>          m-notifyresp-ind, m-acknowledge-ind -> 204; then an m-delivery-ind pushed to the sender when asked
 *   POST <path>          m-read-rec-ind    -> 204; then an m-read-orig-ind pushed to the sender when asked
 *
 * Pushes that fail are made again, and messages past their expiry removed, by a schedule kept
 * in the store (schedule.ts), which listen() starts and close() stops.
 *
 * Robust by construction: every request ends in an answer or a closed connection, whatever
 * arrives. A connection that sends nothing is closed after timeouts.connectionIdleMs; slow
 * clients meet the header, request and keep-alive timeouts of node:http and the MMSC's own
 * idle rules for a request body (intake.ts) and a response (retrieve.ts), which count the
 * client's slowness only, never the MMSC's. A refused body is not read on: the connection is
 * closed after the answer. A failed or aborted submission leaves nothing in the store. Memory
 * per request is bounded by the stream buffers (the request's, the parser's 64 KiB, one part's
 * 64 KiB, the store's), whatever the message size.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { buildSendConf, encode } from 'mmse'
import { type MmscOptions, type Settings, settings as resolveSettings } from './config.js'
import { isMmsBody, originOf, send } from './http.js'
import { intake } from './intake.js'
import { note, watchExchange } from './logs.js'
import { MmscMetrics } from './metrics.js'
import { MMS_VERSION } from './notify.js'
import { HEALTH_PATH, METRICS_PATH, serveOps } from './ops.js'
import { handleReadReport } from './read-reports.js'
import { handleAnswer } from './reports.js'
import { Mm4Gateway } from './mm4-gateway.js'
import { retrieve } from './retrieve.js'
import { Retries } from './retries.js'
import { Schedule } from './schedule.js'
import { responseStatus } from './statuses.js'

export interface Mmsc {
  readonly server: Server
  readonly settings: Settings
  /** The MM4 side (SMTP), when options.mm4 configures it: listen() on it to take mail from peers. */
  readonly mm4: Mm4Gateway | undefined
  /** Starts listening; resolves with the address (port 0: a free port). */
  listen (port: number, host?: string): Promise<AddressInfo>
  /** Resolves once every request so far, and every push it caused, is done. */
  settled (): Promise<void>
  /** Runs the schedule once now, as its timer does every schedule.intervalMs: retries due, expiry, removals. */
  sweep (): Promise<void>
  /**
   * Stops accepting connections and closes the idle ones at once; the exchanges in progress
   * finish, each connection closed after its answer, and whatever is still open after
   * timeouts.shutdownMs is closed. Then waits for the work in progress (pushes, reports).
   */
  close (): Promise<void>
}

/** How often node:http checks the header and request timeouts (its default is 30 s). */
const MAX_CHECK_INTERVAL_MS = 1000

export function createMmsc (options: MmscOptions): Mmsc {
  const settings = resolveSettings(options)
  // Every event is counted as it is logged: metrics.ts.
  const metrics = new MmscMetrics()
  const log = settings.log
  settings.log = event => {
    metrics.observe(event)
    log(event)
  }
  const retries = new Retries(settings)
  const schedule = new Schedule(settings, retries)
  const tasks = new Set<Promise<void>>()
  const track = (work: Promise<void>): void => {
    const task: Promise<void> = work
      .catch((err: unknown) => settings.log({ type: 'error', error: String(err) }))
      .finally(() => tasks.delete(task))
    tasks.add(task)
  }
  const mm4 = options.mm4 === undefined ? undefined : new Mm4Gateway(settings, options.mm4, retries, track)
  if (mm4 !== undefined) settings.mm4 = mm4
  const { headersMs, requestMs, keepAliveMs, connectionIdleMs, shutdownMs } = settings.timeouts
  let closing = false
  /**
   * Connections before their first request: close() ends the ones that have not sent a byte,
   * which node:http counts neither idle (closeIdleConnections) nor active.
   */
  const unrequested = new Set<Socket>()
  const server = createServer({
    headersTimeout: headersMs,
    requestTimeout: requestMs,
    keepAliveTimeout: keepAliveMs,
    connectionsCheckingInterval: Math.min(MAX_CHECK_INTERVAL_MS, headersMs, requestMs),
  })
  // node:http's headersTimeout runs from a request's first byte: until its headers are in, a
  // connection is held to this inactivity timeout instead, so that one that never sends
  // anything gives its file descriptor back.
  server.on('connection', (socket: Socket) => {
    socket.setTimeout(connectionIdleMs, () => socket.destroy())
    unrequested.add(socket)
    socket.once('close', () => unrequested.delete(socket))
  })
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // From here the request's own rules apply (requestTimeout, intake's and retrieve's idle
    // rules): a phone the MMSC holds back by backpressure sends nothing, and is not cut for it.
    request.socket.setTimeout(0)
    unrequested.delete(request.socket)
    const path = (request.url as string).split('?')[0] as string
    if (path !== HEALTH_PATH && path !== METRICS_PATH) watchExchange(request, response, settings.log)
    // Shutting down: this answer is the connection's last (RFC 9112 §9.6, Connection: close),
    // and an answer already under way ends its connection once it is out.
    if (closing) response.setHeader('connection', 'close')
    response.once('finish', () => { if (closing) request.socket.end() })
    // A failure no handler expected (a store that cannot be read): a 500 and a closed connection.
    track(route(request, response).catch((err: unknown) => {
      settings.log({ type: 'error', error: String(err) })
      send(response, 500, undefined, true)
    }))
  })

  async function route (request: IncomingMessage, response: ServerResponse): Promise<void> {
    // node:http gives a request it parsed its URL, always.
    const path = (request.url as string).split('?')[0] as string
    const unread = hasBody(request)
    if ((path === HEALTH_PATH || path === METRICS_PATH) && path !== settings.path) {
      if (request.method !== 'GET') return send(response, 405, undefined, unread)
      return serveOps(path, response, settings, metrics, () => closing)
    }
    if (path === settings.path) {
      if (request.method !== 'POST') return send(response, 405, undefined, unread)
      if (!isMmsBody(request)) return send(response, 415, undefined, unread)
      return post(request, response)
    }
    if (path.startsWith(`${settings.path}/`) && !path.slice(settings.path.length + 1).includes('/')) {
      if (request.method !== 'GET') return send(response, 405, undefined, unread)
      return retrieve(response, settings, path.slice(settings.path.length + 1))
    }
    send(response, 404, undefined, unread)
  }

  async function post (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const result = await intake(request, settings)
    switch (result.kind) {
      case 'stored': {
        const { key, record } = result
        settings.log({ type: 'accepted', key, messageId: record.messageId, parts: record.parts.length, bytes: record.size, recipients: record.recipients.length })
        note(response, { pdu: 'm-send-req', transactionId: result.transactionId, mmsStatus: 'ok' })
        send(response, 200, encode(buildSendConf({ mmsVersion: MMS_VERSION, transactionId: result.transactionId, messageId: record.messageId })))
        track(retries.deliverAll(key, record))
        return
      }
      case 'refused': {
        const { refused } = result
        const status = responseStatus(refused.refusal, result.mmsVersion)
        settings.log({ type: 'refused', status, text: refused.text, ...(refused.detail === undefined ? {} : { detail: refused.detail }) })
        // Answered as a submission, whatever was posted: with an m-send-conf.
        note(response, { pdu: 'm-send-req', transactionId: result.transactionId, mmsStatus: status })
        const conf = buildSendConf({ mmsVersion: MMS_VERSION, transactionId: result.transactionId, responseStatus: status, responseText: refused.text })
        send(response, 200, encode(conf), !result.bodyRead)
        return
      }
      case 'report':
        note(response, {
          pdu: result.headers.messageType as string,
          ...(typeof result.headers.transactionId === 'string' ? { transactionId: result.headers.transactionId } : {}),
          ...(typeof result.headers.status === 'string' ? { mmsStatus: result.headers.status } : {}),
        })
        send(response, 204)
        track(result.headers.messageType === 'm-read-rec-ind'
          ? handleReadReport(settings, retries, result.headers, request.headers)
          : handleAnswer(settings, retries, result.headers))
        return
      case 'aborted':
        settings.log({ type: 'aborted', reason: result.reason })
        response.destroy()
    }
  }

  async function settled (): Promise<void> {
    while (tasks.size > 0) await Promise.all(tasks)
  }

  return {
    server,
    settings,
    mm4,
    listen: (port, host) => new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        const address = server.address() as AddressInfo
        if (settings.publicUrl === '') settings.publicUrl = originOf(address)
        schedule.start(track)
        resolve(address)
      })
    }),
    settled,
    sweep: () => schedule.tick(),
    close: async () => {
      closing = true
      schedule.stop()
      const closed = new Promise<void>(resolve => server.close(() => resolve()))
      server.closeIdleConnections()
      for (const socket of unrequested) if (socket.bytesRead === 0) socket.destroy()
      // node:http stops its header and request timeouts once closing: a client that stalls
      // mid-request would otherwise hold the close for ever.
      const bound = setTimeout(() => server.closeAllConnections(), shutdownMs)
      try {
        await closed
      } finally {
        clearTimeout(bound)
      }
      await mm4?.close()
      await settled()
    },
  }
}

/** A request that says it has a body: left unread, the connection cannot carry another. */
function hasBody (request: IncomingMessage): boolean {
  return request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0' || request.headers['transfer-encoding'] !== undefined
}
