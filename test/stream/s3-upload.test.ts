/**
 * Interop: a part piped straight into object storage. `@aws-sdk/lib-storage` Upload rejects
 * readable-stream Readables; a core node:stream part must go through
 * byte-exact. The S3 server is s3rver on 127.0.0.1, in a temporary directory.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import S3rver from 's3rver'
import t from 'tap'
import { MmseParser, type MmsePart } from '../../lib/index.js'
import { partDigest, syntheticStream } from '../support/synthetic.js'

t.test('parts uploaded with @aws-sdk/lib-storage arrive byte-exact', async t => {
  const directory = mkdtempSync(join(tmpdir(), 'mmse-s3-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: 'mms', configs: [] }] })
  const { port } = await server.run()
  t.teardown(async () => { await server.close(); rmSync(directory, { recursive: true, force: true }) })
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  })
  const parts = [{ size: 7 * 1024 * 1024, contentType: 'image/jpeg' }, { size: 1234, contentType: 'text/plain' }]
  const uploads: Promise<unknown>[] = []
  const parser = new MmseParser()
  parser.on('part', (part: MmsePart) => {
    uploads.push(new Upload({
      client,
      params: { Bucket: 'mms', Key: `part-${part.index}`, Body: part, ContentType: part.contentType.mediaType },
      partSize: 5 * 1024 * 1024,
    }).done())
  })
  await pipeline(syntheticStream(parts), parser)
  t.equal(uploads.length, parts.length)
  await Promise.all(uploads)
  for (const [index, part] of parts.entries()) {
    const object = await client.send(new GetObjectCommand({ Bucket: 'mms', Key: `part-${index}` }))
    const hash = createHash('sha256')
    for await (const piece of object.Body as Readable) hash.update(piece as Buffer)
    t.equal(hash.digest('hex'), partDigest(index, part.size), `part ${index} (${part.size} bytes) byte-exact`)
    t.equal(object.ContentType, part.contentType)
  }
})
