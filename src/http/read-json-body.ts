import type { IncomingMessage } from 'node:http';

/** A request body we refuse, with the HTTP status and error code it is answered with. */
export class BodyError extends Error {
  private constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }

  /** The JSON answered with `status`, shaped like a GraphQL error response. */
  get responseBody(): { errors: { message: string; extensions: { code: string } }[] } {
    return { errors: [{ message: this.message, extensions: { code: this.code } }] };
  }

  static tooLarge(): BodyError {
    return new BodyError(413, 'PAYLOAD_TOO_LARGE', 'request body exceeds the limit');
  }

  static malformed(detail: string): BodyError {
    return new BodyError(400, 'BAD_REQUEST', `malformed JSON body: ${detail}`);
  }

  static unsupportedMediaType(detail: string): BodyError {
    return new BodyError(415, 'UNSUPPORTED_MEDIA_TYPE', detail);
  }

  static unsupportedEncoding(encoding: string): BodyError {
    return new BodyError(415, 'UNSUPPORTED_MEDIA_TYPE', `content-encoding "${encoding}" is not supported; send the body uncompressed or as gzip, deflate or br`);
  }

  static empty(): BodyError {
    return new BodyError(400, 'BAD_REQUEST', 'the request carries no event: send the event as a JSON object');
  }

  static notAnEvent(): BodyError {
    return new BodyError(400, 'BAD_REQUEST', 'the body must be a JSON object (the event)');
  }

  static unreadable(): BodyError {
    return new BodyError(400, 'BAD_REQUEST', 'the request body could not be read');
  }
}

/**
 * The parsed body of a request whose Content-Type is JSON (`undefined` for any other request
 * or an empty body), refusing more than `maxBytes` before buffering it.
 */
export function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (!isJsonContentType(request.headers['content-type'])) return Promise.resolve(undefined);
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) return Promise.reject(BodyError.tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBytes) {
        request.off('data', onData);
        reject(BodyError.tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('error', () => reject(BodyError.unreadable()));
    request.once('end', () => {
      if (received > maxBytes) return;
      const text = Buffer.concat(chunks, received).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(BodyError.malformed((error as Error).message));
      }
    });
  });
}

/** application/json or any application/*+json media type, whatever the parameters. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon >= 0 ? contentType.slice(0, semicolon) : contentType).trim().toLowerCase();
  return mediaType === 'application/json' || (mediaType.startsWith('application/') && mediaType.endsWith('+json'));
}
