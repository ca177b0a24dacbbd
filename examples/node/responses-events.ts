// The Responses view of a call: every event as a `raw` part, and the final Response.
import { streamText } from 'ai';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { createResponsesBridge } from '../../src/index';
import { endpoint } from './endpoint';

const { baseURL, apiKey, modelId, close } = await endpoint(
  'openrouter-claude-sonnet-4.5-reasoning-details',
);
const provider = createResponsesBridge({ baseURL, apiKey });

const result = streamText({ model: provider(modelId), prompt: 'Hi', includeRawChunks: true });
for await (const part of result.fullStream) {
  if (part.type !== 'raw') continue;
  const event = part.rawValue as ResponseStreamEvent;
  console.log(event.sequence_number, event.type);
}
const metadata = (await result.providerMetadata)?.responsesBridge as
  | { responseId: string; response: Response }
  | undefined;
console.log(metadata?.responseId, metadata?.response.status, metadata?.response.usage);
await close();
