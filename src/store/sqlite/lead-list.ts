import type { Db } from './database.js';
import { iso } from './database.js';
import type { HandoffRow, LeadCursor, LeadFilter, LeadListRow, LeadListStore, LeadPage } from '../lead-list.js';
import type { Synchronous } from './transactions.js';

interface Row {
  id: number;
  campaign: string;
  name: string | null;
  email: string;
  received_at: string;
  status: string | null;
  rep: string | null;
  meeting_start_at: string | null;
  meeting_status: string | null;
  first_reply_ms: number | null;
}

const COLUMNS = `id, campaign, name, email, received_at, status, coalesce(meeting_host_id, host_id) AS rep,
  meeting_start_at, meeting_status, first_reply_ms`;

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
  const reasonFor = (leadId: number): string => {
    const decision = handedOff.get(leadId) as { kind: string; summary: string; detail: string | null } | undefined;
    if (!decision) return 'handed to a person';
    return decision.kind === 'handoff' ? decision.summary : handOffReason(decision.detail);
  };

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
        .all(params) as Row[];
      const leads = rows.slice(0, limit).map(fromRow);
      const last = leads[leads.length - 1];
      return { leads, next: rows.length > limit && last ? { receivedAt: last.receivedAt, id: last.id } : null };
    },

    handoffs(limit: number): HandoffRow[] {
      return (waiting.all(limit) as Array<Row & { handed_off_at: string | null }>).map((row) => ({
        ...fromRow(row),
        handedOffAt: Date.parse(row.handed_off_at ?? row.received_at),
        reason: reasonFor(row.id),
      }));
    },

    acknowledge(leadId: number, now: number): boolean {
      return acknowledge.run(iso(now), leadId).changes > 0;
    },

    isWaiting: (leadId: number) => isWaiting.get(leadId) !== undefined,
  };
}

function fromRow(row: Row): LeadListRow {
  return {
    id: row.id,
    campaign: row.campaign,
    name: row.name,
    email: row.email,
    receivedAt: Date.parse(row.received_at),
    state: row.status,
    rep: row.rep,
    meetingStart: row.meeting_start_at === null ? null : Date.parse(row.meeting_start_at),
    meetingStatus: row.meeting_status,
    firstReplyMs: row.first_reply_ms,
  };
}

/** The hand_to_human effect's reason, from a step decision's detail. */
function handOffReason(detail: string | null): string {
  try {
    const effects = (JSON.parse(detail ?? '{}') as { effects?: Array<{ kind: string; reason?: string }> }).effects ?? [];
    return effects.find((effect) => effect.kind === 'hand_to_human')?.reason ?? 'handed to a person';
  } catch {
    return 'handed to a person';
  }
}
