import type { Db } from './database.js';
import type { HandoffRow, LeadCursor, LeadFilter, LeadListStore, LeadPage } from '../lead-list.js';
import type { Synchronous } from './transactions.js';
import { iso } from '../rows/iso.js';
import { LEAD_LIST_COLUMNS as COLUMNS, handOffReason, handoffRow, leadListRow, type HandOffDecision, type HandoffRecord, type LeadListRecord } from '../rows/lead-list.js';

/**
 * Why the lead was last handed to a person: a turn that ended in handed_off, or a message the
 * pipeline could not handle. Read through the lead's conversations (CROSS JOIN keeps that order,
 * +kind keeps SQLite off the kind index, which would walk every hand-off of the service).
 */
const HANDED_OFF = `SELECT d.kind, d.summary, d.detail FROM conversations c
  CROSS JOIN decisions d ON d.conversation_id = c.id
  WHERE c.lead_id = ? AND ((+d.kind = 'step' AND d.summary LIKE '% -> handed_off:%') OR +d.kind = 'handoff')
  ORDER BY d.id DESC LIMIT 1`;

export function createLeadList(db: Db): Synchronous<LeadListStore> {
  const handedOff = db.prepare(HANDED_OFF);
  // Taken means taken since the latest hand-off: a lead handed over again is back in the queue.
  const waiting = db.prepare(`SELECT ${COLUMNS}, handed_off_at FROM leads INDEXED BY leads_handoff_queue
    WHERE status = 'handed_off' AND (handoff_acknowledged_at IS NULL OR handoff_acknowledged_at < handed_off_at)
    ORDER BY handed_off_at, id LIMIT ?`);
  const acknowledge = db.prepare(`UPDATE leads SET handoff_acknowledged_at = ?
    WHERE id = ? AND status = 'handed_off' AND (handoff_acknowledged_at IS NULL OR handoff_acknowledged_at < handed_off_at)`);
  const isWaiting = db.prepare(`SELECT 1 FROM leads
    WHERE id = ? AND status = 'handed_off' AND (handoff_acknowledged_at IS NULL OR handoff_acknowledged_at < handed_off_at)`);
  const reasonFor = (leadId: number): string => handOffReason(handedOff.get(leadId) as HandOffDecision | undefined);

  return {
    page(filter: LeadFilter, after: LeadCursor | null, limit: number): LeadPage {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: limit + 1 };
      if (filter.campaign !== null) (where.push('campaign = @campaign'), (params.campaign = filter.campaign));
      if (filter.state !== null) (where.push('status = @state'), (params.state = filter.state));
      if (filter.meeting === 'cancelled') where.push(`meeting_status = 'cancelled'`);
      else if (filter.meeting === 'booked') where.push(`meeting_status = 'confirmed'`);
      else if (filter.meeting !== null) (where.push(`meeting_status = 'confirmed' AND outcome = @outcome`), (params.outcome = filter.meeting));
      if (filter.rep !== null) (where.push('(host_id = @rep OR meeting_host_id = @rep)'), (params.rep = filter.rep));
      if (filter.since !== null) (where.push('received_at >= @since'), (params.since = iso(filter.since)));
      if (filter.until !== null) (where.push('received_at < @until'), (params.until = iso(filter.until)));
      if (after !== null) (where.push('(received_at, id) < (@afterAt, @afterId)'), (params.afterAt = iso(after.receivedAt)), (params.afterId = after.id));
      const rows = db
        .prepare(`SELECT ${COLUMNS} FROM leads ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY received_at DESC, id DESC LIMIT @limit`)
        .all(params) as LeadListRecord[];
      const leads = rows.slice(0, limit).map(leadListRow);
      const last = leads[leads.length - 1];
      return { leads, next: rows.length > limit && last ? { receivedAt: last.receivedAt, id: last.id } : null };
    },

    handoffs(limit: number): HandoffRow[] {
      return (waiting.all(limit) as HandoffRecord[]).map((row) => handoffRow(row, reasonFor(row.id)));
    },

    acknowledge(leadId: number, now: number): boolean {
      return acknowledge.run(iso(now), leadId).changes > 0;
    },

    isWaiting: (leadId: number) => isWaiting.get(leadId) !== undefined,
  };
}
