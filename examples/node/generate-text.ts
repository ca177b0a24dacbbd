// generateText: the same content and the same final Response, without streaming.
import { generateText } from 'ai';
import { createResponsesBridge } from '../../src/index';
import { endpoint } from './endpoint';

const { baseURL, apiKey, modelId, close } = await endpoint('deepseek-reasoner-reasoning');
const provider = createResponsesBridge({ baseURL, apiKey });

const { text, reasoningText, usage, providerMetadata } = await generateText({
  model: provider(modelId),
  prompt: 'How many Rs are in strawberry?',
});
console.log({ reasoning: reasoningText?.slice(0, 80), text, usage });
console.log('Response id:', providerMetadata?.responsesBridge?.responseId);
await close();
