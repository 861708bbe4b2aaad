/**
 * `mmse extract` never writes outside its directory and never fails on a name: a symbolic link
 * in the directory is replaced, never followed; names are cut to 255 octets with their extension
 * and `-N` suffix; bidi controls, zero-width characters and a BOM are removed; Windows device
 * names (COM¹, CONIN$ ...) are avoided; lookups use null-prototype maps. Without --force, every
 * target is checked before anything is written, and the error names the first in message order.
 * With --to, the same files go into one message of a local or an S3 store (s3rver on loopback).
 */
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import S3rver from 's3rver'
import { buildRetrieveConf, encode, fitName, NAME_MAX_BYTES } from '../../lib/index.js'
import { openStore } from '../../lib/store/index.js'
import { mmse } from '../support/cli.js'
import { collectBytes } from '../support/mmsc-streams.js'

const NAMES = [
  'evil.txt',
  `${'a'.repeat(300)}.txt`,
  `${'é'.repeat(127)}.txt`,
  `${'😀'.repeat(100)}.png`,
  'photo\u202egpj.exe',
  'zero\u200bwidth\u2066.txt',
  '\ufeffbom.txt',
  'COM¹.txt',
  'CONIN$',
  'conout$.log',
]

const parts = [
  ...NAMES.map((name, i) => ({ contentType: 'text/plain', data: `part ${i}`, headers: { 'content-location': name } })),
  { contentType: 'constructor', data: 'no name' },
  { contentType: '__proto__', data: 'no name either' },
]
/** Own properties named like prototype keys (an object literal's `__proto__:` would set the prototype instead). */
const applicationHeaders = JSON.parse('{ "__proto__": "kept", "constructor": "too" }') as Record<string, string>
const pdu = encode({ headers: { messageType: 'm-retrieve-conf', mmsVersion: '1.2', date: new Date(0), applicationHeaders, contentType: 'application/vnd.wap.multipart.mixed' }, parts })

