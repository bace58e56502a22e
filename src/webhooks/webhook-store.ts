import { EventType, journeyOfType } from '../contract';
import type { Notification } from '../engine/notifications/notification';
import type { Database, PreparedSql } from '../platform/database';

/** Where a delivery stands: waiting (first attempt or a retry), delivered, or failed after its last attempt. */
export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}

/** The NOTIFY channel that wakes the dispatcher when the sink queued deliveries in another process. */
export const WEBHOOK_CHANNEL = 'gamification_webhooks';

export interface WebhookRecord {
  id: string;
  url: string;
  kinds: string[];
  journeys: string[] | null;
  description: string | null;
  enabled: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
  /** While set and in the future, the previous secret signs too. */
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  pendingDeliveries: number;
  failedDeliveries: number;
}

export interface WebhookAttempt {
  at: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

export interface WebhookDeliveryRecord {
  webhookId: string;
  notificationId: string;
  userId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
  attemptLog: WebhookAttempt[];
}

/** What a dispatcher needs to send an endpoint's due deliveries. */
export interface ClaimedBatch {
  url: string;
  /** Secrets that sign now: the current one first, then the previous one during a rotation's grace period. */
  secrets: string[];
  /** The earliest pending delivery's next attempt (due or not); null when nothing waits. */
  nextDueAt: Date | null;
  /** Due deliveries in notification (commit) order, none of a member whose earlier delivery waits for a retry. */
  deliveries: ClaimedDelivery[];
}

export interface ClaimedDelivery {
  userId: string;
  notificationId: string;
  attempts: number;
  /** Null when the outbox row was purged (older than its retention) before the delivery went out. */
  notification: Notification | null;
}

/** One attempt's outcome, as the dispatcher records it. */
export interface AttemptOutcome {
  notificationId: string;
  status: WebhookDeliveryStatus;
  nextAttemptAt: Date | null;
  at: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

export interface NewWebhook {
  id: string;
  url: string;
  kinds: string[];
  journeys: string[] | null;
  description: string | null;
  secret: string;
}

export interface WebhookChanges {
  url?: string;
  kinds?: string[];
  journeys?: string[] | null;
  description?: string | null;
  enabled?: boolean;
}

const JOURNEY_OF_TYPE = JSON.stringify(Object.fromEntries(Object.values(EventType).map((type) => [type, journeyOfType(type)])));

const WEBHOOK_COLUMNS = `w.id, w.url, w.kinds, w.journeys, w.description, w.enabled, w.disabled_reason, w.consecutive_failures,
  w.previous_secret_expires_at, w.created_at, w.updated_at,
  (SELECT count(*)::int FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'PENDING') AS pending_deliveries,
  (SELECT count(*)::int FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'FAILED') AS failed_deliveries`;

const DELIVERY_COLUMNS = `webhook_id, notification_id::text AS notification_id, user_id, status, attempts, next_attempt_at, created_at, finished_at, attempt_log`;

/** Every SQL statement of webhooks: endpoints, the delivery queue, and its history. */
export class WebhookStore {
  constructor(private readonly database: Database) {}

  async insert(webhook: NewWebhook): Promise<WebhookRecord> {
    await this.database.query(`INSERT INTO webhooks (id, url, kinds, journeys, description, secret) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6)`, [
      webhook.id,
      webhook.url,
      JSON.stringify(webhook.kinds),
      webhook.journeys === null ? null : JSON.stringify(webhook.journeys),
      webhook.description,
      webhook.secret,
    ]);
    return (await this.find(webhook.id))!;
  }

  async list(): Promise<WebhookRecord[]> {
    const rows = await this.database.query<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks w ORDER BY w.created_at, w.id`);
    return rows.map(toWebhook);
  }

  async find(id: string): Promise<WebhookRecord | undefined> {
    const [row] = await this.database.query<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks w WHERE w.id = $1`, [id]);
    return row ? toWebhook(row) : undefined;
  }

  /** Applies the changes given; enabling again clears the failure count. False when there is no such webhook. */
  async update(id: string, changes: WebhookChanges): Promise<boolean> {
    const rows = await this.database.query(
      `UPDATE webhooks SET
         url = COALESCE($2, url),
         kinds = COALESCE($3::jsonb, kinds),
         journeys = CASE WHEN $4 THEN $5::jsonb ELSE journeys END,
         description = CASE WHEN $6 THEN $7 ELSE description END,
         enabled = COALESCE($8, enabled),
         disabled_reason = CASE WHEN $8 IS NULL THEN disabled_reason WHEN $8 THEN NULL ELSE $9 END,
         consecutive_failures = CASE WHEN $8 THEN 0 ELSE consecutive_failures END,
         updated_at = now()
       WHERE id = $1 RETURNING id`,
      [
        id,
        changes.url ?? null,
        changes.kinds === undefined ? null : JSON.stringify(changes.kinds),
        changes.journeys !== undefined,
        changes.journeys == null ? null : JSON.stringify(changes.journeys),
        changes.description !== undefined,
        changes.description ?? null,
        changes.enabled ?? null,
        'disabled by an admin',
      ],
    );
    return rows.length > 0;
  }

