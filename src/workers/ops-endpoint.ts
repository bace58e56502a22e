import { startOpsServer } from '../http/ops-server';
import { classifyError } from '../errors';
import { HealthChecks } from '../platform/health';
import { kafkaHealthCheck } from '../platform/kafka-health';
import { namespace } from '../platform/logger';
import { refreshDeadLetterSize } from '../kafka/dead-letter-size';
import { consumerProgressCheck } from '../kafka/partition-progress';
import type { ComponentFactory } from '../app/worker-components';

/**
 * The worker's `/metrics`, `/health/live` and `/health/ready` (the database, Kafka, and no
 * partition stalled longer than WORKER_STALL_AFTER) on OPS_PORT (0: none), and the
 * dead-letter size gauge, recounted every DLQ_SIZE_REFRESH_SECONDS. Listed after ingestion, which
 * creates the dead-letter topics first (counting them earlier would let the broker auto-create
 * them). A port already in use is logged, not fatal: consuming matters more than being scraped.
 */
export const opsEndpoint: ComponentFactory = ({ runtime, metrics, kafka, topics, progress }) => {
  const { config, database } = runtime;
  const logger = namespace(runtime.logger, 'ops-endpoint');
  const health = new HealthChecks(config.HEALTH_CHECK_TIMEOUT_MS);
  const kafkaHealth = kafkaHealthCheck(config, runtime.logger);
  health.register({ name: 'database', critical: true, probe: () => database.ping() });
  health.register(kafkaHealth);
  health.register(consumerProgressCheck(progress, config.WORKER_STALL_AFTER));
  let server: Awaited<ReturnType<typeof startOpsServer>> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let counting: Promise<void> | undefined;
  const recount = () => {
    counting ??= refreshDeadLetterSize(kafka, topics.deadLetters, config, metrics)
      .catch((error: unknown) => logger.warn({ errorMessage: classifyError(error).message }, 'dead-letter size not counted'))
      .finally(() => (counting = undefined));
  };
  return {
    name: 'ops-endpoint',
    start: async () => {
      if (config.OPS_PORT === 0) return;
      try {
        server = await startOpsServer({ port: config.OPS_PORT, host: config.HOST, metrics, health });
        logger.info({ url: server.url }, 'metrics and health endpoint ready');
      } catch (error) {
        logger.error({ errorMessage: (error as Error).message, port: config.OPS_PORT }, 'metrics and health endpoint not started');
      }
      recount();
      timer = setInterval(recount, config.DLQ_SIZE_REFRESH_SECONDS * 1000);
    },
    stop: async () => {
      clearInterval(timer);
      await counting;
      await server?.stop();
      await kafkaHealth.close();
    },
  };
};
