/**
 * TEMPORARY (issue 15), injected by esbuild wherever these names are free: lib uses the global
 * `Buffer` (decode.ts, machine.ts, part.ts, transfer-encoding.ts, wsp/, push/assembler.ts) and
 * the global `process.nextTick` (parser.ts). Node's nextTick runs before other queued work;
 * a microtask is the nearest a browser has.
 */
export { Buffer } from 'node:buffer'

export const process = {
  nextTick (callback: (...args: unknown[]) => void, ...args: unknown[]): void {
    queueMicrotask(() => callback(...args))
  },
}
