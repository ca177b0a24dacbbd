import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { messageLimit, toUpstreamFailure } from './upstream-failure';

/**
 * The openai client's connection errors as a second, minified copy of the client throws them:
 * the same fields, a class that is neither ours nor named after what it is.
 */
function minified(message: string, cause?: unknown): Error {
  class e extends Error {
    status = undefined;
    headers = undefined;
    requestID = undefined;
    error = undefined;
    code = undefined;
    param = undefined;
    type = undefined;
  }
  const error = new e(message);
  if (cause !== undefined) Object.assign(error, { cause });
  return error;
}

describe('toUpstreamFailure: lost connections, recognised by structure', () => {
  it('the openai client’s own classes', () => {
    const cause = new TypeError('fetch failed');
    expect(toUpstreamFailure(new APIConnectionError({ cause })).kind).toBe('connection');
    expect(toUpstreamFailure(new APIConnectionTimeoutError()).kind).toBe('timeout');
  });

  it('another copy of them, minified: an APIError shape with no status and a cause', () => {
    const error = minified('Connection error.', new TypeError('fetch failed'));
    expect(error.constructor.name).toBe('e');
    expect(error.name).toBe('Error');
    expect(error).not.toBeInstanceOf(APIConnectionError);
    expect(toUpstreamFailure(error).kind).toBe('connection');
  });

  it('another copy of the timeout, minified: no status, no cause, timed out', () => {
    expect(toUpstreamFailure(minified('Request timed out.')).kind).toBe('timeout');
  });

  it('a socket error code anywhere in the cause chain', () => {
    const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    class x extends Error {}
    expect(toUpstreamFailure(new x('body read failed', { cause: socket })).kind).toBe('connection');
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    expect(
      toUpstreamFailure(new x('wrapped', { cause: new x('again', { cause: refused }) })).kind,
    ).toBe('connection');
  });

  it('an abort is not a lost connection, in any copy', () => {
    expect(toUpstreamFailure(new APIUserAbortError()).kind).toBe('other');
    expect(toUpstreamFailure(minified('Request was aborted.')).kind).toBe('other');
    expect(toUpstreamFailure(new DOMException('aborted', 'AbortError')).kind).toBe('other');
  });

  it('a TypeError of a chunk that cannot be read is not one either', () => {
    expect(
      toUpstreamFailure(new TypeError("Cannot read properties of null (reading 'delta')")).kind,
    ).toBe('other');
  });
});

describe('toUpstreamFailure: the message', () => {
  it('names the location of a redirect, which is not followed', () => {
    const headers = new Headers({ location: 'https://elsewhere.example/v1/chat/completions' });
    const failure = toUpstreamFailure(new APIError(307, undefined, undefined, headers));
    expect(failure).toMatchObject({ kind: 'http', status: 307 });
    expect(failure.message).toMatchInlineSnapshot(
      `"The upstream answered 307, a redirect to https://elsewhere.example/v1/chat/completions, which is not followed (the request and its headers would go there too). Set the base URL to the address that answers."`,
    );
  });

  it('says so when a redirect names no location', () => {
    const failure = toUpstreamFailure(new APIError(302, undefined, undefined, new Headers()));
    expect(failure.message).toContain('302, a redirect without a Location header');
  });

  it(`is at most ${messageLimit} characters, whatever the body`, () => {
    const html = `<html>${'x'.repeat(5 * 1024 * 1024)}</html>`;
    const failure = toUpstreamFailure(new APIError(500, undefined, html, new Headers()));
    expect(failure.message.length).toBeLessThanOrEqual(messageLimit);
    expect(failure.message).toMatch(/^500 <html>x+… \(\d+ more characters\)$/);
  });

  it('scrubs the secrets before it shortens, so that no part of one is left', () => {
    const secret = 'sk-SECRET-0123456789abcdef';
    const text = `${'x'.repeat(messageLimit - 10)}${secret}`;
    const failure = toUpstreamFailure(new Error(text), [secret]);
    expect(failure.message).not.toContain('sk-SECRET');
    expect(failure.message.length).toBeLessThanOrEqual(messageLimit);
  });
});

describe('toUpstreamFailure: why a connection failed', () => {
  it('is the socket’s message under the client’s and fetch’s', () => {
    const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:59999'), {
      code: 'ECONNREFUSED',
    });
    const failure = toUpstreamFailure(
      new APIConnectionError({ cause: new TypeError('fetch failed', { cause: socket }) }),
    );
    expect(failure).toMatchObject({
      kind: 'connection',
      message: 'Connection error.',
      reason: 'connect ECONNREFUSED 127.0.0.1:59999',
    });
  });

  it('lists each address tried when Node reports them in an AggregateError', () => {
    const tried = new AggregateError(
      [
        Object.assign(new Error('connect ECONNREFUSED ::1:59999'), { code: 'ECONNREFUSED' }),
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:59999'), { code: 'ECONNREFUSED' }),
      ],
      '',
    );
    const error = new TypeError('fetch failed', {
      cause: Object.assign(tried, { code: 'ECONNREFUSED' }),
    });
    expect(toUpstreamFailure(error).reason).toBe(
      'connect ECONNREFUSED ::1:59999; connect ECONNREFUSED 127.0.0.1:59999',
    );
  });

  it('is scrubbed of the secrets, and absent when it says nothing more', () => {
    const secret = 'sk-SECRET-0123456789abcdef';
    const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${secret}.example`), {
      code: 'ENOTFOUND',
    });
    const failure = toUpstreamFailure(new TypeError('fetch failed', { cause }), [secret]);
    expect(failure.reason).toBe('getaddrinfo ENOTFOUND [redacted].example');
    expect(toUpstreamFailure(new TypeError('fetch failed')).reason).toBeUndefined();
  });
});
