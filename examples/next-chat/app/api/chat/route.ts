import { convertToModelMessages, stepCountIs, streamText } from 'ai';
import { createResponsesBridge, type ResponsesBridgeProvider } from 'responses-bridge';
import { backend } from '../../../lib/backend';
import { errorMessage } from '../../../lib/error-message';
import { type ChatMessage, tools } from '../../../lib/tools';

export const runtime = 'nodejs';

let provider: Promise<ResponsesBridgeProvider> | undefined;

/**
 * The provider, made once per server process on the first request (the replay server, when it
 * is the endpoint, starts then too): every request shares its `openai` client.
 */
function chatProvider(): Promise<ResponsesBridgeProvider> {
  provider ??= createProvider().catch((error: unknown) => {
    provider = undefined; // try again on the next request
    throw error;
  });
  return provider;
}

async function createProvider(): Promise<ResponsesBridgeProvider> {
  const target = backend();
  if (target.mode === 'upstream') {
    return createResponsesBridge({ baseURL: target.baseURL, apiKey: process.env.OPENAI_API_KEY });
  }
  const { startReplayServer } = await import('../../../../replay/replay-chat-server.mjs');
  const { baseURL } = await startReplayServer({ delayMs: 10 });
  return createResponsesBridge({ baseURL });
}

export async function POST(req: Request) {
  const { messages }: { messages: ChatMessage[] } = await req.json();
  const result = streamText({
    model: (await chatProvider())(backend().model),
    messages: await convertToModelMessages(messages),
    tools,
    stopWhen: stepCountIs(3),
    // The page's Stop button (or a closed tab) ends the request, and with it the upstream one.
    abortSignal: req.signal,
    onError: ({ error }) => console.error(`chat: ${errorMessage(error)}`),
  });
  return result.toUIMessageStreamResponse({ sendReasoning: true, onError: errorMessage });
}
