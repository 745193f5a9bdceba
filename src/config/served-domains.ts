/**
 * A campaign address must be on a domain this service receives mail for (`service.domain` or
 * one of `service.other_domains`): an address anywhere else is never delivered here, so the
 * campaign would look live while every reply goes somewhere else. The postmaster address is
 * the opposite: it must be elsewhere, or what is forwarded to it comes straight back.
 */
import { quote, type PathIssue } from './issues.js';
import { asEntry, asList, isString, valueIssue } from './raw.js';

export function checkServedDomains(raw: unknown): PathIssue[] {
  const root = asEntry(raw);
  const service = asEntry(root?.['service']);
  const domain = service?.['domain'];
  // A domain that is not a host name is reported by the schema; nothing to compare with.
  if (!isString(domain) || !/^[a-z0-9.-]+$/i.test(domain)) return [];
  const served = [domain, ...asList(service?.['other_domains']).filter(isString)].map((name) => name.toLowerCase());
  const postmaster = service?.['postmaster'];
  const loops = isString(postmaster) && served.includes(postmaster.slice(postmaster.lastIndexOf('@') + 1).toLowerCase())
    ? [valueIssue(['service', 'postmaster'], `${quote(postmaster)} is on a domain this service receives mail for, so what it forwards there would come back to it; give an address elsewhere`)]
    : [];
  return [...loops, ...asList(root?.['campaigns']).flatMap((entry, index) => {
    const address = asEntry(entry)?.['address'];
    if (!isString(address) || !address.includes('@')) return [];
    const at = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
    if (served.includes(at)) return [];
    const others = served.length > 1 ? ` or service.other_domains (${served.slice(1).join(', ')})` : '';
    return [valueIssue(
      ['campaigns', index, 'address'],
      `${quote(address)} is on ${at}, which this service does not receive mail for: service.domain is ${domain}${others}; `
        + `add ${at} to service.other_domains if its MX points here`,
    )];
  })];
}
