import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new signing secret in the Standard Webhooks form: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The Standard Webhooks headers of one attempt. */
export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs with every secret that is valid now (the current one and, during a rotation's grace
 * period, the previous one): `webhook-signature` lists one `v1,<base64 HMAC-SHA256>` per secret,
 * separated by spaces, and a receiver accepts the request when any of them verifies.
 */
export class WebhookSigner {
  private readonly signers: Webhook[];

  constructor(secrets: readonly string[]) {
    this.signers = secrets.map((secret) => new Webhook(secret));
  }

  sign(messageId: string, at: Date, body: string): SignedHeaders {
    return {
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': this.signers.map((signer) => signer.sign(messageId, at, body)).join(' '),
    };
  }
}
