import { describe, expect, it } from 'vitest';
import { toResponseUsage } from './to-response-usage';

describe('toResponseUsage', () => {
  it('maps the OpenAI fields, cached and reasoning tokens included', () => {
    expect(
      toResponseUsage({
        prompt_tokens: 100,
        completion_tokens: 50,
        total_tokens: 150,
        prompt_tokens_details: { cached_tokens: 80 },
        completion_tokens_details: { reasoning_tokens: 30 },
      }),
    ).toEqual({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 80, cache_write_tokens: 0 },
      output_tokens: 50,
      output_tokens_details: { reasoning_tokens: 30 },
      total_tokens: 150,
    });
  });

  it('adds xAI reasoning tokens, counted outside completion_tokens, to output_tokens', () => {
    const usage = toResponseUsage({
      prompt_tokens: 307,
      completion_tokens: 26,
      total_tokens: 560,
      completion_tokens_details: { reasoning_tokens: 227 },
    });
    expect(usage.output_tokens).toBe(253);
    expect(usage.input_tokens + usage.output_tokens).toBe(usage.total_tokens);
  });

  it('reads DeepSeek cache hits when prompt_tokens_details is missing', () => {
    const usage = toResponseUsage({
      prompt_tokens: 10,
      completion_tokens: 1,
      total_tokens: 11,
      prompt_cache_hit_tokens: 8,
    });
    expect(usage.input_tokens_details.cached_tokens).toBe(8);
  });

  it('fills in a missing total and zero details', () => {
    expect(toResponseUsage({ prompt_tokens: 3, completion_tokens: 4 } as never)).toMatchObject({
      total_tokens: 7,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    });
  });
});
