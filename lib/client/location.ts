/**
 * Where a phone fetches a message: the X-Mms-Content-Location of its m-notification-ind
 * (OMA-TS-MMS_ENC 1.3 §6.2), fetched by HTTP GET (OMA-TS-MMS_CTR 1.3 §7). Some carriers' MMSCs
 * send a Content-Location that ends in `=`, a query parameter left empty, and expect the phone
 * to append the notification's Transaction-Id (`...retrieve?id=` + the id): Android's MMS stack
 * does so, and so does this client.
 */
import { badOption } from '../options.js'

export function retrievalUrl (contentLocation: string, transactionId?: string): string {
  if (typeof contentLocation !== 'string') throw badOption('contentLocation', `contentLocation must be a URL, not ${typeof contentLocation}`)
  if (!contentLocation.endsWith('=') || transactionId === undefined) return contentLocation
  return `${contentLocation}${encodeURIComponent(transactionId)}`
}