  /** The current secret becomes the previous one (signing until `graceSeconds` from now); false when there is no such webhook. */
  async rotateSecret(id: string, secret: string, graceSeconds: number): Promise<boolean> {
    const rows = await this.database.query(
      `UPDATE webhooks SET previous_secret = secret, previous_secret_expires_at = now() + make_interval(secs => $3),
         secret = $2, updated_at = now() WHERE id = $1 RETURNING id`,
      [id, secret, graceSeconds],
    );
    return rows.length > 0;
  }

  /** Deletes the endpoint and its deliveries; false when there is no such webhook. */
  async delete(id: string): Promise<boolean> {
    return this.database.transaction(async (tx) => {
      await tx.query(`DELETE FROM webhook_deliveries WHERE webhook_id = $1`, [id]);
      return (await tx.query(`DELETE FROM webhooks WHERE id = $1 RETURNING id`, [id])).length > 0;
    });
  }

  /**
   * Queues every notification for every enabled endpoint whose kinds and journeys match (a
   * notification's journey is its event's; kinds other than points find it through the event's
   * type), and announces the queued ones to a dispatcher in another process. Idempotent: a
   * batch the relay offers again queues nothing twice.
   */
  async enqueue(notifications: readonly Notification[]): Promise<number> {
    const [row] = await this.database.query<{ queued: number }>(ENQUEUE_SQL, [
      notifications.map((n) => n.id),
      notifications.map((n) => n.userId),
      notifications.map((n) => n.kind),
      notifications.map((n) => n.eventId),
      notifications.map((n) => ('journey' in n.payload ? n.payload.journey : null)),
      JOURNEY_OF_TYPE,
    ]);
    return row.queued;
  }

  async enabledWebhookIds(): Promise<string[]> {
    const rows = await this.database.query<{ id: string }>(`SELECT id FROM webhooks WHERE enabled ORDER BY created_at, id`);
    return rows.map((row) => row.id);
  }

  /** The endpoint's due deliveries (undefined when it is disabled or gone). */
  async claim(webhookId: string, limit: number): Promise<ClaimedBatch | undefined> {
    const rows = await this.database.query<ClaimRow>(CLAIM_SQL, [webhookId, limit]);
    if (rows.length === 0) return undefined;
    const [first] = rows;
    return {
      url: first.url,
      secrets: first.previous_secret === null ? [first.secret] : [first.secret, first.previous_secret],
      nextDueAt: first.next_due_at === null ? null : new Date(first.next_due_at),
      deliveries: rows.filter((row) => row.notification_id !== null).map(toClaimedDelivery),
    };
  }

  async recordAttempts(webhookId: string, outcomes: readonly AttemptOutcome[]): Promise<void> {
    await this.database.query(RECORD_ATTEMPTS_SQL, [
      webhookId,
      outcomes.map((o) => o.notificationId),
      outcomes.map((o) => o.status),
      outcomes.map((o) => o.nextAttemptAt),
      outcomes.map((o) => o.at),
      outcomes.map((o) => o.statusCode),
      outcomes.map((o) => o.latencyMs),
      outcomes.map((o) => o.error),
    ]);
  }

  /**
   * Counts consecutive failed deliveries (a delivered one resets the count) and disables the
   * endpoint when the count reaches `disableAfter`. Returns the count and whether this call disabled it.
   */
  async countFinished(webhookId: string, anyDelivered: boolean, failedAfterLastDelivered: number, disableAfter: number): Promise<{ failures: number; disabledNow: boolean }> {
    const [row] = await this.database.query<{ failures: number; disabled_now: boolean }>(
      `WITH counted AS (
         SELECT id, enabled AS was_enabled, CASE WHEN $2 THEN $3 ELSE consecutive_failures + $3 END AS failures
         FROM webhooks WHERE id = $1 FOR UPDATE)
       UPDATE webhooks w SET consecutive_failures = c.failures,
         enabled = w.enabled AND c.failures < $4,
         disabled_reason = CASE WHEN w.enabled AND c.failures >= $4
           THEN 'disabled after ' || c.failures || ' consecutive failed deliveries' ELSE w.disabled_reason END,
         updated_at = CASE WHEN w.enabled AND c.failures >= $4 THEN now() ELSE w.updated_at END
       FROM counted c WHERE w.id = c.id
       RETURNING c.failures, c.was_enabled AND NOT w.enabled AS disabled_now`,
      [webhookId, anyDelivered, failedAfterLastDelivered, disableAfter],
    );
    return row ? { failures: row.failures, disabledNow: row.disabled_now } : { failures: 0, disabledNow: false };
  }

