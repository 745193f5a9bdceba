import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { DATA_RULES, renderDataBlocks, type DataBlock } from './untrusted.js';

export type { DataBlock } from './untrusted.js';

/**
 * The one module every model call goes through. It owns the client, the model choice, the
 * timeout, the single retry, token accounting against a per-conversation budget, parsing of
 * every answer with zod and the wrapping of untrusted text. Callers describe a tool and a zod
 * schema; they get back a parsed value or an LlmError, never raw model output.
 */

export type LlmErrorCode = 'timeout' | 'malformed' | 'refused' | 'api_error' | 'over_budget';

export class LlmError extends Error {
  readonly code: LlmErrorCode;
  constructor(code: LlmErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmError';
    this.code = code;
  }
}

/** Where tokens are summed per conversation (the store, or memory in tests). */
export interface UsagePort {
  spent(conversationKey: string): Promise<number>;
  record(conversationKey: string, tokens: number): Promise<void>;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface LlmGatewayOptions {
  apiKey: string | null;
  baseUrl: string | null;
  /** The service default; a request may name another (the campaign's `llmModel`). */
  model: string;
  /** Per attempt; default 20 s. */
  timeoutMs?: number;
  tokenBudgetPerConversation: number;
  usage: UsagePort;
}

export interface ToolRequest<T> {
  /** The budget this call is charged to. */
  conversationKey: string;
  /** Overrides the service default model when set. */
  model?: string | null;
  /** The system prompt: trusted text only (a filled prompt file), never mail. */
  instructions: string;
  /** Untrusted text, each piece in its own delimited block. */
  data: readonly DataBlock[];
  tool: { name: string; description: string };
  /** The tool's arguments: their JSON Schema is generated from it and every answer is parsed by it. */
  schema: z.ZodType<T>;
}

export interface ToolAnswer<T> {
  value: T;
  model: string;
  attempts: number;
  /** Summed over the attempts this call made, failed ones included. */
  usage: TokenUsage;
}

export interface LlmGateway {
  callTool<T>(request: ToolRequest<T>): Promise<ToolAnswer<T>>;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const MAX_ATTEMPTS = 2;
/** Rough size of a token, for endpoints that report no usage: the budget must still bite. */
const CHARS_PER_TOKEN = 4;

export function createLlmGateway(options: LlmGatewayOptions): LlmGateway {
  const client = new OpenAI({
    // A local OpenAI-compatible endpoint may need no key, but the SDK refuses to start without one.
    apiKey: options.apiKey ?? 'no-key',
    baseURL: options.baseUrl ?? 'https://api.openai.com/v1',
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // Retries are ours: one, counted against the budget like any call.
    maxRetries: 0,
  });
  const budget = options.tokenBudgetPerConversation;

  return {
    async callTool<T>(request: ToolRequest<T>): Promise<ToolAnswer<T>> {
      const model = request.model ?? options.model;
      const body = requestBody(model, request);
      const usage: TokenUsage = { promptTokens: 0, completionTokens: 0 };
      let failure: LlmError | null = null;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const spent = await options.usage.spent(request.conversationKey);
        if (spent >= budget) {
          const message = `conversation spent ${spent} of ${budget} tokens`;
          throw new LlmError('over_budget', message, { cause: failure ?? undefined });
        }
        try {
          const completion = await send(client, body);
          const tokens = tokensOf(completion, body);
          usage.promptTokens += tokens.promptTokens;
          usage.completionTokens += tokens.completionTokens;
          await options.usage.record(request.conversationKey, tokens.promptTokens + tokens.completionTokens);
          return { value: readAnswer(completion, request), model, attempts: attempt, usage };
        } catch (error) {
          if (!(error instanceof LlmError) || !retryable(error)) throw error;
          failure = error;
        }
      }
      throw failure!;
    },
  };
}

/** Sums tokens in memory: enough for tests and a single process; the store may offer a durable one. */
export function createMemoryUsage(): UsagePort {
  const spent = new Map<string, number>();
  return {
    spent: async (key) => spent.get(key) ?? 0,
    record: async (key, tokens) => void spent.set(key, (spent.get(key) ?? 0) + tokens),
  };
}

type Body = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

function requestBody<T>(model: string, request: ToolRequest<T>): Body {
  return {
    model,
    messages: [
      { role: 'system', content: `${request.instructions.trim()}\n\n${DATA_RULES}` },
      { role: 'user', content: renderDataBlocks(request.data) },
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: request.tool.name,
          description: request.tool.description,
          parameters: toolParameters(request.schema),
        },
      },
    ],
    // Forcing the tool means any other answer (prose, another tool) is malformed by definition.
    tool_choice: { type: 'function', function: { name: request.tool.name } },
  };
}

/** The input side of the schema (before transforms), without the `$schema` key some endpoints reject. */
function toolParameters(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...parameters } = z.toJSONSchema(schema, { io: 'input' });
  return parameters;
}

async function send(client: OpenAI, body: Body): Promise<ChatCompletion> {
  try {
    return await client.chat.completions.create(body);
  } catch (error) {
    if (error instanceof APIConnectionTimeoutError) {
      throw new LlmError('timeout', 'the model did not answer in time', { cause: error });
    }
    // The SDK's message starts with the HTTP status when there is one.
    if (error instanceof APIError) throw new LlmError('api_error', `model API error: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * A request the endpoint rejected as such (bad key, unknown model, invalid body) fails the same
 * way twice, so it is not retried; a timeout, a dropped connection, 408/409/429 and 5xx may pass.
 */
function retryable(error: LlmError): boolean {
  if (error.code === 'over_budget') return false;
  if (error.code !== 'api_error' || !(error.cause instanceof APIError)) return true;
  const status = error.cause.status;
  return status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
}

function tokensOf(completion: ChatCompletion, body: Body): TokenUsage {
  if (completion.usage) {
    return { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens };
  }
  const estimate = (text: string) => Math.ceil(text.length / CHARS_PER_TOKEN);
  return {
    promptTokens: estimate(JSON.stringify(body.messages)),
    completionTokens: estimate(JSON.stringify(completion.choices[0]?.message ?? '')),
  };
}

function readAnswer<T>(completion: ChatCompletion, request: ToolRequest<T>): T {
  const choice = completion.choices[0];
  const message = choice?.message;
  if (message?.refusal) throw new LlmError('refused', `the model refused: ${message.refusal}`);
  if (choice?.finish_reason === 'content_filter') {
    throw new LlmError('refused', 'the answer was withheld by a content filter');
  }
  const call = message?.tool_calls?.find(
    (candidate) => candidate.type === 'function' && candidate.function.name === request.tool.name,
  );
  if (!call || call.type !== 'function') throw new LlmError('malformed', `the model did not call ${request.tool.name}`);
  let args: unknown;
  try {
    args = JSON.parse(call.function.arguments);
  } catch (cause) {
    throw new LlmError('malformed', `the arguments of ${request.tool.name} are not JSON`, { cause });
  }
  const parsed = request.schema.safeParse(args);
  if (!parsed.success) {
    throw new LlmError('malformed', `the arguments of ${request.tool.name} do not fit: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
