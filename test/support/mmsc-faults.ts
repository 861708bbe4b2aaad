/**
 * Misbehaving clients for the MMSC load test, on raw TCP where HTTP clients would not misbehave
 * enough. Each resolves, never rejects, once the connection is over, with what the server did.
 */
import { connect } from 'node:net'
import { request as httpRequest } from 'node:http'
import { Transform, type Readable } from 'node:stream'

export interface Closed {
  /** Bytes the server sent before the connection ended (a 408, or nothing). */
  answered: number
  /** How long the connection lasted. */
  ms: number
}

/**
 * Opens a connection, writes `prelude`, then one byte of `drip` every `intervalMs` (none when
 * `drip` is empty) until the server closes the connection.
 */
export function slowClient (port: number, prelude: string | Uint8Array, drip: Uint8Array, intervalMs: number): Promise<Closed> {
  return new Promise(resolve => {
    const started = Date.now()
    let answered = 0
    let next = 0
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(prelude)
      if (drip.length > 0) timer = setInterval(() => { if (next < drip.length) socket.write(drip.subarray(next, ++next)) }, intervalMs)
    })
    let timer: NodeJS.Timeout | undefined
    socket.on('data', (chunk: Buffer) => { answered += chunk.length })
    socket.on('error', () => {})
    socket.on('close', () => {
      clearInterval(timer)
      resolve({ answered, ms: Date.now() - started })
    })
  })
}

/** A POST whose Content-Length promises `declared` bytes; `body` is sent and the connection then ended from this side. */
export function truncatedPost (port: number, path: string, body: Uint8Array, declared: number): Promise<Closed> {
  return new Promise(resolve => {
    const started = Date.now()
    let answered = 0
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: mmsc\r\nContent-Type: application/vnd.wap.mms-message\r\nX-MSISDN: +15550001\r\nContent-Length: ${declared}\r\n\r\n`)
      socket.end(body)
    })
    socket.on('data', (chunk: Buffer) => { answered += chunk.length })
    socket.on('error', () => {})
    socket.on('close', () => resolve({ answered, ms: Date.now() - started }))
  })
}

/** Streams `body` as a chunked POST and destroys the request once `after` bytes are out. */
export function abortedPost (url: string, body: Readable, after: number): Promise<void> {
  return new Promise(resolve => {
    const request = httpRequest(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/vnd.wap.mms-message', 'x-msisdn': '+15550001' } })
    request.on('error', () => {})
    request.on('close', () => resolve())
    let sent = 0
    const counter = new Transform({
      transform (chunk: Buffer, _encoding, callback) {
        sent += chunk.length
        callback(null, chunk)
        if (sent >= after) {
          body.destroy()
          request.destroy()
        }
      },
    })
    body.on('error', () => {})
    body.pipe(counter).pipe(request)
  })
}
