/** The JSON Schema of campaigns.yaml that editors use to autocomplete and flag mistakes. */
import { z } from 'zod';
import { configFileSchema } from './schema/config-file.js';

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configFileSchema, {
    io: 'input',
    // Unknown keys are rejected by a catch-all refinement that JSON Schema cannot express as
    // such; `additionalProperties: false` is what it means.
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def;
      if (def.type === 'object' && def.catchall) jsonSchema.additionalProperties = false;
    },
  });
  return { ...schema, title: 'campaign-agent configuration' };
}
