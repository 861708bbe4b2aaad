/**
 * The S3 message store against s3rver on 127.0.0.1: entries (one above the 5 MiB part size,
 * so a multipart upload) read back byte-exact once committed and not before; an abort or a
 * failed part ends every upload (AbortMultipartUpload sent for a multipart one) and leaves no
 * object in the bucket.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import t, { type Test } from 'tap'
import { openStore, S3Store } from '../../../lib/store/index.js'
import { collectBytes, seededBytes, seededDigest, seededStream, stalledAfter, streamDigest } from '../../support/mmsc-streams.js'
import { until } from '../../support/until.js'

/** A bound on the whole file, against a hang (not a measure). */
t.setTimeout(120_000)

const MiB = 1024 * 1024

interface Bucket {
  store: S3Store
  client: S3Client
  /** Command names the client sent, in order. */
  sent: string[]
  objects (): Promise<string[]>
}

async function bucket (t: Test, prefix = 'mms/'): Promise<Bucket> {
  const directory = mkdtempSync(join(tmpdir(), 'mmse-store-s3-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: 'mms', configs: [] }] })
  const { port } = await server.run()
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  })
  const sent: string[] = []
  client.middlewareStack.add((next, context) => async (args) => {
    sent.push(context.commandName as string)
    return next(args)
  }, { step: 'initialize' })
  t.teardown(async () => {
    client.destroy()
    await server.close()
    rmSync(directory, { recursive: true, force: true })
  })
  const store = new S3Store({ bucket: 'mms', prefix, client })
  return {
    store,
    client,
    sent,
    objects: async () => ((await client.send(new ListObjectsV2Command({ Bucket: 'mms' }))).Contents ?? []).map(o => o.Key as string).sort(),
  }
}

async function keys (store: S3Store): Promise<string[]> {
  const all: string[] = []
  for await (const key of store.keys()) all.push(key)
  return all.sort()
}

t.test('a message with a multipart-sized entry: invisible until committed, then byte-exact', async t => {
  const { store, objects } = await bucket(t)
  const big = 5 * MiB + 4321
  const writer = store.begin('m1')
  t.same(await Promise.all([
    writer.write('part-0', seededStream(1, big), { contentType: 'video/3gpp' }),
    writer.write('part-1', seededBytes(2, 1000)),
    writer.write('message.json', '{"a":1}'),
  ]), [big, 1000, 7])
  t.equal(await store.size('m1', 'part-0'), undefined, 'not committed: no size')
  t.same(await keys(store), [])
  await t.rejects(collectBytes(store.read('m1', 'part-0')), { code: 'ENOENT' })
  await writer.commit()
  t.same(await keys(store), ['m1'])
  t.equal(await store.size('m1', 'part-0'), big)
  t.equal(await store.size('m1', 'absent'), undefined)
  t.same(await streamDigest(store.read('m1', 'part-0')), { sha256: seededDigest(1, big), size: big })
  t.same(await collectBytes(store.read('m1', 'part-1')), seededBytes(2, 1000))
  t.same(await objects(), ['mms/m1/.committed', 'mms/m1/message.json', 'mms/m1/part-0', 'mms/m1/part-1'])
  await store.remove('m1')
  t.same(await objects(), [], 'remove deletes the marker and the entries')
})

t.test('an abort in the middle of a multipart upload ends it and leaves no object', async t => {
  const { store, sent, objects } = await bucket(t)
  const writer = store.begin('m2')
  await writer.write('small', 'done before the abort')
  const source = stalledAfter(seededBytes(3, 6 * MiB))
  const write = writer.write('part-0', source)
  await source.stalled
  // The first 5 MiB part is on its way; the rest never comes.
  await until(() => sent.includes('UploadPartCommand'))
  await writer.abort()
  await t.rejects(write)
  t.ok(source.destroyed, 'the source is destroyed')
  t.ok(sent.includes('CreateMultipartUploadCommand'), 'a multipart upload was started')
  t.ok(sent.includes('AbortMultipartUploadCommand'), 'and aborted')
  t.same(await objects(), [])
  t.same(await keys(store), [])
})

