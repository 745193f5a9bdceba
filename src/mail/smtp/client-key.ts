import { isIPv6 } from 'node:net';

/**
 * The unit the per-client limits count: an IPv4 address, or an IPv6 /64. One IPv6 host is
 * usually given a whole /64, and can take a fresh address from it per connection; counting
 * addresses there would let it open every slot and guess passwords without end.
 */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros; a zone (%eth0) dropped. */
function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.toLowerCase().split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const filled = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return filled.map((group) => (group.includes('.') ? group : String(parseInt(group, 16).toString(16))));
}
