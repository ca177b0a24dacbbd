/**
 * Property tests of the converter (fast-check). They prove, for generated content (reasoning
 * summary and text, answer, refusal, up to three tool calls, any finish reason, usage) rendered
 * as randomly cut and grouped chunk streams (see test/support/arbitraries.ts):
 *
 * 1. how a provider cuts the same content into chunks does not change the final response, and
 *    that response holds exactly the content (texts, calls, arguments, statuses, usage);
 * 2. every such stream gives a valid event sequence (test/support/invariants.ts) whose deltas add up to
 *    the content;
 * 3. the finish reason decides the last event: stop and tool_calls complete, length and
 *    content_filter end incomplete with that reason; a repeated finish reason changes nothing;
 * 4. a stream that throws after any number of chunks ends with `error` then `response.failed`,
 *    keeping everything that streamed before;
 * 5. junk chunks mixed into a stream never make the converter throw, and the sequence still
 *    ends with exactly one final event and stays valid.
 *
 * And for provider formats (test/support/format-arbitraries.ts):
 *
 * 6. custom tool calls, cut and interleaved like function calls, become custom_tool_call items
 *    with their input whole, whatever the chunking;
 * 7. any interleaving of an n > 1 stream gives the Response of its first choice alone;
 * 8. several thinking blocks (LiteLLM), cut and grouped anyhow, keep their texts and signatures,
 *    redacted blocks included, in order;
 * 9. each chunk's logprobs go on its output_text delta, and their concatenation is the part's.
 *
 * "Valid" includes the letter of the Open Responses spec: checkEventSequence validates every
 * event and Response snapshot of every run (test/support/open-responses-schema.ts).
 */
import fc from 'fast-check';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import {
  Choices,
  type ContentScript,
  CREATED,
  contentScriptArb,
  expectedResult,
  type FinishReason,
  junkChunkArb,
  renderScript,
  tapeArb,
} from '../../test/support/arbitraries';
import { collect, sequentialIds } from '../../test/support/fixtures';
import {
  multiChoiceScriptArb,
  renderMultiChoice,
  renderThinking,
  renderTokens,
  thinkingScriptArb,
  tokensArb,
  toLogprobs,
} from '../../test/support/format-arbitraries';
import { checkEventSequence, finalResponseOf } from '../../test/support/invariants';
import { validateResponse } from '../../test/support/open-responses-schema';
import { decodeReasoningEnvelope } from './reasoning-envelope';
import { toResponsesEvents } from './to-responses-events';

const numRuns = 150;

/** The same clock for every run: two conversions must not differ by a second boundary. */
const clock = () => new Date((CREATED + 5) * 1000);

async function convert(
  chunks: Iterable<ChatCompletionChunk> | AsyncIterable<ChatCompletionChunk>,
): Promise<ResponseStreamEvent[]> {
  return collect(toResponsesEvents(chunks, { generateId: sequentialIds(), currentDate: clock }));
}

async function* asAsync<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

const terminalTypes = ['response.completed', 'response.incomplete', 'response.failed'];

function deltasOf(events: ResponseStreamEvent[], type: ResponseStreamEvent['type']): string {
  return events
    .flatMap((event) => (event.type === type && 'delta' in event ? [event.delta as string] : []))
    .join('');
}