t.test('a failing entry fails the commit, which deletes what was written', async t => {
  const { store, objects } = await bucket(t)
  const writer = store.begin('m3')
  await writer.write('fine', 'x')
  const failing = writer.write('part-0', new Readable({ read () { this.destroy(new Error('truncated')) } }))
  await t.rejects(failing, /truncated/)
  await t.rejects(writer.commit(), /truncated/)
  t.same(await objects(), [])
})

t.test('a taken key: refused before anything is written, so the first message stays whole', async t => {
  const { store, objects } = await bucket(t)
  const first = store.begin('dup')
  await first.write('a', 'first')
  await first.commit()
  const second = store.begin('dup')
  await t.rejects(second.write('a', 'second'), /dup is already taken/)
  // A stream the refused upload never reads, all in the counter by the time the check fails:
  // failing it then is no unhandled 'error' event.
  await t.rejects(store.begin('dup').write('b', Readable.from([Buffer.from('third')])), /dup is already taken/)
  await t.rejects(second.commit(), /dup is already taken/)
  const empty = store.begin('dup')
  await t.rejects(empty.commit(), /dup is already taken/, 'a commit without entries checks too')
  t.same(await objects(), ['mms/dup/.committed', 'mms/dup/a'])
  t.equal(Buffer.from(await collectBytes(store.read('dup', 'a'))).toString(), 'first')
  await store.remove('dup')
  const again = store.begin('dup')
  await again.write('a', 'again')
  await again.commit()
  t.equal(Buffer.from(await collectBytes(store.read('dup', 'a'))).toString(), 'again', 'free again once removed')
})

t.test('a key committed by another writer after the check: the conditional marker write fails, the other message stays', async t => {
  const { store, client, objects } = await bucket(t)
  const late = store.begin('race')
  await late.write('a', 'late')
  const early = store.begin('race')
  await early.write('b', 'early')
  await early.commit()
  // What a service with conditional writes answers to If-None-Match: * on an existing object (s3rver ignores it).
  client.middlewareStack.add((next, context) => async (args) => {
    const input = args.input as { Key?: string, IfNoneMatch?: string }
    if (context.commandName === 'PutObjectCommand' && input.Key === 'mms/race/.committed' && input.IfNoneMatch === '*') {
      throw Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), { name: 'PreconditionFailed' })
    }
    return next(args)
  }, { step: 'initialize', name: 'conditional' })
  await t.rejects(late.commit(), /race is already taken/)
  t.same(await objects(), ['mms/race/.committed', 'mms/race/b'])
  // Racers for one key that write the same entry: the loser leaves it, the winner's marker lists it.
  const first = store.begin('claim')
  const second = store.begin('claim')
  await first.write('state', 'same')
  await second.write('state', 'same')
  await first.commit()
  const claimed = 'mms/claim/.committed'
  client.middlewareStack.add((next, context) => async (args) => {
    const input = args.input as { Key?: string }
    if (context.commandName === 'PutObjectCommand' && input.Key === claimed) throw Object.assign(new Error('pre-conditions'), { name: 'PreconditionFailed' })
    return next(args)
  }, { step: 'initialize', name: 'claimed' })
  await t.rejects(second.commit(), /claim is already taken/)
  t.equal(Buffer.from(await collectBytes(store.read('claim', 'state'))).toString(), 'same', 'the winner\'s entry is still there')
  client.middlewareStack.remove('claimed')
  client.middlewareStack.remove('conditional')
})

t.test('a marker write that fails otherwise: that error, and the entries removed', async t => {
  const { store, client, objects } = await bucket(t)
  client.middlewareStack.add((next, context) => async (args) => {
    const input = args.input as { Key?: string }
    if (context.commandName === 'PutObjectCommand' && input.Key === 'mms/broken/.committed') throw Object.assign(new Error('We encountered an internal error'), { name: 'InternalError' })
    return next(args)
  }, { step: 'initialize', name: 'failing' })
  const writer = store.begin('broken')
  await writer.write('a', 'x')
  await t.rejects(writer.commit(), /internal error/)
  t.same(await objects(), [], 'nothing left')
  client.middlewareStack.remove('failing')
})

