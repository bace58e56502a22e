import http from 'node:http';
import https from 'node:https';
import type { SignedHeaders } from './webhook-signer';
import { parseRetryAfter } from './retry-schedule';
import type { WebhookUrlPolicy } from './webhook-url-policy';

/** What one HTTP attempt came to. */
export interface AttemptResult {
  delivered: boolean;
  statusCode: number | null;
  latencyMs: number;
  /** Why it failed (status, timeout, connection error); null when delivered. */
  error: string | null;
  /** The endpoint's Retry-After (429 or 503), in milliseconds. */
  retryAfterMs: number | undefined;
}

const USER_AGENT = 'health-gamification-webhooks/1';

/**
 * POSTs signed webhook bodies to one endpoint over keep-alive connections (at most
 * `concurrency` at once), with a deadline per attempt. Connections go only to addresses the URL
 * policy allows, checked again at connect time. A 2xx answer is a delivery; anything else,
 * including a redirect, is a failed attempt.
 */
export class WebhookSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  /** The URL as last checked: a sender serves one endpoint, whose URL seldom changes, at thousands of requests a second. */
  private checked: { url: string; target: URL } | undefined;

  constructor(
    private readonly policy: WebhookUrlPolicy,
    private readonly timeoutMs: number,
    concurrency: number,
  ) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: concurrency });
  }

  send(url: string, headers: SignedHeaders, body: string): Promise<AttemptResult> {
    const started = performance.now();
    const finish = (result: Omit<AttemptResult, 'latencyMs'>): AttemptResult => ({ ...result, latencyMs: Math.round(performance.now() - started) });
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = this.target(url);
      } catch (error) {
        return resolve(finish({ delivered: false, statusCode: null, error: (error as Error).message, retryAfterMs: undefined }));
      }
      const secure = target.protocol === 'https:';
      const request = (secure ? https : http).request(target, {
        method: 'POST',
        agent: secure ? this.httpsAgent : this.httpAgent,
        lookup: this.policy.lookup,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': USER_AGENT },
      });
      const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      request.once('response', (response) => {
        clearTimeout(deadline);
        // Drained, not read: the answer's body means nothing here, and the connection is reused.
        response.resume();
        const statusCode = response.statusCode ?? 0;
        const delivered = statusCode >= 200 && statusCode < 300;
        const retryAfter = statusCode === 429 || statusCode === 503 ? parseRetryAfter(response.headers['retry-after'], Date.now()) : undefined;
        resolve(finish({ delivered, statusCode, error: delivered ? null : `HTTP ${statusCode}`, retryAfterMs: retryAfter }));
      });
      request.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(deadline);
        resolve(finish({ delivered: false, statusCode: null, error: error.code ? `${error.code}: ${error.message}` : error.message, retryAfterMs: undefined }));
      });
      request.end(body);
    });
  }

  private target(url: string): URL {
    if (this.checked?.url !== url) this.checked = { url, target: this.policy.parse(url) };
    return this.checked.target;
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
