import { PubSubEngine } from 'graphql-subscriptions';
import type { Cluster } from 'ioredis';
import { classifyError } from '../errors';
import type { Logger } from '../platform/logger';

type Listener = (message: unknown) => void;

/** One shard channel this node listens on: its listeners, and the SSUBSCRIBE they wait for. */
interface Channel {
  listeners: Map<number, Listener>;
  subscribed: Promise<unknown>;
}

/**
 * Sharded pub/sub on a Redis Cluster (SPUBLISH / SSUBSCRIBE, Redis 7): a message goes only to the
 * shard that owns its channel's slot, so adding masters adds pub/sub capacity (classic PUBLISH is
 * copied to every node of the cluster). ioredis routes each SSUBSCRIBE to the owning master's
 * subscriber connection and re-subscribes after a failover (`shardedSubscribers`); this engine
 * keeps one SSUBSCRIBE per channel whatever the number of listeners, and carries JSON like
 * graphql-redis-subscriptions does on a single server.
 */
export class ShardedRedisPubSub extends PubSubEngine {
  private readonly channels = new Map<string, Channel>();
  private readonly channelOf = new Map<number, string>();
  private nextId = 0;

  constructor(
    private readonly publisher: Cluster,
    private readonly subscriber: Cluster,
    private readonly logger: Logger,
  ) {
    super();
    subscriber.on('smessage', (channel: string, message: string) => this.dispatch(channel, message));
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    await this.publisher.spublish(channel, JSON.stringify(payload));
  }

  async subscribe(channelName: string, onMessage: Listener): Promise<number> {
    const id = this.nextId++;
    let channel = this.channels.get(channelName);
    if (!channel) {
      channel = { listeners: new Map(), subscribed: this.subscriber.ssubscribe(channelName) };
      this.channels.set(channelName, channel);
    }
    channel.listeners.set(id, onMessage);
    this.channelOf.set(id, channelName);
    try {
      await channel.subscribed;
    } catch (error) {
      this.unsubscribe(id);
      throw error;
    }
    return id;
  }

  unsubscribe(id: number): void {
    const channelName = this.channelOf.get(id);
    if (channelName === undefined) return;
    this.channelOf.delete(id);
    const channel = this.channels.get(channelName);
    channel?.listeners.delete(id);
    if (!channel || channel.listeners.size > 0) return;
    this.channels.delete(channelName);
    this.subscriber.sunsubscribe(channelName).catch((error: unknown) => {
      const classified = classifyError(error);
      this.logger.warn({ channel: channelName, errorMessage: classified.message, errorCategory: classified.category }, 'redis SUNSUBSCRIBE failed');
    });
  }

  private dispatch(channelName: string, message: string): void {
    const listeners = this.channels.get(channelName)?.listeners;
    if (!listeners) return;
    const payload = parseJson(message);
    for (const listener of listeners.values()) listener(payload);
  }
}

/** The message as JSON, or the raw text when it is not JSON (the listener's parser then rejects and logs it). */
function parseJson(message: string): unknown {
  try {
    return JSON.parse(message) as unknown;
  } catch {
    return message;
  }
}
