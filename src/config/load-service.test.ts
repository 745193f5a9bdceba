import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFolderRemovedAfterAll, DEFAULT_SMTP_LIMITS, demoConfigYaml, errorsOf, loaded, memberYaml } from '../../test/support/config-files.js';
import { formatConfigError, loadConfig, type ConfigOverrides } from './load.js';
import type { LlmConfig } from './types.js';

const folder = configFolderRemovedAfterAll();

// Line numbers in the expectations count from this template: `service` lines start at line 3.
const config = (service = '') => demoConfigYaml({ service, team: memberYaml('Alice', 'Europe/London'), campaign: '    team: [alice]\n' });

const load = (service: string, env: Record<string, string> = {}, overrides: ConfigOverrides = {}) =>
  loadConfig({ file: folder.write(config(service)), env, overrides });

describe('service: defaults and values from the file', () => {
  it('fills in the SMTP limits, no TLS, no users, no token, no LLM and the real Google API', () => {
    const { service } = loaded(load(''));
    expect(service.smtp).toMatchObject({ ...DEFAULT_SMTP_LIMITS, tls: null, users: [] });
    expect(service.http.accessToken).toBeNull();
    expect(service.llm).toBeNull();
    expect(service.googleApiRootUrl).toBe('https://www.googleapis.com/');
  });

  it('serves service.domain and other_domains; postmaster mail goes to the first campaign\'s owner unless the file names an address', () => {
    const defaults = loaded(load('')).service;
    expect(defaults.servedDomains).toEqual(['meet.example.com']);
    expect(defaults.postmaster).toBe('alice@example.com');
    const written = loaded(load('  other_domains: [Events.Example.com]\n  postmaster: Ops@Example.com\n')).service;
    expect(written.servedDomains).toEqual(['meet.example.com', 'events.example.com']);
    expect(written.postmaster).toBe('ops@example.com');
    expect(errorsOf(load('  postmaster: ops\n'))).toEqual(['3:15: service.postmaster: "ops" is not a valid email address']);
    expect(errorsOf(load('  postmaster: ops@meet.example.com\n'))).toEqual([
      '3:15: service.postmaster: "ops@meet.example.com" is on a domain this service receives mail for, so what it forwards there would come back to it; give an address elsewhere',
    ]);
  });

  it('reads SMTP settings, TLS files relative to the file, and passwords from the environment', () => {
    const yaml = config(`  smtp:
    max_recipients: 5
    max_connections: 10
    max_connections_per_ip_per_minute: 3
    idle_timeout_seconds: 30
    tls: { key: key.pem, cert: cert.pem }
    users:
      - { username: mx, password_env: MX_PASSWORD }
`);
    const file = folder.write(yaml, ['key.pem', 'cert.pem']);
    const { smtp } = loaded(loadConfig({ file, env: { MX_PASSWORD: 's3cret' } })).service;
    expect(smtp).toMatchObject({
      maxRecipients: 5,
      maxConnections: 10,
      maxConnectionsPerIpPerMinute: 3,
      idleTimeoutSeconds: 30,
      tls: { keyFile: join(dirname(file), 'key.pem'), certFile: join(dirname(file), 'cert.pem') },
      users: [{ username: 'mx', password: 's3cret' }],
    });
  });

  it('takes the web token from the named variable, and HTTP_ACCESS_TOKEN over it', () => {
    const service = '  http: { host: 0.0.0.0, access_token_env: WEB_TOKEN }\n';
    expect(loaded(load(service, { WEB_TOKEN: 'from-file' })).service.http.accessToken).toBe('from-file');
    const env = { WEB_TOKEN: 'from-file', HTTP_ACCESS_TOKEN: 'from-env' };
    expect(loaded(load(service, env)).service.http.accessToken).toBe('from-env');
  });

  it('reads the Google API root from GOOGLE_API_ROOT_URL, ending it in "/"', () => {
    const { service } = loaded(load('', { GOOGLE_API_ROOT_URL: 'http://127.0.0.1:9400' }));
    expect(service.googleApiRootUrl).toBe('http://127.0.0.1:9400/');
  });
});

describe('service: the LLM is used only when OPENAI_API_KEY or OPENAI_BASE_URL is set', () => {
  const tuned = '  llm: { model: gpt-4.1, timeout_seconds: 7.5, token_budget_per_conversation: 900 }\n';
  const cases: { name: string; service: string; env: Record<string, string>; llm: LlmConfig | null }[] = [
    { name: 'no OPENAI_* variables: rules engine only', service: tuned, env: {}, llm: null },
    {
      name: 'OPENAI_MODEL alone does not switch it on',
      service: '',
      env: { OPENAI_MODEL: 'gpt-4o' },
      llm: null,
    },
    {
      name: 'a key: the default model and limits',
      service: '',
      env: { OPENAI_API_KEY: 'sk-test' },
      llm: {
        apiKey: 'sk-test', baseUrl: null, model: 'gpt-4o-mini', timeoutMs: 20_000, tokenBudgetPerConversation: 20_000, phraseReplies: false,
      },
    },
    {
      name: 'a base URL alone (a local model): no key, the file\'s settings',
      service: tuned,
      env: { OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' },
      llm: {
        apiKey: null, baseUrl: 'http://127.0.0.1:11434/v1', model: 'gpt-4.1', timeoutMs: 7500, tokenBudgetPerConversation: 900, phraseReplies: false,
      },
    },
    {
      name: 'OPENAI_MODEL over the file\'s model',
      service: tuned,
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'gpt-4o' },
      llm: { apiKey: 'sk-test', baseUrl: null, model: 'gpt-4o', timeoutMs: 7500, tokenBudgetPerConversation: 900, phraseReplies: false },
    },
  ];

  it.each(cases)('$name', ({ service, env, llm }) => {
    expect(loaded(load(service, env)).service.llm).toEqual(llm);
  });
});

