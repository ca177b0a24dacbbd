/**
 * Byte-level fuzzing of the whole pipeline (fast-check): a recorded chat stream
 * (test/fixtures/chat-streams) framed as SSE (`data: <line>\n\n` … `data: [DONE]\n\n`), then
 * randomly corrupted (truncated at a byte, bytes flipped, inserted or deleted, lines duplicated
 * or dropped), served from a loopback server in random write sizes, ending cleanly or with a
 * reset, and read through the real `openai` client and `streamText` with `includeRawChunks`.
 *
 * Whatever the bytes, the call must: end within its deadline (no `abort`); let no exception
 * escape (errors are `error` parts holding an APICallError or InvalidResponseDataError, or the
 * one error thrown by the first `doStream`, which `streamText` shows as `start`, `error`); end
 * with `finish` otherwise, after a terminal Responses event; give a raw event sequence that
 * passes test/support/invariants.ts; keep in the final Response exactly the text that streamed; and
 * report `error` as the finish reason exactly when the Response failed.
 */
import { APICallError, InvalidResponseDataError } from '@ai-sdk/provider';
import { streamText } from 'ai';
import fc from 'fast-check';
import type {
  ResponseStreamEvent,
  Response as ResponsesResponse,
} from 'openai/resources/responses/responses';
import { describe, expect, it, vi } from 'vitest';
import { createResponsesBridge } from '../../src/index';
import { sseHeaders, useFaultServer, write } from '../support/fault-server';
import { chatStreamFixtures, collect, readChatStreamLines } from '../support/fixtures';
import { checkEventSequence } from '../support/invariants';
import { isRecord } from '../support/json';
import { watchEscapes } from '../support/rejections';
import { findPart, responseInMetadata } from '../support/stream-parts';

/** FUZZ_RUNS=2000 npx vitest run test/integration/fuzz.test.ts for a longer hunt. */
const numRuns = Number(process.env.FUZZ_RUNS) || 40;
const terminalTypes = new Set(['response.completed', 'response.incomplete', 'response.failed']);

const escaped = watchEscapes();
const server = useFaultServer();

const sseOf = new Map(
  chatStreamFixtures.map((name) => [
    name,
    Buffer.from(
      `${readChatStreamLines(name)
        .map((line) => `data: ${line}\n\n`)
        .join('')}data: [DONE]\n\n`,
    ),
  ]),
);

type Corruption =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; byte: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicateLine'; line: number }
  | { kind: 'dropLine'; line: number }
  /** Not bytes but structure: one value anywhere in one chunk replaced by another JSON value. */
  | { kind: 'replaceValue'; line: number; node: number; value: unknown };

