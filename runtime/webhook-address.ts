// Where webhooks may be sent (issue 17, item 9): never to private, loopback, link-local, unspecified
// or metadata addresses, nor to URLs with credentials in them, unless WEBHOOK_ALLOWED_HOSTS lists the
// host or its network. Checked when an officer configures a URL and again before every delivery, on
// the addresses the host resolves to then (a name can be pointed somewhere else after configuration).
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Ranges no webhook may reach unless allowed explicitly. */
const INTERNAL_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network": 0.0.0.0 connects to the local host on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. the cloud metadata service 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast
];
const INTERNAL_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local, incl. fd00:ec2::254 (metadata)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
];

const internal = new BlockList();
for (const [net, prefix] of INTERNAL_V4) internal.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of INTERNAL_V6) internal.addSubnet(net, prefix, 'ipv6');

/** WEBHOOK_ALLOWED_HOSTS parsed: host names (exact) and addresses or CIDR networks that are allowed. */
export interface WebhookAllowList {
  hosts: ReadonlySet<string>;
  networks: BlockList;
  /** The list as given, for messages. */
  spec: string;
}

/**
 * Parses `host,ip,cidr,...` (e.g. `127.0.0.1,10.20.0.0/16,hooks.intranet`); throws an Error naming the
 * first bad entry.
 */
export function parseWebhookAllowList(spec: string | undefined): WebhookAllowList {
  const hosts = new Set<string>();
  const networks = new BlockList();
  for (const raw of (spec ?? '').split(',')) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (entry === '') continue;
    const [address, prefixText] = entry.split('/');
    const family = isIP(address);
    if (family !== 0) {
      const type = family === 4 ? 'ipv4' : 'ipv6';
      const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128))
        throw new Error(`"${raw.trim()}" has a bad prefix length`);
      networks.addSubnet(address, prefix, type);
    } else if (prefixText === undefined && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entry)) {
      hosts.add(entry);
    } else {
      throw new Error(`"${raw.trim()}" is neither a host name, an IP address nor a CIDR network`);
    }
  }
  return { hosts, networks, spec: spec ?? '' };
}

export type Lookup = (host: string) => Promise<string[]>;

const systemLookup: Lookup = async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is checked as the IPv4 address it carries. */
function unmapped(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1], type: 'ipv4' };
  return { address, type: isIP(address) === 4 ? 'ipv4' : 'ipv6' };
}

function addressProblem(address: string, allow: WebhookAllowList): string | null {
  const a = unmapped(address);
  if (!internal.check(a.address, a.type) || allow.networks.check(a.address, a.type)) return null;
  return `${a.address} is a private, loopback, link-local or reserved address (allow it in WEBHOOK_ALLOWED_HOSTS if intended)`;
}

/**
 * Why `url` may not receive webhooks, or null when it may. Resolves the host (unless it is an address
 * or listed by name), so every address it points to now is checked.
 */
export async function webhookTargetProblem(url: string, allow: WebhookAllowList, lookup: Lookup = systemLookup): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http(s) URL';
  if (parsed.username !== '' || parsed.password !== '') return 'must not carry credentials (user:password@); use the signing secret';
  const host = parsed.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (allow.hosts.has(host)) return null;
  if (isIP(host) !== 0) return addressProblem(host, allow);
  let addresses: string[];
  try {
    addresses = await lookup(host);
  } catch (err) {
    return `host ${host} does not resolve (${(err as { code?: string }).code ?? 'lookup failed'})`;
  }
  if (addresses.length === 0) return `host ${host} does not resolve`;
  for (const address of addresses) {
    const problem = addressProblem(address, allow);
    if (problem) return `host ${host} resolves to ${problem}`;
  }
  return null;
}
