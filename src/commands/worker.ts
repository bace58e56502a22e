import { outboxRelayComponent } from '../app/outbox-relay-component';
import { backgroundSweepsComponent } from '../app/background-sweeps';
import type { AppConfig } from '../platform/config';
import { captureConsole } from '../platform/logger';
import { opsEndpoint } from '../workers/ops-endpoint';
import type { ComponentFactory } from '../app/worker-components';
import { eventIngestion, startWorkerNode, type WorkerNode } from '../workers/worker-node';
import { onShutdown } from './shutdown';

/**
 * What runs inside a worker process, started in this order and stopped in reverse. Other
 * background work that belongs beside the consumer (the outbox relay) joins this list.
 */
const WORKER_COMPONENTS: readonly ComponentFactory[] = [outboxRelayComponent, eventIngestion, backgroundSweepsComponent, opsEndpoint];

/** `worker`: consume the event topics into the engine until SIGTERM/SIGINT. */
export async function worker(config: AppConfig): Promise<void> {
  let node: WorkerNode | undefined;
  // The component logged the error; stop what can be stopped and exit so a supervisor restarts the worker.
  const onFatal = () => void (node?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  const started = await startWorkerNode(config, WORKER_COMPONENTS, onFatal);
  node = started;
  captureConsole(started.runtime.logger);
  onShutdown(started.runtime.logger, () => started.stop());
}