const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.nat(),
    bit: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    // Mostly the bytes that matter to SSE and JSON, sometimes any byte.
    byte: fc.oneof(
      fc.constantFrom(...Buffer.from('\n\r:{}[]",\\0 d')),
      fc.integer({ min: 0, max: 255 }),
    ),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({ kind: fc.constant('duplicateLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('dropLine' as const), line: fc.nat() }),
  fc.record({
    kind: fc.constant('replaceValue' as const),
    line: fc.nat(),
    node: fc.nat(),
    value: fc.jsonValue({ maxDepth: 2 }),
  }),
);

/** Replaces the `node`-th value (depth first, the root excluded) of `root`; false if none. */
function replaceNode(root: unknown, node: number, value: unknown): boolean {
  const slots: Array<(replacement: unknown) => void> = [];
  const walk = (current: unknown) => {
    if (Array.isArray(current)) {
      current.forEach((child, index) => {
        slots.push((replacement) => {
          current[index] = replacement;
        });
        walk(child);
      });
    } else if (isRecord(current)) {
      for (const key of Object.keys(current)) {
        slots.push((replacement) => {
          current[key] = replacement;
        });
        walk(current[key]);
      }
    }
  };
  walk(root);
  if (slots.length === 0) return false;
  slots[node % slots.length]!(value);
  return true;
}

/** The SSE events (each `data: …\n\n`) of a body, as byte ranges. */
function eventRanges(bytes: Buffer): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (;;) {
    const end = bytes.indexOf('\n\n', start);
    if (end === -1) break;
    ranges.push([start, end + 2]);
    start = end + 2;
  }
  if (start < bytes.length) ranges.push([start, bytes.length]);
  return ranges;
}

function corrupt(source: Buffer, corruptions: Corruption[]): Buffer {
  let bytes = Buffer.from(source);
  for (const corruption of corruptions) {
    if (bytes.length === 0) break;
    switch (corruption.kind) {
      case 'truncate':
        bytes = bytes.subarray(0, corruption.at % bytes.length);
        break;
      case 'flip': {
        const at = corruption.at % bytes.length;
        bytes[at] = bytes[at]! ^ (1 << corruption.bit);
        break;
      }
      case 'insert': {
        const at = corruption.at % (bytes.length + 1);
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          Buffer.of(corruption.byte),
          bytes.subarray(at),
        ]);
        break;
      }
      case 'delete': {
        const at = corruption.at % bytes.length;
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + corruption.length)]);
        break;
      }
      case 'replaceValue': {
        const ranges = eventRanges(bytes);
        const [start, end] = ranges[corruption.line % ranges.length]!;
        const text = bytes.subarray(start, end).toString('utf8');
        if (!text.startsWith('data: ')) break;
        let chunk: unknown;
        try {
          chunk = JSON.parse(text.slice(6));
        } catch {
          break;
        }
        if (!replaceNode(chunk, corruption.node, corruption.value)) break;
        bytes = Buffer.concat([
          bytes.subarray(0, start),
          Buffer.from(`data: ${JSON.stringify(chunk)}\n\n`),
          bytes.subarray(end),
        ]);
        break;
      }
      case 'duplicateLine':
      case 'dropLine': {
        const ranges = eventRanges(bytes);
        const [start, end] = ranges[corruption.line % ranges.length]!;
        const line = bytes.subarray(start, end);
        bytes = Buffer.concat([
          bytes.subarray(0, start),
          ...(corruption.kind === 'duplicateLine' ? [line, line] : []),
          bytes.subarray(end),
        ]);
        break;
      }
    }
  }
  return bytes;
}

interface Case {
  fixture: string;
  corruptions: Corruption[];
  /** Sizes of the writes the body is cut into (cycled). */
  writeSizes: number[];
  ending: 'end' | 'reset';
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  fixture: fc.constantFrom(...chatStreamFixtures),
  corruptions: fc.array(corruptionArb, { minLength: 0, maxLength: 4 }),
  writeSizes: fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 4 }),
  ending: fc.constantFrom('end' as const, 'reset' as const),
});

function isTypedError(error: unknown): boolean {
  return APICallError.isInstance(error) || InvalidResponseDataError.isInstance(error);
}

/** The message text of a Response, refusals included: what `text-delta` parts carry. */
function messageText(response: ResponsesResponse): string {
  return response.output
    .flatMap((item) => (item.type === 'message' ? item.content : []))
    .map((part) => (part.type === 'output_text' ? part.text : part.refusal))
    .join('');
}

type Outcome = 'thrown' | ResponsesResponse['status'];

async function runCase(testCase: Case): Promise<Outcome> {
  const body = corrupt(sseOf.get(testCase.fixture)!, testCase.corruptions);
  server.next(async (_req, res, context) => {
    res.writeHead(200, sseHeaders);
    for (let at = 0, i = 0; at < body.length; i++) {
      const size = testCase.writeSizes[i % testCase.writeSizes.length]!;
      if (!(await write(res, body.subarray(at, at + size)))) return;
      at += size;
    }
    if (testCase.ending === 'end') {
      res.end();
    } else {
      await context.sleep(5);
      res.socket?.destroy();
    }
  });

  const provider = createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-fuzz' });
  const reported: unknown[] = [];
  const result = streamText({
    model: provider('fuzz-model'),
    prompt: 'Hi',
    maxRetries: 0,
    includeRawChunks: true,
    // Only a hang reaches this; a loaded machine is slow.
    abortSignal: AbortSignal.timeout(20_000),
    onError: ({ error }) => {
      reported.push(error);
    },
  });
  // Nothing may escape the stream itself: a throw here fails the property.
  const parts = await collect(result.fullStream);

  const types = parts.map((part) => part.type);
  expect(types, 'ended by the deadline: a hang').not.toContain('abort');
  const errors = parts.filter((part) => part.type === 'error').map((part) => part.error);
  for (const error of errors) {
    expect(isTypedError(error), `untyped error: ${String(error)}`).toBe(true);
  }
  expect(reported).toEqual(errors);

  if (types.length === 2 && types[1] === 'error') {
    // Thrown by the first doStream (an error before any output): nothing else to check.
    expect(types[0]).toBe('start');
    return 'thrown';
  }

  expect(types[types.length - 1]).toBe('finish');
  const events = parts
    .filter((part) => part.type === 'raw')
    .map((part) => part.rawValue as ResponseStreamEvent);
  const last = events[events.length - 1];
  expect(last !== undefined && terminalTypes.has(last.type), `last event ${last?.type}`).toBe(true);
  const response = checkEventSequence(events);

  const finish = findPart(parts, 'finish');
  expect(finish.finishReason === 'error').toBe(response.status === 'failed');
  expect(errors).toHaveLength(response.status === 'failed' ? 1 : 0);
  const streamed = parts
    .filter((part) => part.type === 'text-delta')
    .map((part) => part.text)
    .join('');
  expect(streamed, 'the text that streamed is the text kept').toBe(messageText(response));
  const step = parts.findLast((part) => part.type === 'finish-step');
  expect(responseInMetadata(step?.providerMetadata)).toEqual(response);
  return response.status;
}

