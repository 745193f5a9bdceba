import type { Config } from '../config/types.js';
import { reportByCampaign, type CampaignReport } from '../core/report.js';
import type { Leads } from '../store/leads.js';

export interface ReportWindow {
  since: number;
  until: number;
  campaign?: string;
}

export interface ReportRow extends CampaignReport {
  name: string;
}

/** Per-campaign figures for leads first received in the window; configured campaigns always appear. */
export function campaignReport(leads: Leads, config: Config, window: ReportWindow): ReportRow[] {
  const configured = config.campaigns
    .map((campaign) => campaign.address)
    .filter((address) => !window.campaign || address === window.campaign);
  const names = new Map(config.campaigns.map((campaign) => [campaign.address, campaign.name]));
  return reportByCampaign(leads.facts(window), configured).map((row) => ({
    ...row,
    name: names.get(row.campaign) ?? '(no longer configured)',
  }));
}

/** Accepts `2026-11-01`, a full ISO instant, or a relative `30d`; returns epoch ms. */
export function parseInstant(value: string, now: number): number | null {
  const relative = /^(\d+)d$/.exec(value);
  if (relative) return now - Number(relative[1]) * 24 * 60 * 60 * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const parsed = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(parsed) ? null : parsed;
}
