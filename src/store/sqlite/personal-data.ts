import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from './database.js';
import type { ForgetOutcome, PersonalData } from '../personal-data.js';
import type { Synchronous } from './transactions.js';
import { iso } from '../rows/iso.js';
import { personMeeting, personMessage, personRecord, withoutColleague, type MeetingRow, type MessageRow, type PersonRows, type Scope } from '../rows/personal-data.js';

const placeholder = (what: string, id: number) => `forgotten-${what}${id}@forgotten.invalid`;
const ids = (values: number[]) => JSON.stringify(values);

/**
 * Forget and export by address. Erasing overwrites in place (every connection runs with
 * secure_delete on, so no earlier version of a row lingers in free space) and then checkpoints
 * the WAL, so the address and the words are gone from the database files, not only from the
 * rows; body files are deleted. Lead, conversation, booking and message rows stay
 * (without anything personal), so every report still counts the lead, its meeting and its mail.
 */
export function createPersonalData(db: Db, bodiesDir: string | null): Synchronous<PersonalData, 'export' | 'forget' | 'purgeBodies'> {
  const record = db.prepare(`INSERT INTO privacy_requests (kind, requested_by, at, leads, messages) VALUES (?, ?, ?, ?, ?)`);

  function scope(email: string): Scope {
    const address = email.toLowerCase();
    const own = db.prepare(`SELECT id FROM leads WHERE email = ? ORDER BY id`).pluck().all(address) as number[];
    const joined = db.prepare(`SELECT DISTINCT lead_id FROM contacts WHERE email = ? AND lead_id NOT IN (SELECT value FROM json_each(?))`).pluck().all(address, ids(own)) as number[];
    const conversations = db.prepare(`SELECT id FROM conversations WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY id`).pluck().all(ids(own)) as number[];
    // In a thread they joined, the reps' briefs and hand-offs quote them too.
    const messages = db
      .prepare(`SELECT id FROM messages WHERE conversation_id IN (SELECT value FROM json_each(@conversations))
          OR lower(from_address) = @address OR lower(envelope_from) = @address
          OR EXISTS (SELECT 1 FROM json_each(messages.envelope_to) WHERE lower(value) = @address)
          OR (direction = 'out' AND conversation_id IN (SELECT id FROM conversations WHERE lead_id IN (SELECT value FROM json_each(@joined)))
            AND (kind IN ('host_brief', 'handoff') OR instr(lower(visible_text), @address) > 0))
        ORDER BY id`)
      .pluck()
      .all({ conversations: ids(conversations), joined: ids(joined), address }) as number[];
    return { own, conversations, joined, messages };
  }

  async function rawOf(id: number, direction: string, outbound: Buffer): Promise<Buffer | null> {
    if (direction === 'out') return outbound.length > 0 ? outbound : null;
    const body = db.prepare(`SELECT raw, file FROM message_bodies WHERE message_id = ?`).get(id) as { raw: Buffer | null; file: string | null } | undefined;
    if (!body) return null;
    if (body.raw) return body.raw;
    return bodiesDir && body.file ? readFile(join(bodiesDir, body.file)).catch(() => null) : null;
  }

  async function removeBodyFiles(files: string[]): Promise<void> {
    if (!bodiesDir) return;
    await Promise.all(files.map((file) => rm(join(bodiesDir, file), { force: true })));
  }

  /** Empties the messages' bodies and text in place; returns the body files to delete. */
  function eraseMessages(messageIds: number[], erase: 'everything' | 'bodies'): string[] {
    const list = ids(messageIds);
    const files = db.prepare(`SELECT file FROM message_bodies WHERE file IS NOT NULL AND message_id IN (SELECT value FROM json_each(?))`).pluck().all(list) as string[];
    db.prepare(`DELETE FROM message_bodies WHERE message_id IN (SELECT value FROM json_each(?))`).run(list);
    if (erase === 'bodies') {
      db.prepare(`UPDATE messages SET raw = X'', visible_text = NULL WHERE id IN (SELECT value FROM json_each(?))`).run(list);
      return files;
    }
    db.prepare(`DELETE FROM inbound_message_ids WHERE inbound_id IN (SELECT value FROM json_each(?))`).run(list);
    db.prepare(`UPDATE messages SET raw = X'', message_id = NULL, envelope_from = NULL, envelope_to = '[]', remote_address = NULL,
        helo = NULL, error = NULL, from_address = NULL, subject = NULL, visible_text = NULL, understanding = NULL, authentication = NULL
      WHERE id IN (SELECT value FROM json_each(?))`).run(list);
    return files;
  }

  return {
    meetings(email) {
      const { own } = scope(email);
      const rows = db
        .prepare(`SELECT b.id, b.uid, b.sequence, b.campaign, b.host_id, b.start_at, b.end_at FROM bookings b
          WHERE b.status = 'confirmed' AND (b.lead_id IN (SELECT value FROM json_each(?)) OR lower(b.attendee_email) = ?) ORDER BY b.id`)
        .all(ids(own), email.toLowerCase()) as MeetingRow[];
      const hostsOf = db.prepare(`SELECT host_id FROM booking_hosts WHERE booking_id = ? ORDER BY rowid`).pluck();
      return rows.map((row) => personMeeting(row, hostsOf.all(row.id) as string[]));
    },

    async export(email, { now, by }) {
      const found = scope(email);
      const leadIds = [...found.own, ...found.joined];
      if (leadIds.length === 0 && found.messages.length === 0) return null;
      const leadList = ids(leadIds);
      const messageRows = db
        .prepare(`SELECT id, conversation_id, direction, kind, created_at, coalesce(from_address, envelope_from) AS sender, envelope_to,
            subject, visible_text, understanding, raw FROM messages WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)
        .all(ids(found.messages)) as MessageRow[];
      const messages = await Promise.all(messageRows.map(async (row) => personMessage(row, await rawOf(row.id, row.direction, row.raw))));
      const rows: PersonRows = {
        leads: db.prepare(`SELECT id, campaign, email, name, received_at, status FROM leads WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(leadList) as PersonRows['leads'],
        contacts: db.prepare(`SELECT lead_id, email, name, created_at FROM contacts WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(leadList) as PersonRows['contacts'],
        conversations: db.prepare(`SELECT id, lead_id, campaign, subject, state, created_at FROM conversations WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(leadList) as PersonRows['conversations'],
        bookings: db.prepare(`SELECT id, uid, campaign, host_id, attendee_email, start_at, end_at, status FROM bookings WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(leadList) as PersonRows['bookings'],
        decisions: db.prepare(`SELECT conversation_id, message_id, kind, summary, detail, created_at FROM decisions
            WHERE conversation_id IN (SELECT value FROM json_each(?)) OR message_id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(ids(found.conversations), ids(found.messages)) as PersonRows['decisions'],
        webhooks: db.prepare(`SELECT event, endpoint, status, payload, created_at FROM webhook_deliveries
            WHERE lead_id IN (SELECT value FROM json_each(?)) OR instr(lower(payload), ?) > 0 ORDER BY id`).all(leadList, email.toLowerCase()) as PersonRows['webhooks'],
        suppressions: db.prepare(`SELECT campaign, reason, created_at FROM suppressions WHERE email = ? ORDER BY campaign`).all(email.toLowerCase()) as PersonRows['suppressions'],
      };
      const person = personRecord(email.toLowerCase(), rows, messages);
      record.run('export', by, iso(now), leadIds.length, messages.length);
      return person;
    },

    async forget(email, { now, by }) {
      const address = email.toLowerCase();
      const { files, outcome } = db.transaction(() => {
        const found = scope(address);
        const outboundIds = db.prepare(`SELECT id FROM messages WHERE direction = 'out' AND id IN (SELECT value FROM json_each(?))`).pluck().all(ids(found.messages)) as number[];
        const files = eraseMessages(found.messages, 'everything');
        // Their own threads: what the agent decided carries their words and addresses.
        db.prepare(`UPDATE decisions SET detail = '{}', summary = replace(summary, @address, '(forgotten)')
          WHERE conversation_id IN (SELECT value FROM json_each(@conversations)) OR message_id IN (SELECT value FROM json_each(@messages))`)
          .run({ address, conversations: ids(found.conversations), messages: ids(found.messages) });
        for (const leadId of found.own) {
          db.prepare(`UPDATE leads SET email = ?, name = NULL WHERE id = ?`).run(placeholder('lead', leadId), leadId);
          db.prepare(`UPDATE bookings SET attendee_email = ? WHERE lead_id = ?`).run(placeholder('lead', leadId), leadId);
        }
        for (const conversationId of found.conversations) {
          const state = JSON.parse(db.prepare(`SELECT state FROM conversations WHERE id = ?`).pluck().get(conversationId) as string) as Record<string, unknown>;
          db.prepare(`UPDATE conversations SET subject = '', state = ? WHERE id = ?`).run(JSON.stringify({ ...state, attendee: null, guests: [] }), conversationId);
        }
        for (const conversation of db.prepare(`SELECT id, state FROM conversations WHERE lead_id IN (SELECT value FROM json_each(?))`).all(ids(found.joined)) as Array<{ id: number; state: string }>) {
          db.prepare(`UPDATE conversations SET state = ? WHERE id = ?`).run(withoutColleague(conversation.state, address), conversation.id);
        }
        const contacts = db.prepare(`SELECT id FROM contacts WHERE email = ?`).pluck().all(address) as number[];
        for (const contactId of contacts) db.prepare(`UPDATE contacts SET email = ?, name = NULL WHERE id = ?`).run(placeholder('contact', contactId), contactId);
        db.prepare(`UPDATE bookings SET attendee_email = ? WHERE lower(attendee_email) = ?`).run(placeholder('attendee', 0), address);
        // What the team's tools were told (or are still to be told) about them goes too.
        db.prepare(`DELETE FROM webhook_deliveries WHERE lead_id IN (SELECT value FROM json_each(?)) OR instr(lower(payload), ?) > 0`).run(ids(found.own), address);
        const leads = found.own.length + found.joined.length;
        record.run('forget', by, iso(now), leads, found.messages.length);
        return { files, outcome: { leads, messages: found.messages.length, outboundIds } satisfies ForgetOutcome };
      }).immediate();
      await removeBodyFiles(files);
      // Until a checkpoint copies the new pages over the old ones, the old live on in the file.
      db.pragma('wal_checkpoint(TRUNCATE)');
      return outcome;
    },

    async purgeBodies({ before, now }) {
      const { files, count } = db.transaction(() => {
        const messageIds = db
          .prepare(`SELECT id FROM messages WHERE created_at < ? AND status IN ('processed', 'sent', 'failed', 'handed_off')
              AND (length(raw) > 0 OR visible_text IS NOT NULL OR EXISTS (SELECT 1 FROM message_bodies b WHERE b.message_id = messages.id))`)
          .pluck()
          .all(iso(before)) as number[];
        const files = messageIds.length > 0 ? eraseMessages(messageIds, 'bodies') : [];
        if (messageIds.length > 0) record.run('retention', 'service.retention', iso(now), 0, messageIds.length);
        return { files, count: messageIds.length };
      }).immediate();
      await removeBodyFiles(files);
      return count;
    },
  };
}
