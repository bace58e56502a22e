import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { BodyError, readJsonBody } from '../../../src/http/read-json-body';

/** A request whose body arrives in the given chunks (no Content-Length: chunked encoding). */
function requestOf(chunks: (string | Buffer)[], headers: Record<string, string>): IncomingMessage {
  return Object.assign(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), { headers }) as unknown as IncomingMessage;
}

const accented = Buffer.from('{"a":"\u00e9"}');

const JSON_TYPE = { 'content-type': 'application/json' };

describe('readJsonBody', () => {
  it.each([
    ['application/json', JSON_TYPE, ['{"query":"{ a }"}'], { query: '{ a }' }],
    ['a charset parameter', { 'content-type': 'application/json; charset=utf-8' }, ['{"a":1}'], { a: 1 }],
    ['upper case', { 'content-type': 'Application/JSON' }, ['{"a":1}'], { a: 1 }],
    ['a +json media type', { 'content-type': 'application/graphql-response+json' }, ['{"a":1}'], { a: 1 }],
    ['a body split across chunks', JSON_TYPE, ['{"a":', '[1,', '2]}'], { a: [1, 2] }],
    ['a character split between chunks', JSON_TYPE, [accented.subarray(0, 7), accented.subarray(7)], { a: '\u00e9' }],
    ['an empty body', JSON_TYPE, [], undefined],
    ['a blank body', JSON_TYPE, ['  \n'], undefined],
    ['no content type', {}, ['{"a":1}'], undefined],
    ['a form content type', { 'content-type': 'application/x-www-form-urlencoded' }, ['a=1'], undefined],
    ['text/plain', { 'content-type': 'text/plain' }, ['{"a":1}'], undefined],
  ])('should read %s', async (_case, headers, chunks, expected) => {
    await expect(readJsonBody(requestOf(chunks, headers), 1024)).resolves.toEqual(expected);
  });

  it.each([
    ['malformed JSON', ['{"a":'], 1024, 400, 'BAD_REQUEST', /^malformed JSON body: /],
    ['a streamed body over the limit', ['{"a":"', 'x'.repeat(600), 'x'.repeat(600), '"}'], 1024, 413, 'PAYLOAD_TOO_LARGE', /exceeds the limit/],
    ['a body one byte over the limit', ['{"a":"xxxxx"}'], 12, 413, 'PAYLOAD_TOO_LARGE', /exceeds the limit/],
  ])('should refuse %s', async (_case, chunks, limit, status, code, message) => {
    const refusal = readJsonBody(requestOf(chunks, JSON_TYPE), limit);
    await expect(refusal).rejects.toBeInstanceOf(BodyError);
    await expect(refusal).rejects.toMatchObject({ status, code, message: expect.stringMatching(message) });
  });

  it('should accept a body exactly at the limit', async () => {
    await expect(readJsonBody(requestOf(['{"a":"xxxxx"}'], JSON_TYPE), 13)).resolves.toEqual({ a: 'xxxxx' });
  });

  it('should refuse a declared Content-Length over the limit without reading the body', async () => {
    const request = requestOf(['{}'], { ...JSON_TYPE, 'content-length': '5000' });
    await expect(readJsonBody(request, 1024)).rejects.toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(request.readableFlowing).toBeNull();
  });

  it('should refuse a body whose stream fails', async () => {
    const request = Object.assign(new Readable({ read() { this.destroy(new Error('socket hang up')); } }), { headers: JSON_TYPE }) as unknown as IncomingMessage;
    await expect(readJsonBody(request, 1024)).rejects.toMatchObject({ status: 400, code: 'BAD_REQUEST', message: 'the request body could not be read' });
  });
});
