import { describe, expect, it } from 'vitest';
import { toUsage } from './to-usage';

describe('toUsage', () => {
  it('splits input into cache hits, writes and the rest, and output into text and reasoning', () => {
    const raw = { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 };
    expect(
      toUsage(
        {
          input_tokens: 100,
          input_tokens_details: { cached_tokens: 60, cache_write_tokens: 15 },
          output_tokens: 50,
          output_tokens_details: { reasoning_tokens: 30 },
          total_tokens: 150,
        },
        raw,
      ),
    ).toMatchInlineSnapshot(`
      {
        "inputTokens": {
          "cacheRead": 60,
          "cacheWrite": 15,
          "noCache": 25,
          "total": 100,
        },
        "outputTokens": {
          "reasoning": 30,
          "text": 20,
          "total": 50,
        },
        "raw": {
          "completion_tokens": 50,
          "prompt_tokens": 100,
          "total_tokens": 150,
        },
      }
    `);
  });

  it('counts missing details as zero', () => {
    const usage = toUsage(
      {
        input_tokens: 7,
        output_tokens: 3,
        total_tokens: 10,
      } as Parameters<typeof toUsage>[0],
      undefined,
    );
    expect(usage).toMatchInlineSnapshot(`
      {
        "inputTokens": {
          "cacheRead": 0,
          "cacheWrite": 0,
          "noCache": 7,
          "total": 7,
        },
        "outputTokens": {
          "reasoning": 0,
          "text": 3,
          "total": 3,
        },
      }
    `);
  });

  it('leaves every count undefined when the upstream sent no usage', () => {
    expect(toUsage(undefined, undefined)).toMatchInlineSnapshot(`
      {
        "inputTokens": {
          "cacheRead": undefined,
          "cacheWrite": undefined,
          "noCache": undefined,
          "total": undefined,
        },
        "outputTokens": {
          "reasoning": undefined,
          "text": undefined,
          "total": undefined,
        },
      }
    `);
  });

  it('keeps the raw usage as sent, even without a Responses usage', () => {
    const raw = { prompt_tokens: 3, x_groq: { id: 'req_1' } };
    expect(toUsage(undefined, raw).raw).toBe(raw);
  });
});
