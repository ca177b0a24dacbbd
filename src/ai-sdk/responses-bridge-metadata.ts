import type { Response } from 'openai/resources/responses/responses';

/** What a call of this provider leaves in `providerMetadata[name]`: the Responses view of it. */
export interface ResponsesBridgeMetadata {
  /** The Response's id (`resp_…`). */
  responseId: string;
  /** The final Response, as `response.completed` (or `.incomplete`, `.failed`) carried it. */
  response: Response;
}

/**
 * The Responses view of an AI SDK result, typed: `providerMetadata[name]` (default
 * `responsesBridge`) of `streamText`, `generateText`, a step or a finish part, of any AI SDK
 * major. Undefined when the metadata holds none (another provider's result, an aborted call).
 */
export function responsesBridgeMetadata(
  providerMetadata: Readonly<Record<string, unknown>> | undefined,
  options: { name?: string } = {},
): ResponsesBridgeMetadata | undefined {
  const entry = providerMetadata?.[options.name ?? 'responsesBridge'];
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { responseId, response } = entry as { responseId?: unknown; response?: unknown };
  if (typeof responseId !== 'string' || !isResponse(response)) return undefined;
  return { responseId, response };
}

function isResponse(value: unknown): value is Response {
  if (typeof value !== 'object' || value === null) return false;
  const { object, id, output } = value as { object?: unknown; id?: unknown; output?: unknown };
  return object === 'response' && typeof id === 'string' && Array.isArray(output);
}
