/**
 * Tools of a Responses request for the request-side unit tests: a function, and tools of the
 * kinds Codex CLI 0.171 sends (constructed from its captured requests).
 */

/** A function tool with strict parameters. */
export const weather = {
  type: 'function',
  name: 'weather',
  description: 'Current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
  strict: true,
};

/** Codex CLI's freeform `apply_patch` tool, with its grammar. */
export const applyPatch = {
  type: 'custom',
  name: 'apply_patch',
  description: 'Edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.',
  format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch hunk+ end_patch' },
};

/** Codex CLI's `multi_agent_v1` namespace: a function and a custom tool. */
export const agents = {
  type: 'namespace',
  name: 'multi_agent_v1',
  description: 'Tools for spawning and managing sub-agents.',
  tools: [
    { type: 'function', name: 'spawn_agent', parameters: { type: 'object', properties: {} } },
    { type: 'custom', name: 'exec', description: 'Run JavaScript.' },
  ],
};

/** A client-executed tool search. */
export const toolSearch = {
  type: 'tool_search',
  execution: 'client',
  description: 'Searches deferred tools.',
  parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
};
