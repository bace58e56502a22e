import type { AppConfig } from './config';
import type { HealthCheck } from './health';
import { createKafka, type Admin } from './kafka';
import type { Logger } from './logger';

/**
 * A non-critical health check that asks the Kafka cluster for its brokers, over one admin
 * connection opened on first use and kept. `close` disconnects it. Give it the process logger
 * (not a namespaced one): kafkajs lines carry their own `component`.
 */
export function kafkaHealthCheck(config: AppConfig, logger: Logger): HealthCheck & { close(): Promise<void> } {
  let admin: Admin | undefined;
  let connected: Promise<void> | undefined;
  return {
    name: 'kafka',
    critical: false,
    probe: async () => {
      admin ??= createKafka(config, logger, '-health').admin();
      connected ??= admin.connect().catch((error: unknown) => {
        connected = undefined;
        throw error;
      });
      await connected;
      const { brokers } = await admin.describeCluster();
      if (brokers.length === 0) throw new Error('the cluster reports no brokers');
    },
    close: async () => {
      if (connected) await admin?.disconnect();
    },
  };
}
