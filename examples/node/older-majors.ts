// The same provider for ai 4, 5 and 6 (installed here as ai-v4, ai-v5, ai-v6 for the tests).
// In an app you import from 'ai' and 'responses-bridge/v1' (ai 4), '/v2' (ai 5) or '/v3' (ai 6).
import * as ai4 from 'ai-v4';
import * as ai5 from 'ai-v5';
import * as ai6 from 'ai-v6';
import { createResponsesBridge as createV1 } from '../../src/compat/v1/index';
import { createResponsesBridge as createV2 } from '../../src/compat/v2/index';
import { createResponsesBridge as createV3 } from '../../src/compat/v3/index';
import { endpoint } from './endpoint';

const { baseURL, apiKey, modelId, close } = await endpoint('openai-gpt-4o-mini-text');

async function join(stream: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const delta of stream) text += delta;
  return text;
}

const v1 = ai4.streamText({ model: createV1({ baseURL, apiKey })(modelId), prompt: 'Hi' });
console.log('ai 4:', await join(v1.textStream));

const v2 = ai5.streamText({ model: createV2({ baseURL, apiKey })(modelId), prompt: 'Hi' });
console.log('ai 5:', await join(v2.textStream));

const v3 = ai6.streamText({ model: createV3({ baseURL, apiKey })(modelId), prompt: 'Hi' });
console.log('ai 6:', await join(v3.textStream));
await close();
