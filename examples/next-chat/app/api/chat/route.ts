import { convertToModelMessages, stepCountIs, streamText } from 'ai';
import { createResponsesBridge } from 'responses-bridge';
import { backend } from '../../../lib/backend';
import { type ChatMessage, tools } from '../../../lib/tools';

export const runtime = 'nodejs';

let replayServer: Promise<{ baseURL: string }> | undefined;

/** Starts the embedded replay server once, on the first request that needs it. */
function replayBaseURL(): Promise<string> {
  replayServer ??= import('../../../../replay/replay-chat-server.mjs')
    .then(({ startReplayServer }) => startReplayServer({ delayMs: 10 }))
    .catch((error: unknown) => {
      replayServer = undefined; // try again on the next request
      throw error;
    });
  return replayServer.then(({ baseURL }) => baseURL);
}

async function chatModel() {
  const target = backend();
  if (target.mode === 'upstream') {
    const provider = createResponsesBridge({
      baseURL: target.baseURL,
      apiKey: process.env.OPENAI_API_KEY,
    });
    return provider(target.model);
  }
  return createResponsesBridge({ baseURL: await replayBaseURL() })(target.model);
}

export async function POST(req: Request) {
  const { messages }: { messages: ChatMessage[] } = await req.json();
  const result = streamText({
    model: await chatModel(),
    messages: await convertToModelMessages(messages),
    tools,
    stopWhen: stepCountIs(3),
  });
  return result.toUIMessageStreamResponse({ sendReasoning: true });
}
