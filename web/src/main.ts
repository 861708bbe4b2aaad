/**
 * The inspector page: takes a file (picked or dropped) or pasted hex, inspects it, and wires
 * the views together (a tree selection marks its bytes, a problem's button shows its offset,
 * a part's buttons download it or show its bytes). Everything happens in the page: nothing
 * is uploaded anywhere.
 */
import type { DecodeOptions } from '../../lib/index.js'
import { parseHexDump } from './hex-input.js'
import { HexView } from './hex-view.js'
import { inspect } from './inspect.js'
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
const parts = new PartsView(element('parts'), element('previews'), {
  download: entry => { void download(entry) },
  showBytes: entry => { void hexView.mark(entry.range, 'sel', `part ${entry.info.path.join('.')}`) },
  blob: entry => partBlob(current.source, entry, current.options),
})

let current: { source: Blob, name: string, options: DecodeOptions, inspection?: Inspection } = { source: new Blob([]), name: '', options: {} }
/** Only the latest input may write its result to the page. */
let generation = 0

async function run (source: Blob, name: string): Promise<void> {
  const mine = ++generation
  const options: DecodeOptions = { strict: strict.checked }
  setStatus('busy', `Reading ${name} (${source.size} bytes)…`)
  progress.max = Math.max(1, source.size)
  progress.value = 0
  progress.hidden = false
  const started = performance.now()
  let inspection: Inspection
  try {
    inspection = await inspect(source, name, options, bytes => { if (mine === generation) progress.value = bytes })
  } catch (err) {
    if (mine !== generation) return
    progress.hidden = true
    setStatus('done', `${name} could not be read: ${(err as Error).message}`)
    return
  }
  if (mine !== generation) return
  const seconds = (performance.now() - started) / 1000
  current = { source, name, options, inspection }
  progress.hidden = true
  showSummary(inspection, seconds)
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

function setStatus (state: 'busy' | 'done', text: string): void {
  status.dataset.state = state
  status.textContent = text
}

function showSummary (inspection: Inspection, seconds: number): void {
  const rows: Array<[string, string]> = [
    ['Input', inspection.name],
    ['Size', `${inspection.size} bytes`],
    ['Taken for', inspection.kind],
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
  text.textContent = `${kind}: ${finding.code}${finding.field === undefined ? '' : ` (${finding.field})`}: ${finding.message}`
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
  if (current.inspection !== undefined) void run(current.source, current.name)
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
