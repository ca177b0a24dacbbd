/**
 * Small readers of untrusted JSON, for tests that walk raw recordings or wire objects the
 * `openai` types leave fields out of (`reasoning_content`, `error`, `citations`).
 */

export type JsonObject = { [key: string]: unknown };

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The own enumerable fields of an object, to compare them key by key. */
export function fieldsOf(value: object): JsonObject {
  return Object.fromEntries(Object.entries(value));
}

/** `value[key]`, or undefined unless `value` is an object (not an array) with that key. */
export function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

/** `value` if it is a string. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `value` if it is an array, else no elements. */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** What a client sees of `value` on the wire: JSON drops `undefined` fields. */
export function wire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
