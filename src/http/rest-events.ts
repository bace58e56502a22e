import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { classifyError, ValidationError } from '../engine/errors';
import { acceptedOrThrow } from '../engine/gamification-engine';
import { accessPolicy } from '../platform/auth/access-policy';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import type { AppServices } from '../schema/context';
import { presentError } from './error-presenter';

/**
 * `POST /events`: the base event as the JSON body, for producers that do not speak GraphQL.
 * Same engine, same access rules; answers the EventResult, or `{ error: { code, message, field } }`.
 */
export function restEventsHandler(services: AppServices, verifyToken: TokenVerifier) {
  return async (request: Request, response: Response): Promise<void> => {
    try {
      const viewer = await verifyToken(request.headers.authorization);
      const body: unknown = request.body;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new ValidationError('', 'the body must be a JSON object (the event)');
      }
      const userId = (body as Record<string, unknown>)['userId'];
      accessPolicy.assertMayRecordFor(viewer, typeof userId === 'string' ? userId : '');
      const outcome = acceptedOrThrow(await services.recordEvent({ raw: body, fallbackId: randomUUID() }));
      response.status(outcome.status === 'duplicate' ? 200 : 201).json(outcome.result);
    } catch (error) {
      const presented = presentError(classifyError(error));
      response.status(presented.status).json({ error: { code: presented.code, message: presented.message, field: presented.field } });
    }
  };
}
