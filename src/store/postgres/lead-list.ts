import type { Session } from './session.js';
import type { HandoffRow, LeadListStore } from '../lead-list.js';
import { iso } from '../rows/iso.js';
import { LEAD_LIST_COLUMNS as COLUMNS, handOffReason, handoffRow, leadListRow, type HandOffDecision, type HandoffRecord, type LeadListRecord } from '../rows/lead-list.js';

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

export function createPostgresLeadList(session: Session): LeadListStore {
  async function reasonFor(leadId: number): Promise<string> {
    const { rows } = await session.query<HandOffDecision>(HANDED_OFF, [leadId]);
    return handOffReason(rows[0]);
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
      const { rows } = await session.query<LeadListRecord>(
        `SELECT ${COLUMNS} FROM leads ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY received_at DESC, id DESC LIMIT ${bind(limit + 1)}`,
        values,
      );
      const leads = rows.slice(0, limit).map(leadListRow);
      const last = leads[leads.length - 1];
      return { leads, next: rows.length > limit && last ? { receivedAt: last.receivedAt, id: last.id } : null };
    },

    async handoffs(limit) {
      // NULLS FIRST: where SQLite puts a lead handed off before handed_off_at was kept.
      const { rows } = await session.query<HandoffRecord>(
        `SELECT ${COLUMNS}, handed_off_at FROM leads WHERE ${WAITING} ORDER BY handed_off_at NULLS FIRST, id LIMIT $1`,
        [limit],
      );
      const waiting: HandoffRow[] = [];
      for (const row of rows) {
        waiting.push(handoffRow(row, await reasonFor(row.id)));
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
