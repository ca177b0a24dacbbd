/**
 * `npm run demo`: one streamText call with a tool through responses-bridge, showing side by side,
 * as they arrive, the Chat Completions chunks the endpoint sends, the Responses events they
 * become, and the AI SDK parts the app sees; then the final Response with its usage.
 *
 * With no OPENAI_BASE_URL it starts the embedded replay server, which replays a recorded provider
 * stream (no model is called, no key or network needed). With OPENAI_BASE_URL (and OPENAI_API_KEY,
 * MODEL or --model) it talks to that endpoint.
 *
 *   npm run demo                                   replay deepseek-reasoner-reasoning-tool-call
 *   npm run demo -- --fixture NAME                 replay another recording (--list shows them)
 *   npm run demo -- --json                         every chunk, event and part as JSON lines
 *   OPENAI_BASE_URL=http://localhost:11434/v1 MODEL=qwen3:8b npm run demo
 */
import { jsonSchema, stepCountIs, streamText, type ToolSet, tool } from 'ai';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { createResponsesBridge } from '../src/index';
import {
  defaultFixture,
  listFixtures,
  readFixture,
  startReplayServer,
} from './replay/replay-chat-server.mjs';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};

if (flag('--help') || flag('-h')) {
  console.log(`Usage: npm run demo -- [--fixture NAME] [--model ID] [--prompt TEXT] [--json] [--no-color] [--list]
Without OPENAI_BASE_URL the demo replays a recorded provider stream (no key, no network).`);
  process.exit(0);
}
if (flag('--list')) {
  console.log(listFixtures().join('\n'));
  process.exit(0);
}

// `npm run demo -- --json | head` closes stdout early: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const json = flag('--json');
const useColor =
  !json && !flag('--no-color') && !process.env.NO_COLOR && process.stdout.isTTY === true;
