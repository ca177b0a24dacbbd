import { describe, expect, it } from 'vitest';
import { mergeMetadata } from './metadata-extractor';

describe('mergeMetadata', () => {
  const own = { responsesBridge: { responseId: 'resp_1', response: { id: 'resp_1' } } };

  it('adds other namespaces and merges into its own, keeping the Response', () => {
    expect(
      mergeMetadata(
        own,
        {
          openrouter: { cost: 0.1 },
          responsesBridge: { responseId: 'other', extra: 1 },
        },
        'responsesBridge',
      ),
    ).toEqual({
      openrouter: { cost: 0.1 },
      responsesBridge: { responseId: 'resp_1', response: { id: 'resp_1' }, extra: 1 },
    });
  });

  it('is the metadata as it was without an extractor’s result', () => {
    expect(mergeMetadata(own, undefined, 'responsesBridge')).toBe(own);
  });
});
