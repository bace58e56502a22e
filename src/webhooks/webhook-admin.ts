import { randomUUID } from 'node:crypto';
import { JOURNEYS } from '../contract';
import { ValidationError } from '../errors';
import { NotificationKind } from '../engine/notifications/notification';
import { newWebhookSecret } from './webhook-signer';
import type { WebhookUrlPolicy } from './webhook-url-policy';
import type { WebhookChanges, WebhookDeliveryRecord, WebhookDeliveryStatus, WebhookRecord, WebhookStore } from './webhook-store';

/** At most this many endpoints; each one costs a dispatch loop and its connections. */
export const MAX_WEBHOOKS = 100;
const MAX_URL_LENGTH = 2048;
const MAX_DESCRIPTION_LENGTH = 500;
/** The longest a rotated-out secret may keep signing. */
const MAX_GRACE_SECONDS = 7 * 24 * 60 * 60;
export const DEFAULT_GRACE_SECONDS = 24 * 60 * 60;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KINDS: ReadonlySet<string> = new Set(Object.values(NotificationKind));
const JOURNEY_NAMES: ReadonlySet<string> = new Set(JOURNEYS);

export interface WebhookSettings {
  url: string;
  kinds: readonly NotificationKind[];
  /** Only notifications of events of these journeys; null or absent for every journey. */
  journeys?: readonly string[] | null;
  description?: string | null;
}

/** A webhook with its signing secret, as shown once (on creation and on rotation). */
export interface WebhookWithSecret {
  webhook: WebhookRecord;
  secret: string;
}

/**
 * What admins do with webhooks: register, change, rotate secrets, disable, delete, look at
 * deliveries and send them again. Every input is checked here (a refusal names the field and
 * changes nothing); the URL against the SSRF policy, including what its host resolves to now.
 */
export class WebhookAdmin {
  constructor(
    private readonly store: WebhookStore,
    private readonly policy: WebhookUrlPolicy,
    /** Endpoints changed: the dispatcher (when in this process) looks now rather than at its next poll. */
    private readonly changed: () => void,
  ) {}

  async create(settings: WebhookSettings): Promise<WebhookWithSecret> {
    const url = await this.checkUrl(settings.url);
    const kinds = checkKinds(settings.kinds);
    const journeys = checkJourneys(settings.journeys);
    const description = checkDescription(settings.description);
    if ((await this.store.list()).length >= MAX_WEBHOOKS) throw new ValidationError('url', `at most ${MAX_WEBHOOKS} webhooks may be registered; delete one first`);
    const secret = newWebhookSecret();
    const webhook = await this.store.insert({ id: randomUUID(), url, kinds, journeys, description, secret });
    this.changed();
    return { webhook, secret };
  }

  list(): Promise<WebhookRecord[]> {
    return this.store.list();
  }

  /** Changes what is given; `enabled: true` re-enables a disabled endpoint (and forgets its failure count). */
  async update(id: string, changes: Partial<WebhookSettings> & { enabled?: boolean }): Promise<WebhookRecord> {
    checkId(id);
    const checked: WebhookChanges = {};
    if (changes.url !== undefined && changes.url !== null) checked.url = await this.checkUrl(changes.url);
    if (changes.kinds !== undefined && changes.kinds !== null) checked.kinds = checkKinds(changes.kinds);
    if (changes.journeys !== undefined) checked.journeys = checkJourneys(changes.journeys);
    if (changes.description !== undefined) checked.description = checkDescription(changes.description);
    if (changes.enabled !== undefined && changes.enabled !== null) checked.enabled = changes.enabled;
    if (!(await this.store.update(id, checked))) throw notFound(id);
    this.changed();
    return this.get(id);
  }

