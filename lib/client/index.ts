/** The phone-side MM1 client. */
export { Mm1Client, type Mm1ClientOptions, type Retrieved, type SendConf } from './mm1-client.js'
export { retrievalUrl } from './location.js'
export { readBody } from './exchange.js'
