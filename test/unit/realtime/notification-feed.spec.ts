import { PubSub } from 'graphql-subscriptions';
import { NotificationKind, type Notification } from '../../../src/engine/notifications/notification';
import { createLogger } from '../../../src/platform/logger';
import { Metrics } from '../../../src/platform/metrics';
import type { NotificationBus } from '../../../src/realtime/notification-bus';
import { notificationChannel } from '../../../src/realtime/notification-channel';
import { NotificationFeed } from '../../../src/realtime/notification-feed';
import { toNotificationMessage } from '../../../src/realtime/notification-record';
import type { OutboxHistory } from '../../../src/outbox/outbox-history';
import { levelUp } from './notification-test-data';

const ALICE = '3f0c1b7e-1111-4a2b-9c3d-00000000000a';
const BOB = '3f0c1b7e-1111-4a2b-9c3d-00000000000b';

/** An in-process bus whose "reconnect" the test triggers. */
function testBus() {
  const pubsub = new PubSub();
  let resubscribed: ((lostAt: Date) => void) | undefined;
  const bus: NotificationBus = {
    pubsub,
    redisStatus: () => 'up',
    onResubscribed: (listener) => void (resubscribed = listener),
    close: async () => undefined,
  };
  return {
    bus,
    publish: (notification: Notification) => pubsub.publish(notificationChannel('t', notification.userId, notification.kind), toNotificationMessage(notification)),
    reconnect: (lostAt: Date) => resubscribed?.(lostAt),
  };
}

function feedOver(bus: NotificationBus, recent: OutboxHistory['recent'] = async () => []) {
  const metrics = new Metrics({ defaultMetrics: false });
  const history = { recent, since: async () => [] } as unknown as OutboxHistory;
  const feed = new NotificationFeed({ bus, history, channelPrefix: 't', metrics, logger: createLogger('silent') });
  const active = async () => (await metrics.activeSubscriptions.get()).values.find((v) => v.labels.field === 'levelUp')?.value ?? 0;
  return { feed, active };
}

async function take(iterator: AsyncIterator<Notification>, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) ids.push((await iterator.next()).value.id);
  return ids;
}

describe(NotificationFeed.name, () => {
  it("should pass on a member's notifications from its channel only", async () => {
    const { bus, publish } = testBus();
    const { feed } = feedOver(bus);
    const alice = await feed.subscribe(ALICE, NotificationKind.LEVEL_UP);
    await publish(levelUp(BOB, 1));
    await publish(levelUp(ALICE, 2));
    expect(await take(alice, 1)).toEqual(['2']);
  });

  it('should count open subscriptions and unsubscribe from the bus when one ends', async () => {
    const { bus, publish } = testBus();
    const { feed, active } = feedOver(bus);
    const subscription = await feed.subscribe(ALICE, NotificationKind.LEVEL_UP);
    expect(await active()).toBe(1);
    await subscription.return?.();
    expect(await active()).toBe(0);
    await publish(levelUp(ALICE, 1));
    expect(await subscription.next()).toEqual({ done: true, value: undefined });
  });

  it('should replay from the outbox what committed while the bus was away, then the live messages held back meanwhile', async () => {
    const { bus, publish, reconnect } = testBus();
    let answer: (rows: Notification[]) => void = () => undefined;
    const recent = jest.fn(() => new Promise<Notification[]>((resolve) => (answer = resolve)));
    const { feed } = feedOver(bus, recent);
    const alice = await feed.subscribe(ALICE, NotificationKind.LEVEL_UP);
    await publish(levelUp(ALICE, 1));
    expect(await take(alice, 1)).toEqual(['1']);

    const lostAt = new Date();
    reconnect(lostAt);
    await publish(levelUp(ALICE, 5));
    answer([levelUp(ALICE, 1), levelUp(ALICE, 2), levelUp(ALICE, 3), levelUp(BOB, 4)]);
    await publish(levelUp(ALICE, 6));
    expect(await take(alice, 4)).toEqual(['2', '3', '5', '6']);
    expect(recent).toHaveBeenCalledWith([ALICE], new Date(lostAt.getTime() - 10_000), expect.any(Number));
  });

  it('should not replay what committed well before the subscription started', async () => {
    const { bus, reconnect } = testBus();
    const longAgo = new Date(Date.now() - 60_000);
    const { feed } = feedOver(bus, async () => [levelUp(ALICE, 1, longAgo), levelUp(ALICE, 2)]);
    const alice = await feed.subscribe(ALICE, NotificationKind.LEVEL_UP);
    reconnect(longAgo);
    expect(await take(alice, 1)).toEqual(['2']);
  });
});
