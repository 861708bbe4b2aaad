/**
 * DirectoryDestination's staging: files stay hidden until commit; a write that fails removes
 * its own staging file and leaves the others staged, to be committed or discarded with the rest.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import t from 'tap'
import { DirectoryDestination, StoreDestination } from '../../lib/cli/destinations.js'
import { memoryIo } from '../support/cli.js'

/** A source that gives some octets, then fails. */
function failing (): Readable {
  return Readable.from((async function * () {
    yield Buffer.from('half a file')
    throw new Error('the source broke')
  })())
}

t.test('a failed write leaves no staging file; the others are committed', async (t) => {
  const dir = t.testdir({})
  const destination = new DirectoryDestination(join(dir, 'out'), false, memoryIo())
  await destination.write('a.txt', Readable.from([Buffer.from('a')]))
  await t.rejects(destination.write('b.txt', failing()), { message: 'the source broke' })
  t.equal(readdirSync(join(dir, 'out')).length, 1, 'only the first file is staged')
  await destination.write('c.txt', Readable.from([Buffer.from('c')]))
  await destination.commit()
  t.strictSame(readdirSync(join(dir, 'out')).sort(), ['a.txt', 'c.txt'])
  t.equal(readFileSync(join(dir, 'out', 'c.txt'), 'utf8'), 'c')
})

t.test('a source that fails before the directory is made fails the write, and nothing else', async (t) => {
  const dir = t.testdir({})
  for (const destination of [new DirectoryDestination(join(dir, 'out'), false, memoryIo()), new StoreDestination(join(dir, 'store', 'key'), dir)]) {
    const source = new PassThrough()
    const written = destination.write('a.txt', source)
    // Its error comes before the write could make its directory and start reading.
    source.destroy(new Error('failed at once'))
    await t.rejects(written, { message: 'failed at once' })
    await destination.discard()
  }
  t.notOk(existsSync(join(dir, 'out')))
})

t.test('a failed write, then a discard: nothing left, not even the directory the run made', async (t) => {
  const dir = t.testdir({})
  const destination = new DirectoryDestination(join(dir, 'out'), false, memoryIo())
  await destination.write('a.txt', Readable.from([Buffer.from('a')]))
  await t.rejects(destination.write('b.txt', failing()))
  await destination.discard()
  t.notOk(existsSync(join(dir, 'out')))
})
