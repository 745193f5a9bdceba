/** One lead as the report needs it; instants are epoch ms. */
export interface LeadFacts {
  campaign: string;
  receivedAt: number;
  firstReplyAt: number | null;
  bookedAt: number | null;
}

export interface CampaignReport {
  campaign: string;
  leads: number;
  booked: number;
  /** booked / leads, 0..1; null when there are no leads. */
  bookingRate: number | null;
  /** Median of (first agent reply sent - first inbound received) over leads that got a reply. */
  medianFirstReplyMs: number | null;
}

/** Per-campaign figures for the leads received in the window the caller selected. */
export function reportByCampaign(
  leads: readonly LeadFacts[],
  campaigns: readonly string[],
): CampaignReport[] {
  const byCampaign = new Map<string, LeadFacts[]>(campaigns.map((campaign) => [campaign, []]));
  for (const lead of leads) {
    const list = byCampaign.get(lead.campaign);
    if (list) list.push(lead);
    else byCampaign.set(lead.campaign, [lead]);
  }
  return [...byCampaign].map(([campaign, list]) => {
    const booked = list.filter((lead) => lead.bookedAt !== null).length;
    const replyTimes = list
      .filter((lead) => lead.firstReplyAt !== null)
      .map((lead) => lead.firstReplyAt! - lead.receivedAt);
    return {
      campaign,
      leads: list.length,
      booked,
      bookingRate: list.length === 0 ? null : booked / list.length,
      medianFirstReplyMs: median(replyTimes),
    };
  });
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
