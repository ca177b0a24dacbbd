import { describe, expect, it } from 'vitest';
import { toItemStatus, toResponseErrorCode, toResponseStatus } from './to-response-status';

describe('toResponseStatus', () => {
  it('ends a response cut off by length incomplete, for max_output_tokens', () => {
    expect(toResponseStatus('length')).toMatchInlineSnapshot(`
      {
        "reason": "max_output_tokens",
        "status": "incomplete",
      }
    `);
  });

  it('ends a filtered response incomplete, for content_filter', () => {
    expect(toResponseStatus('content_filter')).toMatchInlineSnapshot(`
      {
        "reason": "content_filter",
        "status": "incomplete",
      }
    `);
  });

  it.each([undefined, 'stop', 'tool_calls', 'function_call', 'end_turn', ''])(
    'completes a response that ended with %o',
    (finishReason) => {
      expect(toResponseStatus(finishReason)).toEqual({ status: 'completed' });
    },
  );
});

describe('toItemStatus', () => {
  it('leaves the open items incomplete when the response is cut off or filtered', () => {
    expect(toItemStatus('length')).toBe('incomplete');
    expect(toItemStatus('content_filter')).toBe('incomplete');
  });

  it('completes the open items for any other finish reason, or none', () => {
    expect(toItemStatus('stop')).toBe('completed');
    expect(toItemStatus('tool_calls')).toBe('completed');
    expect(toItemStatus(undefined)).toBe('completed');
  });
});

describe('toResponseErrorCode', () => {
  it.each(['server_error', 'rate_limit_exceeded', 'invalid_prompt', 'image_too_large'])(
    'keeps %s, a code of the closed set',
    (code) => {
      expect(toResponseErrorCode(code)).toBe(code);
    },
  );

  it.each(['429', 'rate_limit'])('makes rate_limit_exceeded of %s', (code) => {
    expect(toResponseErrorCode(code)).toBe('rate_limit_exceeded');
  });

  it.each([null, 'tool_use_failed', '400', 'insufficient_quota', ''])(
    'makes server_error of %o, outside the closed set',
    (code) => {
      expect(toResponseErrorCode(code)).toBe('server_error');
    },
  );
});
