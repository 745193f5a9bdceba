/**
 * SPF, DKIM and DMARC for one inbound message, from the facts of the SMTP connection that
 * delivered it (client IP, HELO, MAIL FROM). Authentication-Results headers that arrive with the
 * message are the sender's claims and are never read. The answer is a small value stored with
 * the message; a DNS failure or a timeout is a `temperror` in it, never a throw.
 */
import { isIP } from 'node:net';
import { Resolver } from 'node:dns/promises';
import type { Readable } from 'node:stream';
import { authenticate as mailauth, type AuthenticateResult, type DNSResolver } from 'mailauth';
import { z } from 'zod';

export type DnsResolver = DNSResolver;

const spfResult = z.enum(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror']);
const dkimResult = z.enum(['pass', 'fail', 'neutral', 'none', 'temperror', 'permerror']);
const dmarcResult = z.enum(['pass', 'fail', 'none', 'temperror', 'permerror']);

/**
 * The shape of a result, stored as JSON in messages.authentication. Nothing reads that JSON back
 * yet; the tests check a result survives the round trip through it.
 */
export const authenticationResultSchema = z.object({
  spf: spfResult,
  /** The domain SPF was evaluated for: MAIL FROM's, or HELO's for the null sender. */
  spfDomain: z.string().nullable(),
  /** `pass` when any signature passes. */
  dkim: dkimResult,
  dkimSignatures: z.array(z.object({ domain: z.string(), result: dkimResult, aligned: z.boolean() })),
  dmarc: dmarcResult,
  dmarcPolicy: z.enum(['none', 'quarantine', 'reject']).nullable(),
  fromDomain: z.string().nullable(),
  /** A passing SPF or DKIM domain belongs to the From domain. */
  aligned: z.boolean(),
  /** pass: the From domain vouches for the message; fail: it says the message is not its; none: unknown. */
  verdict: z.enum(['pass', 'fail', 'none']),
  reason: z.string(),
});

export type AuthenticationResult = z.infer<typeof authenticationResultSchema>;
type SpfResult = z.infer<typeof spfResult>;
type DkimResult = z.infer<typeof dkimResult>;
type DmarcResult = z.infer<typeof dmarcResult>;

export interface AuthenticateInput {
  /** The message; a stream is read once, as it comes (a large message is never in memory whole). */
  raw: Buffer | Readable;
  /** The connecting client's address; without it nothing can be checked. */
  clientIp: string | null;
  helo: string | null;
  /** MAIL FROM; '' or null for the null return path. */
  envelopeFrom: string | null;
  /** Our host name, as the checking MTA. */
  mta: string;
  /** DNS lookups; the system resolver (with `timeoutMs`) when absent. Tests pass a fixture table. */
  resolver?: DnsResolver;
  /** Upper bound for the whole check. */
  timeoutMs?: number;
}

const DEFAULT_AUTH_TIMEOUT_MS = 10_000;

export async function authenticate(input: AuthenticateInput): Promise<AuthenticationResult> {
  if (input.clientIp === null) return unchecked('none', 'not checked: no connection facts');
  if (isIP(input.clientIp) === 0) return unchecked('none', `not checked: "${input.clientIp}" is not an IP address`);
  const timeoutMs = input.timeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS;
  const resolver = input.resolver ?? systemResolver(timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([
      mailauth(input.raw, {
        ip: input.clientIp,
        helo: input.helo ?? undefined,
        sender: input.envelopeFrom?.replace(/^<|>$/g, '') || undefined,
        mta: input.mta,
        resolver,
        trustReceived: false,
        disableArc: true,
        disableBimi: true,
      }),
      timeout,
    ]);
    if (outcome === 'timeout') return unchecked('temperror', `not finished within ${timeoutMs} ms`);
    return summarise(outcome);
  } catch (error) {
    return unchecked('temperror', `check failed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** One system resolver per overall timeout; callers use one or two timeouts, so this stays tiny. */
const systemResolvers = new Map<number, DnsResolver>();

/** Node's resolver with a per-query timeout, so one slow name server cannot stall the worker. */
function systemResolver(timeoutMs: number): DnsResolver {
  let cached = systemResolvers.get(timeoutMs);
  if (!cached) {
    const resolver = new Resolver({ timeout: Math.max(100, Math.floor(timeoutMs / 4)), tries: 2 });
    cached = (name, rrtype) => resolver.resolve(name, rrtype as 'TXT') as Promise<string[][]>;
    systemResolvers.set(timeoutMs, cached);
  }
  return cached;
}

function summarise(result: AuthenticateResult): AuthenticationResult {
  const fromAddresses = result.dkim.headerFrom ?? [];
  const fromDomain = fromAddresses.length === 1 ? domainOf(fromAddresses[0]!) : null;
  const spf = result.spf ? toSpf(result.spf.status.result) : 'none';
  const spfDomain = result.spf ? result.spf.domain.toLowerCase() : null;
  const dkimSignatures = result.dkim.results
    .filter((signature) => typeof signature.signingDomain === 'string' && signature.signingDomain !== '')
    .map((signature) => ({
      domain: signature.signingDomain.toLowerCase(),
      result: toDkim(signature.status.result, signature.status.comment),
      aligned: Boolean(signature.status.aligned),
    }));
  const dkim = overallDkim(dkimSignatures.map((signature) => signature.result));
  const dmarc = result.dmarc ? toDmarc(result.dmarc.status.result) : fromAddresses.length > 1 ? 'permerror' : 'none';
  const dmarcPolicy = result.dmarc ? policyOf(result.dmarc.policy) : null;
  const spfAligned = spf === 'pass' && spfDomain !== null && fromDomain !== null && related(spfDomain, fromDomain);
  const aligned = dmarc === 'pass' || spfAligned || dkimSignatures.some((s) => s.result === 'pass' && s.aligned);
  const facts = { spf, spfDomain, dkim, dkimSignatures, dmarc, dmarcPolicy, fromDomain, aligned };
  return { ...facts, ...judge(facts, fromAddresses.length) };
}

/**
 * DMARC decides when the From domain publishes a record. Without one, an aligned pass still
 * vouches for the sender and a hard SPF fail with no passing signature still says "not ours".
 */
function judge(
  facts: Omit<AuthenticationResult, 'verdict' | 'reason'>,
  fromCount: number,
): Pick<AuthenticationResult, 'verdict' | 'reason'> {
  const from = facts.fromDomain ?? 'the From domain';
  if (fromCount > 1) return { verdict: 'fail', reason: 'several From addresses: no single author to authenticate' };
  if (fromCount === 0) return { verdict: 'none', reason: 'no From address' };
  if (facts.dmarc === 'pass') return { verdict: 'pass', reason: `dmarc=pass for ${from}` };
  if (facts.dmarc === 'fail') {
    return { verdict: 'fail', reason: `dmarc=fail for ${from} (p=${facts.dmarcPolicy ?? 'none'}): neither SPF nor DKIM aligned` };
  }
  if (facts.aligned) return { verdict: 'pass', reason: `aligned SPF or DKIM pass for ${from} (dmarc=${facts.dmarc})` };
  if (facts.dmarc === 'none' && facts.spf === 'fail' && facts.dkim !== 'pass') {
    return { verdict: 'fail', reason: `spf=fail for ${facts.spfDomain ?? from} and no DKIM signature passed` };
  }
  return { verdict: 'none', reason: `nothing vouches for ${from} (spf=${facts.spf}, dkim=${facts.dkim}, dmarc=${facts.dmarc})` };
}

function unchecked(result: 'none' | 'temperror', reason: string): AuthenticationResult {
  return {
    spf: result,
    spfDomain: null,
    dkim: result,
    dkimSignatures: [],
    dmarc: result,
    dmarcPolicy: null,
    fromDomain: null,
    aligned: false,
    verdict: 'none',
    reason,
  };
}

function toSpf(result: string): SpfResult {
  if (result === 'temperr') return 'temperror';
  return spfResult.safeParse(result).data ?? 'permerror';
}

/**
 * mailauth's `policy` is a signature refused by local rules (a weak key), and it reports a body
 * changed after signing as `neutral`; RFC 6376 §6.1.3 calls the latter a failure. Neither passes.
 */
function toDkim(result: string, comment: string | undefined): DkimResult {
  if (result === 'temperr') return 'temperror';
  if (result === 'policy' || (result === 'neutral' && /body hash/i.test(comment ?? ''))) return 'fail';
  if (result === 'skipped') return 'none';
  return dkimResult.safeParse(result).data ?? 'permerror';
}

function toDmarc(result: string): DmarcResult {
  if (result === 'temperr') return 'temperror';
  return dmarcResult.safeParse(result).data ?? 'permerror';
}

const DKIM_PRECEDENCE: DkimResult[] = ['pass', 'temperror', 'fail', 'permerror', 'neutral', 'none'];

function overallDkim(results: DkimResult[]): DkimResult {
  return DKIM_PRECEDENCE.find((candidate) => results.includes(candidate)) ?? 'none';
}

function policyOf(policy: string | undefined): AuthenticationResult['dmarcPolicy'] {
  const value = policy?.trim().toLowerCase();
  return value === 'none' || value === 'quarantine' || value === 'reject' ? value : null;
}

function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  return at === -1 ? null : address.slice(at + 1).toLowerCase();
}

/**
 * The same domain or one inside the other. DMARC's relaxed alignment compares organisational
 * domains (which needs the public suffix list); without a DMARC record this stricter test errs
 * towards "not aligned".
 */
function related(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}
