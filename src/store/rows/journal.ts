export interface ThreadRow {
  direction: 'in' | 'out';
  sender: string;
  created_at: string;
  visible_text: string;
}

export interface ProspectMailRow {
  message_id: string;
  envelope_to: string;
}

export function threadMessage(row: ThreadRow): { direction: 'in' | 'out'; from: string; at: number; text: string } {
  return { direction: row.direction, from: row.sender, at: Date.parse(row.created_at), text: row.visible_text };
}

export function prospectMail(row: ProspectMailRow): { messageId: string; envelopeTo: string[] } {
  return { messageId: row.message_id, envelopeTo: JSON.parse(row.envelope_to) as string[] };
}
