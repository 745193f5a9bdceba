import { readFileSync } from 'node:fs';

/**
 * Commits (so fsyncs, with synchronous=FULL) in a database's write-ahead log since it was last
 * truncated (`PRAGMA wal_checkpoint(TRUNCATE)`): the frames whose header carries the database
 * size after the commit, nonzero only on a transaction's last frame
 * (https://sqlite.org/fileformat2.html#walformat). What a test counts to prove that writes
 * shared a transaction, without hooks in the code under test.
 */
export function walCommits(databasePath: string): number {
  const wal = readFileSync(`${databasePath}-wal`);
  if (wal.length === 0) return 0;
  const frameBytes = 24 + wal.readUInt32BE(8);
  let commits = 0;
  for (let frame = 32; frame + frameBytes <= wal.length; frame += frameBytes) if (wal.readUInt32BE(frame + 4) !== 0) commits++;
  return commits;
}