const paint = (code: number) => (text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
const dim = paint(2);
const bold = paint(1);
const laneColors = [paint(36), paint(35), paint(32)]; // chat: cyan, responses: magenta, ai sdk: green

const fixture = option('--fixture') ?? defaultFixture;
const realBaseURL = process.env.OPENAI_BASE_URL || undefined;
const prompt = option('--prompt') ?? 'What is the weather in San Francisco?';

// ── three lanes, each coalescing runs of the same kind: "reasoning-delta ×38" ──────────────────
interface Row {
  label: string;
  count: number;
  sample: string;
}
const lanes: Array<{ rows: Row[]; current: Row | undefined }> = [0, 1, 2].map(() => ({
  rows: [],
  current: undefined,
}));
const counts = [0, 0, 0];
let liveText = '';

function note(lane: number, label: string, sample = '') {
  counts[lane]!++;
  const state = lanes[lane]!;
  if (state.current?.label === label) {
    state.current.count++;
    if (state.current.sample.length < 40) state.current.sample += sample;
    return;
  }
  if (state.current) state.rows.push(state.current);
  state.current = { label, count: 1, sample };
}

const width = Math.max(90, Math.min(process.stdout.columns ?? 120, 160));
const column = Math.floor((width - 6) / 3);
const cell = (row: Row | undefined, lane: number) => {
  if (row === undefined) return ' '.repeat(column);
  const count = row.count > 1 ? ` ×${row.count}` : '';
  const sample = row.sample ? ` ${JSON.stringify(row.sample.slice(0, 40))}` : '';
  const text = `${row.label}${count}${sample}`;
  const fitted = text.length > column ? `${text.slice(0, column - 1)}…` : text.padEnd(column);
  return laneColors[lane]!(fitted);
};

function clearProgress() {
  if (process.stdout.isTTY && !json) process.stdout.write('\r\x1b[K');
}

function flushRows(all: boolean) {
  if (all) {
    for (const state of lanes) {
      if (state.current) state.rows.push(state.current);
      state.current = undefined;
    }
  }
  const ready = all
    ? Math.max(...lanes.map((state) => state.rows.length))
    : Math.min(...lanes.map((state) => state.rows.length));
  if (ready === 0) return;
  clearProgress();
  for (let i = 0; i < ready; i++) {
    console.log(`${lanes.map((state, lane) => cell(state.rows[i], lane)).join(dim(' │ '))}`);
  }
  for (const state of lanes) state.rows.splice(0, ready);
}

function progress() {
  if (json || !process.stdout.isTTY) return;
  const tail = liveText.replace(/\s+/g, ' ').slice(-50);
  process.stdout.write(
    `\r\x1b[K${dim(`streaming… ${counts[0]} chunks → ${counts[1]} events → ${counts[2]} parts`)} ${tail}`,
  );
}

// ── what each lane shows ─────────────────────────────────────────────────────────────────────────
function describeChunk(line: string) {
  if (json) {
    console.log(JSON.stringify({ lane: 'chat', chunk: JSON.parse(line) }));
    return;
  }
  const chunk = JSON.parse(line);
  if (chunk.error) return note(0, 'error payload', chunk.error.message ?? '');
  const choice = chunk.choices?.[0];
  const delta = choice?.delta ?? {};
  const keys = Object.entries(delta)
    .filter(([key, value]) => value !== null && value !== '' && key !== 'role')
    .map(([key]) => key);
  if (choice?.finish_reason) keys.push(`finish_reason:${choice.finish_reason}`);
  if (chunk.usage) keys.push('usage');
  const sample =
    typeof delta.content === 'string'
      ? delta.content
      : typeof delta.reasoning_content === 'string'
        ? delta.reasoning_content
        : (delta.reasoning ?? delta.tool_calls?.[0]?.function?.arguments ?? '');
  note(0, keys.length > 0 ? `delta.${keys.join('+')}` : 'empty chunk', sample);
}

function describeEvent(event: ResponseStreamEvent) {
  if (json) {
    console.log(JSON.stringify({ lane: 'responses', event }));
    return;
  }
  const sample = 'delta' in event && typeof event.delta === 'string' ? event.delta : '';
  const item =
    event.type === 'response.output_item.added' || event.type === 'response.output_item.done'
      ? ` (${event.item.type})`
      : '';
  note(1, `${event.type.replace(/^response\./, '')}${item}`, sample);
}

// ── the call ─────────────────────────────────────────────────────────────────────────────────────
/** Every `data:` payload of the SSE body, as the endpoint sent it (a copy; the body is untouched). */
const tappingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (!response.body || !response.headers.get('content-type')?.includes('event-stream')) {
    return response;
  }
  const [forClient, forDemo] = response.body.tee();
  void (async () => {
    let buffer = '';
    const decoder = new TextDecoder();
    for await (const bytes of forDemo as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(bytes, { stream: true });
      let end = buffer.indexOf('\n');
      while (end >= 0) {
        const line = buffer.slice(0, end).trim();
        buffer = buffer.slice(end + 1);
        if (line.startsWith('data:') && !line.includes('[DONE]'))
          describeChunk(line.slice(5).trim());
        end = buffer.indexOf('\n');
      }
    }
  })().catch(() => {
    // The request was aborted or cut: the client side reports that; the tap just stops.
  });
  return new Response(forClient, response);
};

function toolsFor(lines: string[]): ToolSet {
  const names = new Set<string>(['weather']);
  for (const line of lines) {
    for (const call of JSON.parse(line).choices?.[0]?.delta?.tool_calls ?? []) {
      if (call.function?.name) names.add(call.function.name);
    }
  }
  const tools: ToolSet = {};
  for (const name of names) {
    tools[name] = tool({
      description: name === 'weather' ? 'The current weather at a location' : `The ${name} tool`,
      inputSchema: jsonSchema<Record<string, unknown>>({
        type: 'object',
        properties: name === 'weather' ? { location: { type: 'string' } } : {},
      }),
      execute: async (input) =>
        name === 'weather'
          ? { location: input.location ?? 'San Francisco', temperature: 18, conditions: 'fog' }
          : { ok: true, note: `demo result of ${name}` },
    });
  }
  return tools;
}

