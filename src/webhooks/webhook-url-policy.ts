import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { ValidationError } from '../errors';

/** Host names that answer with cloud instance metadata (credentials) wherever they resolve. */
const METADATA_HOSTS: ReadonlySet<string> = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'metadata.azure.com', 'instance-data', 'instance-data.ec2.internal']);

/** Link-local (where AWS, GCP and Azure serve metadata), other metadata addresses, and addresses that are nobody's endpoint. */
const NEVER = new BlockList();
NEVER.addSubnet('169.254.0.0', 16, 'ipv4');
NEVER.addAddress('100.100.100.200', 'ipv4');
NEVER.addSubnet('0.0.0.0', 8, 'ipv4');
NEVER.addSubnet('224.0.0.0', 4, 'ipv4');
NEVER.addAddress('255.255.255.255', 'ipv4');
NEVER.addAddress('::', 'ipv6');
NEVER.addSubnet('fe80::', 10, 'ipv6');
NEVER.addSubnet('ff00::', 8, 'ipv6');
NEVER.addAddress('fd00:ec2::254', 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Where webhooks may be sent: `https://` anywhere public or private, except link-local and
 * metadata addresses; plain `http://` and loopback only for the hosts listed in
 * WEBHOOK_ALLOW_HTTP_HOSTS (local development and tests).
 */
export class WebhookUrlPolicy {
  private readonly allowedHttpHosts: ReadonlySet<string>;

  constructor(allowHttpHosts: readonly string[]) {
    this.allowedHttpHosts = new Set(allowHttpHosts.map((host) => host.trim().toLowerCase()).filter((host) => host !== ''));
  }

  /** The URL checked as written (scheme, credentials, host name, literal address); BAD_USER_INPUT naming `url` when refused. */
  parse(url: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw refused(`"${url}" is not an absolute URL`);
    }
    const host = hostOf(parsed);
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && this.allowedHttpHosts.has(host))) {
      throw refused(`must use https:// (plain http only for the hosts in WEBHOOK_ALLOW_HTTP_HOSTS), received ${parsed.protocol}//${host}`);
    }
    if (parsed.username !== '' || parsed.password !== '') throw refused('must not carry credentials; the signature authenticates the sender');
    if (METADATA_HOSTS.has(host)) throw refused(`${host} is a cloud metadata host`);
    if (isIP(host) !== 0) this.assertAddressAllowed(host, host);
    return parsed;
  }

  /** The URL checked as written and every address its host resolves to now. */
  async check(url: string): Promise<URL> {
    const parsed = this.parse(url);
    const host = hostOf(parsed);
    if (isIP(host) === 0) {
      const addresses = await resolveAll(host);
      for (const { address } of addresses) this.assertAddressAllowed(host, address);
    }
    return parsed;
  }

  /**
   * A `lookup` for outgoing connections that refuses forbidden addresses at connect time, so a
   * host that re-resolves to a metadata address after registration (DNS rebinding) is not reached.
   */
  readonly lookup = ((hostname: string, options: object, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      try {
        for (const { address } of addresses) this.assertAddressAllowed(hostname.toLowerCase(), address);
      } catch (refusal) {
        return callback(refusal as Error, []);
      }
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  }) as unknown as typeof dnsLookup;

  private assertAddressAllowed(host: string, address: string): void {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    const ip = mapped ?? address;
    const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (NEVER.check(ip, family)) throw refused(`${host} is or resolves to ${address}, a link-local, metadata or unroutable address`);
    if (LOOPBACK.check(ip, family) && !this.allowedHttpHosts.has(host)) {
      throw refused(`${host} is or resolves to the loopback address ${address} (allowed only for the hosts in WEBHOOK_ALLOW_HTTP_HOSTS)`);
    }
  }
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function refused(detail: string): ValidationError {
  return new ValidationError('url', detail);
}

async function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(refused(`${host} does not resolve (${error.code ?? error.message})`)) : resolve(addresses))),
  );
}

/** WEBHOOK_ALLOW_HTTP_HOSTS as a list; unset means localhost and 127.0.0.1 in development, nothing elsewhere. */
export function allowedHttpHosts(setting: string | undefined, nodeEnv: string): string[] {
  if (setting !== undefined) return setting.split(',');
  return nodeEnv === 'development' ? ['localhost', '127.0.0.1'] : [];
}
