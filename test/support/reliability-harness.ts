/**
 * The harness of the reliability catalogue (test/integration/reliability.*.test.ts): a fault
 * server, a provider pointed at it, `run()` to drive one `streamText` call through a fault and
 * collect what came out, the two shapes a failure may take (`expectThrown`,
 * `expectErrorAfterOutput`), and the process-level watch each file ends with: no unhandled
 * rejection, no uncaught exception, no socket, server or timer left behind.
 */
import { jsonSchema, streamText, type TextStreamPart, tool } from 'ai';
import type { CompletionUsage } from 'openai/resources/completions';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { createResponsesBridge } from '../../src/index';
import { chunk, type FinishReason, type ToolCallFields, toolCall } from './builders';
import {
  type FaultHandler,
  type FaultServer,
  sseHeaders,
  sseLine,
  sseText,
  useFaultServer,
  write,
} from './fault-server';
import { checkEventSequence } from './invariants';
import { watchEscapes } from './rejections';
import { rawEvents, responseInMetadata } from './stream-parts';

const apiKey = 'sk-test-reliability-0123456789';
/**
 * Per-test vitest timeout: every fault must resolve well within it. Generous, as a loaded machine
 * is slow; only a hang reaches it.
 */
export const deadline = 30_000;
/** The caller's own deadline on every call, so a hang fails as an `abort` instead of timing out. */
export const callTimeout = 15_000;

export const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];

export function finish(reason: FinishReason, usage?: CompletionUsage) {
  return chunk({ finish_reason: reason, usage });
}

export function toolDelta(fields: ToolCallFields) {
  return chunk({ delta: { tool_calls: [toolCall(fields)] } });
}

/** A whole SSE stream (`[DONE]` unless `done` is false), sent at once. */
export function reply(payloads: unknown[], options: { done?: boolean } = {}): FaultHandler {
  return (_req, res) => {
    res.writeHead(200, sseHeaders).end(sseText(payloads, options));
  };
}

/**
 * Sends the payloads as SSE, then `tail` (raw bytes, e.g. half a line), then ends the body
 * (`end`: the chunked body terminates cleanly), half-closes the socket (`fin`: no chunked
 * terminator) or destroys it (`reset`).
 */
export function cut(payloads: unknown[], tail: string, how: 'end' | 'fin' | 'reset'): FaultHandler {
  return async (_req, res, context) => {
    res.writeHead(200, sseHeaders);
    await write(res, payloads.map(sseLine).join('') + tail);
    await context.sleep(20);
    if (how === 'end') res.end();
    else if (how === 'fin') res.socket?.end();
    else res.socket?.destroy();
  };
}

function createTools(onLookup: () => void) {
  return {
    lookup: tool({
      description: 'Looks a number up',
      inputSchema: jsonSchema<{ a?: number }>({
        type: 'object',
        properties: { a: { type: 'number' } },
      }),
      execute: async ({ a }) => {
        onLookup();
        return { found: a ?? null };
      },
    }),
    other: tool({
      description: 'Another tool',
      inputSchema: jsonSchema<{ a?: number }>({
        type: 'object',
        properties: { a: { type: 'number' } },
      }),
      execute: async () => 'other',
    }),
  };
}

export type ReliabilityTools = ReturnType<typeof createTools>;
export type Part = TextStreamPart<ReliabilityTools>;

export interface Run {
  parts: Part[];
  /** The part types, `raw` left out. */
  types: string[];
  /** The errors of the `error` parts, in order. */
  errors: unknown[];
  /** What `onError` received. */
  reported: unknown[];
  /** The final Response of the last step, when a step finished. */
  response: Response | undefined;
  /** The Responses events of the raw parts. */
  events: ResponseStreamEvent[];
  finish: (Part & { type: 'finish' }) | undefined;
}

export interface RunOptions {
  withTools?: boolean;
  abortSignal?: AbortSignal;
  maxRetries?: number;
}

/** An error before any output: thrown from `doStream`, so `streamText` shows only `error`. */
export function expectThrown(result: Run): unknown {
  expect(result.types).toEqual(['start', 'error']);
  expect(result.reported).toEqual(result.errors);
  return result.errors[0];
}

