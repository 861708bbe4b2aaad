/**
 * `mmse extract <capture> --eml -o <dir>`: each MMS found in the capture as one mail message
 * (RFC 5322 / MIME, docs/mail.md), `<n>-<message type>-<transaction id>.eml` in `<dir>`, named
 * as `extract` names a message's folder. Each is converted as the scan reports its events
 * (lib/mail/capture-mail.ts) into a staging file, never held whole. An MMS the capture holds
 * only in part (a gap, a cut) or that does not decode, or one that has no mail form, leaves
 * no file: its staging file is removed at once and stderr says why; the run goes on, as it
 * does for the incomplete messages `extract` writes folders of. The files that remain are
 * made visible together when the run ends, or removed with the rest when it fails.
 */
import { type CaptureWarning, MmseError, type MmsEnd, type MmseWarning } from '../index.js'
import { CaptureMail } from '../mail/capture-mail.js'
import { DirectoryDestination } from './destinations.js'
import type { CliIo } from './io.js'
import { scannedWarningText } from './render.js'

/** One MMS on its way into its file. */
export interface EmlFile {
  id: number
  name: string
  mail: CaptureMail
  /** The staging write's outcome: undefined once written, else what stopped it. */
  written: Promise<unknown>
}

export class EmlFiles {
  readonly destination: DirectoryDestination
  readonly #io: CliIo

  constructor (dir: string, force: boolean, io: CliIo) {
    this.destination = new DirectoryDestination(dir, force, io)
    this.#io = io
  }

  /** Begins the file of MMS `id`: each of its events then goes to `write()`. */
  start (id: number, name: string): EmlFile {
    const mail = new CaptureMail()
    // Settled here, at once: a failure that comes before the MMS ends is read when it ends.
    const written = this.destination.write(name, mail.output).then(() => undefined, (err: unknown) => err)
    return { id, name, mail, written }
  }

  /**
   * The MMS's last event: its file is staged whole, or left out with a warning that gives the
   * reason and the message's own warnings. A failure of the directory fails the run.
   */
  async finish (file: EmlFile, end: MmsEnd, warnings: Array<MmseWarning | CaptureWarning>): Promise<void> {
    await file.mail.write({ type: 'end', id: file.id, end })
    const failure = await file.written
    if (failure === undefined) return
    if (!(failure instanceof MmseError)) throw failure
    const lines = [`warning: MMS #${file.id} not written to ${file.name}: ${failure.code} at offset ${failure.offset}: ${failure.message}`]
    for (const warning of warnings) lines.push(`    warning: ${scannedWarningText(warning)}`)
    this.#io.stderr.write(`${lines.join('\n')}\n`)
  }
}
