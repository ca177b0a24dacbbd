/**
 * Rejections and throws, caught where a test can look at them: the reason a promise rejects
 * with, what a call throws, and every unhandled rejection or uncaught exception of the process
 * while a file's tests run.
 */
import { afterAll, beforeAll, expect } from 'vitest';

/** The reason `promise` rejects with; fails the test if it fulfils. */
export async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The reason `promise` rejects with, checked to be an instance of `type`. */
export async function rejectionOf<T>(
  promise: PromiseLike<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  return checkedInstance(await rejection(promise), type);
}

/** What `fn` throws, checked to be an instance of `type`; fails the test if it returns. */
export function thrownBy<T>(fn: () => unknown, type: abstract new (...args: never[]) => T): T {
  try {
    fn();
  } catch (error) {
    return checkedInstance(error, type);
  }
  throw new Error('expected a throw');
}

function checkedInstance<T>(value: unknown, type: abstract new (...args: never[]) => T): T {
  if (value instanceof type) return value;
  expect(value).toBeInstanceOf(type);
  throw value;
}

export interface Escape {
  kind: 'unhandledRejection' | 'uncaughtException';
  value: unknown;
}

/**
 * Every unhandled rejection and uncaught exception from the first test of the file to the last,
 * in order; `onEscape` sees each as it happens. A file ends with `expect(escaped).toEqual([])`.
 */
export function watchEscapes(onEscape?: (escaped: Escape) => void): Escape[] {
  const escaped: Escape[] = [];
  const record = (entry: Escape) => {
    escaped.push(entry);
    onEscape?.(entry);
  };
  const onUnhandledRejection = (value: unknown) => record({ kind: 'unhandledRejection', value });
  const onUncaughtException = (value: unknown) => record({ kind: 'uncaughtException', value });
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandledRejection);
    process.on('uncaughtException', onUncaughtException);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandledRejection);
    process.off('uncaughtException', onUncaughtException);
  });
  return escaped;
}
