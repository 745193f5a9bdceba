import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible server speaking the Chat Completions wire protocol, so tests (and
 * benchmarks) drive the real `openai` SDK: scripted tool calls, prose, refusals, slow answers
 * and HTTP errors, with every request body recorded.
 */

export interface TokenCounts {
  prompt_tokens: number;
  completion_tokens: number;
}

export type FakeReply =
  /** A tool call; `arguments` as a string is sent as is (to script malformed JSON). */
  | { kind: 'tool'; name: string | null; arguments: unknown; usage?: TokenCounts }
  | { kind: 'content'; text: string; usage?: TokenCounts }
  | { kind: 'refusal'; text: string; usage?: TokenCounts }
  | { kind: 'error'; status: number; message: string }
  | { kind: 'delay'; ms: number; reply: FakeReply };

export interface RecordedRequest {
  path: string;
  /** The parsed JSON body: model, messages, tools, tool_choice ... */
  body: ChatRequestBody;
  authorization: string | null;
}

export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
  tool_choice?: unknown;
  [key: string]: unknown;
}

export interface FakeOpenAIOptions {
  /** Called once per request, in order; `index` counts requests from 0. */
  respond: (request: RecordedRequest, index: number) => FakeReply | Promise<FakeReply>;
}

export interface FakeOpenAI {
  /** The SDK's baseURL: `http://127.0.0.1:PORT/v1`. */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Calls the tool the request forced (or `name`) with these arguments; usage defaults to an estimate. */
export function toolCall(args: unknown, options: { name?: string; usage?: TokenCounts } = {}): FakeReply {
  return { kind: 'tool', name: options.name ?? null, arguments: args, ...(options.usage ? { usage: options.usage } : {}) };
}

export function content(text: string): FakeReply {
  return { kind: 'content', text };
}

export function refusal(text: string): FakeReply {
  return { kind: 'refusal', text };
}

export function httpError(status: number, message = `scripted ${status}`): FakeReply {
  return { kind: 'error', status, message };
}

export function delay(ms: number, reply: FakeReply): FakeReply {
  return { kind: 'delay', ms, reply };
}

/** Answers the n-th request with the n-th reply; requests past the script are a test bug (500). */
export function inOrder(...replies: FakeReply[]): FakeOpenAIOptions['respond'] {
  return (_request, index) => replies[index] ?? httpError(500, `no scripted reply for request ${index + 1}`);
}

export async function startFakeOpenAI(options: FakeOpenAIOptions): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => send(res, 500, { error: { message: error.message } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/chat/completions')) {
      return send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    }
    const body = JSON.parse(await readBody(req)) as ChatRequestBody;
    const request: RecordedRequest = { path, body, authorization: req.headers.authorization ?? null };
    const index = requests.push(request) - 1;
    let reply = await options.respond(request, index);
    while (reply.kind === 'delay') {
      await wait(reply.ms);
      reply = reply.reply;
    }
    // The client may have given up (timeout) while we waited.
    if (res.destroyed) return;
    if (reply.kind === 'error') {
      return send(res, reply.status, { error: { message: reply.message, type: 'server_error', code: null } });
    }
    send(res, 200, completion(body, reply, index));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Answer = Exclude<FakeReply, { kind: 'error' } | { kind: 'delay' }>;

function completion(body: ChatRequestBody, reply: Answer, index: number) {
  const forced = (body.tool_choice as { function?: { name?: string } } | undefined)?.function?.name;
  const message =
    reply.kind === 'tool'
      ? {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [
            {
              id: `call_${index + 1}`,
              type: 'function',
              function: {
                name: reply.name ?? forced ?? 'unnamed',
                arguments: typeof reply.arguments === 'string' ? reply.arguments : JSON.stringify(reply.arguments),
              },
            },
          ],
        }
      : reply.kind === 'refusal'
        ? { role: 'assistant', content: null, refusal: reply.text }
        : { role: 'assistant', content: reply.text, refusal: null };
  const usage = reply.usage ?? estimate(body, message);
  return {
    id: `chatcmpl-fake-${index + 1}`,
    object: 'chat.completion',
    // Fixed: nothing in the fake reads the clock.
    created: 0,
    model: body.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: reply.kind === 'tool' ? 'tool_calls' : 'stop' }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

/** Deterministic counts from the sizes, about four characters a token. */
function estimate(body: ChatRequestBody, message: unknown): TokenCounts {
  return {
    prompt_tokens: Math.ceil(JSON.stringify(body.messages).length / 4),
    completion_tokens: Math.ceil(JSON.stringify(message).length / 4),
  };
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
