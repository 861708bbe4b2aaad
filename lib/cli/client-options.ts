/**
 * The options `send` and `fetch` share: how the phone-side client (lib/client) reaches the
 * MMSC and what headers it sends.
 */
import { Mm1Client } from '../client/index.js'
import { UsageError, type Values } from './args.js'

export const CLIENT_OPTIONS = {
  proxy: { type: 'string' },
  'user-agent': { type: 'string' },
  profile: { type: 'string' },
  header: { type: 'string', multiple: true },
} as const

export const CLIENT_HELP = `  --proxy <host:port>  the HTTP proxy of the carrier's MMS APN
  --user-agent <text>  User-Agent (default mmse)
  --profile <url>      x-wap-profile: the phone's UAProf URL
  --header <name: value>  another request header (repeatable), e.g. "x-msisdn: +15551234567"
                       for a test MMSC that expects the operator's gateway to add it`

/** The client the options describe; a malformed option is a usage error. */
export function clientOf (values: Values): Mm1Client {
  const headers: Record<string, string> = {}
  for (const header of (values.header ?? []) as string[]) {
    const colon = header.indexOf(':')
    if (colon <= 0) throw new UsageError(`--header ${JSON.stringify(header)}: expected "name: value"`)
    headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim()
  }
  try {
    return new Mm1Client({
      headers,
      ...(typeof values.proxy === 'string' ? { proxy: values.proxy } : {}),
      ...(typeof values['user-agent'] === 'string' ? { userAgent: values['user-agent'] } : {}),
      ...(typeof values.profile === 'string' ? { profile: values.profile } : {}),
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}
