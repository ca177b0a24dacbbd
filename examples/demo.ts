/**
 * `npm run demo`: one streamText call with a tool through responses-bridge, shown as it streams
 * as one row per Chat Completions chunk the endpoint sends: the chunk, the Responses events it
 * became, the AI SDK parts those became; then the answer and the final Response with its usage.
 *
 * With no OPENAI_BASE_URL it starts the embedded replay server, which replays a recorded provider
 * stream (no model is called, no key or network needed). With OPENAI_BASE_URL (and OPENAI_API_KEY,
 * MODEL or --model) it talks to that endpoint. A failure (an endpoint that cannot be reached, an
 * error in the stream, a wrong flag) is one line on stderr and a non-zero exit.
 *
 *   npm run demo                                   replay deepseek-reasoner-reasoning-tool-call
 *   npm run demo -- --fixture NAME                 replay another recording (--list shows them)
 *   npm run demo -- --json                         every chunk, event and part as JSON lines
 *   OPENAI_BASE_URL=http://localhost:11434/v1 MODEL=qwen3:8b npm run demo
 */
import { jsonSchema, stepCountIs, streamText, type ToolSet, tool } from 'ai';
import type { Response } from 'openai/resources/responses/responses';
import { createResponsesBridge } from '../src/index';
import { ChunkRows } from './demo/chunk-rows';
import { createChunkTap } from './demo/chunk-tap';
import { DemoUsageError, demoUsage, parseDemoOptions } from './demo/demo-options';
import { createPaint, DemoTable, wrapWords } from './demo/demo-table';
import { describeError } from './demo/describe-error';
import { recordedPrompts } from './replay/recorded-prompts.mjs';
import {
  defaultFixture,
  listFixtures,
  readFixture,
  startReplayServer,
} from './replay/replay-chat-server.mjs';

/** The demo's one line about what went wrong, and its exit code. */
function fail(message: string, code = 1): never {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(code);
}

let options: ReturnType<typeof parseDemoOptions>;
try {
  options = parseDemoOptions(process.argv.slice(2), process.env);
} catch (error) {
  if (error instanceof DemoUsageError) fail(error.message, 2);
  throw error;
}
if (options.help) {
  console.log(demoUsage);
  process.exit(0);
}
if (options.list) {
  console.log(listFixtures().join('\n'));
  process.exit(0);
}

// `npm run demo -- --json | head` closes stdout early: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  fail(describeError(error));
});

const { json } = options;
const isTTY = process.stdout.isTTY === true && !json;
const paint = createPaint(options.color && isTTY);
const width = Math.max(90, Math.min(process.stdout.columns ?? 120, 160));
const emitJson = (line: unknown) => console.log(JSON.stringify(line));

let liveText = '';
function clearProgress() {
  if (isTTY) process.stdout.write('\r\x1b[K');
}
const table = new DemoTable(width, paint, (line) => {
  clearProgress();
  console.log(line);
});
const rows = new ChunkRows((group) => {
  if (!json) table.print(group);
});
function progress() {
  if (!isTTY) return;
  const { chunks, events, parts } = rows.counts;
  const tail = liveText.replace(/\s+/g, ' ').slice(-50);
  process.stdout.write(
    `\r\x1b[K${paint.dim(`streaming… ${chunks} chunks → ${events} events → ${parts} parts`)} ${tail}`,
  );
}

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

/** The prompt to send and the line that shows it. */
function choosePrompt(fixture: string | undefined): { prompt: string; shown: string } {
  if (options.prompt !== undefined) {
    const note = fixture
      ? paint.dim(' (the replay answers with the recording whatever is asked)')
      : '';
    return { prompt: options.prompt, shown: `${options.prompt}${note}` };
  }
  if (fixture === undefined) {
    const prompt = 'What is the weather in San Francisco?';
    return { prompt, shown: prompt };
  }
  const recorded = recordedPrompts[fixture];
  if (recorded === undefined) {
    return {
      prompt: 'Hello',
      shown: paint.dim(
        '(not recorded with this stream: the demo sends "Hello"; the replay answers with the recording)',
      ),
    };
  }
  return {
    prompt: recorded.prompt,
    shown: `${recorded.prompt} ${paint.dim(`(as recorded: ${recorded.source})`)}`,
  };
}

