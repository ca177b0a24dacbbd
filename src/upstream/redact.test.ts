import { describe, expect, it } from 'vitest';
import { addSecret, headerSecrets, headersToRecord, leaks, redact, redactedError } from './redact';

const key = 'sk-proj-SECRET-0123456789';

describe('headerSecrets', () => {
  it('takes every header value that could be a credential, a bearer token whole and bare', () => {
    expect(
      headerSecrets({
        Authorization: `Bearer ${key}`,
        'x-api-key': 'other-secret-value',
        'api-key': 'azure-secret-value',
        'Content-Type': 'application/json',
        'user-agent': 'openai/7',
        'x-stainless-retry-count': '0',
      }),
    ).toMatchInlineSnapshot(`
      [
        "Bearer sk-proj-SECRET-0123456789",
        "sk-proj-SECRET-0123456789",
        "other-secret-value",
        "azure-secret-value",
      ]
    `);
  });

  it('reads Headers too, and Basic and token schemes', () => {
    const headers = new Headers({
      authorization: 'Basic dXNlcjpwYXNzd29yZA==',
      'x-token': 'token abcdef123',
    });
    expect(headerSecrets(headers)).toEqual([
      'Basic dXNlcjpwYXNzd29yZA==',
      'dXNlcjpwYXNzd29yZA==',
      'token abcdef123',
      'abcdef123',
    ]);
  });

  it('skips values too short to be secrets, empty ones and unset ones', () => {
    expect(headerSecrets({ 'x-a': 'abc', 'x-b': '', 'x-c': undefined, 'x-d': null })).toEqual([]);
    expect(headerSecrets(undefined)).toEqual([]);
  });
});

describe('addSecret', () => {
  it('adds a secret once, trimmed, and nothing shorter than six characters', () => {
    const secrets: string[] = [];
    addSecret(secrets, `  ${key}  `);
    addSecret(secrets, key);
    addSecret(secrets, 'short');
    addSecret(secrets, null);
    addSecret(secrets, undefined);
    expect(secrets).toEqual([key]);
  });
});

describe('redact', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redact(`Bad key ${key}; you sent ${key}.`, [key])).toBe(
      'Bad key [redacted]; you sent [redacted].',
    );
  });

  it('replaces the longest secret first, so a bearer header goes whole', () => {
    expect(redact(`Authorization: Bearer ${key}`, [key, `Bearer ${key}`])).toBe(
      'Authorization: [redacted]',
    );
  });

  it('leaves text without a secret as it is', () => {
    expect(redact('nothing here', [key])).toBe('nothing here');
    expect(redact(key, [])).toBe(key);
  });
});

describe('leaks', () => {
  it('tells whether any secret appears', () => {
    expect(leaks(`x ${key} y`, ['other-secret', key])).toBe(true);
    expect(leaks('x [redacted] y', [key])).toBe(false);
    expect(leaks(key, [])).toBe(false);
  });
});

describe('headersToRecord', () => {
  it('gives the headers as a record, with any secret an upstream echoed scrubbed', () => {
    const headers = new Headers({ 'x-echo': `you sent ${key}`, 'retry-after': '3' });
    expect(headersToRecord(headers, [key])).toMatchInlineSnapshot(`
      {
        "retry-after": "3",
        "x-echo": "you sent [redacted]",
      }
    `);
    expect(headersToRecord(headers)).toEqual({ 'retry-after': '3', 'x-echo': `you sent ${key}` });
  });
});

describe('redactedError', () => {
  it('gives a new error with the message scrubbed, keeping code and status', () => {
    const error = Object.assign(new Error(`Invalid key ${key}`), {
      code: 'invalid_api_key',
      status: 401,
    });
    const redacted = redactedError(error, [key]);
    expect(redacted).not.toBe(error);
    expect(redacted).toBeInstanceOf(Error);
    expect(redacted).toMatchObject({
      message: 'Invalid key [redacted]',
      code: 'invalid_api_key',
      status: 401,
    });
  });

  it('gives back an error without a secret unchanged', () => {
    const error = new Error('socket hang up');
    expect(redactedError(error, [key])).toBe(error);
  });

  it('scrubs a thrown string, and passes anything else through', () => {
    expect(redactedError(`no ${key}`, [key])).toBe('no [redacted]');
    const thrown = { message: key };
    expect(redactedError(thrown, [key])).toBe(thrown);
    expect(redactedError(undefined, [key])).toBeUndefined();
  });
});
