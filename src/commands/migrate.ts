import type { AppConfig } from '../platform/config';
import { createRuntime } from '../app/runtime';

/** `migrate`: apply pending migrations and store the rules file, then exit. */
export async function migrate(config: AppConfig): Promise<void> {
  const runtime = await createRuntime(config, 'migrate');
  await runtime.close();
}
