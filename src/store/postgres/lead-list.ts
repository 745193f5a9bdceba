import type { Session } from './session.js';
import type { HandoffRow, LeadListRow, LeadListStore } from '../lead-list.js';

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

/** Taken means taken since the latest hand-off: a lead handed over again is back in the queue. */
const WAITING = `status = 'handed_off' AND (handoff_acknowledged_at IS NULL OR handoff_acknowledged_at < handed_off_at)`;

/**
 * Why the lead was last handed to a person: a turn that ended in handed_off, or a message the
 * pipeline could not handle. ILIKE: SQLite's LIKE ignores ASCII case, and both engines must
 * find the same decision.
 */
const HANDED_OFF = `SELECT d.kind, d.summary, d.detail FROM conversations c
  JOIN decisions d ON d.conversation_id = c.id
  WHERE c.lead_id = $1 AND ((d.kind = 'step' AND d.summary ILIKE '% -> handed_off:%') OR d.kind = 'handoff')
  ORDER BY d.id DESC LIMIT 1`;

const iso = (epochMs: number) => new Date(epochMs).toISOString();

export function createPostgresLeadList(session: Session): LeadListStore {
  async function reasonFor(leadId: number): Promise<string> {
    const { rows } = await session.query<{ kind: string; summary: string; detail: string | null }>(HANDED_OFF, [leadId]);
    const decision = rows[0];
    if (!decision) return 'handed to a person';
    return decision.kind === 'handoff' ? decision.summary : handOffReason(decision.detail);
  }

  return {
    async page(filter, after, limit) {
      const where: string[] = [];
      const values: unknown[] = [];
      const bind = (value: unknown) => `$${values.push(value)}`;
      if (filter.campaign !== null) where.push(`campaign = ${bind(filter.campaign)}`);
      if (filter.state !== null) where.push(`status = ${bind(filter.state)}`);
      if (filter.meeting === 'cancelled') where.push(`meeting_status = 'cancelled'`);
      else if (filter.meeting === 'booked') where.push(`meeting_status = 'confirmed'`);
      else if (filter.meeting !== null) where.push(`meeting_status = 'confirmed' AND outcome = ${bind(filter.meeting)}`);
      if (filter.rep !== null) {
        const rep = bind(filter.rep);
        where.push(`(host_id = ${rep} OR meeting_host_id = ${rep})`);
      }
      if (filter.since !== null) where.push(`received_at >= ${bind(iso(filter.since))}`);
      if (filter.until !== null) where.push(`received_at < ${bind(iso(filter.until))}`);
      // The keyset: the leads_received index read backwards from just before the cursor.
      if (after !== null) where.push(`(received_at, id) < (${bind(iso(after.receivedAt))}::timestamptz, ${bind(after.id)}::bigint)`);
      const { rows } = await session.query<Row>(
        `SELECT ${COLUMNS} FROM leads ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY received_at DESC, id DESC LIMIT ${bind(limit + 1)}`,
        values,
      );
      const leads = rows.slice(0, limit).map(fromRow);
      const last = leads[leads.length - 1];
      return { leads, next: rows.length > limit && last ? { receivedAt: last.receivedAt, id: last.id } : null };
    },

    async handoffs(limit) {
      // NULLS FIRST: where SQLite puts a lead handed off before handed_off_at was kept.
      const { rows } = await session.query<Row & { handed_off_at: string | null }>(
        `SELECT ${COLUMNS}, handed_off_at FROM leads WHERE ${WAITING} ORDER BY handed_off_at NULLS FIRST, id LIMIT $1`,
        [limit],
      );
      const waiting: HandoffRow[] = [];
      for (const row of rows) {
        waiting.push({ ...fromRow(row), handedOffAt: Date.parse(row.handed_off_at ?? row.received_at), reason: await reasonFor(row.id) });
      }
      return waiting;
    },

    async acknowledge(leadId, now) {
      const { rowCount } = await session.query(`UPDATE leads SET handoff_acknowledged_at = $1 WHERE id = $2 AND ${WAITING}`, [iso(now), leadId]);
      return (rowCount ?? 0) > 0;
    },

    async isWaiting(leadId) {
      const { rowCount } = await session.query(`SELECT 1 FROM leads WHERE id = $1 AND ${WAITING}`, [leadId]);
      return (rowCount ?? 0) > 0;
    },
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
