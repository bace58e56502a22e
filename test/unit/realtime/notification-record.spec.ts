import { parseNotification, toNotificationMessage } from '../../../src/realtime/notification-record';
import { levelUp } from './notification-test-data';

describe('notification records', () => {
  const notification = levelUp('3f0c1b7e-1111-4a2b-9c3d-000000000001', 42, new Date('2026-11-26T10:00:00.000Z'));

  it('should survive a JSON round trip (as over Redis) with its date restored', () => {
    const overTheWire = JSON.parse(JSON.stringify(toNotificationMessage(notification)));
    expect(parseNotification(overTheWire)).toEqual(notification);
  });

  it('should read a database row shape with a Date', () => {
    expect(parseNotification({ ...notification })).toEqual(notification);
  });

  it.each([
    ['an unknown kind', { kind: 'SOMETHING_ELSE' }],
    ['a non-numeric id', { id: 'abc' }],
    ['a payload that is not an object', { payload: 'text' }],
  ])('should refuse %s', (_case, change) => {
    expect(() => parseNotification({ ...notification, ...change })).toThrow();
  });
});
