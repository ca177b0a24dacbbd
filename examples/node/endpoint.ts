/**
 * Where the examples send their requests: OPENAI_BASE_URL (with OPENAI_API_KEY and MODEL) when
 * set, else the embedded replay server, which replays a recorded provider stream (no model is
 * called; see examples/replay/replay-chat-server.mjs).
 */
import { startReplayServer } from '../replay/replay-chat-server.mjs';

export async function endpoint(fixture?: string) {
  const baseURL = process.env.OPENAI_BASE_URL || undefined;
  if (baseURL !== undefined) {
    return {
      baseURL,
      apiKey: process.env.OPENAI_API_KEY,
      modelId: process.env.MODEL ?? 'gpt-4o-mini',
      close: async () => {},
    };
  }
  const replay = await startReplayServer({ delayMs: 0, ...(fixture ? { fixture } : {}) });
  console.error(`(replaying the recording ${fixture ?? 'deepseek-reasoner-reasoning-tool-call'})`);
  return { baseURL: replay.baseURL, apiKey: undefined, modelId: 'replay', close: replay.close };
}
