import { describe, expect, it } from 'vitest';
import { configFolderRemovedAfterAll, demoConfigYaml, errorsOf, loaded, memberYaml } from './support/config-files.js';
import { loadConfig } from '../src/config/load.js';

const folder = configFolderRemovedAfterAll();

// `service` lines start at line 3 of this template.
const load = (smtp: string) =>
  loadConfig({
    file: folder.write(demoConfigYaml({ service: `  smtp:\n${smtp}`, team: memberYaml('Alice', 'Europe/London'), campaign: '    team: [alice]\n' })),
    env: {},
  });

describe('service.smtp: connections per IP and deadlines', () => {
  it('defaults to 10 connections per IP, a 600 s session and a 300 s DATA', () => {
    expect(loaded(load('    port: 2525\n')).service.smtp).toMatchObject({
      maxConnections: 100,
      maxConnectionsPerIp: 10,
      sessionTimeoutSeconds: 600,
      dataTimeoutSeconds: 300,
    });
  });

  it('keeps the default per-IP cap below a smaller max_connections', () => {
    expect(loaded(load('    max_connections: 5\n')).service.smtp.maxConnectionsPerIp).toBe(4);
  });

  it('reads the settings from the file', () => {
    const smtp = '    max_connections: 40\n    max_connections_per_ip: 39\n    session_timeout_seconds: 900\n    data_timeout_seconds: 600\n';
    expect(loaded(load(smtp)).service.smtp).toMatchObject({ maxConnectionsPerIp: 39, sessionTimeoutSeconds: 900, dataTimeoutSeconds: 600 });
  });

  it('refuses a per-IP cap that is not below max_connections, at its line', () => {
    expect(errorsOf(load('    max_connections: 20\n    max_connections_per_ip: 20\n'))).toEqual([
      '5:29: service.smtp.max_connections_per_ip: 20 must be below max_connections (20), so that one address cannot take every connection',
    ]);
    expect(errorsOf(load('    max_connections_per_ip: 500\n'))).toEqual([
      '4:29: service.smtp.max_connections_per_ip: 500 must be below max_connections (100), so that one address cannot take every connection',
    ]);
  });

  it('refuses deadlines that are not whole seconds from 1', () => {
    expect(errorsOf(load('    session_timeout_seconds: 0\n    data_timeout_seconds: 1.5\n'))).toEqual([
      '4:30: service.smtp.session_timeout_seconds: 0 is not a whole number from 1 to 86400',
      '5:27: service.smtp.data_timeout_seconds: 1.5 is not a whole number from 1 to 3600',
    ]);
  });
});