describe('toResponsesEvents properties', () => {
  it('1. gives the same final response for any two chunkings of the same content', async () => {
    await fc.assert(
      fc.asyncProperty(contentScriptArb(), tapeArb, tapeArb, async (script, tapeA, tapeB) => {
        const a = renderScript(script, new Choices(tapeA));
        const b = renderScript(script, new Choices(tapeB));
        const responseA = checkEventSequence(await convert(a.chunks));
        const responseB = checkEventSequence(await convert(asAsync(b.chunks)));
        expect(responseB).toStrictEqual(responseA);

        const expected = expectedResult(script, a.ops.flat(), false);
        expect(responseA.output).toEqual(expected.output);
        expect(responseA.usage).toEqual(expected.usage);
        // The content itself, read straight from the script.
        expect(responseA.output_text).toBe(script.text);
        expect(responseA.created_at).toBe(CREATED);
        expect(
          responseA.output
            .flatMap((item) => (item.type === 'function_call' ? [item.arguments] : []))
            .sort(),
        ).toEqual(script.toolCalls.map((call) => call.arguments).sort());
      }),
      { numRuns },
    );
  });

  it('2. turns any chunking into a valid event sequence whose deltas add up to the content', async () => {
    await fc.assert(
      fc.asyncProperty(contentScriptArb(), tapeArb, async (script, tape) => {
        const events = await convert(renderScript(script, new Choices(tape)).chunks);
        checkEventSequence(events);
        for (const event of events) {
          if ('delta' in event) expect(event.delta, `${event.type} carries text`).not.toBe('');
        }
        expect(deltasOf(events, 'response.reasoning_summary_text.delta')).toBe(script.summary);
        expect(deltasOf(events, 'response.reasoning_text.delta')).toBe(script.reasoning);
        expect(deltasOf(events, 'response.output_text.delta')).toBe(script.text);
        expect(deltasOf(events, 'response.refusal.delta')).toBe(script.refusal);
        const argumentsByItem = new Map<string, string>();
        for (const event of events) {
          if (event.type === 'response.function_call_arguments.delta') {
            argumentsByItem.set(
              event.item_id,
              (argumentsByItem.get(event.item_id) ?? '') + event.delta,
            );
          }
        }
        expect([...argumentsByItem.values()].sort()).toEqual(
          script.toolCalls
            .map((call) => call.arguments)
            .filter((args) => args !== '')
            .sort(),
        );
      }),
      { numRuns },
    );
  });

  it('3. maps the finish reason to the last event, whatever follows it', async () => {
    const reasons: FinishReason[] = ['stop', 'length', 'tool_calls', 'content_filter'];
    const expectedEnd: Record<FinishReason, Pick<Response, 'status' | 'incomplete_details'>> = {
      stop: { status: 'completed', incomplete_details: null },
      tool_calls: { status: 'completed', incomplete_details: null },
      length: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
      content_filter: { status: 'incomplete', incomplete_details: { reason: 'content_filter' } },
    };
    await fc.assert(
      fc.asyncProperty(
        contentScriptArb(fc.constantFrom(...reasons)),
        tapeArb,
        fc.option(fc.constantFrom(...reasons), { nil: undefined }),
        async (script, tape, repeated) => {
          const { chunks } = renderScript(script, new Choices(tape));
          if (repeated !== undefined) {
            // OpenRouter repeats the finish reason; the first one stands.
            chunks.push({
              ...chunks[0]!,
              choices: [{ index: 0, delta: {}, finish_reason: repeated, logprobs: null }],
            });
          }
          const events = await convert(chunks);
          const response = checkEventSequence(events);
          const reason = script.finishReason!;
          expect(events.at(-1)?.type).toBe(
            expectedEnd[reason].status === 'completed'
              ? 'response.completed'
              : 'response.incomplete',
          );
          expect(response).toMatchObject(expectedEnd[reason]);
          const status = expectedEnd[reason].status === 'completed' ? 'completed' : 'incomplete';
          // The last item is the one open when the finish reason came.
          const last = response.output.at(-1) as { status?: string } | undefined;
          if (last !== undefined) expect(last.status).toBe(status);
        },
      ),
      { numRuns },
    );
  });

  it('4. fails after an upstream error, keeping what streamed before it', async () => {
    const thrown = fc.oneof(
      fc
        .record({
          message: fc.string({ minLength: 1, maxLength: 10 }),
          code: fc.option(fc.string({ minLength: 1, maxLength: 6 }), { nil: undefined }),
        })
        .map(({ message, code }) => ({
          error: Object.assign(new Error(message), code === undefined ? {} : { code }),
          code: code ?? null,
          message,
        })),
      fc
        .string({ minLength: 1, maxLength: 10 })
        .map((message) => ({ error: message as unknown, code: null, message })),
      fc.constant({
        error: undefined as unknown,
        code: null,
        message: 'The upstream stream failed.',
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        contentScriptArb(),
        tapeArb,
        fc.nat(),
        thrown,
        async (script: ContentScript, tape, at, failure) => {
          const { chunks, ops } = renderScript(script, new Choices(tape));
          const k = at % (chunks.length + 1);
          async function* failing(): AsyncGenerator<ChatCompletionChunk> {
            yield* chunks.slice(0, k);
            throw failure.error;
          }
          const events = await convert(failing());
          const response = checkEventSequence(events);
          expect(events.at(-1)?.type).toBe('response.failed');
          expect(events.at(-2)).toMatchObject({
            type: 'error',
            code: failure.code,
            message: failure.message,
          });
          expect(response.error).toEqual({ code: 'server_error', message: failure.message });
          const expected = expectedResult(script, ops.slice(0, k).flat(), true);
          expect(response.output).toEqual(expected.output);
          expect(response.usage).toEqual(expected.usage);
        },
      ),
      { numRuns },
    );
  });

  it('5. survives junk chunks anywhere: no throw, one final event, a valid sequence', async () => {
    await fc.assert(
      fc.asyncProperty(
        contentScriptArb(),
        tapeArb,
        fc.array(fc.tuple(fc.nat(), junkChunkArb), { minLength: 1, maxLength: 3 }),
        async (script, tape, junk) => {
          const chunks = renderScript(script, new Choices(tape)).chunks;
          for (const [at, chunk] of junk) chunks.splice(at % (chunks.length + 1), 0, chunk);
          const events = await convert(chunks);
          expect(events.filter((event) => terminalTypes.includes(event.type))).toHaveLength(1);
          checkEventSequence(events);
        },
      ),
      { numRuns },
    );
  });
});

describe('toResponsesEvents properties of provider formats', () => {
  it('6. makes custom tool calls custom_tool_call items, whatever the chunking', async () => {
    const withCustomCalls = contentScriptArb(undefined, { customCalls: true }).filter((script) =>
      script.toolCalls.some((call) => call.kind === 'custom'),
    );
    await fc.assert(
      fc.asyncProperty(withCustomCalls, tapeArb, tapeArb, async (script, tapeA, tapeB) => {
        const a = renderScript(script, new Choices(tapeA));
        const b = renderScript(script, new Choices(tapeB));
        const events = await convert(a.chunks);
        const response = checkEventSequence(events);
        expect(finalResponseOf(await convert(b.chunks))).toStrictEqual(response);
        expect(response.output).toEqual(expectedResult(script, a.ops.flat(), false).output);
        const inputs = new Map<string, string>();
        for (const event of events) {
          if (event.type === 'response.custom_tool_call_input.delta') {
            inputs.set(event.item_id, (inputs.get(event.item_id) ?? '') + event.delta);
          }
        }
        expect([...inputs.values()].sort()).toEqual(
          script.toolCalls
            .filter((call) => call.kind === 'custom' && call.arguments !== '')
            .map((call) => call.arguments)
            .sort(),
        );
      }),
      { numRuns },
    );
  });

  it('7. gives the first choice’s response for any interleaving of an n > 1 stream', async () => {
    await fc.assert(
      fc.asyncProperty(multiChoiceScriptArb, tapeArb, async (script, tape) => {
        const rendered = renderMultiChoice(script, new Choices(tape));
        const response = checkEventSequence(await convert(rendered.chunks));
        expect(response).toStrictEqual(finalResponseOf(await convert(rendered.firstChoice)));
        const expected = expectedResult(script.first, rendered.firstOps.flat(), false);
        expect(response.output).toEqual(expected.output);
        expect(response.output_text).toBe(script.first.text);
      }),
      { numRuns },
    );
  });

  it('8. keeps several thinking blocks, texts and signatures in order, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(thinkingScriptArb, tapeArb, tapeArb, async (script, tapeA, tapeB) => {
        const events = await convert(renderThinking(script, new Choices(tapeA)));
        const response = checkEventSequence(events);
        const other = finalResponseOf(await convert(renderThinking(script, new Choices(tapeB))));
        expect(other).toStrictEqual(response);
        const texts = script.blocks.flatMap((block) =>
          block.type === 'thinking' ? [block.thinking] : [],
        );
        const [reasoning, ...rest] = response.output;
        expect(reasoning?.type).toBe('reasoning');
        if (reasoning?.type !== 'reasoning') return;
        expect(reasoning.summary).toEqual([]);
        expect(reasoning.content ?? []).toEqual(
          texts.map((text) => ({ type: 'reasoning_text', text })),
        );
        expect(decodeReasoningEnvelope(reasoning.encrypted_content)).toEqual({
          format: 'thinking_blocks',
          blocks: script.blocks,
        });
        expect(deltasOf(events, 'response.reasoning_text.delta')).toBe(texts.join(''));
        expect(rest.map((item) => item.type)).toEqual(script.text === '' ? [] : ['message']);
        expect(response.output_text).toBe(script.text);
      }),
      { numRuns },
    );
  });

  it('9. puts each chunk’s logprobs on its delta, and all of them, in order, on the part', async () => {
    await fc.assert(
      fc.asyncProperty(tokensArb, tapeArb, tapeArb, async (tokens, tapeA, tapeB) => {
        const rendered = renderTokens(tokens, new Choices(tapeA));
        const events = await convert(rendered.chunks);
        const response = checkEventSequence(events);
        const other = finalResponseOf(
          await convert(renderTokens(tokens, new Choices(tapeB)).chunks),
        );
        expect(other).toStrictEqual(response);
        const expected = toLogprobs(tokens);
        const deltas = events.filter((event) => event.type === 'response.output_text.delta');
        expect(deltas.map((event) => event.logprobs)).toEqual(
          rendered.tokensPerChunk.filter((group) => group.length > 0).map(toLogprobs),
        );
        expect(deltas.flatMap((event) => event.logprobs ?? [])).toEqual(expected);
        const [message] = response.output;
        expect(message?.type === 'message' && message.content).toEqual([
          {
            type: 'output_text',
            text: tokens.map((token) => token.token).join(''),
            annotations: [],
            logprobs: expected,
          },
        ]);
        const done = events.find((event) => event.type === 'response.output_text.done');
        expect(done?.type === 'response.output_text.done' && done.logprobs).toEqual(expected);
      }),
      { numRuns },
    );
  });
});

