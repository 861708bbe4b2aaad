/**
 * The layering of lib/, kept true: every relative import of a lib/ file points to its own layer
 * or one below it, and no files import each other in a cycle (type imports count: a cycle of
 * types is still two files a reader must hold at once).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const LIB = resolve(dirname(fileURLToPath(import.meta.url)), '../../lib')

/**
 * Bottom first: a folder, or a file directly in lib/. Tables and the shapes and errors every
 * codec returns; bytes, and the checks of arguments; the options, checked with those; charsets;
 * WSP codecs and the transfer encodings; MMSE fields; the decode machine, then the encoder; the
 * node:stream shells over both; the linter; transports (push; network layers, HTTP, WAP, SMS and
 * the capture scan over them; mail), the phone-side client, store, the public index, the CLI.
 */
const LAYERS: readonly string[] = [
  'tables', 'types.ts', 'errors.ts', 'bytes', 'options.ts', 'fs', 'text', 'wsp', 'transfer', 'mmse',
  'decode', 'encode', 'stream', 'lint', 'push', 'net', 'http', 'wap', 'sms', 'capture', 'mail',
  'client', 'store', 'index.ts', 'cli',
]

const IMPORT = /^\s*(?:import|export)\b[^'"]*?['"](\.{1,2}\/[^'"]+)['"]/gm

function libFiles (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? libFiles(path) : entry.name.endsWith('.ts') ? [relative(LIB, path)] : []
  })
}

/** Each lib/ file (relative to lib/) and the lib/ files it imports. */
function importGraph (): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of libFiles(LIB)) {
    const source = readFileSync(join(LIB, file), 'utf8')
    const targets = [...source.matchAll(IMPORT)].map((match) =>
      relative(LIB, resolve(LIB, dirname(file), match[1] as string)).replace(/\.js$/, '.ts'))
    graph.set(file, targets)
  }
  return graph
}

function layerOf (file: string): number {
  const slash = file.indexOf('/')
  return LAYERS.indexOf(slash === -1 ? file : file.slice(0, slash))
}

/** Every cycle found by a depth-first walk, each as the files around it. */
function cycles (graph: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const done = new Set<string>()
  const path: string[] = []
  const visit = (file: string): void => {
    const at = path.indexOf(file)
    if (at !== -1) {
      found.push([...path.slice(at), file])
      return
    }
    if (done.has(file)) return
    path.push(file)
    for (const target of graph.get(file) ?? []) visit(target)
    path.pop()
    done.add(file)
  }
  for (const file of graph.keys()) visit(file)
  return found
}

const graph = importGraph()

t.test('every lib/ file is in a declared layer and imports only lib/ files that exist', async (t) => {
  t.same([...graph.keys()].filter((file) => layerOf(file) === -1), [])
  t.same([...graph.values()].flat().filter((target) => !graph.has(target)), [])
})

t.test('no import points to a higher layer', async (t) => {
  const upward = [...graph].flatMap(([file, targets]) =>
    targets.filter((target) => layerOf(target) > layerOf(file)).map((target) => `${file} -> ${target}`))
  t.same(upward, [])
})

t.test('no import cycle between files (between folders, none can be: no import points up)', async (t) => {
  t.same(cycles(graph), [])
})

t.test('the checks see what they check', async (t) => {
  t.same(cycles(new Map([['a', ['b']], ['b', ['a']]])), [['a', 'b', 'a']])
  t.ok((graph.get('index.ts') ?? []).length > 10, 'the public index imports its layers')
})
