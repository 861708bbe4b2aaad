/**
 * The endpoints operators poll, beside MM1 on the same port:
 *
 *   GET /health    200 {"status":"ok"} while the MMSC serves and its store answers; 503 while
 *                  it shuts down (so that a load balancer stops sending it phones) or when the
 *                  store fails
 *   GET /metrics   the metrics (metrics.ts) in the Prometheus text format
 */
import type { ServerResponse } from 'node:http'
import type { Settings } from './config.js'
import type { MmscMetrics } from './metrics.js'

export const HEALTH_PATH = '/health'
export const METRICS_PATH = '/metrics'

/** A key no message has (a message key is hex): asking the store about it is one cheap round trip. */
const PROBE_KEY = 'health-probe'

export async function serveOps (path: string, response: ServerResponse, settings: Settings, metrics: MmscMetrics, closing: () => boolean): Promise<void> {
  if (path === METRICS_PATH) {
    const text = await metrics.registry.metrics()
    response.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text) })
    response.end(text)
    return
  }
  let problem: string | undefined
  try {
    await settings.store.size(PROBE_KEY, 'probe')
  } catch (err) {
    problem = `store: ${String(err)}`
  }
  if (closing()) problem = 'shutting down'
  const body = JSON.stringify(problem === undefined ? { status: 'ok' } : { status: 'unavailable', problem })
  response.writeHead(problem === undefined ? 200 : 503, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  response.end(body)
}
