/**
 * The files and directories a command has made but not finished (staging and temporary files,
 * a directory it created). A failed run removes them itself; when the process is interrupted
 * (SIGINT, SIGTERM, SIGHUP) there is no time for that, so the bin removes them synchronously,
 * through this list, before it dies of the signal.
 */
import { rmSync } from 'node:fs'

export class Leftovers {
  readonly #paths = new Set<string>()

  add (path: string): void {
    this.#paths.add(path)
  }

  /** The path is finished (renamed into place) or already removed. */
  delete (path: string): void {
    this.#paths.delete(path)
  }

  /** Removes every path still listed, most recent first (a file before the directory holding it). */
  removeAll (): void {
    for (const path of [...this.#paths].reverse()) rmSync(path, { recursive: true, force: true })
    this.#paths.clear()
  }
}
