/**
 * When one message is done, the same test for every contender: its parser has emitted
 * 'finish' and every per-part sink has closed. One shared pair of listeners per stream, no
 * promise per part, so the harness adds as little as it can to the per-part figures.
 */
import type { Writable } from 'node:stream'
import type { SinkFactory } from './sinks.js'

export class Completion {
  /** Parts handed a sink so far. */
  parts = 0
  readonly done: Promise<number>
  #pending = 0
  #resolve: (parts: number) => void = () => {}
  #reject: (err: Error) => void = () => {}
  readonly #settle = (): void => { if (--this.#pending === 0) this.#resolve(this.parts) }
  readonly #fail = (err: Error): void => { this.#reject(err) }

  constructor () {
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve
      this.#reject = reject
    })
  }

  /** The parser (or the baseline's last stage): done at its 'finish'. */
  watch<T extends Writable> (stream: T): T {
    this.#pending++
    stream.on('finish', this.#settle)
    stream.on('error', this.#fail)
    return stream
  }

  /** A fresh sink for one part: done at its 'close' (after 'finish'; for fs, after the descriptor closed). */
  sink (sinks: SinkFactory): Writable {
    const sink = sinks.make()
    this.parts++
    this.#pending++
    sink.on('close', this.#settle)
    sink.on('error', this.#fail)
    return sink
  }
}
