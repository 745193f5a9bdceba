/** Routing: which host or hosts meet a prospect, per campaign mode. Pure; see routing/*.ts. */
export { buildCandidate } from './routing/candidate.js';
export { routeWithFallback, type ChainVerdict } from './routing/route.js';
export type * from './routing/types.js';
