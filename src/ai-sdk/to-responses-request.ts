/**
 * An AI SDK call → the Responses request it stands for, plus the Chat Completions fields that
 * have no Responses equivalent (`stop`, `seed`, `extraBody`). The core turns both into the chat
 * request, exactly as it does for a Responses client of `serve`.
 */
import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import { isCustomReasoning } from '@ai-sdk/provider-utils';
import type { ResponsesRequest, ToChatRequestOptions } from '../core/to-chat-request';
import type { ResponsesBridgeProviderOptions } from './responses-bridge-settings';
import { toResponsesInput } from './to-responses-input';
import { toResponsesTools } from './to-responses-tools';

export interface ResponsesCall {
  request: ResponsesRequest;
  chatOptions: ToChatRequestOptions;
  warnings: SharedV4Warning[];
}

export interface ToResponsesRequestOptions {
  /** Key of this provider's metadata in `providerOptions`. */
  metadataKey: string;
  /** Default of `providerOptions.structuredOutputs` (the `supportsStructuredOutputs` setting). */
  structuredOutputs: boolean;
  /** Tool results with files go in the tool message as parts (`supportsMultiPartToolContent`). */
  multiPartToolContent: boolean;
}

export function toResponsesRequest(
  modelId: string,
  options: LanguageModelV4CallOptions,
  bridgeOptions: ResponsesBridgeProviderOptions,
  { metadataKey, structuredOutputs, multiPartToolContent }: ToResponsesRequestOptions,
): ResponsesCall {
  const warnings: SharedV4Warning[] = [];
  if (options.topK != null) {
    warnings.push({
      type: 'unsupported',
      feature: 'topK',
      details: 'Chat Completions has no top_k; servers that accept one can get it via extraBody.',
    });
  }
  const { tools, toolChoice, toolWarnings } = toResponsesTools(options);
  const { input, warnings: inputWarnings } = toResponsesInput(options.prompt, {
    metadataKey,
    sendReasoning: bridgeOptions.sendReasoning ?? true,
    multiPartToolContent,
  });
  const responseFormat = options.responseFormat;
  const effort =
    bridgeOptions.reasoningEffort != null
      ? bridgeOptions.reasoningEffort
      : isCustomReasoning(options.reasoning)
        ? options.reasoning
        : undefined;

  const request: ResponsesRequest = {
    model: modelId,
    input,
    ...(options.maxOutputTokens !== undefined
      ? { max_output_tokens: options.maxOutputTokens }
      : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.topP !== undefined ? { top_p: options.topP } : {}),
    ...(options.frequencyPenalty !== undefined
      ? { frequency_penalty: options.frequencyPenalty }
      : {}),
    ...(options.presencePenalty !== undefined ? { presence_penalty: options.presencePenalty } : {}),
    ...(tools !== undefined ? { tools } : {}),
    ...(toolChoice !== undefined ? { tool_choice: toolChoice } : {}),
    ...(bridgeOptions.parallelToolCalls !== undefined
      ? { parallel_tool_calls: bridgeOptions.parallelToolCalls }
      : {}),
    ...(bridgeOptions.user !== undefined ? { user: bridgeOptions.user } : {}),
    ...(effort !== undefined ? { reasoning: { effort } } : {}),
  };
  if (responseFormat?.type === 'json') {
    request.text = {
      format:
        responseFormat.schema != null && (bridgeOptions.structuredOutputs ?? structuredOutputs)
          ? {
              type: 'json_schema',
              name: responseFormat.name ?? 'response',
              ...(responseFormat.description !== undefined
                ? { description: responseFormat.description }
                : {}),
              schema: responseFormat.schema as Record<string, unknown>,
              strict: bridgeOptions.strictJsonSchema ?? true,
            }
          : { type: 'json_object' },
    };
  }
  if (bridgeOptions.textVerbosity !== undefined) {
    // OpenAI's Chat Completions takes `low`, `medium` and `high`; others are sent as given.
    const verbosity = bridgeOptions.textVerbosity as 'low' | 'medium' | 'high';
    request.text = { ...request.text, verbosity };
  }

  const extraBody: Record<string, unknown> = {
    ...(options.stopSequences !== undefined ? { stop: options.stopSequences } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    // `reasoningEffort: null` sends `reasoning_effort: null`, which some servers need.
    ...(bridgeOptions.reasoningEffort === null ? { reasoning_effort: null } : {}),
    ...bridgeOptions.extraBody,
  };
  return {
    request,
    chatOptions: { extraBody, ...(multiPartToolContent ? { multiPartToolOutputs: true } : {}) },
    warnings: [...warnings, ...toolWarnings, ...inputWarnings],
  };
}
