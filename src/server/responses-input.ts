/**
 * Validation of a Responses request's `input`: each item and part checked against the shape the
 * Responses API accepts, so that a malformed one gets the 400 that names it
 * (`input[2].content[0].text`). The conversion itself is the core's (`toChatMessages`).
 */
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { z } from 'zod/v4';
import { invalidRequest, missingParameter, parseWith } from './responses-errors';

const inputText = z.object({ type: z.literal('input_text'), text: z.string() });
const inputImage = z.object({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(['auto', 'low', 'high', 'original']).nullish(),
});
const inputFile = z.object({
  type: z.literal('input_file'),
  file_data: z.string().optional(),
  file_id: z.string().nullish(),
  file_url: z.string().optional(),
  filename: z.string().optional(),
});
const inputAudio = z.object({
  type: z.literal('input_audio'),
  input_audio: z.object({ data: z.string(), format: z.enum(['mp3', 'wav']) }),
});
const outputText = z.object({ type: z.literal('output_text'), text: z.string() });
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() });
const messageItem = z.object({
  role: z.enum(['user', 'system', 'developer', 'assistant']),
  content: z.union([z.string(), z.array(z.unknown())]),
});
const functionCallItem = z.object({
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
  namespace: z.string().nullish(),
});
const customToolCallItem = z.object({
  call_id: z.string(),
  name: z.string(),
  input: z.string(),
  namespace: z.string().nullish(),
});
const toolSearchCallItem = z.object({ call_id: z.string(), arguments: z.unknown().optional() });
const toolsItem = z.object({ tools: z.array(z.record(z.string(), z.unknown())) });
const functionCallOutputItem = z.object({
  call_id: z.string(),
  output: z.union([z.string(), z.array(z.unknown())]),
});
const reasoningItem = z.object({
  summary: z.array(z.object({ type: z.literal('summary_text'), text: z.string() })).default([]),
  content: z.array(z.object({ type: z.literal('reasoning_text'), text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
});

/** Part types allowed in a message of each role, as the Responses API allows them. */
const partTypesByRole = {
  user: ['input_text', 'input_image', 'input_file', 'input_audio'],
  system: ['input_text'],
  developer: ['input_text'],
  assistant: ['output_text', 'refusal'],
} as const;

const partSchemas = {
  input_text: inputText,
  input_image: inputImage,
  input_file: inputFile,
  input_audio: inputAudio,
  output_text: outputText,
  refusal,
} as const;

/** The input, checked: a string, or items whose known types have the fields they need. */
export function parseInput(input: unknown): string | ResponseInputItem[] {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input)) {
    throw invalidRequest(
      "Invalid type for 'input': expected a string or an array of input items.",
      'input',
      'invalid_type',
    );
  }
  input.forEach((item: unknown, index) => {
    const param = `input[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw invalidRequest(
        `Invalid type for '${param}': expected an input item object.`,
        param,
        'invalid_type',
      );
    }
    const record = item as Record<string, unknown>;
    // Easy input messages may leave out `type`.
    const type = record.type ?? ('role' in record ? 'message' : undefined);
    switch (type) {
      case 'message': {
        const message = parseWith(messageItem, record, param);
        if (typeof message.content !== 'string') {
          message.content.forEach((part, partIndex) => {
            const partParam = `${param}.content[${partIndex}]`;
            const partType = checkPartType(part, partParam, partTypesByRole[message.role]);
            parseWith(partSchemas[partType] as z.ZodType<unknown>, part, partParam);
          });
        }
        break;
      }
      case 'function_call':
        parseWith(functionCallItem, record, param);
        break;
      case 'custom_tool_call':
        parseWith(customToolCallItem, record, param);
        break;
      case 'tool_search_call':
        parseWith(toolSearchCallItem, record, param);
        break;
      case 'tool_search_output':
      case 'additional_tools':
        parseWith(toolsItem, record, param);
        break;
      case 'reasoning':
        parseWith(reasoningItem, record, param);
        break;
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const output = parseWith(functionCallOutputItem, record, param);
        if (typeof output.output !== 'string') {
          output.output.forEach((part, partIndex) => {
            const partParam = `${param}.output[${partIndex}]`;
            const partType = checkPartType(part, partParam, [
              'input_text',
              'input_image',
              'input_file',
            ]);
            if (partType === 'input_text') parseWith(inputText, part, partParam);
          });
        }
        break;
      }
      default:
        // Other item types are the core's to accept or refuse.
        break;
    }
  });
  return input as ResponseInputItem[];
}

/** The part's `type`, checked against the types its message may hold. */
function checkPartType<T extends string>(part: unknown, param: string, allowed: readonly T[]): T {
  const type =
    typeof part === 'object' && part !== null ? (part as { type?: unknown }).type : undefined;
  if (typeof type !== 'string') throw missingParameter(`${param}.type`);
  if (!(allowed as readonly string[]).includes(type)) {
    throw invalidRequest(
      `Invalid value: '${type}'. Supported values are: ${allowed.map((t) => `'${t}'`).join(', ')}.`,
      `${param}.type`,
      'invalid_value',
    );
  }
  return type as T;
}
