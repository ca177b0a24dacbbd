import { type InferUITools, tool, type UIDataTypes, type UIMessage } from 'ai';
import { z } from 'zod';

/** The tools of the chat route. The page imports only the `ChatMessage` type from here. */
export const tools = {
  weather: tool({
    description: 'Get the current weather at a location.',
    inputSchema: z.object({ location: z.string() }),
    execute: async ({ location }) => ({ location, temperature: 18, conditions: 'fog' }),
  }),
};

export type ChatMessage = UIMessage<unknown, UIDataTypes, InferUITools<typeof tools>>;
