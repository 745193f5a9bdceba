/**
 * Writes config/campaigns.schema.json, which campaigns.yaml points editors at (its
 * `# yaml-language-server: $schema=...` line). Run after changing src/config/schema/.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from '../src/config/json-schema.js';

const target = fileURLToPath(new URL('../config/campaigns.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