  /** Seconds the endpoint's oldest pending delivery has waited (0 when none waits). */
  async queueAgeSeconds(webhookId: string): Promise<number> {
    const [row] = await this.database.query<{ age: number | null }>(
      `SELECT extract(epoch FROM now() - min(created_at))::float8 AS age FROM webhook_deliveries WHERE webhook_id = $1 AND status = 'PENDING'`,
      [webhookId],
    );
    return Math.max(0, row?.age ?? 0);
  }

  async deliveries(webhookId: string, status: WebhookDeliveryStatus | undefined, after: string, limit: number): Promise<WebhookDeliveryRecord[]> {
    const rows = await this.database.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
       WHERE webhook_id = $1 AND ($2::text IS NULL OR status = $2) AND notification_id > $3::bigint
       ORDER BY notification_id LIMIT $4`,
      [webhookId, status ?? null, after, limit],
    );
    return rows.map(toDelivery);
  }

  /** The ids among `notificationIds` that have no delivery to this endpoint. */
  async unknownDeliveries(webhookId: string, notificationIds: readonly string[]): Promise<string[]> {
    const rows = await this.database.query<{ id: string }>(
      `SELECT id::text AS id FROM unnest($2::bigint[]) AS id
       WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = $1 AND d.notification_id = id)`,
      [webhookId, notificationIds],
    );
    return rows.map((row) => row.id);
  }

  /** Queues finished deliveries again, as new (attempts start over; the log keeps the old ones). Returns how many. */
  async redeliver(webhookId: string, selection: { notificationIds: readonly string[] } | { since: Date }): Promise<number> {
    const [row] = await this.database.query<{ queued: number }>(
      `WITH queued AS (
         UPDATE webhook_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = now(), finished_at = NULL
         WHERE webhook_id = $1 AND status <> 'PENDING'
           AND ($2::bigint[] IS NULL OR notification_id = ANY($2::bigint[]))
           AND ($3::timestamptz IS NULL OR created_at >= $3)
         RETURNING 1)
       SELECT count(*)::int AS queued FROM queued`,
      [webhookId, 'notificationIds' in selection ? selection.notificationIds : null, 'since' in selection ? selection.since : null],
    );
    await this.database.query(`SELECT pg_notify('${WEBHOOK_CHANNEL}', '')`);
    return row.queued;
  }

  /** Deletes finished deliveries queued more than `days` ago; returns how many. */
  async purgeFinishedBefore(days: number): Promise<number> {
    const [row] = await this.database.query<{ purged: number }>(
      `WITH purged AS (DELETE FROM webhook_deliveries WHERE created_at < now() - make_interval(days => $1) AND status <> 'PENDING' RETURNING 1)
       SELECT count(*)::int AS purged FROM purged`,
      [days],
    );
    return row.purged;
  }
}

const ENQUEUE_SQL: PreparedSql = {
  name: 'webhook-enqueue',
  text: `WITH queued AS (
      INSERT INTO webhook_deliveries (user_id, webhook_id, notification_id)
      SELECT n.user_id, w.id, n.id
      FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS n(id, user_id, kind, event_id, journey)
      LEFT JOIN processed_events p ON n.journey IS NULL AND p.user_id = n.user_id AND p.event_id = n.event_id
      JOIN webhooks w ON w.enabled AND w.kinds ? n.kind
        AND (w.journeys IS NULL OR w.journeys ? COALESCE(n.journey, $6::jsonb ->> p.event_type))
      ON CONFLICT DO NOTHING
      RETURNING 1),
    counted AS (SELECT count(*)::int AS queued FROM queued)
    SELECT queued, CASE WHEN queued > 0 THEN pg_notify('${WEBHOOK_CHANNEL}', '') END AS announced FROM counted`,
};

const CLAIM_SQL: PreparedSql = {
  name: 'webhook-claim',
  text: `WITH endpoint AS (
      SELECT url, secret, CASE WHEN previous_secret_expires_at > now() THEN previous_secret END AS previous_secret,
        (SELECT min(next_attempt_at) FROM webhook_deliveries WHERE webhook_id = $1 AND status = 'PENDING') AS next_due_at
      FROM webhooks WHERE id = $1 AND enabled),
    waiting_for_retry AS MATERIALIZED (
      SELECT DISTINCT user_id FROM webhook_deliveries WHERE webhook_id = $1 AND status = 'PENDING' AND next_attempt_at > now()),
    due AS (
      SELECT d.user_id, d.notification_id, d.attempts FROM webhook_deliveries d
      WHERE d.webhook_id = $1 AND d.status = 'PENDING' AND d.next_attempt_at <= now()
        AND NOT EXISTS (SELECT 1 FROM waiting_for_retry w WHERE w.user_id = d.user_id)
      ORDER BY d.notification_id LIMIT $2)
    SELECT e.url, e.secret, e.previous_secret, e.next_due_at,
      due.user_id, due.notification_id::text AS notification_id, due.attempts,
      o.kind, o.event_id, o.payload, o.created_at
    FROM endpoint e
    LEFT JOIN due ON true
    LEFT JOIN outbox o ON o.user_id = due.user_id AND o.id = due.notification_id
    ORDER BY due.notification_id`,
};

/**
 * Each attempted row finds its outcome by its position in the notification ids (no join), and
 * the rows are found by id through the listing index: "still pending" is tested as
 * `finished_at IS NULL` (the same rows: only a pending delivery has none), which the partial
 * pending index cannot serve. So the plan is 500 index probes whatever the table's statistics
 * say. A join with the unnested outcomes was planned, on a queue not yet analysed, as a nested
 * loop over every pending row times every outcome (1.6 s per round of 500 with 3,000 pending),
 * and a scan of the pending index grows with the backlog.
 */
const RECORD_ATTEMPTS_SQL: PreparedSql = {
  name: 'webhook-record-attempts',
  text: `UPDATE webhook_deliveries d SET (status, attempts, next_attempt_at, finished_at, attempt_log) = (
      SELECT r.status, d.attempts + 1, COALESCE(r.next_attempt_at, d.next_attempt_at),
        CASE WHEN r.status = 'PENDING' THEN NULL ELSE r.at END,
        d.attempt_log || jsonb_build_array(jsonb_build_object('at', r.at, 'statusCode', r.status_code, 'latencyMs', r.latency_ms, 'error', r.error))
      FROM (SELECT ($3::text[])[i] AS status, ($4::timestamptz[])[i] AS next_attempt_at, ($5::timestamptz[])[i] AS at,
              ($6::int[])[i] AS status_code, ($7::int[])[i] AS latency_ms, ($8::text[])[i] AS error
            FROM array_position($2::bigint[], d.notification_id) AS i) r)
    WHERE d.webhook_id = $1 AND d.notification_id = ANY($2::bigint[]) AND d.finished_at IS NULL`,
};

interface WebhookRow {
  id: string;
  url: string;
  kinds: string[];
  journeys: string[] | null;
  description: string | null;
  enabled: boolean;
  disabled_reason: string | null;
  consecutive_failures: number;
  previous_secret_expires_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  pending_deliveries: number;
  failed_deliveries: number;
}

interface ClaimRow {
  url: string;
  secret: string;
  previous_secret: string | null;
  next_due_at: Date | string | null;
  user_id: string | null;
  notification_id: string | null;
  attempts: number;
  kind: string | null;
  event_id: string;
  payload: Record<string, unknown>;
  created_at: Date | string;
}

interface DeliveryRow {
  webhook_id: string;
  notification_id: string;
  user_id: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date | string;
  created_at: Date | string;
  finished_at: Date | string | null;
  attempt_log: WebhookAttempt[];
}

/** A Date from node-postgres; the embedded database's driver may hand over the text. */
function asDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function toWebhook(row: WebhookRow): WebhookRecord {
  return {
    id: row.id,
    url: row.url,
    kinds: row.kinds,
    journeys: row.journeys,
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    consecutiveFailures: row.consecutive_failures,
    previousSecretExpiresAt: row.previous_secret_expires_at === null ? null : asDate(row.previous_secret_expires_at),
    createdAt: asDate(row.created_at),
    updatedAt: asDate(row.updated_at),
    pendingDeliveries: row.pending_deliveries,
    failedDeliveries: row.failed_deliveries,
  };
}

function toClaimedDelivery(row: ClaimRow): ClaimedDelivery {
  const notification =
    row.kind === null
      ? null
      : ({
          id: row.notification_id,
          userId: row.user_id,
          kind: row.kind,
          eventId: row.event_id,
          payload: row.payload,
          createdAt: asDate(row.created_at),
        } as unknown as Notification);
  return { userId: row.user_id!, notificationId: row.notification_id!, attempts: row.attempts, notification };
}

function toDelivery(row: DeliveryRow): WebhookDeliveryRecord {
  return {
    webhookId: row.webhook_id,
    notificationId: row.notification_id,
    userId: row.user_id,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === WebhookDeliveryStatus.PENDING ? asDate(row.next_attempt_at) : null,
    createdAt: asDate(row.created_at),
    finishedAt: row.finished_at === null ? null : asDate(row.finished_at),
    attemptLog: row.attempt_log,
  };
}
