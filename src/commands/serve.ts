import { GroupCommit } from '../engine/group-commit';
import { MemberReads } from '../engine/read/member-reads';
import { RuleSetReads } from '../engine/read/rule-set-reads';
import { SqlLeaderboardReader } from '../engine/read/sql-leaderboard';
import { developmentTokens, DEMO_USER_ID, setUpAuth } from '../app/auth-setup';
import { createRuntime } from '../app/runtime';
import { startHttpServer } from '../http/create-http-server';
import type { AppConfig } from '../platform/config';
import { buildGameSchema } from '../schema/build-schema';
import type { AppServices } from '../schema/context';
import { onShutdown } from './shutdown';

/** `serve`: the GraphQL API (HTTP + WebSocket) and the REST door, on one port. */
export async function serve(config: AppConfig): Promise<void> {
  const runtime = await createRuntime(config, 'api');
  const { logger, database, engine, rules } = runtime;
  const auth = setUpAuth(config);
  const game = () => rules.game;
  const groupCommit = new GroupCommit(engine, { windowMs: config.GROUP_COMMIT_WINDOW_MS, maxBatch: config.GROUP_COMMIT_MAX_BATCH });
  const services: AppServices = {
    recordEvent: (input) => groupCommit.submit(input),
    reads: new MemberReads(database, game),
    leaderboards: new SqlLeaderboardReader(database, config.TIMEZONE),
    rules: new RuleSetReads(database, game),
    game,
  };
  const http = await startHttpServer(
    {
      schema: await buildGameSchema(),
      services,
      verifyToken: auth.verifyToken,
      logger,
      maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
    },
    config.PORT,
    config.HOST,
  );
  logger.info({ url: `${http.url}/graphql` }, 'GraphQL API ready');
  if (auth.developmentSecret && config.PRINT_DEV_TOKENS) {
    const tokens = await developmentTokens(auth.developmentSecret);
    process.stdout.write(
      [
        '',
        `  GraphQL:  ${http.url}/graphql   (subscriptions: ws://${http.url.slice('http://'.length)}/graphql)`,
        `  Development tokens (secret kept in ${config.DATA_DIR}/dev-jwt-secret; set JWT_SECRET in production):`,
        `    demo member ${DEMO_USER_ID}:`,
        `      ${tokens.user}`,
        `    admin:`,
        `      ${tokens.admin}`,
        `    service:`,
        `      ${tokens.service}`,
        '',
      ].join('\n') + '\n',
    );
  }
  onShutdown(logger, async () => {
    await http.stop();
    await runtime.close();
  });
}