t.test('sweep deletes the entries of keys never committed', async t => {
  const { store, objects } = await bucket(t, '')
  const kept = store.begin('kept')
  await kept.write('a', 'x')
  await kept.commit()
  const left = store.begin('left')
  await left.write('a', 'x')
  await left.write('b', 'y')
  t.equal(await store.sweep(), 1)
  t.same(await objects(), ['kept/.committed', 'kept/a'])
})

t.test('a sweep with olderThanMs leaves what was written since: another process may be writing it', async t => {
  const { store, client, objects } = await bucket(t, '')
  const fresh = store.begin('fresh')
  await fresh.write('a', 'x')
  const stale = store.begin('stale')
  await stale.write('a', 'x')
  const undated = store.begin('undated')
  await undated.write('a', 'x')
  t.equal(await store.sweep({ olderThanMs: 3_600_000 }), 0, 'all written just now')
  // Listed as the service would list objects written long ago, or with no date.
  client.middlewareStack.add((next, context) => async (args) => {
    const result = await next(args)
    if (context.commandName !== 'ListObjectsV2Command') return result
    for (const object of (result.output as { Contents?: Array<{ Key?: string, LastModified?: Date }> }).Contents ?? []) {
      if (object.Key?.startsWith('stale/') === true) object.LastModified = new Date(0)
      if (object.Key?.startsWith('undated/') === true) delete object.LastModified
    }
    return result
  }, { step: 'initialize', name: 'dates' })
  t.equal(await store.sweep({ olderThanMs: 3_600_000 }), 2)
  t.same(await objects(), ['fresh/a'])
  t.equal(await store.sweep({ olderThanMs: 0 }), 1, '0: everything')
  for (const wrong of [{ olderThanMs: -1 }, { olderThanMs: 1.5 }, { olderThan: 5 }]) {
    await t.rejects(store.sweep(wrong as object), { code: 'ERR_MMSE_BAD_OPTION' }, JSON.stringify(wrong))
  }
  await t.rejects(store.sweep(null as unknown as object), { code: 'ERR_MMSE_INVALID_ARGUMENT' })
  client.middlewareStack.remove('dates')
})

t.test('listings page by page; loose objects under the prefix are not keys', async t => {
  const { store, client } = await bucket(t, '')
  // Two objects a page, so that every listing takes several (pages cut here from s3rver's whole
  // listing: its own continuation tokens fail).
  client.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName !== 'ListObjectsV2Command') return next(args)
    const input = args.input as { ContinuationToken?: string }
    const from = Number(input.ContinuationToken ?? 0)
    const whole = await next({ ...args, input: { ...input, ContinuationToken: undefined } })
    const output = whole.output as { Contents?: unknown[], IsTruncated?: boolean, NextContinuationToken?: string }
    const contents = output.Contents ?? []
    output.Contents = contents.slice(from, from + 2)
    output.IsTruncated = from + 2 < contents.length
    output.NextContinuationToken = String(from + 2)
    return whole
  }, { step: 'initialize' })
  for (const key of ['k1', 'k2', 'k3']) {
    const writer = store.begin(key)
    await writer.write('a', 'x')
    await writer.write('b', 'y')
    await writer.commit()
  }
  await client.send(new PutObjectCommand({ Bucket: 'mms', Key: 'loose', Body: 'not a message' }))
  t.same(await keys(store), ['k1', 'k2', 'k3'])
  t.equal(await store.sweep(), 0)
  await store.remove('k2')
  const all: string[] = []
  for await (const key of store.listObjects('')) all.push(key)
  t.same(all.sort(), ['k1/.committed', 'k1/a', 'k1/b', 'k3/.committed', 'k3/a', 'k3/b', 'loose'])
})

