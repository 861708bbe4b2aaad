/**
 * A message past its expiry (X-Mms-Expiry, OMA-TS-MMS_ENC 1.3 §7.3: how long the MMS
 * Proxy-Relay keeps it for retrieval) is done with: each recipient who had not ended it is
 * marked expired (a retrieval is refused from then on: retrieve.ts), the sender gets an
 * m-delivery-ind `expired` for each when it asked for reports and no report was due yet (a
 * recipient who retrieved, rejected or deferred and never fetched: only the last two lack one),
 * and the schedule (schedule.ts) removes the message once those reports are pushed or given up.
 * A recipient at an MM4 peer whose forward was still failing gets `expired` too; one whose
 * forward went through has the message at the peer, whose MMSC reports its fate (mm4-gateway.ts).
 */
import type { Settings } from './config.js'
import type { MessageRecord } from './record.js'
import type { Retries } from './retries.js'
import { claim, forwarded, jobName, type MessageState } from './state.js'

export function expired (record: MessageRecord, now: number): boolean {
  return record.expiresAt.getTime() <= now
}

/** Marks each recipient expired and starts the reports due; the facts created are added to `state`. */
export async function expire (settings: Settings, retries: Retries, key: string, record: MessageRecord, state: MessageState): Promise<void> {
  let marked = 0
  for (const recipient of record.recipients) {
    const ended = `f-${recipient.token}`
    if (state.facts.has(ended)) continue
    if (await claim(settings.store, key, ended)) marked++
    state.facts.add(ended)
    const report = jobName('d', recipient.token)
    // A recipient at a peer whose forward went through has the message there: that MMSC reports.
    if (!record.deliveryReport || state.facts.has(report) || (recipient.peer !== undefined && forwarded(state.facts, recipient.token))) continue
    const pushed = await retries.reportDelivery(key, record, recipient, 'expired')
    for (const fact of pushed ? [report, `${report}.1`, `${report}.ok`] : [report, `${report}.1`]) state.facts.add(fact)
  }
  if (marked > 0) settings.log({ type: 'expired', key, recipients: marked })
}
