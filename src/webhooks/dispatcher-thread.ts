/**
 * The entry of a dispatcher thread (see ThreadedDispatcher): a WebhookDispatcher with its own
 * event loop, database pool and leadership connection. Messages in: `wake`, `refresh`, `stop`;
 * out: `{ metrics }`, the dispatcher's metric calls for the process's registry.
 */
import 'reflect-metadata';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { AppConfig } from '../platform/config';
import { databaseOptionsFrom, openDatabase } from '../platform/database';
import { createLogger, namespace } from '../platform/logger';
import { createDispatcher } from './create-dispatcher';
import { PostgresDispatchLeadership } from './dispatch-leadership';
import { ForwardedDispatchMetrics, type DispatchMetricsCall } from './webhook-metrics';

export interface DispatcherThreadData {
  config: AppConfig & { DATABASE_URL: string };
}

export type DispatcherThreadCommand = 'wake' | 'refresh' | 'stop';

export interface DispatcherThreadReport {
  metrics: DispatchMetricsCall[];
}

/** Connections of the thread's pool: each endpoint's loop runs one statement at a time. */
const THREAD_POOL_SIZE = 4;

function run(port: MessagePort, { config }: DispatcherThreadData): void {
  const logger = namespace(createLogger(config.LOG_LEVEL, { component: 'webhook-dispatcher' }), 'webhooks');
  const metrics = new ForwardedDispatchMetrics((calls) => port.postMessage({ metrics: calls } satisfies DispatcherThreadReport));
  const started = (async () => {
    const database = await openDatabase({ ...databaseOptionsFrom(config, 'gamification-webhooks'), poolSize: THREAD_POOL_SIZE });
    const dispatcher = createDispatcher(config, database, new PostgresDispatchLeadership(config.DATABASE_URL, logger), metrics, logger);
    dispatcher.start();
    return { database, dispatcher };
  })();
  port.on('message', (command: DispatcherThreadCommand) => {
    if (command === 'stop') {
      void started
        .then(async ({ database, dispatcher }) => {
          await dispatcher.stop();
          await database.close();
        })
        .finally(() => {
          metrics.flush();
          port.close();
        });
      return;
    }
    void started.then(({ dispatcher }) => (command === 'wake' ? dispatcher.wake() : dispatcher.refresh()));
  });
}

if (parentPort) run(parentPort, workerData as DispatcherThreadData);
