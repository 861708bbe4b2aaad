/**
 * Where the commands' output goes: stdout, waited for, so that a full disk or a broken device
 * behind it fails the run (exit 1) instead of passing unseen.
 */
import type { CliIo } from './io.js'

/**
 * Writes to stdout and resolves once the octets are handed on. A reader that went away
 * (`mmse inspect x | head`, EPIPE) is not an error of ours: the run ends as if it had read all.
 */
export async function print (io: CliIo, data: string | Uint8Array): Promise<void> {
  const { stdout } = io
  await new Promise<void>((resolve, reject) => {
    const settle = (err?: Error | null): void => {
      if (err == null || (err as NodeJS.ErrnoException).code === 'EPIPE') resolve()
      else reject(err)
    }
    // A failed write also emits 'error', after its callback: this listener takes it.
    stdout.once('error', settle)
    stdout.write(data, err => {
      if (err == null) stdout.off('error', settle)
      settle(err)
    })
  })
}