const dir = mkdtempSync(join(tmpdir(), 'mmse-extract-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const input = join(dir, 'message.mms')
writeFileSync(input, pdu)

const bytes = (name: string): number => Buffer.byteLength(name, 'utf8')

t.test('names from the wire: cleaned, cut to 255 octets, never a device name, never a prototype key', async (t) => {
  const out = join(dir, 'names')
  const run = await mmse(['extract', input, '-o', out])
  t.equal(run.code, 0, run.err)
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { parts: Array<{ path: string, file: string }> }
  const files = manifest.parts.map((p) => p.file)
  t.equal(files.length, parts.length, 'every part')
  for (const file of files) {
    t.ok(bytes(file) <= 255, `${file.slice(0, 24)}…: ${bytes(file)} octets`)
    t.ok(existsSync(join(out, file)), `${file.slice(0, 24)}… written inside the directory`)
    t.notMatch(file, /[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff/\\]/, `${file.slice(0, 24)}…: no invisible or reordering characters, no separators`)
  }
  t.ok(files.includes('photogpj.exe'), 'the right-to-left override is gone')
  t.ok(files.includes('zerowidth.txt'), 'zero-width characters and isolates are gone')
  t.ok(files.includes('bom.txt'), 'the BOM is gone')
  t.ok(files.includes('_COM¹.txt') && files.includes('_CONIN$.txt') && files.includes('_conout$.log'), 'device names are avoided')
  t.ok(files.some((f) => f.endsWith('.txt') && f.startsWith('aaaa') && bytes(f) === 255), '300 ASCII characters cut to 255 octets with the extension')
  t.ok(files.some((f) => f.startsWith('éé') && f.endsWith('.txt') && bytes(f) <= 255 && bytes(f) >= 253), '127 × é cut between characters')
  t.ok(files.some((f) => f.startsWith('😀') && f.endsWith('.png') && bytes(f) <= 255), '100 emoji cut between characters')
  t.same(files.slice(-2), [`part-${parts.length - 2}.bin`, `part-${parts.length - 1}.bin`], 'content types named like prototype keys have no extension of their own')
  const json = await mmse(['inspect', '--json', input])
  const app = JSON.parse(json.out).message.headers.applicationHeaders as Record<string, unknown>
  t.same(Object.keys(app).sort(), ['__proto__', 'constructor'], 'inspect --json keeps a __proto__ key')
})

t.test('the same name many times: -N suffixes, still within 255 octets', async (t) => {
  const long = `${'b'.repeat(260)}.txt`
  const many = encode(buildRetrieveConf({ date: new Date(0), parts: Array.from({ length: 12 }, (_, i) => ({ contentType: 'text/plain', data: `${i}`, name: long })) }))
  const file = join(dir, 'many.mms')
  writeFileSync(file, many)
  const out = join(dir, 'many')
  const run = await mmse(['extract', file, '-o', out])
  t.equal(run.code, 0, run.err)
  const names = readdirSync(out).filter((n) => n.startsWith('b'))
  t.equal(names.length, 12)
  t.ok(names.every((n) => bytes(n) <= 255), 'every name within 255 octets')
  t.ok(names.some((n) => n.endsWith('-12.txt')), 'suffixes up to -12')
})

t.test('a symbolic link already in the directory is never followed', async (t) => {
  const out = join(dir, 'links')
  const victim = join(dir, 'victim')
  writeFileSync(victim, 'precious')
  const first = await mmse(['extract', input, '-o', out])
  t.equal(first.code, 0, first.err)
  rmSync(join(out, 'evil.txt'))
  symlinkSync(victim, join(out, 'evil.txt'))
  rmSync(join(out, 'bom.txt'))
  const refused = await mmse(['extract', input, '-o', out])
  t.equal(refused.code, 1)
  t.match(refused.err, /evil\.txt exists: use --force/, 'the link counts as an existing file')
  t.equal(readFileSync(victim, 'utf8'), 'precious')
  t.notOk(existsSync(join(out, 'bom.txt')), 'nothing written when a target exists')
  t.same(readdirSync(out).filter((n) => n.startsWith('.mmse-')), [], 'no staging file left')
  const forced = await mmse(['extract', input, '-o', out, '--force'])
  t.equal(forced.code, 0, forced.err)
  t.equal(readFileSync(victim, 'utf8'), 'precious', 'the file outside the directory is untouched')
  t.notOk(lstatSync(join(out, 'evil.txt')).isSymbolicLink(), 'the link was replaced by the part')
  t.equal(readFileSync(join(out, 'evil.txt'), 'utf8'), 'part 0')
})

t.test('without --force, the first existing target in message order is named, and nothing is written', async (t) => {
  const out = join(dir, 'order')
  const first = await mmse(['extract', input, '-o', out])
  t.equal(first.code, 0, first.err)
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { parts: Array<{ file: string }> }
  const kept = [manifest.parts[3]?.file as string, manifest.parts[7]?.file as string]
  for (const file of readdirSync(out)) if (!kept.includes(file)) rmSync(join(out, file))
  for (let i = 0; i < 3; i++) {
    const run = await mmse(['extract', input, '-o', out])
    t.equal(run.code, 1)
    t.ok(run.err.includes(`${kept[0] as string} exists`), `run ${i + 1}: names the earlier of the two`)
    t.same(readdirSync(out).sort(), [...kept].sort(), `run ${i + 1}: nothing else written`)
  }
})

/** A store's files, relative to its root, sorted. */
function walk (root: string, under = ''): string[] {
  return readdirSync(join(root, under), { withFileTypes: true }).flatMap((entry) => {
    const path = under === '' ? entry.name : `${under}/${entry.name}`
    return entry.isDirectory() ? [path, ...walk(root, path)] : [path]
  }).sort()
}

t.test('--to <dir>/<key>: the parts and the manifest as one message of a local store; a taken key or a truncated input leaves nothing', async (t) => {
  const root = join(dir, 'store')
  const run = await mmse(['extract', input, '--to', join(root, 'm1')])
  t.equal(run.code, 0, run.err)
  const manifest = JSON.parse(readFileSync(join(root, 'm1', 'manifest.json'), 'utf8')) as { parts: Array<{ file: string, size: number }> }
  t.equal(manifest.parts.length, parts.length)
  t.equal(readFileSync(join(root, 'm1', 'evil.txt'), 'utf8'), 'part 0')
  const committed = walk(root)
  const again = await mmse(['extract', input, '--to', join(root, 'm1')])
  t.equal(again.code, 1)
  t.match(again.err, /store key m1 is already taken/)
  const cut = join(dir, 'cut.mms')
  writeFileSync(cut, pdu.subarray(0, pdu.length - 3))
  const truncated = await mmse(['extract', cut, '--to', join(root, 'm2')])
  t.equal(truncated.code, 1)
  t.match(truncated.err, /ERR_MMSE_TRUNCATED/)
  t.same(walk(root), committed, 'nothing but the first message (and the empty spool)')
})

t.test('--to s3://bucket/prefix/key: the same message as objects, credentials and endpoint from the environment', async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'mmse-extract-s3-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: 'media', configs: [] }] })
  const { port } = await server.run()
  const env = { AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' }
  const store = openStore('s3://media/mms', { s3: { endpoint: env.AWS_ENDPOINT_URL_S3, region: env.AWS_REGION, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } })
  t.teardown(async () => {
    await server.close()
    rmSync(directory, { recursive: true, force: true })
  })
  // s3rver keeps each object as a file named after its key plus a suffix, so the 255-octet names
  // of the message above are too long for it (S3 takes keys of up to 1024 octets).
  const plain = join(directory, 'plain.mms')
  writeFileSync(plain, encode(buildRetrieveConf({ parts: [
    { contentType: 'text/plain', data: 'hello', name: 'hello.txt' },
    { contentType: 'image/png', data: Buffer.alloc(70_000, 0x89), name: 'photo.png' },
  ] })))
  const run = await mmse(['extract', plain, '--to', 's3://media/mms/m1'], { env })
  t.equal(run.code, 0, run.err)
  const manifest = JSON.parse(Buffer.from(await collectBytes(store.read('m1', 'manifest.json'))).toString()) as { parts: Array<{ file: string, size: number }> }
  t.same(manifest.parts.map(p => [p.file, p.size]), [['hello.txt', 5], ['photo.png', 70_000]])
  for (const part of manifest.parts) t.equal(await store.size('m1', part.file), part.size, part.file)
  t.equal(Buffer.from(await collectBytes(store.read('m1', 'hello.txt'))).toString(), 'hello')
  const taken = await mmse(['extract', plain, '--to', 's3://media/mms/m1'], { env })
  t.equal(taken.code, 1)
  t.match(taken.err, /store key m1 is already taken/)
  const keys: string[] = []
  for await (const key of store.keys()) keys.push(key)
  t.same(keys, ['m1'])
})

t.test('--to: usage errors', async (t) => {
  for (const [args, message] of [
    [['--to', 's3://media'], /name the message as s3:\/\/bucket\[\/prefix\]\/key/],
    [['--to', 's3://media/'], /name the message/],
    [['--to', join(dir, 'x'), '-o', join(dir, 'y')], /give one/],
    [['--to', join(dir, 'x'), '--force'], /--force applies to -o/],
    [[], /-o <dir> or --to <store>\/<key> is required/],
  ] as const) {
    const run = await mmse(['extract', input, ...args])
    t.equal(run.code, 2, args.join(' '))
    t.match(run.err, message)
  }
})

t.test('fitName: a suffix that leaves no room for the stem cuts the whole name instead', async (t) => {
  const suffix = `-${'9'.repeat(300)}`
  const fitted = fitName('photo.jpg', suffix)
  t.equal(Buffer.byteLength(fitted), NAME_MAX_BYTES)
  t.ok(fitted.startsWith('photo.jpg-999'), 'name and suffix, cut at the end')
  t.equal(fitName('photo.jpg', '-2'), 'photo-2.jpg', 'with room: the suffix before the extension')
})
