/**
 * An interrupted run cannot finish its own cleanup: on SIGINT, SIGTERM or SIGHUP the bin
 * removes what the run left (lib/cli/leftovers.ts), then dies of the signal as if it had no
 * handler, so that the shell sees 128 + the signal's number.
 */
import type { Leftovers } from './leftovers.js'

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** The part of `process` this needs. */
export interface Signalled {
  readonly pid: number
  once (event: NodeJS.Signals, listener: () => void): unknown
  kill (pid: number, signal: NodeJS.Signals): unknown
}

export function removeOnSignals (leftovers: Leftovers, proc: Signalled): void {
  for (const signal of SIGNALS) {
    // once: the listener is gone when the signal is raised again, so the default action kills.
    proc.once(signal, () => {
      leftovers.removeAll()
      proc.kill(proc.pid, signal)
    })
  }
}
