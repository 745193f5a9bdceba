import { describe, expect, it } from 'vitest';
import { configFolderRemovedAfterAll, demoConfigYaml, errorsOf, loaded, memberYaml } from '../../test/support/config-files.js';
import { loadConfig } from './load.js';

const folder = configFolderRemovedAfterAll();
const load = (reminders: string) =>
  loadConfig({ file: folder.write(demoConfigYaml({ team: memberYaml('Alice', 'Europe/London'), campaign: `    team: [alice]\n    meeting:\n      reminders: ${reminders}\n` })), env: {} });

describe('campaigns[].meeting.reminders', () => {
  it('reads lead times in minutes, hours and days, largest first, once each', () => {
    expect(loaded(load('[1h, 2d, 90m, 1h]')).campaigns[0]!.meeting.remindersBeforeMinutes).toEqual([2880, 90, 60]);
    expect(loaded(load('[]')).campaigns[0]!.meeting.remindersBeforeMinutes).toEqual([]);
  });

  it('says how to write one', () => {
    expect(errorsOf(load('[24 hours]'))).toEqual([expect.stringMatching(/campaigns\[0\]\.meeting\.reminders\[0\]: must be a number and a unit, like 24h, 90m or 2d$/)]);
    expect(errorsOf(load('[40d]'))).toEqual([expect.stringMatching(/campaigns\[0\]\.meeting\.reminders\[0\]: must be at most 30d$/)]);
  });
});
