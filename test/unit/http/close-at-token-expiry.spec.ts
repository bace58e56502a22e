import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { closeAtTokenExpiry } from '../../../src/http/close-at-token-expiry';

/** Just enough of a ws WebSocket: close() records the call and emits 'close'. */
class FakeSocket extends EventEmitter {
  closed: { code: number; reason: string } | undefined;

  close(code: number, reason: string): void {
    this.closed = { code, reason };
    this.emit('close');
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

describe('closeAtTokenExpiry', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-26T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('should close with 4403 when the token expires, not before', () => {
    const socket = new FakeSocket();
    closeAtTokenExpiry(socket as unknown as WebSocket, new Date(Date.now() + 60_000));
    jest.advanceTimersByTime(59_999);
    expect(socket.closed).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(socket.closed).toEqual({ code: 4403, reason: 'UNAUTHENTICATED: token expired' });
  });

  it('should wait out tokens longer than a Node timer can hold (30-day development tokens)', () => {
    const socket = new FakeSocket();
    closeAtTokenExpiry(socket as unknown as WebSocket, new Date(Date.now() + 30 * DAY_MS));
    jest.advanceTimersByTime(2 ** 31);
    expect(socket.closed).toBeUndefined();
    jest.advanceTimersByTime(30 * DAY_MS - 2 ** 31);
    expect(socket.closed?.code).toBe(4403);
  });

  it('should stop waiting once the socket closed on its own', () => {
    const socket = new FakeSocket();
    closeAtTokenExpiry(socket as unknown as WebSocket, new Date(Date.now() + 60_000));
    socket.emit('close');
    expect(jest.getTimerCount()).toBe(0);
  });
});