t.test('unfinished multipart uploads are aborted by sweep (the service stubbed: s3rver cannot list them)', async t => {
  const { store, client, sent } = await bucket(t)
  let listing: 'two' | 'none' | 'refused' | 'unsupported' = 'two'
  client.middlewareStack.add((next, context) => async (args) => {
    if (context.commandName === 'ListMultipartUploadsCommand') {
      if (listing === 'refused') throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied' })
      if (listing === 'unsupported') throw Object.assign(new Error('not implemented'), { name: 'NotImplemented' })
      if (listing === 'none') return { output: {}, response: {} } as never
      // One begun now, one long ago, one that says nothing of when.
      return { output: { Uploads: [{ Key: 'mms/x/part-0', UploadId: 'u1', Initiated: new Date() }, { Key: 'mms/y/part-0', UploadId: 'u2', Initiated: new Date(0) }, { Key: 'mms/z/part-0', UploadId: 'u3' }] }, response: {} } as never
    }
    if (context.commandName === 'AbortMultipartUploadCommand') return { output: {}, response: {} } as never
    return next(args)
  }, { step: 'initialize' })
  t.equal(await store.sweep({ olderThanMs: 3_600_000 }), 2, 'not the one begun now')
  t.equal(await store.sweep(), 3)
  t.equal(sent.filter(name => name === 'AbortMultipartUploadCommand').length, 5)
  listing = 'none'
  t.equal(await store.sweep(), 0)
  listing = 'unsupported'
  t.equal(await store.sweep(), 0)
  listing = 'refused'
  await t.rejects(store.sweep(), { name: 'AccessDenied' })
})

t.test('transactions: misuse refused, an abort before or during the commit, the service failing', async t => {
  const { store, client, objects } = await bucket(t)
  const writer = store.begin('t1')
  await t.rejects(writer.write('../x', 'x'), { code: 'ERR_MMSE_BAD_INPUT' })
  await writer.write('a', 'x')
  await t.rejects(writer.write('a', 'y'), /twice/)
  const early = store.begin('t2')
  const write = t.rejects(early.write('a', 'x'), /aborted/)
  await early.abort()
  await write
  await t.rejects(early.write('b', 'x'), /aborted/)
  await store.begin('t3').abort()
  const stalled = stalledAfter(seededBytes(4, 100))
  const during = store.begin('t4')
  void during.write('a', stalled).catch(() => {})
  const commit = during.commit()
  await stalled.stalled
  await during.abort()
  await t.rejects(commit)
  await t.rejects(during.commit(), /aborted/)
  await writer.commit()
  t.same(await objects(), ['mms/t1/.committed', 'mms/t1/a'])
  const missing = new S3Store({ bucket: 'no-such-bucket', client })
  await t.rejects(missing.size('k', 'a'), { name: 'NoSuchBucket' })
})

t.test('without the AWS SDK installed: a clear error, tried again on next use', async t => {
  const mod = await t.mockImport<typeof import('../../../lib/store/s3.js')>('../../../lib/store/s3.js', {
    '@aws-sdk/lib-storage': { get Upload (): never { throw new Error("Cannot find package '@aws-sdk/lib-storage'") } },
  })
  const store = new mod.S3Store({ bucket: 'b' })
  await t.rejects(store.sdk(), { message: /needs the packages @aws-sdk\/client-s3 and @aws-sdk\/lib-storage/, cause: { message: /Cannot find package/ } })
  await t.rejects(new mod.S3Store({ bucket: 'b' }).size('k', 'a'), /needs the packages/)
})

t.test('a client made from a configuration, or from nothing', async t => {
  const store = new S3Store({ bucket: 'b' })
  t.equal(store.prefix, '')
  t.ok((await store.sdk()).client instanceof S3Client)
  ;(await store.sdk()).client.destroy()
})

t.test('openStore: s3:// locations and local paths', async t => {
  const s3 = openStore('s3://bucket/some/prefix')
  t.ok(s3 instanceof S3Store)
  t.equal((s3 as S3Store).bucket, 'bucket')
  t.equal((s3 as S3Store).prefix, 'some/prefix/')
  t.equal((openStore('s3://bucket') as S3Store).prefix, '')
  t.throws(() => openStore('s3://'), { code: 'ERR_MMSE_BAD_OPTION' })
  t.equal(openStore('./here').constructor.name, 'LocalStore')
})