  /** A new secret; the old one keeps signing too for `graceSeconds` so receivers can switch without a gap. */
  async rotateSecret(id: string, graceSeconds: number): Promise<WebhookWithSecret> {
    checkId(id);
    if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
      throw new ValidationError('graceSeconds', `must be an integer from 0 to ${MAX_GRACE_SECONDS}, received ${graceSeconds}`);
    }
    const secret = newWebhookSecret();
    if (!(await this.store.rotateSecret(id, secret, graceSeconds))) throw notFound(id);
    return { webhook: await this.get(id), secret };
  }

  disable(id: string): Promise<WebhookRecord> {
    return this.update(id, { enabled: false });
  }

  async delete(id: string): Promise<boolean> {
    checkId(id);
    if (!(await this.store.delete(id))) throw notFound(id);
    this.changed();
    return true;
  }

  async deliveries(webhookId: string, status: WebhookDeliveryStatus | undefined, after: string | undefined, limit: number): Promise<WebhookDeliveryRecord[]> {
    checkId(webhookId, 'webhookId');
    if (after !== undefined && !/^\d{1,18}$/.test(after)) throw new ValidationError('after', `must be a delivery id, received "${after}"`);
    await this.get(webhookId, 'webhookId');
    return this.store.deliveries(webhookId, status, after ?? '0', limit);
  }

  /** Queues deliveries again: the ones named, or every finished one queued since a time. Returns how many. */
  async redeliver(webhookId: string, selection: { deliveryIds?: readonly string[] | null; since?: Date | null }): Promise<number> {
    checkId(webhookId, 'webhookId');
    const { deliveryIds, since } = selection;
    if ((deliveryIds == null) === (since == null)) throw new ValidationError('deliveryIds', 'give either deliveryIds or since');
    await this.get(webhookId, 'webhookId');
    let queued: number;
    if (deliveryIds != null) {
      const malformed = deliveryIds.find((id) => !/^\d{1,18}$/.test(id));
      if (malformed !== undefined || deliveryIds.length === 0 || deliveryIds.length > 1000) {
        throw new ValidationError('deliveryIds', malformed === undefined ? 'must list 1 to 1000 delivery ids' : `"${malformed}" is not a delivery id`);
      }
      const unknown = await this.store.unknownDeliveries(webhookId, deliveryIds);
      if (unknown.length > 0) throw new ValidationError('deliveryIds', `no delivery to this webhook with id ${unknown.join(', ')}`);
      queued = await this.store.redeliver(webhookId, { notificationIds: deliveryIds });
    } else {
      queued = await this.store.redeliver(webhookId, { since: since! });
    }
    return queued;
  }

  private async get(id: string, field = 'id'): Promise<WebhookRecord> {
    const webhook = await this.store.find(id);
    if (!webhook) throw notFound(id, field);
    return webhook;
  }

  private async checkUrl(url: string): Promise<string> {
    if (url.length > MAX_URL_LENGTH) throw new ValidationError('url', `must be at most ${MAX_URL_LENGTH} characters`);
    return (await this.policy.check(url)).toString();
  }
}

function checkId(id: string, field = 'id'): void {
  if (!UUID_PATTERN.test(id)) throw new ValidationError(field, `expected a webhook id (UUID), received ${JSON.stringify(id)}`);
}

function notFound(id: string, field = 'id'): ValidationError {
  return new ValidationError(field, `no webhook with id ${id}`);
}

function checkKinds(kinds: readonly string[]): string[] {
  if (kinds.length === 0) throw new ValidationError('kinds', 'must name at least one notification kind');
  const unknown = kinds.find((kind) => !KINDS.has(kind));
  if (unknown !== undefined) throw new ValidationError('kinds', `unknown notification kind "${unknown}"`);
  return [...new Set(kinds)];
}

function checkJourneys(journeys: readonly string[] | null | undefined): string[] | null {
  if (journeys == null) return null;
  if (journeys.length === 0) throw new ValidationError('journeys', 'must name at least one journey, or be left out for every journey');
  const unknown = journeys.find((journey) => !JOURNEY_NAMES.has(journey));
  if (unknown !== undefined) throw new ValidationError('journeys', `unknown journey "${unknown}" (one of ${JOURNEYS.join(', ')})`);
  return [...new Set(journeys)];
}

function checkDescription(description: string | null | undefined): string | null {
  if (description == null) return null;
  if (description.length > MAX_DESCRIPTION_LENGTH) throw new ValidationError('description', `must be at most ${MAX_DESCRIPTION_LENGTH} characters`);
  return description;
}
