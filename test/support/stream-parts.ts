/**
 * Reading what the provider streams: every part of a `ReadableStream`, the first part of a type,
 * and the final Response the provider puts in `providerMetadata.responsesBridge.response`.
 */
import { APICallError } from '@ai-sdk/provider';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { expect } from 'vitest';
import { checkSpec } from './invariants';
import { validateResponse } from './open-responses-schema';

/** Every chunk of a stream, in order (the DOM types give `ReadableStream` no async iterator). */
export async function readStream<T>(stream: ReadableStream<T>): Promise<T[]> {
  const reader = stream.getReader();
  const chunks: T[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

/**
 * The first part of `type`, failing the test if there is none. The intersection narrows unions
 * tagged with literals (`'finish'`) and with patterns (the AI SDK's `tool-${string}`) alike.
 */
export function findPart<Part extends { type: string }, Type extends Part['type']>(
  parts: readonly Part[],
  type: Type,
): Part & { type: Type } {
  const part = parts.find((each): each is Part & { type: Type } => each.type === type);
  expect(part, `a ${type} part`).toBeDefined();
  return part!;
}

/**
 * The Responses events the provider streamed as `raw` parts (`includeRawChunks: true`), in
 * order; a raw value that is not an event, or an event the Open Responses spec refuses, fails
 * the test.
 */
export function rawEvents(
  parts: ReadonlyArray<{ type: string; rawValue?: unknown }>,
): ResponseStreamEvent[] {
  const events = parts.flatMap((part) => {
    if (part.type !== 'raw') return [];
    if (!isResponseEvent(part.rawValue)) {
      throw new Error(`Expected a Responses event in a raw part, got ${String(part.rawValue)}.`);
    }
    return [part.rawValue];
  });
  checkSpec(events);
  return events;
}

function isResponseEvent(value: unknown): value is ResponseStreamEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    typeof value.type === 'string' &&
    'sequence_number' in value &&
    typeof value.sequence_number === 'number'
  );
}

/** `error` as the AI SDK's APICallError (of any copy of the package), failing the test if not. */
export function asAPICallError(error: unknown): APICallError {
  if (!APICallError.isInstance(error)) {
    throw new Error(`Expected an APICallError, got ${String(error)}.`);
  }
  return error;
}

type ProviderMetadata = Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;

/**
 * The final Response in `providerMetadata[key].response`, or undefined when there is none; a value
 * there that is not a Response, or not one the Open Responses spec accepts, fails the test.
 */
export function responseInMetadata(
  metadata: ProviderMetadata | undefined,
  key = 'responsesBridge',
): Response | undefined {
  const value = metadata?.[key]?.response;
  if (value === undefined) return undefined;
  if (!isResponse(value)) {
    throw new Error(`Expected a Response in providerMetadata.${key}.response.`);
  }
  expect(validateResponse(value), `providerMetadata.${key}.response under the spec`).toEqual([]);
  return value;
}

/** The final Response in `providerMetadata[key].response`, failing the test if there is none. */
export function finalResponseIn(
  metadata: ProviderMetadata | undefined,
  key = 'responsesBridge',
): Response {
  const response = responseInMetadata(metadata, key);
  if (response === undefined) throw new Error(`No Response in providerMetadata.${key}.response.`);
  return response;
}

function isResponse(value: unknown): value is Response {
  return (
    typeof value === 'object' &&
    value !== null &&
    'object' in value &&
    value.object === 'response' &&
    'output' in value &&
    Array.isArray(value.output)
  );
}
