import { describe, expect, it } from 'vitest';
import { clientKey } from './client-key.js';

describe('the client a per-IP limit counts', () => {
  it('is the address itself for IPv4, mapped IPv4 included', () => {
    expect(clientKey('192.0.2.10')).toBe('192.0.2.10');
    expect(clientKey('::ffff:192.0.2.10')).toBe('192.0.2.10');
  });

  it('is the /64 for IPv6, however the address is written', () => {
    const key = '2001:db8:1:2::/64';
    expect(clientKey('2001:db8:1:2::1')).toBe(key);
    expect(clientKey('2001:0db8:0001:0002:ffff:eeee:dddd:cccc')).toBe(key);
    expect(clientKey('2001:DB8:1:2:0:0:0:99')).toBe(key);
    expect(clientKey('2001:db8:1:3::1')).not.toBe(key);
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