async function main() {
  let baseURL = realBaseURL;
  let modelId = option('--model') ?? process.env.MODEL ?? 'gpt-4o-mini';
  let close = async () => {};
  let lines: string[] = [];
  if (baseURL === undefined) {
    lines = readFixture(fixture);
    const replay = await startReplayServer({ fixture });
    baseURL = replay.baseURL;
    close = replay.close;
    modelId = JSON.parse(lines.find((line) => JSON.parse(line).model) ?? '{}').model || 'replay';
    if (!json) {
      console.log(
        `${bold('REPLAY')} of the recorded stream ${bold(fixture)} (test/fixtures/chat-streams), served by a`,
      );
      console.log(
        `loopback Chat Completions server at ${baseURL}. No model is called; the tool's answer turn is synthesized.`,
      );
      console.log(dim('Set OPENAI_BASE_URL (and OPENAI_API_KEY, MODEL) to use a real endpoint.\n'));
    }
  } else if (!json) {
    console.log(`${bold('LIVE')} ${baseURL}, model ${bold(modelId)}\n`);
  }

  let finalResponse: Response | undefined;
  const provider = createResponsesBridge({
    baseURL,
    fetch: tappingFetch,
    onEvent: describeEvent,
    onResponse: (response) => {
      finalResponse = response;
    },
  });

  if (!json) {
    console.log(`${bold('prompt:')} ${prompt}\n`);
    console.log(
      [
        laneColors[0]!(bold('Chat Completions chunk'.padEnd(column))),
        laneColors[1]!(bold('Responses event'.padEnd(column))),
        laneColors[2]!(bold('AI SDK part'.padEnd(column))),
      ].join(dim(' │ ')),
    );
  }
  const timer = setInterval(() => {
    flushRows(false);
    progress();
  }, 80);

  try {
    const result = streamText({
      model: provider(modelId),
      prompt,
      tools: toolsFor(lines),
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    for await (const part of result.fullStream) {
      if (json) {
        console.log(JSON.stringify({ lane: 'ai-sdk', part }));
        continue;
      }
      const sample =
        part.type === 'text-delta' || part.type === 'reasoning-delta'
          ? part.text
          : part.type === 'tool-call'
            ? JSON.stringify(part.input)
            : part.type === 'tool-result'
              ? JSON.stringify(part.output)
              : '';
      if (part.type === 'text-delta') liveText += part.text;
      note(2, part.type, sample);
    }
    clearInterval(timer);
    flushRows(true);
    clearProgress();
    if (json) {
      console.log(JSON.stringify({ lane: 'final', response: finalResponse }));
      return;
    }
    console.log(`\n${bold('answer:')} ${await result.text}`);
    if (finalResponse) {
      const usage = finalResponse.usage;
      console.log(
        `\n${bold('final Response')} ${finalResponse.id} ${dim(`(${finalResponse.status})`)}`,
      );
      for (const item of finalResponse.output) {
        const detail =
          item.type === 'message'
            ? JSON.stringify(finalResponse.output_text.slice(0, 60))
            : item.type === 'function_call'
              ? `${item.name}(${item.arguments})`
              : item.type === 'reasoning'
                ? `${item.summary.length} summary / ${item.content?.length ?? 0} text part(s)${item.encrypted_content ? ', signed' : ''}`
                : '';
        console.log(`  ${item.type.padEnd(14)} ${dim(item.id ?? '')} ${detail}`);
      }
      if (finalResponse.error) console.log(`  error: ${finalResponse.error.message}`);
      if (usage) {
        console.log(
          `  usage: ${usage.input_tokens} in (${usage.input_tokens_details.cached_tokens} cached), ${usage.output_tokens} out (${usage.output_tokens_details.reasoning_tokens} reasoning), ${usage.total_tokens} total`,
        );
      }
      console.log(dim('  (the last step’s Response; each step of the tool loop has its own)'));
    }
  } finally {
    clearInterval(timer);
    await close();
  }
}

main().catch((error: unknown) => {
  clearProgress();
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