describe('service: the web API needs a token anywhere but loopback', () => {
  it.each(['127.0.0.1', '127.3.2.1', 'localhost', '::1', '"[::1]"'])('%s needs none', (host) => {
    expect(loaded(load(`  http: { host: ${host} }\n`)).service.http.host).toBe(host.replaceAll('"', ''));
  });

  it('is satisfied by HTTP_ACCESS_TOKEN', () => {
    const { http } = loaded(load('', { HTTP_HOST: '0.0.0.0', HTTP_ACCESS_TOKEN: 'tok' })).service;
    expect(http).toMatchObject({ host: '0.0.0.0', accessToken: 'tok' });
  });

  const advice = 'requires an access token: set http.access_token_env or HTTP_ACCESS_TOKEN';
  const cases: {
    name: string;
    service: string;
    env?: Record<string, string>;
    overrides?: ConfigOverrides;
    errors: string[];
  }[] = [
    {
      name: 'a host from the file, at the host',
      service: '  http:\n    host: 0.0.0.0\n',
      errors: [`4:11: service.http.host: listening on 0.0.0.0 ${advice}`],
    },
    {
      name: 'a host from the environment, naming the variable',
      service: '',
      env: { HTTP_HOST: '10.0.0.5' },
      errors: [`0:0: HTTP_HOST: listening on 10.0.0.5 ${advice}`],
    },
    {
      name: 'a host from a flag, naming the flag, even when the file\'s host was loopback',
      service: '  http: { host: 127.0.0.1 }\n',
      overrides: { httpHost: '::' },
      errors: [`0:0: --http-host: listening on :: ${advice}`],
    },
  ];

  it.each(cases)('$name', ({ service, env, overrides, errors }) => {
    expect(errorsOf(load(service, env, overrides))).toEqual(errors);
  });

  it('names the source of a host given outside the file', () => {
    const result = load('', {}, { httpHost: '0.0.0.0' });
    expect(result.ok ? [] : result.errors.map(formatConfigError)).toEqual([
      `command line: --http-host: listening on 0.0.0.0 ${advice}`,
    ]);
  });
});

describe('service: errors name the line and column, or the variable', () => {
  const cases = [
    {
      name: 'a password variable that is not set, at its name',
      service: '  smtp:\n    users:\n      - username: mx\n        password_env: MX_PASSWORD\n',
      env: {},
      errors: ['6:23: service.smtp.users[0].password_env: environment variable "MX_PASSWORD" is not set'],
    },
    {
      name: 'a password variable that is empty',
      service: '  smtp:\n    users:\n      - username: mx\n        password_env: MX_PASSWORD\n',
      env: { MX_PASSWORD: '' },
      errors: ['6:23: service.smtp.users[0].password_env: environment variable "MX_PASSWORD" is empty'],
    },
    {
      name: 'a token variable that is not set (and no second complaint about the missing token)',
      service: '  http:\n    host: 0.0.0.0\n    access_token_env: WEB_TOKEN\n',
      env: {},
      errors: ['5:23: service.http.access_token_env: environment variable "WEB_TOKEN" is not set'],
    },
    {
      name: 'something that is not a variable name',
      service: '  http: { access_token_env: "my secret" }\n',
      env: {},
      errors: [
        '3:29: service.http.access_token_env: "my secret" is not an environment variable name (letters, digits and "_")',
      ],
    },
    {
      name: 'a missing certificate file',
      service: '  smtp:\n    tls: { key: key.pem, cert: cert.pem }\n',
      env: {},
      errors: [
        expect.stringMatching(
          /^4:32: service\.smtp\.tls\.cert: TLS certificate file "cert\.pem" not found \(looked for \/.+\/cert\.pem\)$/,
        ),
      ],
    },
    {
      name: 'LLM timeout out of range',
      service: '  llm:\n    timeout_seconds: 0\n',
      env: {},
      errors: ['4:22: service.llm.timeout_seconds: must be at least 1, got 0'],
    },
  ];

  it.each(cases)('$name', ({ service, env, errors }) => {
    const file = folder.write(config(service), ['key.pem']);
    expect(errorsOf(loadConfig({ file, env }))).toEqual(errors);
  });

  it('rejects OPENAI_BASE_URL and GOOGLE_API_ROOT_URL that are not http(s) URLs', () => {
    const result = load('', { OPENAI_BASE_URL: 'localhost:11434', GOOGLE_API_ROOT_URL: 'ftp://google' });
    expect(result.ok ? [] : result.errors.map(formatConfigError)).toEqual([
      'environment: OPENAI_BASE_URL: "localhost:11434" is not an http:// or https:// URL',
      'environment: GOOGLE_API_ROOT_URL: "ftp://google" is not an http:// or https:// URL',
    ]);
  });
});
