import type { Request, Response } from 'express';
import { classifyError } from '../errors';
import { accessPolicy } from '../platform/auth/access-policy';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import type { Logger } from '../platform/logger';
import type { AppServices } from '../schema/context';
import { presentError } from './error-presenter';

/**
 * `GET /members/:id/export`: the member's export document streamed as it is read (same access
 * rule as the GraphQL query: the member itself or an admin). An error before the first byte is
 * a JSON error response; one after it cuts the response short (the JSON is then incomplete).
 */
export function memberExportHandler(services: AppServices, verifyToken: TokenVerifier, logger: Logger) {
  return async (request: Request<{ id: string }>, response: Response): Promise<void> => {
    try {
      const viewer = await verifyToken(request.headers.authorization);
      const member = accessPolicy.memberToRead(viewer, request.params.id);
      await services.members.export.write(member, async (chunk) => {
        if (!response.headersSent) {
          response.status(200).type('application/json');
          response.setHeader('content-disposition', `attachment; filename="member-export.json"`);
          response.setHeader('cache-control', 'no-store');
        }
        if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
      });
      response.end();
    } catch (error) {
      const classified = classifyError(error);
      if (response.headersSent) {
        logger.error({ errorMessage: classified.message, errorCategory: classified.category }, 'member export failed mid-stream');
        response.destroy();
        return;
      }
      const presented = presentError(classified);
      response.status(presented.status).json({ error: { code: presented.code, message: presented.message, field: presented.field } });
    }
  };
}
