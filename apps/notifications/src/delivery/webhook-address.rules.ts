import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may point. A webhook URL is typed in by an administrator and fetched by this service from
 * inside the deployment, so a URL (or a name that resolves) to the host itself, the intranet, the cloud's
 * metadata address or any other non-public range would let whoever edits channels probe and call what only
 * the servers can reach (SSRF). Only public unicast addresses are allowed; the test-only switch
 * `DUBAN_WEBHOOK_ALLOW_LOOPBACK_HTTP` opens loopback, and nothing else.
 *
 * The ranges are checked with node:net's BlockList (built in; it also matches IPv4-mapped IPv6 addresses such
 * as ::ffff:10.0.0.1 against the IPv4 ranges).
 */

/** Why an address or a host is refused; `null` is a public unicast address. */
export type RefusedKind =
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'unique_local'
  | 'shared'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'internal_name';

/** What the refusal says, in the message a user reads. */
export const REFUSED_KIND_LABELS: Readonly<Record<RefusedKind, string>> = {
  loopback: '本机回环地址',
  private: '内网地址',
  link_local: '链路本地地址',
  unique_local: 'IPv6 唯一本地（内网）地址',
  shared: '运营商级 NAT 共享地址',
  unspecified: '未指定或本网络地址',
  multicast: '组播地址',
  reserved: '保留地址',
  internal_name: '内网主机名',
};

type Range = readonly [address: string, prefix: number];

const IPV4: Readonly<Record<Exclude<RefusedKind, 'unique_local' | 'internal_name'>, readonly Range[]>> = {
  loopback: [['127.0.0.0', 8]],
  private: [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
  ],
  link_local: [['169.254.0.0', 16]],
  shared: [['100.64.0.0', 10]],
  unspecified: [['0.0.0.0', 8]],
  multicast: [['224.0.0.0', 4]],
  reserved: [
    ['192.0.0.0', 24], // IETF protocol assignments
    ['192.0.2.0', 24], // documentation (TEST-NET-1)
    ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
    ['198.18.0.0', 15], // benchmarking
    ['198.51.100.0', 24], // documentation (TEST-NET-2)
    ['203.0.113.0', 24], // documentation (TEST-NET-3)
    ['240.0.0.0', 4], // reserved, and 255.255.255.255 (broadcast)
  ],
};

const IPV6: Readonly<Partial<Record<RefusedKind, readonly Range[]>>> = {
  loopback: [['::1', 128]],
  unspecified: [['::', 128]],
  link_local: [['fe80::', 10]],
  unique_local: [['fc00::', 7]],
  multicast: [['ff00::', 8]],
  reserved: [
    ['::', 96], // IPv4-compatible (deprecated)
    ['::ffff:0:0:0', 96], // IPv4-translated
    ['64:ff9b:1::', 48], // local-use IPv4/IPv6 translation
    ['100::', 64], // discard-only
    ['2001::', 23], // IETF protocol assignments: Teredo, ORCHID, benchmarking…
    ['2001:db8::', 32], // documentation
    ['fec0::', 10], // site-local (deprecated)
  ],
};

/** The IPv6 forms that carry an IPv4 address (NAT64 64:ff9b::/96, 6to4 2002::/16) inherit its kind. */
function embedded(range: Range): Range[] {
  const [a = 0, b = 0, c = 0, d = 0] = range[0].split('.').map(Number);
  const high = ((a << 8) | b).toString(16);
  const low = ((c << 8) | d).toString(16);
  return [
    [`64:ff9b::${high}:${low}`, 96 + range[1]],
    [`2002:${high}:${low}::`, 16 + range[1]],
  ];
}

/** One list per kind, most specific first (`::1` is loopback before `::/96` is reserved). */
const LISTS: readonly { kind: RefusedKind; list: BlockList }[] = (
  ['loopback', 'unspecified', 'private', 'link_local', 'unique_local', 'shared', 'multicast', 'reserved'] as const
).map((kind) => {
  const list = new BlockList();
  const v4 = kind in IPV4 ? IPV4[kind as keyof typeof IPV4] : [];
  for (const [address, prefix] of v4) {
    list.addSubnet(address, prefix, 'ipv4');
    for (const [v6, v6prefix] of embedded([address, prefix])) list.addSubnet(v6, v6prefix, 'ipv6');
  }
  for (const [address, prefix] of IPV6[kind] ?? []) list.addSubnet(address, prefix, 'ipv6');
  return { kind, list };
});

/** The kind of a non-public IP address; `null` for a public unicast one. Not an IP address: throws. */
export function classifyAddress(address: string): RefusedKind | null {
  const bare = address.replace(/%.*$/, ''); // a zone index (fe80::1%eth0) says nothing about the range
  const family = isIP(bare);
  if (family === 0) throw new Error(`not an IP address: ${address}`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return LISTS.find(({ list }) => list.check(bare, type))?.kind ?? null;
}

/** Names that mean this host or a private network: never in public DNS. */
const INTERNAL_SUFFIXES = ['.local', '.localdomain', '.internal', '.intranet', '.lan', '.home.arpa', '.corp'];

/**
 * The kind of a URL's host (`URL.hostname`: an IPv6 literal comes in brackets, an IPv4 one already in
 * dotted form, whatever way it was typed); `null` when only its resolved addresses can tell.
 */
export function classifyHost(hostname: string): RefusedKind | null {
  const host = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (isIP(host.replace(/%.*$/, ''))) return classifyAddress(host);
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  // A name without a dot is looked up in the deployment's own search domains (e.g. a compose service name).
  if (!host.includes('.') || INTERNAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) return 'internal_name';
  return null;
}

/** Whether the switch lets this kind through: loopback, and only when allowed. */
export function isAllowed(kind: RefusedKind | null, allowLoopback: boolean): boolean {
  return kind === null || (kind === 'loopback' && allowLoopback);
}

/**
 * Why a webhook URL may not be saved (a message for its field), or null. https only; plain http only to a
 * loopback host, and only with the test switch on. Names are checked again, resolved, when it is sent.
 */
export function webhookUrlProblem(target: string, allowLoopback: boolean): string | null {
  const url = new URL(target);
  const kind = classifyHost(url.hostname);
  if (!isAllowed(kind, allowLoopback)) return `不能指向${REFUSED_KIND_LABELS[kind as RefusedKind]}`;
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && allowLoopback && kind === 'loopback') return null;
  return '必须是 https 地址';
}
