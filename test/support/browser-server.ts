/**
 * A static file server on 127.0.0.1 (port chosen by the OS) for the browser tests: serves
 * directories at URL prefixes (`{ '/': build, '/corpus/': corpus }`), nothing outside them,
 * with the content types a browser needs. `close()` ends every
 * connection so teardown never waits on a keep-alive socket.
 */
import { createReadStream, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
}

export interface StaticServer {
  /** The server's root URL, ending in a slash. */
  url: string
  close (): Promise<void>
}

/** Serves `mounts`: URL prefix (starting and ending with '/') to directory; the longest prefix wins. */
export async function serveStatic (mounts: Record<string, string>): Promise<StaticServer> {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length)
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    const prefix = prefixes.find(p => path.startsWith(p)) ?? '/'
    const root = normalize((mounts[prefix] ?? '') + sep)
    const rest = path.slice(prefix.length)
    const file = normalize(join(root, rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest))
    if (mounts[prefix] === undefined || !file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(response)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>(resolve => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
