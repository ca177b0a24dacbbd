/**
 * The embedded default of the demo and the examples: a Chat Completions server on 127.0.0.1 that
 * REPLAYS recorded provider streams from test/fixtures/chat-streams (real recordings; see the
 * README there). It is not a model: it sends the same recording whatever you ask.
 *
 * - A request whose last message is not a tool result gets the recording (default: DeepSeek
 *   reasoning, then a `weather` tool call), paced so that streaming is visible.
 * - A request whose last message is a tool result gets a short answer built from that result,
 *   streamed in the same dialect (`reasoning_content`, then `content`). That turn is synthesized:
 *   no recording holds the second turn of these conversations.
 * - `stream: false` gets the same content as one ChatCompletion.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'test',
  'fixtures',
  'chat-streams',
);

export const defaultFixture = 'deepseek-reasoner-reasoning-tool-call';

/** Names of the recordings that can be replayed. */
export function listFixtures() {
  return readdirSync(fixturesDir)
    .filter((file) => file.endsWith('.jsonl'))
    .map((file) => file.slice(0, -'.jsonl'.length))
    .sort();
}

/** The `data:` payloads of a recording, exactly as the provider sent them. */
export function readFixture(name) {
  if (!listFixtures().includes(name)) {
    throw new Error(`No recording named "${name}". Try one of: ${listFixtures().join(', ')}`);
  }
  return readFileSync(join(fixturesDir, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** The answer turn after a tool result, as DeepSeek-style chunks. */
export function answerChunks(toolMessage, model) {
  let result = toolMessage.content;
  try {
    result = JSON.stringify(JSON.parse(result));
  } catch {
    // Not JSON: quote it as it is.
  }
  const base = {
    id: 'chatcmpl-replay-answer',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
  };
  const words =
    `The tool answered ${result}. (This answer is synthesized by the replay server from the tool result.)`.split(
      /(?<= )/,
    );
  return [
    {
      ...base,
      choices: [
        {
          index: 0,
          delta: { role: 'assistant', reasoning_content: 'The tool has answered; ' },
          finish_reason: null,
        },
      ],
    },
    {
      ...base,
      choices: [
        {
          index: 0,
          delta: { reasoning_content: 'I will report its result.' },
          finish_reason: null,
        },
      ],
    },
    ...words.map((word) => ({
      ...base,
      choices: [{ index: 0, delta: { content: word }, finish_reason: null }],
    })),
    {
      ...base,
      choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: 120,
        completion_tokens: words.length + 12,
        total_tokens: 132 + words.length,
        completion_tokens_details: { reasoning_tokens: 12 },
      },
    },
  ].map((chunk) => JSON.stringify(chunk));
}

/** Folds a chunk stream into the ChatCompletion a non-streaming request would get. */
export function toCompletion(lines) {
  let id = 'chatcmpl-replay';
  let model = 'replay';
  let created = 0;
  let content = '';
  let reasoning = '';
  let finishReason = 'stop';
  let usage;
  const calls = [];
  for (const line of lines) {
    const chunk = JSON.parse(line);
    id = chunk.id || id;
    model = chunk.model || model;
    created = chunk.created || created;
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    if (choice.finish_reason) finishReason = choice.finish_reason;
    const delta = choice.delta ?? {};
    if (typeof delta.content === 'string') content += delta.content;
    if (typeof delta.reasoning_content === 'string') reasoning += delta.reasoning_content;
    for (const call of delta.tool_calls ?? []) {
      const index = call.index ?? calls.length;
      calls[index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } };
      if (call.id) calls[index].id = call.id;
      if (call.function?.name) calls[index].function.name = call.function.name;
      if (call.function?.arguments) calls[index].function.arguments += call.function.arguments;
    }
  }
  const message = { role: 'assistant', content: content || null };
  if (reasoning) message.reasoning_content = reasoning;
  const toolCalls = calls.filter(Boolean);
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message, finish_reason: finishReason }],
    ...(usage ? { usage } : {}),
  };
}

/**
 * Starts the replay server. `fixture` picks the recording; `delayMs` paces the chunks;
 * `onChunk(line)` sees every payload as it is sent (the demo prints them).
 * Returns `{ baseURL, close }`; `baseURL` ends with `/v1`.
 */
export async function startReplayServer({
  fixture = defaultFixture,
  delayMs = 12,
  port = 0,
  onChunk,
} = {}) {
  readFixture(fixture); // fail early on a typo
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const body = await new Promise((resolve) => {
      const parts = [];
      req.on('data', (part) => parts.push(part));
      req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    });
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: `No route ${req.method} ${req.url}` } }));
      return;
    }
    let request;
    try {
      request = JSON.parse(body);
    } catch {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'The body is not JSON.' } }));
      return;
    }
    const last = request.messages?.[request.messages.length - 1];
    const lines = last?.role === 'tool' ? answerChunks(last, request.model) : readFixture(fixture);
    if (!request.stream) {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(toCompletion(lines)));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const line of lines) {
      if (res.destroyed) return;
      onChunk?.(line);
      res.write(`data: ${line}\n\n`);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    res.end('data: [DONE]\n\n');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: boundPort } = server.address();
  return {
    baseURL: `http://127.0.0.1:${boundPort}/v1`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