/** Bugs these properties found, kept as the smallest chunk sequences that showed them. */
describe('toResponsesEvents regressions found by the properties above', () => {
  const base = { id: 'chatcmpl-bug', object: 'chat.completion.chunk', created: 1700000000 };
  const chunks = (...items: unknown[]) => items as ChatCompletionChunk[];

  it('gives a failed response a message when the error payload is ""', async () => {
    // readChunkError takes `error: ""` for an error and uses "" as its message. (A provider that
    // sent `"error": ""` on every chunk would also have every stream fail.)
    checkEventSequence(await convert(chunks({ ...base, choices: [], error: '' })));
  });

  it('does not throw on a usage whose counts cannot be turned into numbers', async () => {
    // convertUsage runs in onEnd, outside the try: `{"toString":1,"valueOf":1}` (valid JSON)
    // throws a TypeError out of the generator, and no final event is sent.
    const usage = JSON.parse('{"prompt_tokens":{"toString":1,"valueOf":1}}');
    checkEventSequence(await convert(chunks({ ...base, choices: [], usage })));
  });

  it('takes the model and created_at of the Response only from a string and an integer', async () => {
    // Junk chunks put `model: {}` in `response.model` and `created: 2.4e-231` in `created_at`:
    // the spec types them as a string and an integer.
    const response = finalResponseOf(
      await convert(chunks({ ...base, model: {}, created: 2.4e-231, choices: [] })),
    );
    expect(validateResponse(response)).toEqual([]);
    expect(response.model).toBe('');
    expect(response.created_at).toBe(CREATED + 5);
  });

  it('counts only whole tokens in usage', async () => {
    // A fractional count went into the Response's usage, which the spec types as integers.
    const usage = { prompt_tokens: 3, completion_tokens: 1.5, total_tokens: 576.49 };
    const response = finalResponseOf(await convert(chunks({ ...base, choices: [], usage })));
    expect(validateResponse(response)).toEqual([]);
    expect(response.usage).toMatchObject({ input_tokens: 3, output_tokens: 0, total_tokens: 3 });
  });

  it('leaves out the second choice of n: 2 when its content follows its role chunk', async () => {
    // Property 7: after [0 role] [1 role], a second chunk of choice 1 repeated the last index
    // and was taken for the one choice of a server that numbers chunks, so its text, or its
    // finish reason `length`, went into the Response.
    const choice = (index: number, delta: Record<string, unknown>, finishReason?: string) => ({
      ...base,
      choices: [{ index, delta, finish_reason: finishReason ?? null }],
    });
    const response = finalResponseOf(
      await convert(
        chunks(
          choice(0, { role: 'assistant', content: '' }),
          choice(1, { role: 'assistant', content: '' }),
          choice(1, { content: 'Bonjour' }),
          choice(1, {}, 'length'),
          choice(0, { content: 'Hello' }),
          choice(0, {}, 'stop'),
        ),
      ),
    );
    expect(response.output_text).toBe('Hello');
    expect(response.status).toBe('completed');
  });

  it('keeps a custom tool input that begins with {} as it came', async () => {
    // Property 6: the Bedrock `{}` prefix rule dropped the first `{}` of a custom tool's freeform
    // input `{}{}` streamed as `{}` then `{}`; that rule is for JSON arguments only.
    const first = { index: 0, id: 'call_1', type: 'custom', custom: { name: 'emit', input: '{}' } };
    const next = { index: 0, custom: { input: '{}' } };
    const response = finalResponseOf(
      await convert(
        chunks(
          { ...base, choices: [{ index: 0, delta: { tool_calls: [first] } }] },
          { ...base, choices: [{ index: 0, delta: { tool_calls: [next] } }] },
          { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
        ),
      ),
    );
    expect(response.output).toMatchObject([{ type: 'custom_tool_call', input: '{}{}' }]);
  });

  it('adds no function call for a tool call delta that carries nothing', async () => {
    // The fallback adds every call it has seen, even one with no id, name or arguments: a
    // function_call item with name "" and a made-up call_id. The same happens to an empty
    // continuation that arrives after the finish reason closed the real call.
    const events = await convert(
      chunks({
        ...base,
        choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '' } }] } }],
      }),
    );
    expect(checkEventSequence(events).output).toEqual([]);
  });
});