describe('corrupted recordings through the whole pipeline', () => {
  it('the uncorrupted recordings all complete (the baseline the corruptions start from)', async () => {
    for (const fixture of chatStreamFixtures) {
      const outcome = await runCase({
        fixture,
        corruptions: [],
        writeSizes: [4096],
        ending: 'end',
      });
      // The recordings of an in-stream error fail; every other one completes.
      const expected = fixture.includes('error')
        ? ['failed', 'thrown']
        : ['completed', 'incomplete'];
      expect(expected, fixture).toContain(outcome);
    }
  }, 60_000);

  it(
    `any corruption: typed errors only, a valid event sequence, finish last, nothing lost (${numRuns} runs)`,
    async () => {
      // The openai client's parser logged every malformed line; ours reports it in the stream and
      // logs nothing. The spy keeps a regression from flooding the output, and catches it.
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const tally: Record<string, number> = {};
        await fc.assert(
          fc.asyncProperty(caseArb, async (testCase) => {
            const outcome = await runCase(testCase);
            tally[outcome ?? 'none'] = (tally[outcome ?? 'none'] ?? 0) + 1;
          }),
          { numRuns },
        );
        if (process.env.FUZZ_RUNS)
          process.stdout.write(`fuzz outcomes: ${JSON.stringify(tally)}\n`);
        expect(logged).not.toHaveBeenCalled();
      } finally {
        logged.mockRestore();
      }
      expect(escaped).toEqual([]);
    },
    Math.max(60_000, numRuns * 1_000),
  );
});

describe('the corruptions', () => {
  it('do what they say', () => {
    const source = Buffer.from('data: 1\n\ndata: 2\n\ndata: [DONE]\n\n');
    expect(corrupt(source, [{ kind: 'truncate', at: 11 }]).toString()).toBe('data: 1\n\nda');
    expect(corrupt(source, [{ kind: 'dropLine', line: 1 }]).toString()).toBe(
      'data: 1\n\ndata: [DONE]\n\n',
    );
    expect(corrupt(source, [{ kind: 'duplicateLine', line: 0 }]).toString()).toBe(
      'data: 1\n\ndata: 1\n\ndata: 2\n\ndata: [DONE]\n\n',
    );
    expect(corrupt(source, [{ kind: 'insert', at: 6, byte: 0x7b }]).toString()).toBe(
      'data: {1\n\ndata: 2\n\ndata: [DONE]\n\n',
    );
    expect(corrupt(source, [{ kind: 'delete', at: 0, length: 6 }]).toString()).toBe(
      '1\n\ndata: 2\n\ndata: [DONE]\n\n',
    );
    expect(corrupt(source, [{ kind: 'flip', at: 6, bit: 0 }]).toString()).toBe(
      'data: 0\n\ndata: 2\n\ndata: [DONE]\n\n',
    );
    const chunk = Buffer.from('data: {"choices":[{"delta":{"content":"a"}}]}\n\n');
    expect(
      corrupt(chunk, [{ kind: 'replaceValue', line: 0, node: 1, value: null }]).toString(),
    ).toBe('data: {"choices":[null]}\n\n');
  });
});
