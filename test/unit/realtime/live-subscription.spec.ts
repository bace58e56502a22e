import { NotificationKind } from '../../../src/engine/notifications/notification';
import { LiveSubscription } from '../../../src/realtime/live-subscription';
import { levelUp } from './notification-test-data';

const USER = '3f0c1b7e-1111-4a2b-9c3d-000000000001';

describe(LiveSubscription.name, () => {
  it('should buffer what arrives before the first next() and pass it on in order', async () => {
    const subscription = new LiveSubscription(USER, NotificationKind.LEVEL_UP, new Date(), () => undefined);
    subscription.push(levelUp(USER, 1));
    subscription.push(levelUp(USER, 2));
    expect((await subscription.next()).value?.id).toBe('1');
    expect((await subscription.next()).value?.id).toBe('2');
  });

  it('should drop repeats and anything at or below the last id it passed on', async () => {
    const subscription = new LiveSubscription(USER, NotificationKind.LEVEL_UP, new Date(), () => undefined);
    for (const id of [1, 2, 2, 1, 3]) subscription.push(levelUp(USER, id));
    const ids = [(await subscription.next()).value?.id, (await subscription.next()).value?.id, (await subscription.next()).value?.id];
    expect(ids).toEqual(['1', '2', '3']);
  });

  it('should compare ids as numbers, not text', async () => {
    const subscription = new LiveSubscription(USER, NotificationKind.LEVEL_UP, new Date(), () => undefined);
    subscription.push(levelUp(USER, 9));
    subscription.push(levelUp(USER, 10));
    await subscription.next();
    expect((await subscription.next()).value?.id).toBe('10');
  });

  it('should ignore notifications of another kind', async () => {
    const subscription = new LiveSubscription(USER, NotificationKind.POINTS_AWARDED, new Date(), () => undefined);
    subscription.push(levelUp(USER, 1));
    const pending = subscription.next();
    await subscription.return();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('should end a waiting next() at once on return() and report the close once', async () => {
    const onClose = jest.fn();
    const subscription = new LiveSubscription(USER, NotificationKind.LEVEL_UP, new Date(), onClose);
    const pending = subscription.next();
    await subscription.return();
    await subscription.return();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(onClose).toHaveBeenCalledTimes(1);
    subscription.push(levelUp(USER, 1));
    expect(await subscription.next()).toEqual({ done: true, value: undefined });
  });
});
