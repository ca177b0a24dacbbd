/**
 * What the demo writes for a chunk, an event and a part: a short label that stays the same for
 * chunks of one kind (so that runs of them fold into one row), and a sample of their text.
 */
import type { TextStreamPart, ToolSet } from 'ai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';

export interface Label {
  label: string;
  sample: string;
}

/** One server-sent event of the endpoint's stream: `data: {…}`, `data: [DONE]`, a comment. */
export function describeBlock(text: string): Label & { payload: unknown } {
  const lines = text.split('\n');
  const data = lines
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim())
    .join('\n');
  const eventName = lines
    .find((line) => line.startsWith('event:'))
    ?.slice(6)
    .trim();
  const prefix = eventName ? `event: ${eventName}, ` : '';
  if (data === '') return { label: ': comment', sample: '', payload: undefined };
  if (data === '[DONE]') return { label: '[DONE]', sample: '', payload: '[DONE]' };
  let chunk: Record<string, unknown>;
  try {
    chunk = JSON.parse(data);
  } catch {
    return { label: `${prefix}not JSON`, sample: data, payload: data };
  }
  const { label, sample } = describeChunk(chunk);
  return { label: `${prefix}${label}`, sample, payload: chunk };
}

function describeChunk(chunk: Record<string, unknown>): Label {
  const error = chunk.error as { message?: unknown } | undefined;
  if (error !== undefined && error !== null) {
    return {
      label: 'error payload',
      sample: typeof error.message === 'string' ? error.message : JSON.stringify(error),
    };
  }
  const choice = (chunk.choices as Array<Record<string, unknown>> | undefined)?.[0];
  const delta = (choice?.delta ?? {}) as Record<string, unknown>;
  const keys = Object.entries(delta)
    .filter(([key, value]) => value !== null && value !== '' && key !== 'role')
    .filter(([, value]) => !(Array.isArray(value) && value.length === 0))
    .map(([key, value]) =>
      key === 'content' && Array.isArray(value) ? contentBlocks(value) : key,
    );
  const fields = keys.length > 0 ? [`delta.${keys.join('+')}`] : [];
  if (choice?.finish_reason) fields.push(`finish_reason: ${choice.finish_reason}`);
  if (chunk.usage) fields.push('usage');
  if (Array.isArray(chunk.choices) && chunk.choices.length === 0) fields.push('choices: []');
  const call = (delta.tool_calls as Array<{ function?: { arguments?: unknown } }> | undefined)?.[0];
  const sample = [
    delta.content,
    delta.reasoning_content,
    delta.reasoning,
    call?.function?.arguments,
    ...(Array.isArray(delta.content) ? delta.content.map(blockText) : []),
  ]
    .filter((value): value is string => typeof value === 'string')
    .join('');
  return { label: fields.length > 0 ? fields.join(', ') : 'empty delta', sample };
}

/** Mistral's array content: `content[thinking]`, `content[text]`. */
function contentBlocks(blocks: unknown[]): string {
  const types = blocks.map((block) => (block as { type?: unknown }).type);
  return `content[${[...new Set(types)].join(',')}]`;
}

function blockText(block: unknown): string {
  const { text, thinking } = block as { text?: unknown; thinking?: unknown };
  if (typeof text === 'string') return text;
  return Array.isArray(thinking) ? thinking.map(blockText).join('') : '';
}

export function describeEvent(event: ResponseStreamEvent): string {
  const item =
    event.type === 'response.output_item.added' || event.type === 'response.output_item.done'
      ? ` (${event.item.type})`
      : '';
  return `${event.type.replace(/^response\./, '')}${item}`;
}

export function describePart(part: TextStreamPart<ToolSet>): Label {
  switch (part.type) {
    case 'text-delta':
    case 'reasoning-delta':
      return { label: part.type, sample: part.text };
    case 'tool-call':
      return { label: `tool-call ${part.toolName}`, sample: JSON.stringify(part.input) };
    case 'tool-result':
      return { label: `tool-result ${part.toolName}`, sample: JSON.stringify(part.output) };
    case 'error':
      return { label: 'error', sample: '' };
    default:
      return { label: part.type, sample: '' };
  }
}
