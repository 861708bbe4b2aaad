/**
 * Raw TCP clients of an MMSC for the connection tests: ones that connect and send nothing (or
 * a request cut short), and a promise of each one's close, which is what the tests wait for.
 */
import { connect, type Socket } from 'node:net'

export interface Idle {
  socket: Socket
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>
}

/** A connection that sends `bytes` (nothing by default) once connected, then waits. */
export async function idleConnection (port: number, bytes: string | Uint8Array = ''): Promise<Idle> {
  const socket = connect(port, '127.0.0.1')
  // A server out of file descriptors may reset a connection it could not accept: closed all the same.
  socket.on('error', () => {})
  socket.resume()
  // Not events.once: it rejects on the 'error' (ECONNRESET) of a connection the server cut.
  const closed = new Promise<void>(resolve => socket.once('close', () => resolve()))
  await Promise.race([new Promise(resolve => socket.once('connect', resolve)), closed])
  if (bytes.length > 0 && !socket.destroyed) socket.write(bytes)
  return { socket, closed }
}

/** One exchange on a connection that the client keeps alive, answered; the connection left open. */
export async function keptAlive (port: number, path: string): Promise<Idle> {
  const idle = await idleConnection(port, `GET ${path} HTTP/1.1\r\nHost: mmsc\r\nConnection: keep-alive\r\n\r\n`)
  await answered(idle)
  return idle
}

/**
 * A POST whose body never comes: sent with Expect: 100-continue, so the server's 100 Continue
 * (RFC 9110 §10.1.1) says it has the request, and the exchange is in progress from then on.
 */
export async function stalledPost (port: number, path = '/mms'): Promise<Idle> {
  const idle = await idleConnection(port, `POST ${path} HTTP/1.1\r\nHost: mmsc\r\nContent-Type: application/vnd.wap.mms-message\r\nX-MSISDN: +15550001\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n`)
  await answered(idle)
  return idle
}

/** Resolves once the head of an answer (a final one or a 100 Continue) has come in. */
async function answered (idle: Idle): Promise<void> {
  // Data comes in a later turn of the event loop than the write: the listener is in time.
  await new Promise<void>((resolve, reject) => {
    let head = ''
    const onData = (chunk: Buffer): void => {
      head += String(chunk)
      if (!head.includes('\r\n\r\n')) return
      idle.socket.off('data', onData)
      resolve()
    }
    idle.socket.on('data', onData)
    void idle.closed.then(() => reject(new Error('closed before its answer')))
  })
}
