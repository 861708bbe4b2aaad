/**
 * A notifier for MMSC tests that records each push instead of sending it, and lets a test
 * wait for the next one.
 */
import type { Notifier, PushRequest } from '../../examples/mmsc/notifier.js'

export class RecordingNotifier implements Notifier {
  readonly pushes: PushRequest[] = []
  /** When set, every push fails with it (an unreachable SMSC). */
  failWith: Error | undefined
  readonly #waiting: Array<{ count: number, resolve: () => void }> = []

  async push (request: PushRequest): Promise<void> {
    if (this.failWith !== undefined) throw this.failWith
    this.pushes.push(request)
    for (const waiter of [...this.#waiting]) {
      if (this.pushes.length >= waiter.count) {
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1)
        waiter.resolve()
      }
    }
  }

  /** Resolves once `count` pushes have been recorded in all. */
  async reached (count: number): Promise<PushRequest[]> {
    if (this.pushes.length < count) await new Promise<void>(resolve => this.#waiting.push({ count, resolve }))
    return this.pushes
  }

  async close (): Promise<void> {}
}
