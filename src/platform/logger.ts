import { format } from 'node:util';
import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logger (pino). The process's own component (`api`, `worker`, a command) is
 * logged as `role`, leaving `component` to one `namespace` below it: pino does not merge child
 * bindings, and a key written twice on one line breaks strict JSON consumers (Elasticsearch).
 * Health values (event payloads) are never logged above debug: callers log ids, types and counts.
 */
export function createLogger(level: string, { component, ...base }: { component?: string } & Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'gamification-engine', pid: process.pid, ...(component === undefined ? {} : { role: component }), ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['data', '*.data', 'authorization', '*.authorization'], censor: '[redacted]' },
  });
}

/** A component's logger, like kafkajs' `logger.namespace()`; namespace the process logger only once. */
export function namespace(logger: Logger, component: string): Logger {
  return logger.child({ component });
}

/**
 * Sends what libraries print through `console` (graphql-ws reports socket errors that way) into
 * the JSON log as `{ source: "console" }` lines, so that everything a long-running process writes
 * is structured. For the life of the process.
 */
export function captureConsole(logger: Logger): void {
  const to =
    (level: 'error' | 'warn' | 'info') =>
    (...args: unknown[]) =>
      logger[level]({ source: 'console' }, format(...args));
  console.error = to('error');
  console.warn = to('warn');
  console.info = to('info');
  console.log = to('info');
}
