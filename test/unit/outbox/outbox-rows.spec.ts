import { InternalError } from '../../../src/errors';
import { toNotification, type OutboxRow } from '../../../src/outbox/outbox-rows';
import { levelUp } from '../realtime/notification-test-data';

describe('outbox rows', () => {
  const notification = levelUp('3f0c1b7e-1111-4a2b-9c3d-000000000001', 42, new Date('2026-11-26T10:00:00.000Z'));
  const row: OutboxRow = {
    id: notification.id,
    user_id: notification.userId,
    kind: notification.kind,
    event_id: notification.eventId,
    payload: { ...notification.payload },
    created_at: notification.createdAt,
  };

  it.each([
    ['a Date', row.created_at],
    ['the text the embedded driver may return', '2026-11-26 10:00:00+00'],
  ])('should read a row whose created_at is %s as the notification the engine wrote', (_case, createdAt) => {
    expect(toNotification({ ...row, created_at: createdAt })).toEqual(notification);
  });

  it('should refuse a row of a kind no notification has', () => {
    expect(() => toNotification({ ...row, kind: 'SOMETHING_ELSE' })).toThrow(InternalError);
    expect(() => toNotification({ ...row, kind: 'SOMETHING_ELSE' })).toThrow('unknown notification kind "SOMETHING_ELSE"');
  });
});
