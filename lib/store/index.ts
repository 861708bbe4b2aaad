/**
 * Message stores: where parts stream to and from, committed as whole messages. A local
 * directory by default, or S3-compatible object storage (the AWS SDK loaded on demand).
 */
export type { EntryData, MessageStore, StoreWriter, SweepOptions, WriteOptions } from './store.js'
export { LocalStore, type LocalStoreOptions } from './local.js'
export { S3Store, type S3StoreOptions } from './s3.js'
export { openStore, type OpenStoreOptions } from './location.js'
export { checkName } from './names.js'
export { NAME_MAX_BYTES } from '../fs/file-name.js'
