/**
 * The inspector page: takes a file (picked or dropped) or pasted hex, inspects it, and wires
 * the views together (a tree selection marks its bytes, a problem's button shows its offset,
 * a part's buttons download it or show its bytes). Everything happens in the page: nothing
 * is uploaded anywhere.
 */
import type { CaptureOptions, DecodeOptions } from '../../lib/index.js'
import { carrierText, captureTime, endpoint, framesText } from './capture-format.js'
import { type CapturedEntry, CaptureList } from './capture-list.js'
import { scanCapture } from './capture-scan.js'
import { CaptureView } from './capture-view.js'
import { detectKind, HEAD_BYTES } from './detect.js'
import { extractMms } from './extract.js'
import { findingOf } from './finding.js'
import { parseHexDump } from './hex-input.js'
import { HexView } from './hex-view.js'
import { inspect } from './inspect.js'
import { inspectStream } from './inspect-stream.js'
import type { Finding, Inspection, PartEntry, TreeNode } from './model.js'
import { partBlob } from './part-blob.js'
import { PartsView } from './parts-view.js'
import { TreeView } from './tree-view.js'

/** How long a download's object URL is kept before it is revoked. */
const DOWNLOAD_URL_MS = 60_000

function element<T extends HTMLElement> (id: string): T {
  const found = document.getElementById(id)
  if (found === null) throw new Error(`the page has no #${id}`)
  return found as T
}

const status = element<HTMLElement>('status')
const progress = element<HTMLProgressElement>('progress')
const strict = element<HTMLInputElement>('strict')
const summary = element<HTMLElement>('summary')
const problems = element<HTMLElement>('problems')
const hexView = new HexView(element('hex-grid'), element('hex-status'))
const tree = new TreeView(element('tree'), node => { void selectNode(node) })
const captureView = new CaptureView(element('capture-list'), element('capture-findings'), entry => { void openMms(entry) })
const parts = new PartsView(element('parts'), element('previews'), {
  download: entry => { void download(entry) },
  showBytes: entry => { void hexView.mark(entry.range, 'sel', `part ${entry.info.path.join('.')}`) },
  blob: entry => partBlob(current.source, entry, current.options),
})

let current: { source: Blob, name: string, options: DecodeOptions, inspection?: Inspection } = { source: new Blob([]), name: '', options: {} }
/** What the user opened last (a capture stays it while its messages are opened), for strict mode to read again. */
let input: { source: Blob, name: string } | undefined
/** The capture open, whose messages the list opens. */
let capture: { source: Blob, name: string, options: CaptureOptions } | undefined
/** Only the latest input (or the latest message opened from a capture) may write its result to the page. */
let generation = 0

async function run (source: Blob, name: string): Promise<void> {
  const mine = ++generation
  input = { source, name }
  const options: DecodeOptions = { strict: strict.checked }
  startProgress(`Reading ${name} (${source.size} bytes)…`, source.size)
  const started = performance.now()
  let inspection: Inspection
  try {
    const head = new Uint8Array(await source.slice(0, HEAD_BYTES).arrayBuffer())
    if (detectKind(name, head) === 'capture') return await runCapture(source, name, options, mine, started)
    capture = undefined
    captureView.clear()
    element('capture-section').hidden = true
    inspection = await inspect(source, name, options, bytes => { if (mine === generation) progress.value = bytes })
  } catch (err) {
    if (mine !== generation) return
    progress.hidden = true
    setStatus('done', `${name} could not be read: ${(err as Error).message}`)
    return
  }
  if (mine !== generation) return
  await display(source, options, inspection, (performance.now() - started) / 1000)
}

function startProgress (text: string, size: number): void {
  setStatus('busy', text)
  progress.max = Math.max(1, size)
  progress.value = 0
  progress.hidden = false
}

/** Shows one inspection in the summary, problems, tree, parts and hex views. */
async function display (source: Blob, options: DecodeOptions, inspection: Inspection, seconds: number, context: Array<[string, string]> = []): Promise<void> {
  const { name } = inspection
  current = { source, name, options, inspection }
  progress.hidden = true
  showSummary(inspection, seconds, context)
  showProblems(inspection)
  tree.show(inspection.root)
  parts.show(inspection.parts)
  await hexView.load(source)
  const error = inspection.error
  if (error?.offset !== undefined) await hexView.mark({ start: error.offset, length: 1 }, 'err', error.code)
  setStatus('done', error === undefined
    ? `${name}: ${inspection.kind}, ${inspection.parts.length} part(s), ${inspection.warnings.length} warning(s), read in ${seconds.toFixed(2)} s.`
    : `${name}: ${error.code}${error.offset === undefined ? '' : ` at offset ${error.offset}`}: ${error.message}`)
}

