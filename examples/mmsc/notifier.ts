/**
 * How the MMSC reaches a phone: WAP Push of an MMSE PDU to the MMS user agent
 * (OMA-MMS-CTR 1.3: m-notification-ind and m-delivery-ind travel by Push over the MM1
 * interface). Implementations: SMPP to an SMSC (`smpp-notifier.ts`), PAP to a Push Proxy
 * Gateway (`pap-notifier.ts`).
 */
export interface PushRequest {
  /** The phone's number, e.g. `+15551234567`. */
  to: string
  /** The MMSE PDU to push: an m-notification-ind or an m-delivery-ind. */
  pdu: Uint8Array
  /** Unique per push (the PAP push-id; a log key). */
  id: string
}

export interface Notifier {
  /** Resolves once the SMSC or PPG has accepted the push; rejects when it refused or could not be reached. */
  push (request: PushRequest): Promise<void>
  close (): Promise<void>
}
