import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { rawUserId } from '../contract';
import { classifyError, ValidationError } from '../errors';
import { acceptedOrThrow } from '../engine/gamification-engine';
import { accessPolicy } from '../platform/auth/access-policy';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import type { AppServices } from '../schema/context';
import { presentError } from './error-presenter';
import { BodyError, isJsonContentType } from './read-json-body';
import { sendRestError } from './rest-errors';

/**
 * `POST /events`: the base event as the JSON body, for producers that do not speak GraphQL.
 * Same engine, same access rules; answers the EventResult, or `{ error: { code, message, field } }`.
 * The body is checked before the token, so a request without an event learns nothing about auth.
 */
export function restEventsHandler(services: AppServices, verifyToken: TokenVerifier) {
  return async (request: Request, response: Response): Promise<void> => {
    try {
      const event = eventOf(request);
      const userId = rawUserId(event);
      if (userId === undefined || userId === '') throw new ValidationError('userId', "is required: the member's UUID");
      const viewer = await verifyToken(request.headers.authorization);
      const { type } = event;
      accessPolicy.assertMayRecord(viewer, { type, userId }, services.game().producers);
      const outcome = acceptedOrThrow(await services.recordEvent({ raw: event, fallbackId: randomUUID(), producer: accessPolicy.producerOf(viewer) }));
      response.status(outcome.status === 'duplicate' ? 200 : 201).json(outcome.result);
    } catch (error) {
      if (error instanceof BodyError) return sendRestError(response, error);
      sendRestError(response, presentError(classifyError(error)));
    }
  };
}

function eventOf(request: Request): Record<string, unknown> {
  if (!isJsonContentType(request.headers['content-type'])) {
    throw BodyError.unsupportedMediaType('send the event as JSON (content-type: application/json)');
  }
  const body: unknown = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw body === undefined ? BodyError.empty() : BodyError.notAnEvent();
  // body-parser reads an empty body as {}.
  if (Object.keys(body).length === 0) throw BodyError.empty();
  return body as Record<string, unknown>;
}
