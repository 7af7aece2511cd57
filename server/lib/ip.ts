import { isIP } from 'node:net';

/** An address or a CIDR range as written, checked: the text PostgreSQL's `inet` reads, and its family. */
export interface IpRule {
  /** `address` or `address/prefix`, IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) written as IPv4. */
  inet: string;
  family: 4 | 6;
}

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * Reads an IPv4 or IPv6 address, or a CIDR range (`address/prefix`, prefix 0-32 or 0-128); undefined
 * when it is neither. Host bits of a range are allowed here; the database keeps the range's network.
 */
export function parseIpRule(text: string): IpRule | undefined {
  const [rawAddress, rawPrefix, ...rest] = text.trim().split('/');
  // A zone (fe80::1%eth0) names a link of one machine: no rule for others, and `inet` refuses it.
  if (rest.length > 0 || rawAddress === undefined || rawAddress.includes('%')) return undefined;
  if (rawPrefix !== undefined && !/^\d{1,3}$/.test(rawPrefix)) return undefined;
  let address = rawAddress;
  let prefix = rawPrefix === undefined ? undefined : Number(rawPrefix);
  let family = isIP(address);
  if (family === 0) return undefined;
  const mapped = family === 6 ? MAPPED_IPV4.exec(address)?.[1] : undefined;
  if (mapped !== undefined && isIP(mapped) === 4 && (prefix === undefined || prefix >= 96)) {
    address = mapped;
    prefix = prefix === undefined ? undefined : prefix - 96;
    family = 4;
  }
  if (prefix !== undefined && prefix > (family === 4 ? 32 : 128)) return undefined;
  return { inet: prefix === undefined ? address : `${address}/${prefix}`, family: family as 4 | 6 };
}

/**
 * The client address of a request (Express's `req.ip`) as `inet` reads it: without an IPv6 zone
 * (fe80::1%eth0), IPv4-mapped IPv6 as IPv4. Null when there is none or it is not an address.
 */
export function clientAddress(ip: string | undefined): string | null {
  if (!ip) return null;
  const address = ip.replace(/%.*$/, '');
  const mapped = MAPPED_IPV4.exec(address)?.[1];
  if (mapped !== undefined && isIP(mapped) === 4) return mapped;
  return isIP(address) === 0 ? null : address;
}