/** A capture: every MMS in it listed as the scan finds them; the views wait for one to be opened. */
async function runCapture (source: Blob, name: string, options: DecodeOptions, mine: number, started: number): Promise<void> {
  const list = new CaptureList()
  try {
    const broken = await scanCapture(source, options, event => {
      list.event(event)
      return undefined
    }, bytes => { if (mine === generation) progress.value = bytes })
    if (broken !== undefined) list.cut(broken)
  } catch (err) {
    list.fail(findingOf(err, 0))
  }
  if (mine !== generation) return
  const seconds = (performance.now() - started) / 1000
  const { listing } = list
  capture = { source, name, options }
  progress.hidden = true
  current = { source: new Blob([]), name, options }
  captureView.show(listing)
  element('capture-section').hidden = false
  element('summary-section').hidden = true
  element('problems-section').hidden = true
  tree.show({ label: 'No MMS open', value: 'open one from the list of the capture', children: [] })
  parts.show([])
  await hexView.load(current.source)
  const found = `${listing.entries.length + listing.omitted} MMS, ${listing.warnings.length} capture warning(s), ${listing.carried.length} not MMS`
  const error = listing.error
  setStatus('done', error === undefined
    ? `${name}: capture, ${found}, read in ${seconds.toFixed(2)} s.`
    : `${name}: capture, ${found} before ${error.code}: ${error.message}`)
}

/** One MMS of the capture in the views: its own octets are the input they show. */
async function openMms (entry: CapturedEntry): Promise<void> {
  const open = capture
  if (open === undefined) return
  const mine = ++generation
  const name = `${open.name}, MMS ${entry.id}`
  captureView.mark(entry)
  const started = performance.now()
  let pdu = entry.pdu
  if (pdu === undefined) {
    startProgress(`Reading ${name} from the capture…`, open.source.size)
    try {
      pdu = await extractMms(open.source, entry.id, open.options, bytes => { if (mine === generation) progress.value = bytes })
    } catch (err) {
      if (mine !== generation) return
      progress.hidden = true
      setStatus('done', `${name} could not be read: ${(err as Error).message}`)
      return
    }
  }
  setStatus('busy', `Decoding ${name} (${pdu.size} bytes)…`)
  const result = await inspectStream(pdu, 0, open.options)
  if (mine !== generation) return
  const inspection: Inspection = {
    name,
    size: pdu.size,
    kind: 'MMSE PDU from a capture',
    root: result.message,
    parts: result.parts,
    warnings: [...entry.captureWarnings, ...result.warnings],
    ...(result.error === undefined ? {} : { error: result.error }),
    omitted: result.omitted,
  }
  const { context } = entry
  await display(pdu, open.options, inspection, (performance.now() - started) / 1000, [
    ['Frames', framesText(entry.frames)],
    ['Time (UTC)', captureTime(context.time)],
    ['Flow', `${endpoint(context.src)} → ${endpoint(context.dst)}`],
    ['Transport', `${context.path.join('/')} (${context.direction})`],
    ['Carrier', carrierText(context)],
    ['Complete', entry.complete === false ? 'no: the capture lost octets of it' : 'yes'],
  ])
}

function setStatus (state: 'busy' | 'done', text: string): void {
  status.dataset.state = state
  status.textContent = text
}

function showSummary (inspection: Inspection, seconds: number, context: Array<[string, string]>): void {
  const rows: Array<[string, string]> = [
    ['Input', inspection.name],
    ['Size', `${inspection.size} bytes`],
    ['Taken for', inspection.kind],
    ...context,
    ['Message type', inspection.root.value ?? 'unknown'],
    ['Parts', String(inspection.parts.length)],
    ['Warnings', String(inspection.warnings.length)],
    ['Read in', `${seconds.toFixed(2)} s`],
  ]
  if (inspection.omitted > 0) rows.push(['Not shown', `${inspection.omitted} tree nodes past the display limit`])
  summary.replaceChildren(...rows.flatMap(([term, detail]) => {
    const dt = document.createElement('dt')
    dt.textContent = term
    const dd = document.createElement('dd')
    dd.textContent = detail
    return [dt, dd]
  }))
  element('summary-section').hidden = false
}

