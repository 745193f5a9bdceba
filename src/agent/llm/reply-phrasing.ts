import { z } from 'zod';
import { LlmError, type LlmGateway } from './gateway.js';
import { phrasingProblem } from './phrasing-check.js';
import { renderPrompt, type Prompts } from './prompts.js';

export interface PhraseReplyOptions {
  gateway: LlmGateway;
  prompts: Prompts;
  conversationKey: string;
  campaignName: string;
  model?: string | null;
  /** The reply the code wrote; sent unchanged whenever the model's version is not safe. */
  draft: string;
  /** Strings that must appear verbatim in the final text: times, names, links. */
  facts: readonly string[];
  /** ISO 639-1 code of the reply's language. */
  language: string;
}

export interface PhrasedReply {
  text: string;
  /** Who wrote the text that goes out. */
  source: 'llm' | 'draft';
  /** Why the draft was kept (an LlmError code or the failed check); null when the model's text is used. */
  reason: string | null;
}

const TOOL = { name: 'write_reply', description: 'Returns the polished reply to send.' };
const answer = z.object({ text: z.string().min(1).max(20_000).describe('the full reply, ready to send') });

/**
 * Lets the model reword a reply the code wrote. The draft and facts travel as untrusted data
 * (they quote the prospect's name); the model's text is used only when it kept every fact and
 * added no time, day, zone, link or address the draft lacks. Never throws for a model failure.
 */
export async function phraseReply(options: PhraseReplyOptions): Promise<PhrasedReply> {
  const keepDraft = (reason: string): PhrasedReply => ({ text: options.draft, source: 'draft', reason });
  try {
    const { value } = await options.gateway.callTool({
      conversationKey: options.conversationKey,
      model: options.model ?? null,
      instructions: renderPrompt(options.prompts, 'phrase', {
        campaign: options.campaignName,
        language: options.language,
      }),
      data: [
        { label: 'draft', text: options.draft },
        { label: 'facts', text: options.facts.map((fact) => `- ${fact}`).join('\n') },
      ],
      tool: TOOL,
      schema: answer,
    });
    const problem = phrasingProblem(value.text, options.draft, options.facts);
    return problem === null ? { text: value.text, source: 'llm', reason: null } : keepDraft(problem);
  } catch (error) {
    if (error instanceof LlmError) return keepDraft(error.code);
    throw error;
  }
}
