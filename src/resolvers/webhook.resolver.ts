import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { accessPolicy } from '../platform/auth/access-policy';
import type { GraphQLContext } from '../schema/context';
import { CreateWebhookInput, UpdateWebhookInput, Webhook, WebhookDelivery } from '../schema/types/webhook.type';
import { DEFAULT_GRACE_SECONDS } from '../webhooks/webhook-admin';
import { WebhookDeliveryStatus, type WebhookDeliveryRecord, type WebhookRecord } from '../webhooks/webhook-store';
import { assertLimit } from './limits';

/** Webhook endpoints and their deliveries: admins only. */
@Resolver()
export class WebhookResolver {
  @Query(() => [Webhook], { description: 'Registered webhook endpoints (admin).' })
  async webhooks(@Ctx() { viewer, services }: GraphQLContext): Promise<Webhook[]> {
    accessPolicy.assertAdmin(viewer);
    return (await services.webhooks.list()).map((webhook) => toWebhook(webhook, null));
  }

  @Query(() => [WebhookDelivery], { description: "An endpoint's deliveries after the cursor `after` (a delivery id), oldest first (admin)." })
  async webhookDeliveries(
    @Arg('webhookId', () => ID) webhookId: string,
    @Arg('status', () => WebhookDeliveryStatus, { nullable: true }) status: WebhookDeliveryStatus | undefined,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Arg('after', () => ID, { nullable: true }) after: string | undefined,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<WebhookDelivery[]> {
    accessPolicy.assertAdmin(viewer);
    const deliveries = await services.webhooks.deliveries(webhookId, status ?? undefined, after ?? undefined, assertLimit('limit', limit, 500));
    return deliveries.map(toDelivery);
  }

  @Mutation(() => Webhook, { description: 'Registers an endpoint; the answer carries its signing secret, shown this once (admin).' })
  async createWebhook(@Arg('input', () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() { viewer, services }: GraphQLContext): Promise<Webhook> {
    accessPolicy.assertAdmin(viewer);
    const { webhook, secret } = await services.webhooks.create(input);
    return toWebhook(webhook, secret);
  }

  @Mutation(() => Webhook, { description: 'Changes the fields given (admin).' })
  async updateWebhook(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateWebhookInput) input: UpdateWebhookInput,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<Webhook> {
    accessPolicy.assertAdmin(viewer);
    return toWebhook(await services.webhooks.update(id, input), null);
  }

  @Mutation(() => Webhook, { description: 'A new signing secret, shown this once; the previous one keeps signing too for graceSeconds (admin).' })
  async rotateWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Arg('graceSeconds', () => Int, { defaultValue: DEFAULT_GRACE_SECONDS }) graceSeconds: number,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<Webhook> {
    accessPolicy.assertAdmin(viewer);
    const { webhook, secret } = await services.webhooks.rotateSecret(id, graceSeconds);
    return toWebhook(webhook, secret);
  }

  @Mutation(() => Webhook, { description: 'Stops queuing and sending to the endpoint; updateWebhook with enabled: true resumes (admin).' })
  async disableWebhook(@Arg('id', () => ID) id: string, @Ctx() { viewer, services }: GraphQLContext): Promise<Webhook> {
    accessPolicy.assertAdmin(viewer);
    return toWebhook(await services.webhooks.disable(id), null);
  }

  @Mutation(() => Boolean, { description: 'Deletes the endpoint and its deliveries (admin).' })
  async deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() { viewer, services }: GraphQLContext): Promise<boolean> {
    accessPolicy.assertAdmin(viewer);
    return services.webhooks.delete(id);
  }

  @Mutation(() => Int, { description: 'Queues finished deliveries again: the ones named, or every one queued since a time. Returns how many (admin).' })
  async redeliverWebhook(
    @Arg('webhookId', () => ID) webhookId: string,
    @Arg('deliveryIds', () => [ID], { nullable: true }) deliveryIds: string[] | undefined,
    @Arg('since', () => Date, { nullable: true }) since: Date | undefined,
    @Ctx() { viewer, services }: GraphQLContext,
  ): Promise<number> {
    accessPolicy.assertAdmin(viewer);
    return services.webhooks.redeliver(webhookId, { deliveryIds, since });
  }
}

function toWebhook(webhook: WebhookRecord, secret: string | null): Webhook {
  return { ...webhook, kinds: webhook.kinds as Webhook['kinds'], secret };
}

function toDelivery(delivery: WebhookDeliveryRecord): WebhookDelivery {
  const { notificationId, attemptLog, ...rest } = delivery;
  return { ...rest, id: notificationId, attemptLog: attemptLog.map((attempt) => ({ ...attempt, at: new Date(attempt.at) })) };
}
