/**
 * Which Chat Completions endpoint the chat route talks to: `OPENAI_BASE_URL` when it is set,
 * else the replay server of examples/replay, started on first use inside this process.
 */
export type Backend =
  | { mode: 'upstream'; baseURL: string; model: string }
  | { mode: 'replay'; model: string };

export function backend(): Backend {
  const baseURL = process.env.OPENAI_BASE_URL;
  if (baseURL) return { mode: 'upstream', baseURL, model: process.env.MODEL || 'gpt-4o-mini' };
  return { mode: 'replay', model: 'deepseek-reasoner' };
}
