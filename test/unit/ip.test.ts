import { clientAddress, parseIpRule } from '../../server/lib/ip';

describe('parseIpRule', () => {
  it('reads IPv4 and IPv6 addresses and CIDR ranges', () => {
    expect(parseIpRule('203.0.113.9')).toEqual({ inet: '203.0.113.9', family: 4 });
    expect(parseIpRule(' 203.0.113.9/24 ')).toEqual({ inet: '203.0.113.9/24', family: 4 });
    expect(parseIpRule('2001:db8::/32')).toEqual({ inet: '2001:db8::/32', family: 6 });
    expect(parseIpRule('::/0')).toEqual({ inet: '::/0', family: 6 });
    expect(parseIpRule('0.0.0.0/0')).toEqual({ inet: '0.0.0.0/0', family: 4 });
  });

  it('reads IPv4-mapped IPv6 as IPv4', () => {
    expect(parseIpRule('::ffff:198.51.100.8')).toEqual({ inet: '198.51.100.8', family: 4 });
    expect(parseIpRule('::FFFF:198.51.100.0/120')).toEqual({ inet: '198.51.100.0/24', family: 4 });
    expect(parseIpRule('::ffff:198.51.100.0/64')).toEqual({ inet: '::ffff:198.51.100.0/64', family: 6 });
  });

  it('refuses what is not an address or a range', () => {
    for (const text of [
      '',
      'localhost',
      '10.0.0.256',
      '10.0.0.1/33',
      '2001:db8::/129',
      '10.0.0.1/8/8',
      '10.0.0.1/',
      '10.0.0.1/-1',
      '10.0.0.1/ 8',
      '10.0.0.1/1e1',
      'fe80::1%eth0',
    ]) {
      expect(parseIpRule(text)).toBeUndefined();
    }
  });
});

describe('clientAddress', () => {
  it('drops an IPv6 zone, reads IPv4-mapped IPv6 as IPv4, and is null for anything else', () => {
    expect(clientAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(clientAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(clientAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(clientAddress(undefined)).toBeNull();
    expect(clientAddress('not an address')).toBeNull();
  });
});
