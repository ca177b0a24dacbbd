/**
 * Tool call input items (`function_call`, `custom_tool_call`, `tool_search_call`) → the Chat
 * Completions tool calls of the assistant message, under the names the upstream knows them by.
 */
import type { DraftToolCall } from './assistant-draft';
import { isRecord, nonEmptyString } from './read-chunk';
import type { ThoughtSignature } from './reasoning-envelope';
import { type ToolMap, upstreamToolName } from './to-chat-tools';

type Item = Record<string, unknown>;

/**
 * The tool call an item of type `function_call`, `custom_tool_call` or `tool_search_call` goes
 * back as, with the thought signature a function call item carries.
 */
export function toDraftToolCall(item: Item, tools: ToolMap): DraftToolCall {
  if (item.type === 'tool_search_call') {
    return {
      call: {
        id: String(item.call_id),
        type: 'function',
        function: { name: 'tool_search', arguments: JSON.stringify(item.arguments ?? {}) },
      },
      thoughtSignature: undefined,
    };
  }
  const name = String(item.name);
  const namespace = typeof item.namespace === 'string' ? item.namespace : undefined;
  const isFunction = item.type === 'function_call';
  return {
    call: {
      id: String(item.call_id),
      type: 'function',
      function: {
        name:
          upstreamToolName(tools, name, namespace, isFunction ? 'function' : 'custom') ??
          (namespace !== undefined ? `${namespace}__${name}` : name),
        // A custom tool is a function of one string parameter upstream (see to-chat-tools.ts).
        arguments: isFunction
          ? String(item.arguments)
          : JSON.stringify({ input: String(item.input) }),
      },
    },
    thoughtSignature: isFunction ? readItemThoughtSignature(item) : undefined,
  };
}

/**
 * The thought signature the core puts on a function call item: Gemini's own field
 * (`extra_content.google.thought_signature`) when it came that way, else the shape
 * openai-agents-python uses (`provider_specific_fields.google.thought_signature`), which goes
 * back in LiteLLM's field.
 */
function readItemThoughtSignature(item: Item): ThoughtSignature | undefined {
  const fromGemini = googleSignature(item.extra_content);
  if (fromGemini !== undefined) return { signature: fromGemini, field: 'extra_content' };
  const fields = item.provider_specific_fields;
  const fromFields =
    googleSignature(fields) ??
    (isRecord(fields) ? nonEmptyString(fields.thought_signature) : undefined);
  if (fromFields !== undefined) return { signature: fromFields, field: 'provider_specific_fields' };
  return undefined;
}

function googleSignature(holder: unknown): string | undefined {
  if (!isRecord(holder) || !isRecord(holder.google)) return undefined;
  return nonEmptyString(holder.google.thought_signature);
}
