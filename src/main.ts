#!/usr/bin/env node
import 'reflect-metadata';
import { loadConfig, ConfigError } from './platform/config';
import { RulesFileError } from './engine/rules/rules-file-error';
import { serve } from './commands/serve';
import { migrate } from './commands/migrate';
import { worker } from './commands/worker';
import { dlq } from './commands/dlq';
import { emitSchema } from './commands/schema';
import { seed } from './commands/seed';
import { leaderboard } from './commands/leaderboard';

const COMMANDS: Record<string, { describe: string; run: (args: string[]) => Promise<void> }> = {
  serve: { describe: 'run the GraphQL API (HTTP + WebSocket) and REST door', run: () => serve(loadConfig()) },
  migrate: { describe: 'apply database migrations and store the rules file', run: () => migrate(loadConfig()) },
  worker: { describe: 'consume the Kafka event topics into the engine (KAFKA_BROKERS)', run: () => worker(loadConfig()) },
  dlq: { describe: 'dead-letter topics: `dlq list` counts and shows, `dlq reprocess` runs them again', run: (args) => dlq(loadConfig(), args) },
  seed: { describe: 'record a demo week for the demo member (idempotent)', run: () => seed(loadConfig()) },
  schema: { describe: 'print the GraphQL schema (SDL), or write it to the given file', run: (args) => emitSchema(args) },
  leaderboard: { describe: 'rebuild: recompute the Redis leaderboards from the points ledger', run: (args) => leaderboard(loadConfig(), args) },
};

function usage(): string {
  return ['usage: gamification <command> [options]', '', ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.describe}`)].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const [name = 'serve', ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n${usage()}\n`);
    process.exit(2);
  }
  await command.run(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof RulesFileError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
