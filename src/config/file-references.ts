/** Files the configuration names (calendars, keys, certificates) must exist when it is loaded. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { quote, type PathIssue, type PathSegment } from './issues.js';
import { asEntry, asList, isString, nodeAt, valueIssue } from './raw.js';

interface FileReference {
  path: PathSegment[];
  /** What the file is, as the error names it. */
  label: string;
}

export function checkFiles(raw: unknown, baseDir: string): PathIssue[] {
  return fileReferences(raw).flatMap(({ path, label }) => {
    const file = nodeAt(raw, path);
    if (!isString(file) || file.trim() === '') return [];
    const absolute = resolve(baseDir, file);
    if (isReadableFile(absolute)) return [];
    return [valueIssue(path, `${label} ${quote(file)} not found (looked for ${absolute})`)];
  });
}

function fileReferences(raw: unknown): FileReference[] {
  const tls: FileReference[] = [
    { path: ['service', 'smtp', 'tls', 'key'], label: 'TLS key file' },
    { path: ['service', 'smtp', 'tls', 'cert'], label: 'TLS certificate file' },
  ];
  const team = asList(asEntry(raw)?.['team']).flatMap((_, index): FileReference[] => {
    const calendar: PathSegment[] = ['team', index, 'calendar'];
    const ics = nodeAt(raw, [...calendar, 'ics']);
    const icsPaths = Array.isArray(ics) ? ics.map((_file, i) => [...calendar, 'ics', i]) : [[...calendar, 'ics']];
    return [
      ...icsPaths.map((path) => ({ path, label: 'calendar file' })),
      { path: [...calendar, 'credentials', 'service_account_key_file'], label: 'service account key file' },
    ];
  });
  return [...tls, ...team];
}

function isReadableFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
