import { developmentTokens, DEMO_USER_ID } from '../app/auth-setup';
import { startApiNode } from '../http/api-node';
import type { AppConfig } from '../platform/config';
import { captureConsole } from '../platform/logger';
import { onShutdown } from './shutdown';

/** `serve`: the GraphQL API (HTTP + WebSocket) and the REST door, on one port. */
export async function serve(config: AppConfig): Promise<void> {
  const node = await startApiNode(config);
  captureConsole(node.runtime.logger);
  onShutdown(node.runtime.logger, () => node.stop());
  if (node.auth.developmentSecret && config.PRINT_DEV_TOKENS) {
    const tokens = await developmentTokens(node.auth.developmentSecret);
    const wsUrl = node.url.replace(/^http/, 'ws');
    process.stdout.write(
      [
        '',
        `  GraphQL:  ${node.url}/graphql   (subscriptions: ${wsUrl}/graphql)`,
        `  Admin console (development link, signs in as admin):`,
        `    ${node.url}/admin#token=${tokens.admin}`,
        `  Development tokens (secret kept in ${config.DATA_DIR}/dev-jwt-secret; set JWT_SECRET in production):`,
        `    demo member ${DEMO_USER_ID}:`,
        `      ${tokens.user}`,
        '    admin:',
        `      ${tokens.admin}`,
        '    service:',
        `      ${tokens.service}`,
        '',
      ].join('\n') + '\n',
    );
  }
}
