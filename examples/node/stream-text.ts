// Streaming text (and reasoning) with streamText.
import { streamText } from 'ai';
import { createResponsesBridge } from '../../src/index';
import { endpoint } from './endpoint';

const { baseURL, apiKey, modelId, close } = await endpoint('deepseek-reasoner-reasoning');
const provider = createResponsesBridge({ baseURL, apiKey });

const result = streamText({ model: provider(modelId), prompt: 'How many Rs are in strawberry?' });
for await (const part of result.fullStream) {
  if (part.type === 'reasoning-delta') process.stdout.write(`\x1b[2m${part.text}\x1b[0m`);
  if (part.type === 'text-start') process.stdout.write('\n\n');
  if (part.type === 'text-delta') process.stdout.write(part.text);
}
console.log(`\n\n${JSON.stringify(await result.usage)}`);
await close();
