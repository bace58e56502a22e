import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NotificationKind } from '../../engine/notifications/notification';
import { WebhookDeliveryStatus } from '../../webhooks/webhook-store';

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING: waiting for its first attempt or a retry; DELIVERED: a 2xx answer; FAILED: the last attempt failed.',
});

@ObjectType({ description: 'An HTTP endpoint that receives signed notifications (Standard Webhooks).' })
export class Webhook {
  @Field(() => ID) id!: string;
  @Field() url!: string;
  @Field(() => [NotificationKind], { description: 'The notification kinds it receives.' }) kinds!: NotificationKind[];
  @Field(() => [String], { nullable: true, description: "Only notifications of these journeys' events; null for every journey." }) journeys!: string[] | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field({ description: 'False once disabled (by an admin, or after WEBHOOK_DISABLE_AFTER consecutive failed deliveries): nothing is queued or sent.' })
  enabled!: boolean;
  @Field(() => String, { nullable: true }) disabledReason!: string | null;
  @Field(() => Int, { description: 'Failed deliveries since the last delivered one.' }) consecutiveFailures!: number;
  @Field(() => Int) pendingDeliveries!: number;
  @Field(() => Int, { description: 'Deliveries whose last attempt failed (kept WEBHOOK_RETENTION_DAYS; see webhookDeliveries).' }) failedDeliveries!: number;
  @Field(() => Date, { nullable: true, description: 'Until then the previous secret signs too (after rotateWebhookSecret).' })
  previousSecretExpiresAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  @Field(() => String, { nullable: true, description: 'The signing secret (whsec_…): shown once, in the answer of createWebhook and rotateWebhookSecret; null elsewhere.' })
  secret!: string | null;
}

@ObjectType({ description: 'One HTTP attempt of a delivery.' })
export class WebhookAttempt {
  @Field(() => Date) at!: Date;
  @Field(() => Int, { nullable: true, description: 'The HTTP status; null when no answer came (timeout, connection refused).' }) statusCode!: number | null;
  @Field(() => Int) latencyMs!: number;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType({ description: 'One notification for one endpoint.' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'The notification id: the webhook-id header and data.id of the request; the `after` cursor.' }) id!: string;
  @Field(() => ID) webhookId!: string;
  @Field(() => ID) userId!: string;
  @Field(() => WebhookDeliveryStatus) status!: WebhookDeliveryStatus;
  @Field(() => Int) attempts!: number;
  @Field(() => Date, { nullable: true, description: 'When the next attempt is due (pending deliveries).' }) nextAttemptAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => [WebhookAttempt], { description: 'Every attempt, oldest first (a redelivery adds to it).' }) attemptLog!: WebhookAttempt[];
}

@InputType()
export class CreateWebhookInput {
  @Field({ description: 'https:// (plain http only for the hosts in WEBHOOK_ALLOW_HTTP_HOSTS); never link-local or metadata addresses.' }) url!: string;
  @Field(() => [NotificationKind]) kinds!: NotificationKind[];
  @Field(() => [String], { nullable: true, description: 'health, care, plan, user; leave out for every journey.' }) journeys?: string[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType({ description: 'Only the fields given change; journeys: null means every journey.' })
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true }) url?: string;
  @Field(() => [NotificationKind], { nullable: true }) kinds?: NotificationKind[];
  @Field(() => [String], { nullable: true }) journeys?: string[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true re-enables a disabled endpoint and resets its failure count.' }) enabled?: boolean;
}
