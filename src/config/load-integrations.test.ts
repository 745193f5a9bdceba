import { describe, expect, it } from 'vitest';
import { configFolderRemovedAfterAll, demoConfigYaml, errorsOf, loaded, memberYaml } from '../../test/support/config-files.js';
import { loadConfig } from './load.js';
import { WEBHOOK_EVENTS } from './webhook-events.js';

const folder = configFolderRemovedAfterAll();
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

const load = (integrations: string, env: Record<string, string> = { WEBHOOK_SECRET: SECRET }) =>
  loadConfig({
    file: folder.write(`${demoConfigYaml({ team: memberYaml('Alice', 'Europe/London'), campaign: '    team: [alice]\n' })}integrations:\n${integrations}`),
    env,
  });

describe('integrations.webhooks', () => {
  it('reads each endpoint with its secret from the environment; every event unless it names some', () => {
    const config = loaded(load(`  webhooks:
    - url: https://hooks.example.com/campaign-agent
      secret_env: WEBHOOK_SECRET
    - url: http://127.0.0.1:9000/crm
      secret_env: WEBHOOK_SECRET
      events: [meeting.booked, outcome.recorded]
`));
    expect(config.integrations.webhooks).toEqual([
      { url: 'https://hooks.example.com/campaign-agent', secret: SECRET, events: WEBHOOK_EVENTS },
      { url: 'http://127.0.0.1:9000/crm', secret: SECRET, events: ['meeting.booked', 'outcome.recorded'] },
    ]);
    expect(loaded(loadConfig({ file: folder.write(demoConfigYaml({ team: memberYaml('Alice', 'Europe/London'), campaign: '    team: [alice]\n' })), env: {} })).integrations.webhooks).toEqual([]);
  });

  it('says what is wrong, where: a bad URL, an unknown event, a missing or malformed secret', () => {
    // Line 12 is "integrations:" in this template.
    expect(errorsOf(load(`  webhooks:
    - url: ftp://hooks.example.com
      secret_env: WEBHOOK_SECRET
      events: [meeting.moved]
`))).toEqual([
      expect.stringMatching(/^14:12: integrations\.webhooks\[0\]\.url: must be an http:\/\/ or https:\/\/ URL$/),
      expect.stringMatching(/^16:16: integrations\.webhooks\[0\]\.events\[0\]: .*meeting\.booked/),
    ]);
    expect(errorsOf(load(`  webhooks:
    - url: https://hooks.example.com
      secret_env: WEBHOOK_SECRET
`, {}))).toEqual(['15:19: integrations.webhooks[0].secret_env: environment variable "WEBHOOK_SECRET" is not set']);
    expect(errorsOf(load(`  webhooks:
    - url: https://hooks.example.com
      secret_env: WEBHOOK_SECRET
`, { WEBHOOK_SECRET: 'hunter2' }))).toEqual([
      '15:19: integrations.webhooks[0].secret_env: environment variable "WEBHOOK_SECRET" must hold a webhook secret: whsec_ followed by base64 of at least 24 bytes',
    ]);
  });
});
