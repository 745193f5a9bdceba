
/** Addresses that unsubscribed from a campaign: the agent never writes to them about it again. */
export interface Suppressions {
  add(campaign: string, email: string, reason: string, now: number): Promise<void>;
  has(campaign: string, email: string): Promise<boolean>;
}