/** An error after output: an `error` part, then the step and the call finish with `error`. */
export function expectErrorAfterOutput(result: Run): Response {
  expect(result.types.slice(-3)).toEqual(['error', 'finish-step', 'finish']);
  expect(result.types).not.toContain('abort');
  expect(result.finish?.finishReason).toBe('error');
  expect(result.response?.status).toBe('failed');
  expect(result.response?.error?.message).toBeTruthy();
  // The raw events form a valid sequence ending in response.failed, whose Response is this one.
  expect(checkEventSequence(result.events)).toEqual(result.response);
  return result.response!;
}

export function streamedText(result: Run): string {
  return result.parts
    .filter((part) => part.type === 'text-delta')
    .map((part) => part.text)
    .join('');
}

export interface ReliabilityHarness {
  server: FaultServer;
  /** A provider model pointed at the fault server. */
  model: () => ReturnType<ReturnType<typeof createResponsesBridge>>;
  /** `lookup` and `other`; `lookup` counts its runs in `executions`. */
  tools: ReliabilityTools;
  /** How often `lookup` ran since the last `resetExecutions()`. */
  readonly executions: number;
  resetExecutions: () => void;
  /** What the test wrote to the console (every console method is captured). */
  consoleCalls: Array<{ method: string; args: unknown[] }>;
  /** Serves `handler` to one `streamText` call (raw parts included) and collects what came out. */
  run: (handler: FaultHandler, options?: RunOptions) => Promise<Run>;
  /** Closes the server, then checks that nothing escaped and nothing was left open. */
  expectNothingLeftBehind: () => Promise<void>;
}

const watchedResources = ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'];

function resourceCounts(): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(watchedResources.map((r) => [r, 0]));
  for (const resource of process.getActiveResourcesInfo()) {
    if (resource in counts) counts[resource]!++;
  }
  return counts;
}

/** The harness of one reliability file, with its hooks. Call it at the top of the file. */
export function useReliabilityHarness(): ReliabilityHarness {
  const escaped = watchEscapes();
  let baseline: Record<string, number> = {};
  // Before the server starts, so that its socket counts as left behind until it is closed.
  beforeAll(() => {
    baseline = resourceCounts();
  });
  const server = useFaultServer();

  const consoleCalls: Array<{ method: string; args: unknown[] }> = [];
  beforeEach(() => {
    consoleCalls.length = 0;
    for (const method of ['error', 'warn', 'log', 'info'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleCalls.push({ method, args });
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  let executions = 0;
  const tools = createTools(() => {
    executions++;
  });
  const model = () => createResponsesBridge({ baseURL: server.baseURL, apiKey })('rel-model');

  const run = async (handler: FaultHandler, options: RunOptions = {}): Promise<Run> => {
    server.next(handler);
    const reported: unknown[] = [];
    const result = streamText({
      model: model(),
      prompt: 'Hi',
      maxRetries: options.maxRetries ?? 0,
      abortSignal: options.abortSignal ?? AbortSignal.timeout(callTimeout),
      includeRawChunks: true,
      ...(options.withTools ? { tools } : {}),
      onError: ({ error }) => {
        reported.push(error);
      },
    });
    const parts: Part[] = [];
    for await (const part of result.fullStream) parts.push(part);
    const lastStep = parts.findLast((part) => part.type === 'finish-step');
    return {
      parts,
      types: parts.filter((part) => part.type !== 'raw').map((part) => part.type),
      errors: parts.filter((part) => part.type === 'error').map((part) => part.error),
      reported,
      response: responseInMetadata(lastStep?.providerMetadata),
      events: rawEvents(parts),
      finish: parts.find((part) => part.type === 'finish'),
    };
  };

  const expectNothingLeftBehind = async () => {
    await server.close();
    let counts = resourceCounts();
    for (let i = 0; i < 40 && watchedResources.some((r) => counts[r]! > baseline[r]!); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      counts = resourceCounts();
    }
    expect(escaped).toEqual([]);
    const extra = watchedResources.filter((r) => counts[r]! > baseline[r]!);
    expect(extra, `active: ${process.getActiveResourcesInfo().join(', ')}`).toEqual([]);
  };

  return {
    server,
    model,
    tools,
    get executions() {
      return executions;
    },
    resetExecutions: () => {
      executions = 0;
    },
    consoleCalls,
    run,
    expectNothingLeftBehind,
  };
}
