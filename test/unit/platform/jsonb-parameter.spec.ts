import { jsonbArrayParameter } from '../../../src/platform/jsonb-parameter';

/** The parameter as PostgreSQL's jsonb_recv reads it: a version byte, then the JSON text. */
function decode(parameter: Buffer): { version: number; text: string } {
  return { version: parameter[0], text: parameter.subarray(1).toString('utf8') };
}

describe('jsonbArrayParameter', () => {
  it.each([0, 1, 127, 128, 129, 300])('should hold the JSON text of %i rows after the binary jsonb version byte', (count) => {
    const rows = Array.from({ length: count }, (_, index) => ({ id: index, name: `member ${index}`, nested: { list: [index, null], text: 'café "quoted" ✓' } }));

    const { version, text } = decode(jsonbArrayParameter(rows));

    expect(version).toBe(1);
    expect(text).toBe(JSON.stringify(rows));
  });
});