async function main() {
  const realBaseURL = process.env.OPENAI_BASE_URL || undefined;
  let baseURL = realBaseURL;
  let modelId = options.model ?? process.env.MODEL ?? 'gpt-4o-mini';
  let close = async () => {};
  let lines: string[] = [];
  const fixture = realBaseURL === undefined ? (options.fixture ?? defaultFixture) : undefined;
  if (fixture !== undefined) {
    try {
      lines = readFixture(fixture);
    } catch (error) {
      // "No recording named …. Try one of: …", the whole list.
      fail(error instanceof Error ? error.message : String(error), 2);
    }
    const replay = await startReplayServer({ fixture });
    baseURL = replay.baseURL;
    close = replay.close;
    modelId = JSON.parse(lines.find((line) => JSON.parse(line).model) ?? '{}').model || 'replay';
    if (!json) {
      console.log(
        `${paint.bold('REPLAY')} of the recorded stream ${paint.bold(fixture)} (test/fixtures/chat-streams), served by a`,
      );
      console.log(
        `loopback Chat Completions server at ${baseURL}. No model is called; the tool's answer turn is synthesized.`,
      );
      console.log(
        paint.dim('Set OPENAI_BASE_URL (and OPENAI_API_KEY, MODEL) to use a real endpoint.\n'),
      );
    }
  } else if (!json) {
    console.log(`${paint.bold('LIVE')} ${baseURL}, model ${paint.bold(modelId)}\n`);
  }
  const { prompt, shown } = choosePrompt(fixture);
  if (!json) {
    for (const line of wrapWords(`${paint.bold('prompt:')} ${shown}`, width, '        ')) {
      console.log(line);
    }
    console.log();
  }

  let finalResponse: Response | undefined;
  let failure: unknown;
  const provider = createResponsesBridge({
    baseURL,
    fetch: createChunkTap(({ step, index, text }) => {
      const row = rows.chunk(step, index, text);
      if (json) emitJson({ lane: 'chat', step, index, chunk: row.chunk.payload });
    }),
    onEvent: (event) => {
      const row = rows.event(event);
      if (json) emitJson({ lane: 'responses', step: row?.step, index: row?.index, event });
    },
    onResponse: (response) => {
      finalResponse = response;
    },
  });

  const timer = setInterval(progress, 80);
  try {
    const result = streamText({
      model: provider(modelId),
      prompt,
      tools: toolsFor(lines),
      stopWhen: stepCountIs(3),
      maxRetries: 0,
      // Each event also comes as a `raw` part just before the parts it maps to: that ties
      // every part to its event, and so to its chunk.
      includeRawChunks: true,
      // The default prints the error with its stack; the demo says it once, at the end.
      onError: ({ error }) => {
        failure ??= error;
      },
    });
    for await (const part of result.fullStream) {
      const row = rows.part(part);
      if (part.type === 'error') failure ??= part.error;
      if (part.type === 'text-delta') liveText += part.text;
      if (json && part.type !== 'raw') {
        emitJson({ lane: 'ai-sdk', step: row?.step, index: row?.index, part });
      }
    }
    clearInterval(timer);
    rows.end();
    clearProgress();
    if (json) {
      emitJson({
        lane: 'final',
        response: finalResponse,
        ...(failure !== undefined ? { error: describeError(failure) } : {}),
      });
    } else {
      const answer = failure === undefined ? await result.text : liveText;
      if (answer !== '' || failure === undefined) {
        const label = failure === undefined ? 'answer:' : 'answer (cut short):';
        console.log();
        // Wrapped at word boundaries, paragraph by paragraph.
        `${paint.bold(label)} ${answer}`.split('\n').forEach((paragraph) => {
          for (const line of wrapWords(paragraph, width, '  ')) console.log(line);
          if (paragraph.trim() === '') console.log();
        });
      }
      if (finalResponse) printResponse(finalResponse);
    }
  } finally {
    clearInterval(timer);
    await close();
  }
  if (failure !== undefined) fail(describeError(failure));
}

function printResponse(response: Response) {
  const usage = response.usage;
  console.log(
    `\n${paint.bold('final Response')} ${response.id} ${paint.dim(`(${response.status})`)}`,
  );
  for (const item of response.output) {
    const detail =
      item.type === 'message'
        ? JSON.stringify(response.output_text.slice(0, 60))
        : item.type === 'function_call'
          ? `${item.name}(${item.arguments})`
          : item.type === 'reasoning'
            ? `${item.summary.length} summary / ${item.content?.length ?? 0} text part(s)${item.encrypted_content ? ', signed' : ''}`
            : '';
    console.log(`  ${item.type.padEnd(14)} ${paint.dim(item.id ?? '')} ${detail}`);
  }
  if (usage) {
    console.log(
      `  usage: ${usage.input_tokens} in (${usage.input_tokens_details.cached_tokens} cached), ${usage.output_tokens} out (${usage.output_tokens_details.reasoning_tokens} reasoning), ${usage.total_tokens} total`,
    );
  }
  console.log(paint.dim('  (the last step’s Response; each step of the tool loop has its own)'));
}

process.on('unhandledRejection', (reason) => fail(describeError(reason)));
main().catch((error: unknown) => {
  clearProgress();
  fail(describeError(error));
});
