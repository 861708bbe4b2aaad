/**
 * The message store of lib/store. It is not exported from the package entry yet: until it is
 * (then this file imports it from 'mmse'), the example takes it from the sources.
 */
export { LocalStore, openStore, S3Store, type MessageStore, type StoreWriter } from '../../lib/store/index.js'
