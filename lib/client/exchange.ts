/**
 * One HTTP exchange of the MM1 interface (OMA-TS-MMS_CTR 1.3 §7: MM1 over WAP or HTTP; PDUs as
 * `application/vnd.wap.mms-message` bodies), with node:http: directly, or through the HTTP
 * proxy a carrier's MMS APN names (RFC 9112 §3.2.2: the request target in absolute form, sent
 * to the proxy). Every failure is an MmseError ERR_MMSE_HTTP: a connection refused or reset,
 * no byte for `timeoutMs` (waiting for the answer, or in the middle of its body).
 */
import { type IncomingMessage, request as httpRequest } from 'node:http'
import { PassThrough, type Readable } from 'node:stream'
import { MmseError } from '../errors.js'

export interface Proxy {
  host: string
  port: number
}

export interface ExchangeRequest {
  url: URL
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: Uint8Array
  proxy?: Proxy
  timeoutMs: number
}

export interface Answer {
  status: number
  /** Media type of the answer, lower case, parameters aside; '' when there is none. */
  mediaType: string
  /** Content-Length when the server gave one. */
  size: number | null
  /** The body, as it arrives; it fails with ERR_MMSE_HTTP when the exchange does. */
  body: Readable
}

export function httpError (message: string, cause?: unknown): MmseError {
  return new MmseError('ERR_MMSE_HTTP', message, 0, cause === undefined ? {} : { cause })
}

/** Sends the request; resolves once the answer's status and headers are in. */
export function exchange (request: ExchangeRequest): Promise<Answer> {
  const { url, proxy } = request
  const where = proxy === undefined ? url.host : `${url.host} through the proxy ${proxy.host}:${proxy.port}`
  return new Promise((resolve, reject) => {
    const body = new PassThrough()
    let answered = false
    const fail = (err: Error): void => {
      const failure = err instanceof MmseError ? err : httpError(`${request.method} ${url.href}: ${err.message}`, err)
      if (answered) body.destroy(failure)
      else reject(failure)
    }
    const outgoing = httpRequest({
      host: proxy?.host ?? url.hostname,
      port: proxy?.port ?? (url.port === '' ? 80 : Number(url.port)),
      path: proxy === undefined ? `${url.pathname}${url.search}` : url.href,
      method: request.method,
      headers: { host: url.host, ...request.headers, ...(request.body === undefined ? {} : { 'content-length': String(request.body.length) }) },
      agent: false,
    }, (response: IncomingMessage) => {
      answered = true
      response.on('error', fail)
      response.pipe(body)
      const length = response.headers['content-length']
      resolve({
        status: response.statusCode as number,
        mediaType: (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() as string,
        size: length === undefined ? null : Number(length),
        body,
      })
    })
    outgoing.setTimeout(request.timeoutMs, () => outgoing.destroy(httpError(`${request.method} ${url.href}: nothing from ${where} in ${request.timeoutMs} ms`)))
    outgoing.on('error', fail)
    outgoing.end(request.body)
  })
}

/** The whole body of an answer, at most `max` bytes (more fails, and ends the exchange). */
export async function readBody (answer: Pick<Answer, 'size' | 'body'>, max: number, what: string): Promise<Buffer> {
  if (answer.size !== null && answer.size > max) {
    answer.body.destroy()
    throw httpError(`${what} of ${answer.size} bytes exceeds ${max}`)
  }
  const chunks: Buffer[] = []
  let length = 0
  // Leaving the loop by the throw destroys the body: the exchange ends.
  for await (const chunk of answer.body) {
    length += (chunk as Buffer).length
    if (length > max) throw httpError(`${what} exceeds ${max} bytes`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}
