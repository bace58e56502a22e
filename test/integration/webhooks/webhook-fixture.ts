import { randomUUID } from 'node:crypto';
import { createTestEvent, EventType } from '../../../src/kit';
import { graphql, RECORD_EVENT, type GraphQLResponse } from '../../support/graphql-client';

export const WEBHOOK_FIELDS = `id url kinds journeys description enabled disabledReason consecutiveFailures pendingDeliveries failedDeliveries previousSecretExpiresAt secret`;

export const CREATE_WEBHOOK = `mutation Create($input: CreateWebhookInput!) { createWebhook(input: $input) { ${WEBHOOK_FIELDS} } }`;

export const DELIVERIES = `query Deliveries($webhookId: ID!, $status: WebhookDeliveryStatus, $limit: Int, $after: ID) {
  webhookDeliveries(webhookId: $webhookId, status: $status, limit: $limit, after: $after) {
    id webhookId userId status attempts nextAttemptAt finishedAt attemptLog { at statusCode latencyMs error }
  } }`;

export interface WebhookView {
  id: string;
  url: string;
  kinds: string[];
  journeys: string[] | null;
  enabled: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
  pendingDeliveries: number;
  failedDeliveries: number;
  secret: string | null;
}

export interface DeliveryView {
  id: string;
  userId: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  attemptLog: { at: string; statusCode: number | null; latencyMs: number; error: string | null }[];
}

/** An admin's calls to the webhook API of one node. */
export class WebhookAdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly adminToken: string,
    private readonly serviceToken: string,
  ) {}

  async create(input: Record<string, unknown>): Promise<WebhookView> {
    const response = await this.call<{ createWebhook: WebhookView }>(CREATE_WEBHOOK, { input });
    if (!response.data?.createWebhook) throw new Error(`createWebhook failed: ${JSON.stringify(response.errors)}`);
    return response.data.createWebhook;
  }

  call<Data = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<Data>> {
    return graphql<Data>(this.baseUrl, query, variables, this.adminToken);
  }

  async deliveries(webhookId: string, status?: string): Promise<DeliveryView[]> {
    const response = await this.call<{ webhookDeliveries: DeliveryView[] }>(DELIVERIES, { webhookId, status, limit: 500 });
    if (!response.data) throw new Error(JSON.stringify(response.errors));
    return response.data.webhookDeliveries;
  }

  async webhook(id: string): Promise<WebhookView> {
    const response = await this.call<{ webhooks: WebhookView[] }>(`{ webhooks { ${WEBHOOK_FIELDS} } }`);
    const found = response.data?.webhooks.find((webhook) => webhook.id === id);
    if (!found) throw new Error(`webhook ${id} not listed: ${JSON.stringify(response)}`);
    return found;
  }

  async deleteAll(): Promise<void> {
    const response = await this.call<{ webhooks: { id: string }[] }>(`{ webhooks { id } }`);
    for (const { id } of response.data?.webhooks ?? []) await this.call(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id });
  }

  /** Records `count` step events for the member, one after another (each commits before the next). */
  async recordSteps(userId: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const event = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, data: { metricType: 'STEPS', value: 12000, unit: 'steps' } as never });
      const response = await graphql(this.baseUrl, RECORD_EVENT, { event: { ...event, id: randomUUID(), version: undefined, timestamp: undefined } }, this.serviceToken);
      if (response.errors) throw new Error(`recordEvent failed: ${JSON.stringify(response.errors)}`);
    }
  }
}

/** The member's committed notification ids of the given kinds, oldest first (what an endpoint for those kinds must receive, in this order). */
export async function committedNotificationIds(baseUrl: string, adminToken: string, userId: string, kinds: readonly string[]): Promise<string[]> {
  const response = await graphql<{ notifications: { id: string; kind: string }[] }>(baseUrl, `query($u: ID!) { notifications(userId: $u, limit: 500) { id kind } }`, { u: userId }, adminToken);
  return response.data!.notifications.filter((n) => kinds.includes(n.kind)).map((n) => n.id);
}
