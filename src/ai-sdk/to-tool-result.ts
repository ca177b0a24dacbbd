import type { LanguageModelV4ToolResultOutput, SharedV4Warning } from '@ai-sdk/provider';
import { stringifyWithBigIntAndCycles } from '@ai-sdk/provider-utils';
import type { ResponseInputContent } from 'openai/resources/responses/responses';
import { toInputContent } from './to-input-content';

export interface ToolResult {
  /** The function call output: text, or parts when they may go in the tool message. */
  output: string | ResponseInputContent[];
  /** Images and files for the user message that follows the turn's tool messages. */
  attachments: ResponseInputContent[];
}

type ToolResultPart = Extract<
  LanguageModelV4ToolResultOutput,
  { type: 'content' }
>['value'][number];

/**
 * A tool result as a function call output, and the images and files it holds when they cannot
 * go in the tool message. @ai-sdk/openai-compatible sends such a result as JSON text (base64 and
 * all) unless told the server takes parts; here the text stays in the tool message and the files
 * follow in a user message, labelled with the call, which every server that takes images reads.
 */
export function toToolResult(
  callId: string,
  output: LanguageModelV4ToolResultOutput,
  multiPartToolContent: boolean,
  warnings: SharedV4Warning[],
): ToolResult {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return { output: output.value, attachments: [] };
    case 'json':
    case 'error-json':
      return { output: stringifyWithBigIntAndCycles(output.value), attachments: [] };
    case 'execution-denied':
      return { output: output.reason ?? 'Tool call execution denied.', attachments: [] };
    case 'content':
      return toContentResult(callId, output.value, multiPartToolContent, warnings);
  }
}

function toContentResult(
  callId: string,
  value: ToolResultPart[],
  multiPartToolContent: boolean,
  warnings: SharedV4Warning[],
): ToolResult {
  const parts: ResponseInputContent[] = [];
  for (const part of value) {
    if (part.type === 'text') parts.push({ type: 'input_text', text: part.text });
    else if (part.type === 'file') parts.push(toInputContent(part));
    else {
      warnings.push({
        type: 'unsupported',
        feature: 'custom tool result parts',
        details: 'Chat Completions has no form for them; the part was left out.',
      });
    }
  }
  const texts = parts.filter((part) => part.type === 'input_text');
  const files = parts.filter((part) => part.type !== 'input_text');
  // Text-only results read naturally as one text.
  const text = texts.map((part) => part.text).join('\n');
  if (files.length === 0) return { output: text, attachments: [] };
  if (multiPartToolContent) return { output: parts, attachments: [] };
  const count = `${files.length} file${files.length === 1 ? '' : 's'}`;
  const note = `(The result has ${count}, sent in the next user message.)`;
  return {
    output: text === '' ? note : `${text}\n${note}`,
    attachments: [
      { type: 'input_text', text: `The ${count} of the result of tool call ${callId}:` },
      ...files,
    ],
  };
}
