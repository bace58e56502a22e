import { createHmac, randomBytes } from 'node:crypto';

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
 * separated by spaces, and a receiver accepts the request when any of them verifies. The HMAC is
 * Node's (OpenSSL): the `standardwebhooks` package signs in pure JavaScript, several times the CPU
 * at thousands of deliveries a second; the tests verify these signatures with that package.
 */
export class WebhookSigner {
  private readonly keys: Buffer[];

  constructor(secrets: readonly string[]) {
    this.keys = secrets.map((secret) => Buffer.from(secret.replace(/^whsec_/, ''), 'base64'));
  }

  sign(messageId: string, at: Date, body: string): SignedHeaders {
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const signed = `${messageId}.${timestamp}.${body}`;
    return {
      'webhook-id': messageId,
      'webhook-timestamp': timestamp,
      'webhook-signature': this.keys.map((key) => `v1,${createHmac('sha256', key).update(signed).digest('base64')}`).join(' '),
    };
  }
}
