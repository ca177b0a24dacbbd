// A tool loop: the model calls `weather`, the AI SDK runs it and sends the result back.
import { stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';
import { createResponsesBridge } from '../../src/index';
import { endpoint } from './endpoint';

const { baseURL, apiKey, modelId, close } = await endpoint();
const provider = createResponsesBridge({ baseURL, apiKey });

const result = streamText({
  model: provider(modelId),
  prompt: 'What is the weather in San Francisco?',
  tools: {
    weather: tool({
      description: 'The current weather at a location',
      inputSchema: z.object({ location: z.string() }),
      execute: async ({ location }) => ({ location, temperature: 18, conditions: 'fog' }),
    }),
  },
  stopWhen: stepCountIs(3),
});
for await (const part of result.fullStream) {
  if (part.type === 'tool-call') console.log(`→ ${part.toolName}(${JSON.stringify(part.input)})`);
  if (part.type === 'tool-result') console.log(`← ${JSON.stringify(part.output)}`);
  if (part.type === 'text-delta') process.stdout.write(part.text);
}
console.log(`\n(${(await result.steps).length} steps)`);
await close();
