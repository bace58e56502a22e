import { classifyError } from '../errors';

export type HealthStatus = 'ok' | 'degraded' | 'down';

/** One dependency's probe; `probe` resolves when the dependency answers and throws when not. */
export interface HealthCheck {
  name: string;
  /** A failing critical check makes the node not ready (503); any other failing check only degrades it. */
  critical: boolean;
  probe(): Promise<void>;
}

export interface ComponentHealth {
  status: HealthStatus;
  critical: boolean;
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: HealthStatus;
  checks: Record<string, ComponentHealth>;
}

/**
 * The dependencies a process reports on `/health/ready`. Each component registers its own
 * probe (the database, Redis, Kafka...); a report runs them all at once, each bounded by the
 * timeout. A probe still running from an earlier report is awaited rather than started again,
 * so a hanging dependency never piles up probes.
 */
export class HealthChecks {
  private readonly checks = new Map<string, HealthCheck>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly timeoutMs: number) {}

  /** Adds a probe, replacing any earlier one of the same name. */
  register(check: HealthCheck): void {
    this.checks.set(check.name, check);
  }

  async report(): Promise<HealthReport> {
    const results = await Promise.all([...this.checks.values()].map(async (check) => [check.name, await this.run(check)] as const));
    const checks = Object.fromEntries(results);
    const failing = results.filter(([, result]) => result.status !== 'ok');
    const status: HealthStatus = failing.some(([, result]) => result.critical) ? 'down' : failing.length > 0 ? 'degraded' : 'ok';
    return { status, checks };
  }

  private async run(check: HealthCheck): Promise<ComponentHealth> {
    const started = performance.now();
    const latencyMs = () => Math.round((performance.now() - started) * 10) / 10;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.probeOnce(check),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
        }),
      ]);
      return { status: 'ok', critical: check.critical, latencyMs: latencyMs() };
    } catch (error) {
      return { status: check.critical ? 'down' : 'degraded', critical: check.critical, latencyMs: latencyMs(), error: classifyError(error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  private probeOnce(check: HealthCheck): Promise<void> {
    let running = this.inFlight.get(check.name);
    if (!running) {
      running = check.probe().finally(() => this.inFlight.delete(check.name));
      this.inFlight.set(check.name, running);
    }
    return running;
  }
}
