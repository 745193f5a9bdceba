/** Routing: which host or hosts meet a prospect, per campaign mode. Pure; see routing/*.ts. */
export { buildCandidate, slotRules, type CandidateInput } from './routing/candidate.js';
export { countForFairness, fairShares, type FairShare } from './routing/fairness.js';
export { route, routeWithFallback, type ChainVerdict, type FallbackInput, type PoolAttempt, type PoolName } from './routing/route.js';
export type * from './routing/types.js';
