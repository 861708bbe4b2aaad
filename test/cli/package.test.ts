/**
 * The package as users get it: `import { MmseParser, decode, MmseError } from 'mmse'` resolves
 * through package.json `exports` to the built JS with declarations (built by `prepare` on
 * `npm ci`).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import t from 'tap'

const root = new URL('../..', import.meta.url)
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  name: string, type: string, exports: Record<string, { types: string, import: string }>, engines: { node: string }
}

t.test('package.json points at built JS and declarations', async t => {
  t.equal(pkg.name, 'mmse')
  t.equal(pkg.type, 'module')
  t.equal(pkg.engines.node, '>=20')
  const main = pkg.exports['.'] as { types: string, import: string }
  t.ok(existsSync(new URL(main.import, root)), `${main.import} exists (run npm run build)`)
  t.ok(existsSync(new URL(main.types, root)), `${main.types} exists`)
})

t.test("import from 'mmse' works in a fresh process", async t => {
  const script = `
    import { MmseParser, decode, MmseError } from 'mmse'
    const m = decode(Buffer.from('8c81980100' + '8d92' + '9280', 'hex'))
    let code
    try { decode(Buffer.from('54', 'hex')) } catch (e) { code = e instanceof MmseError && e.code }
    console.log(JSON.stringify({ type: m.headers.messageType, status: m.headers.responseStatus.name, code, parser: typeof MmseParser }))
  `
  // The built JS maps back to lib/ through its source maps: its coverage would count a dist/ built
  // from older sources as lib/ functions never run, so the child records none.
  const env = { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0' }
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('.', root), encoding: 'utf8', env })
  t.same(JSON.parse(out), { type: 'm-send-conf', status: 'ok', code: 'ERR_MMSE_NOT_MMSE', parser: 'function' })
})