function showProblems (inspection: Inspection): void {
  const items = [...(inspection.error === undefined ? [] : [{ finding: inspection.error, kind: 'Error' as const }]),
    ...inspection.warnings.map(finding => ({ finding, kind: 'Warning' as const }))]
  problems.replaceChildren(...items.map(({ finding, kind }) => problem(finding, kind)))
  element('problems-section').hidden = items.length === 0
}

function problem (finding: Finding, kind: 'Error' | 'Warning'): HTMLElement {
  const li = document.createElement('li')
  li.className = kind === 'Error' ? 'error' : 'warning'
  const text = document.createElement('span')
  text.textContent = `${kind}: ${finding.code}${finding.field === undefined ? '' : ` (${finding.field})`}${finding.frame === undefined ? '' : ` (frame ${finding.frame})`}: ${finding.message}`
  li.append(text)
  const offset = finding.offset
  if (offset !== undefined) {
    const show = document.createElement('button')
    show.type = 'button'
    show.textContent = `Show offset ${offset}`
    show.addEventListener('click', () => { void hexView.mark({ start: offset, length: 1 }, kind === 'Error' ? 'err' : 'sel', finding.code) })
    li.append(' ', show)
  }
  return li
}

async function selectNode (node: TreeNode): Promise<void> {
  if (node.range !== undefined) await hexView.mark(node.range, 'sel', node.label)
}

async function download (entry: PartEntry): Promise<void> {
  const name = entry.info.filename ?? `part-${entry.info.path.join('-')}`
  try {
    const blob = await partBlob(current.source, entry, current.options)
    const url = URL.createObjectURL(blob)
    const link = document.createElement('a')
    link.href = url
    link.download = name
    link.hidden = true
    document.body.append(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_MS)
  } catch (err) {
    setStatus('done', `Part ${entry.info.path.join('.')} could not be read: ${(err as Error).message}`)
  }
}

function pasted (): void {
  const text = element<HTMLTextAreaElement>('hex').value
  let bytes: Uint8Array<ArrayBuffer>
  try {
    bytes = parseHexDump(text)
  } catch (err) {
    // A HexInputError, which names the line.
    setStatus('done', `The pasted text is not hex: ${(err as Error).message}`)
    return
  }
  void run(new Blob([bytes]), 'pasted hex')
}

element<HTMLInputElement>('file').addEventListener('change', event => {
  const input = event.target as HTMLInputElement
  const file = input.files?.[0]
  if (file !== undefined) void run(file, file.name)
  // Cleared, so that picking the same file again (after changing it on disk) reads it again.
  input.value = ''
})
strict.addEventListener('change', () => {
  if (input !== undefined) void run(input.source, input.name)
})
element<HTMLFormElement>('hex-form').addEventListener('submit', event => {
  event.preventDefault()
  pasted()
})
element<HTMLTextAreaElement>('hex').addEventListener('keydown', event => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault()
    pasted()
  }
})
document.addEventListener('dragover', event => {
  event.preventDefault()
  document.body.classList.add('dragging')
})
document.addEventListener('dragleave', () => document.body.classList.remove('dragging'))
document.addEventListener('drop', event => {
  event.preventDefault()
  document.body.classList.remove('dragging')
  const file = event.dataTransfer?.files[0]
  if (file !== undefined) void run(file, file.name)
})
element('expand').addEventListener('click', () => tree.expandAll())
element('collapse').addEventListener('click', () => tree.collapseAll())
element('hex-grid').addEventListener('keydown', event => {
  if (event.key !== 'PageDown' && event.key !== 'PageUp') return
  event.preventDefault()
  void hexView.page(event.key === 'PageDown' ? 1 : -1)
})
element('prev').addEventListener('click', () => { void hexView.page(-1) })
element('next').addEventListener('click', () => { void hexView.page(1) })
element<HTMLFormElement>('goto-form').addEventListener('submit', event => {
  event.preventDefault()
  const text = element<HTMLInputElement>('goto').value.trim()
  const offset = /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text.slice(2), 16) : Number(text)
  if (Number.isSafeInteger(offset) && offset >= 0) void hexView.goTo(offset)
})
