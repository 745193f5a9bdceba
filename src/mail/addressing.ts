import { randomBytes } from 'node:crypto';
import type { Config } from '../config/types.js';

/** A recipient resolved against the campaign addresses: the campaign, and the +token if any. */
export interface CampaignRecipient {
  campaign: string;
  token: string | null;
}

/**
 * `webinar-q3@meet.acme.com` and `webinar-q3+<token>@meet.acme.com` both belong to the
 * campaign: the address is the attribution, whatever the token says.
 */
export function resolveRecipient(recipient: string, campaigns: ReadonlySet<string>): CampaignRecipient | null {
  const at = recipient.lastIndexOf('@');
  if (at <= 0) return null;
  const local = recipient.slice(0, at).toLowerCase();
  const domain = recipient.slice(at + 1).toLowerCase();
  const plus = local.indexOf('+');
  const base = plus === -1 ? local : local.slice(0, plus);
  const campaign = `${base}@${domain}`;
  if (!campaigns.has(campaign)) return null;
  const token = plus === -1 ? null : local.slice(plus + 1);
  return { campaign, token: token || null };
}

/** Mailboxes every mail domain must have: postmaster (RFC 5321 §4.5.1) and abuse (RFC 2142). */
const ROLE_MAILBOXES: ReadonlySet<string> = new Set(['postmaster', 'abuse']);

/**
 * `postmaster@` or `abuse@` a served domain (any case; bare `postmaster` means the service's
 * own domain), as the address it is kept under; null for anything else.
 */
export function roleMailbox(recipient: string, servedDomains: readonly string[]): string | null {
  const at = recipient.lastIndexOf('@');
  const local = (at === -1 ? recipient : recipient.slice(0, at)).toLowerCase();
  if (!ROLE_MAILBOXES.has(local)) return null;
  if (at === -1) return local === 'postmaster' && servedDomains[0] ? `postmaster@${servedDomains[0]}` : null;
  const domain = recipient.slice(at + 1).toLowerCase();
  return servedDomains.includes(domain) ? `${local}@${domain}` : null;
}

/** Whether a stored message was addressed to a role mailbox rather than to a campaign. */
export function isRoleMailbox(address: string): boolean {
  return ROLE_MAILBOXES.has(address.slice(0, address.lastIndexOf('@')));
}

/**
 * What the listener keeps a message for: the campaign a recipient belongs to, or the role
 * mailbox it names; null refuses the recipient.
 */
export function mailboxFor(recipient: string, served: { campaigns: ReadonlySet<string>; servedDomains: readonly string[] }): string | null {
  return resolveRecipient(recipient, served.campaigns)?.campaign ?? roleMailbox(recipient, served.servedDomains);
}

/** The configured campaign addresses, as resolveRecipient takes them. */
export function campaignAddresses(config: Pick<Config, 'campaigns'>): ReadonlySet<string> {
  return new Set(config.campaigns.map((campaign) => campaign.address));
}

/**
 * The first campaign among these recipients (bare or +token), with those of the recipients that
 * belong to it, as given and in order; null when none is a campaign address.
 */
export function firstCampaign(recipients: readonly string[], campaigns: ReadonlySet<string>): { campaign: string; recipients: string[] } | null {
  const matched = recipients.map((recipient) => ({ recipient, campaign: resolveRecipient(recipient, campaigns)?.campaign }));
  const campaign = matched.find((entry) => entry.campaign !== undefined)?.campaign;
  if (campaign === undefined) return null;
  return { campaign, recipients: matched.filter((entry) => entry.campaign === campaign).map((entry) => entry.recipient) };
}

/** The reply address that routes answers back to one conversation. */
export function conversationAddress(campaign: string, token: string): string {
  const at = campaign.lastIndexOf('@');
  return `${campaign.slice(0, at)}+${token}${campaign.slice(at)}`;
}

/** 128 random bits in lower-case base32: unguessable, and safe where local parts get lower-cased. */
export function newConversationToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(16);
  let bits = 0;
  let value = 0;
  let token = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      token += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) token += alphabet[(value << (5 - bits)) & 31];
  return token;
}
