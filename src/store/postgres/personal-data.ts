import type { Session } from './session.js';
import type { ForgetOutcome, PersonalData } from '../personal-data.js';
import { iso } from '../rows/iso.js';
import { personMeeting, personMessage, personRecord, withoutColleague, type MeetingRow, type MessageRow, type PersonRows, type Scope } from '../rows/personal-data.js';

/**
 * Forget and export by address, as the SQLite engine does: lead, conversation, booking and
 * message rows stay (without anything personal), so every report still counts the lead, its
 * meeting and its mail. Erasing is UPDATE and DELETE. PostgreSQL has no secure_delete: the
 * rows' earlier versions stay in the table's pages as dead tuples until a VACUUM (autovacuum, in
 * time) reuses their space, and in the WAL until its segments are recycled (and in any base
 * backup or WAL archive). Nothing here runs VACUUM: it cannot run inside a transaction, and a
 * forget must not wait on one over a whole table.
 */
export function createPostgresPersonalData(session: Session): PersonalData {
  const ids = async (sql: string, values: unknown[]) => (await session.query<{ id: number }>(sql, values)).rows.map((row) => row.id);

  async function record(kind: 'export' | 'forget' | 'retention', by: string, now: number, leads: number, messages: number): Promise<void> {
    await session.query(`INSERT INTO privacy_requests (kind, requested_by, at, leads, messages) VALUES ($1, $2, $3, $4, $5)`, [
      kind,
      by,
      iso(now),
      leads,
      messages,
    ]);
  }

  async function scope(email: string): Promise<Scope> {
    const address = email.toLowerCase();
    const own = await ids(`SELECT id FROM leads WHERE email = $1 ORDER BY id`, [address]);
    const joined = await ids(`SELECT DISTINCT lead_id AS id FROM contacts WHERE email = $1 AND lead_id <> ALL ($2::bigint[]) ORDER BY 1`, [address, own]);
    const conversations = await ids(`SELECT id FROM conversations WHERE lead_id = ANY ($1::bigint[]) ORDER BY id`, [own]);
    // In a thread they joined, the reps' briefs and hand-offs quote them too.
    const messages = await ids(
      `SELECT id FROM messages WHERE conversation_id = ANY ($1::bigint[])
          OR lower(from_address) = $2 OR lower(envelope_from) = $2
          OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(messages.envelope_to) AS t(value) WHERE lower(t.value) = $2)
          OR (direction = 'out' AND conversation_id IN (SELECT id FROM conversations WHERE lead_id = ANY ($3::bigint[]))
            AND (kind IN ('host_brief', 'handoff') OR strpos(lower(visible_text), $2) > 0))
        ORDER BY id`,
      [conversations, address, joined],
    );
    return { own, conversations, joined, messages };
  }

  /** Empties the messages' bodies (a large one's chunks too, in the same commit) and text in place. */
  async function eraseMessages(messageIds: number[], erase: 'everything' | 'bodies'): Promise<void> {
    await session.query(
      `DELETE FROM body_chunks WHERE name IN (SELECT file FROM message_bodies WHERE file IS NOT NULL AND message_id = ANY ($1::bigint[]))`,
      [messageIds],
    );
    await session.query(`DELETE FROM message_bodies WHERE message_id = ANY ($1::bigint[])`, [messageIds]);
    if (erase === 'bodies') {
      await session.query(`UPDATE messages SET raw = ''::bytea, visible_text = NULL WHERE id = ANY ($1::bigint[])`, [messageIds]);
      return;
    }
    await session.query(`DELETE FROM inbound_message_ids WHERE inbound_id = ANY ($1::bigint[])`, [messageIds]);
    await session.query(
      `UPDATE messages SET raw = ''::bytea, message_id = NULL, envelope_from = NULL, envelope_to = '[]', remote_address = NULL,
          helo = NULL, error = NULL, from_address = NULL, subject = NULL, visible_text = NULL, understanding = NULL, authentication = NULL
        WHERE id = ANY ($1::bigint[])`,
      [messageIds],
    );
  }

  /** A colleague forgotten: out of the threads they joined (attendee, guests), the rest of each thread stays. */
  async function leaveThreads(address: string, joined: number[]): Promise<void> {
    // Locked from the read to the write: a turn saving the thread meanwhile on another node waits.
    const { rows } = await session.query<{ id: number; state: string }>(
      `SELECT id, state FROM conversations WHERE lead_id = ANY ($1::bigint[]) ORDER BY id FOR UPDATE`,
      [joined],
    );
    for (const conversation of rows) {
      await session.query(`UPDATE conversations SET state = $1 WHERE id = $2`, [withoutColleague(conversation.state, address), conversation.id]);
    }
  }

  return {
    async meetings(email) {
      const { own } = await scope(email);
      const { rows } = await session.query<MeetingRow>(
        `SELECT id, uid, sequence, campaign, host_id, start_at, end_at FROM bookings
          WHERE status = 'confirmed' AND (lead_id = ANY ($1::bigint[]) OR lower(attendee_email) = $2) ORDER BY id`,
        [own, email.toLowerCase()],
      );
      const hosts = await session.query<{ booking_id: number; host_id: string }>(
        `SELECT booking_id, host_id FROM booking_hosts WHERE booking_id = ANY ($1::bigint[]) ORDER BY rowid`,
        [rows.map((row) => row.id)],
      );
      return rows.map((row) => personMeeting(row, hosts.rows.filter((host) => host.booking_id === row.id).map((host) => host.host_id)));
    },

    async export(email, { now, by }) {
      const address = email.toLowerCase();
      const found = await scope(address);
      const leadIds = [...found.own, ...found.joined];
      if (leadIds.length === 0 && found.messages.length === 0) return null;
      const messages = await session.query<MessageRow & { body: Buffer | null }>(
        `SELECT m.id, m.conversation_id, m.direction, m.kind, m.created_at, coalesce(m.from_address, m.envelope_from) AS sender, m.envelope_to,
            m.subject, m.visible_text, m.understanding, m.raw,
            coalesce(b.raw, (SELECT string_agg(c.bytes, ''::bytea ORDER BY c.seq) FROM body_chunks c WHERE c.name = b.file)) AS body
          FROM messages m LEFT JOIN message_bodies b ON b.message_id = m.id AND m.direction = 'in'
          WHERE m.id = ANY ($1::bigint[]) ORDER BY m.id`,
        [found.messages],
      );
      const leads = await session.query<PersonRows['leads'][number]>(
        `SELECT id, campaign, email, name, received_at, status FROM leads WHERE id = ANY ($1::bigint[]) ORDER BY id`,
        [leadIds],
      );
      const contacts = await session.query<PersonRows['contacts'][number]>(
        `SELECT lead_id, email, name, created_at FROM contacts WHERE lead_id = ANY ($1::bigint[]) ORDER BY id`,
        [leadIds],
      );
      const conversations = await session.query<PersonRows['conversations'][number]>(
        `SELECT id, lead_id, campaign, subject, state, created_at FROM conversations WHERE lead_id = ANY ($1::bigint[]) ORDER BY id`,
        [leadIds],
      );
      const bookings = await session.query<PersonRows['bookings'][number]>(
        `SELECT id, uid, campaign, host_id, attendee_email, start_at, end_at, status FROM bookings WHERE lead_id = ANY ($1::bigint[]) ORDER BY id`,
        [leadIds],
      );
      const decisions = await session.query<PersonRows['decisions'][number]>(
        `SELECT conversation_id, message_id, kind, summary, detail, created_at FROM decisions
          WHERE conversation_id = ANY ($1::bigint[]) OR message_id = ANY ($2::bigint[]) ORDER BY id`,
        [found.conversations, found.messages],
      );
      const webhooks = await session.query<PersonRows['webhooks'][number]>(
        `SELECT event, endpoint, status, payload, created_at FROM webhook_deliveries
          WHERE lead_id = ANY ($1::bigint[]) OR strpos(lower(payload), $2) > 0 ORDER BY id`,
        [leadIds, address],
      );
      const suppressions = await session.query<PersonRows['suppressions'][number]>(
        `SELECT campaign, reason, created_at FROM suppressions WHERE email = $1 ORDER BY campaign COLLATE "C"`,
        [address],
      );
      const rows: PersonRows = {
        leads: leads.rows,
        contacts: contacts.rows,
        conversations: conversations.rows,
        bookings: bookings.rows,
        decisions: decisions.rows,
        webhooks: webhooks.rows,
        suppressions: suppressions.rows,
      };
      // Ours are kept whole in the row; theirs in message_bodies (a large one in body_chunks), until purged.
      const person = personRecord(
        address,
        rows,
        messages.rows.map((row) => personMessage(row, row.direction === 'out' ? (row.raw.length > 0 ? row.raw : null) : row.body)),
      );
      await record('export', by, now, leadIds.length, person.messages.length);
      return person;
    },

    async forget(email, { now, by }) {
      const address = email.toLowerCase();
      return session.transaction(async (): Promise<ForgetOutcome> => {
        const found = await scope(address);
        const outboundIds = await ids(`SELECT id FROM messages WHERE direction = 'out' AND id = ANY ($1::bigint[]) ORDER BY id`, [found.messages]);
        await eraseMessages(found.messages, 'everything');
        // Their own threads: what the agent decided carries their words and addresses.
        await session.query(
          `UPDATE decisions SET detail = '{}', summary = replace(summary, $1, '(forgotten)')
            WHERE conversation_id = ANY ($2::bigint[]) OR message_id = ANY ($3::bigint[])`,
          [address, found.conversations, found.messages],
        );
        await session.query(`UPDATE leads SET email = 'forgotten-lead' || id || '@forgotten.invalid', name = NULL WHERE id = ANY ($1::bigint[])`, [found.own]);
        await session.query(`UPDATE bookings SET attendee_email = 'forgotten-lead' || lead_id || '@forgotten.invalid' WHERE lead_id = ANY ($1::bigint[])`, [
          found.own,
        ]);
        await session.query(
          `UPDATE conversations SET subject = '', state = state || '{"attendee": null, "guests": []}'::jsonb WHERE id = ANY ($1::bigint[])`,
          [found.conversations],
        );
        await leaveThreads(address, found.joined);
        await session.query(`UPDATE contacts SET email = 'forgotten-contact' || id || '@forgotten.invalid', name = NULL WHERE email = $1`, [address]);
        await session.query(`UPDATE bookings SET attendee_email = 'forgotten-attendee0@forgotten.invalid' WHERE lower(attendee_email) = $1`, [address]);
        // What the team's tools were told (or are still to be told) about them goes too.
        await session.query(`DELETE FROM webhook_deliveries WHERE lead_id = ANY ($1::bigint[]) OR strpos(lower(payload), $2) > 0`, [found.own, address]);
        const leads = found.own.length + found.joined.length;
        await record('forget', by, now, leads, found.messages.length);
        return { leads, messages: found.messages.length, outboundIds };
      });
    },

    async purgeBodies({ before, now }) {
      return session.transaction(async () => {
        const messageIds = await ids(
          `SELECT id FROM messages WHERE created_at < $1 AND status IN ('processed', 'sent', 'failed', 'handed_off')
              AND (length(raw) > 0 OR visible_text IS NOT NULL OR EXISTS (SELECT 1 FROM message_bodies b WHERE b.message_id = messages.id))
            ORDER BY id`,
          [iso(before)],
        );
        if (messageIds.length === 0) return 0;
        await eraseMessages(messageIds, 'bodies');
        await record('retention', 'service.retention', now, 0, messageIds.length);
        return messageIds.length;
      });
    },
  };
}
