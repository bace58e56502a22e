import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logger (pino). `namespace` tags a component, like kafkajs' `logger.namespace()`.
 * Health values (event payloads) are never logged above debug: callers log ids, types and counts.
 */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'gamification-engine', pid: process.pid, ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['data', '*.data', 'authorization', '*.authorization'], censor: '[redacted]' },
  });
}

export function namespace(logger: Logger, component: string): Logger {
  return logger.child({ component });
}
