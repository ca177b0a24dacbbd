/**
 * 200 concurrent `streamText` calls through ONE provider instance (one model, one `openai`
 * client) over loopback HTTP. The server derives each reply from its request: the prompt holds
 * `#N`, the reply streams `answer-N …` in small pieces with random small delays (so that the 200
 * streams interleave on the wire and in the event loop; every reply waits until all 200 requests
 * are in, so all 200 streams are open at once) and reports `prompt_tokens: N`. Every
 * call must get exactly its own text, usage, response id and final Response: no state shared
 * between calls, nothing crossed.
 */
import { streamText } from 'ai';
import { beforeAll, describe, expect, it } from 'vitest';
import { createResponsesBridge } from '../../src/index';
import { type ChunkDelta, chunk } from '../support/builders';
import { sseHeaders, sseLine, useFaultServer, write } from '../support/fault-server';
import { finalResponseIn } from '../support/stream-parts';

const calls = 200;

const server = useFaultServer();
/** Replies being streamed right now, and the most at once: proof that the calls overlapped. */
let inFlight = 0;
let peakInFlight = 0;
/** Every reply waits until all the requests are in, so that the 200 streams overlap. */
let arrived = 0;
let allArrived: () => void = () => {};
const barrier = new Promise<void>((resolve) => {
  allArrived = resolve;
});
beforeAll(() => {
  server.fallback(async (_req, res, context) => {
    const { messages } = context.body;
    const prompt = String(messages[messages.length - 1]?.content ?? '');
    const n = Number(/#(\d+)/.exec(prompt)?.[1] ?? Number.NaN);
    if (!Number.isInteger(n)) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no #N in ${JSON.stringify(prompt)}` } }));
      return;
    }
    if (++arrived === calls) allArrived();
    // A generous fallback: on a loaded machine the 200 requests take a while to arrive.
    await Promise.race([barrier, context.sleep(60_000)]);
    const random = mulberry32(n + 1);
    const text = expectedText(n);
    const identity = { id: `chatcmpl-${n}`, created: 1_760_000_000 + n, model: `model-${n}` };
    res.writeHead(200, sseHeaders);
    peakInFlight = Math.max(peakInFlight, ++inFlight);
    res.on('close', () => inFlight--);
    let first = true;
    for (let at = 0; at < text.length; ) {
      const size = 1 + Math.floor(random() * 4);
      const piece = text.slice(at, at + size);
      at += size;
      const delta: ChunkDelta = first ? { role: 'assistant', content: piece } : { content: piece };
      first = false;
      if (!(await write(res, sseLine(chunk({ ...identity, delta }))))) return;
      // Mostly back to back, sometimes a pause: the streams overtake one another.
      if (random() < 0.3) await context.sleep(Math.floor(random() * 4));
      if (context.closed) return;
    }
    await write(
      res,
      sseLine(
        chunk({
          ...identity,
          finish_reason: 'stop',
          usage: { prompt_tokens: n, completion_tokens: 1000 + n, total_tokens: 1000 + 2 * n },
        }),
      ),
    );
    res.end('data: [DONE]\n\n');
  });
});

function expectedText(n: number): string {
  return `answer-${n} is the reply to #${n}; only call ${n} may see it (${'·'.repeat(n % 7)}).`;
}

/** A small seeded PRNG, so a failure replays the same interleaving per call. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('200 concurrent streamText calls through one provider instance', () => {
  it('each gets its own text, usage, response id and final Response', async () => {
    const provider = createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-concurrent' });
    const model = provider('shared-model');

    const outcomes = await Promise.all(
      Array.from({ length: calls }, async (_, n) => {
        const result = streamText({
          model,
          prompt: `Please answer #${n}`,
          maxRetries: 0,
          // Only a hang ends here; how long the calls take depends on the machine's load.
          abortSignal: AbortSignal.timeout(90_000),
        });
        let streamed = '';
        const types = new Set<string>();
        for await (const part of result.fullStream) {
          types.add(part.type);
          if (part.type === 'text-delta') streamed += part.text;
        }
        const [text, usage, response, metadata, finishReason] = await Promise.all([
          result.text,
          result.usage,
          result.response,
          result.providerMetadata,
          result.finishReason,
        ]);
        return {
          n,
          types,
          streamed,
          text,
          usage,
          responseId: response.id,
          modelId: response.modelId,
          final: finalResponseIn(metadata),
          finishReason,
        };
      }),
    );

    expect(server.requests).toHaveLength(calls);
    for (const outcome of outcomes) {
      const { n, final } = outcome;
      const expected = expectedText(n);
      expect(outcome.types.has('error'), `call ${n} errored`).toBe(false);
      expect(outcome.streamed, `text streamed to call ${n}`).toBe(expected);
      expect(outcome.text).toBe(expected);
      expect(outcome.finishReason).toBe('stop');
      expect(outcome.usage.inputTokens, `usage of call ${n}`).toBe(n);
      expect(outcome.usage.outputTokens).toBe(1000 + n);
      expect(outcome.modelId).toBe(`model-${n}`);
      expect(final.id).toBe(outcome.responseId);
      expect(final.status).toBe('completed');
      expect(final.output_text, `final Response of call ${n}`).toBe(expected);
      expect(final.usage?.input_tokens).toBe(n);
      expect(final.model).toBe(`model-${n}`);
      expect(final).toMatchObject({
        provider_specific_fields: { chat_completion_id: `chatcmpl-${n}` },
      });
    }
    const ids = new Set(outcomes.map((outcome) => outcome.responseId));
    expect(ids.size).toBe(calls);
    for (const id of ids) expect(id).toMatch(/^resp_/);
    // The item ids too: no two calls share a message item.
    const itemIds = new Set(outcomes.map((outcome) => outcome.final.output[0]?.id));
    expect(itemIds.size).toBe(calls);
    expect(peakInFlight).toBe(calls);
  }, 120_000);
});
