import { ValidationError } from '../../../src/errors';
import { allowedHttpHosts, WebhookUrlPolicy } from '../../../src/webhooks/webhook-url-policy';

const policy = new WebhookUrlPolicy(['127.0.0.1', 'receiver.local']);

function refusal(check: () => unknown): ValidationError | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return error as ValidationError;
  }
}

describe('WebhookUrlPolicy', () => {
  it.each([
    'https://crm.example.com/hooks/gamification',
    'https://10.0.3.7:8443/hook',
    'https://[2001:db8::1]/hook',
    'http://127.0.0.1:8080/hook',
    'http://receiver.local/hook',
  ])('should accept %s', (url) => {
    expect(refusal(() => policy.parse(url))).toBeUndefined();
  });

  it.each([
    ['http://crm.example.com/hook', 'must use https://'],
    ['ftp://crm.example.com/hook', 'must use https://'],
    ['https://169.254.169.254/latest/meta-data', 'link-local, metadata or unroutable'],
    ['https://169.254.0.1/', 'link-local'],
    ['https://100.100.100.200/', 'metadata'],
    ['https://[fe80::1]/', 'link-local'],
    ['https://[fd00:ec2::254]/', 'metadata'],
    ['https://[::ffff:169.254.169.254]/', 'link-local'],
    ['https://0.0.0.0/', 'unroutable'],
    ['https://metadata.google.internal/computeMetadata/v1/', 'cloud metadata host'],
    ['https://METADATA/', 'cloud metadata host'],
    ['https://127.0.0.2/hook', 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://user:secret@crm.example.com/', 'credentials'],
    ['crm.example.com/hook', 'not an absolute URL'],
  ])('should refuse %s, naming url', (url, reason) => {
    const error = refusal(() => policy.parse(url));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.field).toBe('url');
    expect(error!.code).toBe('BAD_USER_INPUT');
    expect(error!.message).toContain(reason);
  });

  it('should check what a host name resolves to', async () => {
    await expect(policy.check('https://localhost/hook')).rejects.toMatchObject({ field: 'url', message: expect.stringContaining('loopback') });
    await expect(policy.check('https://no-such-host.invalid/hook')).rejects.toMatchObject({ field: 'url', message: expect.stringContaining('does not resolve') });
  });

  it('should refuse a forbidden address at connect time', async () => {
    const looked = await new Promise<Error | null>((resolve) => policy.lookup('localhost', {}, (error) => resolve(error)));
    expect(looked).toBeInstanceOf(ValidationError);
  });
});

describe('allowedHttpHosts', () => {
  it.each([
    [undefined, 'development', ['localhost', '127.0.0.1']],
    [undefined, 'production', []],
    [undefined, 'test', []],
    ['hooks.internal,127.0.0.1', 'production', ['hooks.internal', '127.0.0.1']],
  ])('WEBHOOK_ALLOW_HTTP_HOSTS=%s in %s', (setting, env, expected) => {
    expect(allowedHttpHosts(setting, env)).toEqual(expected);
  });
});
