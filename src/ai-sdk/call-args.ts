/**
 * One AI SDK call → the chat request body it sends, the request fields its Response reports, and
 * the warnings of what it could not send: through the AI SDK → Responses request step, then the
 * core's Responses → Chat Completions pivot.
 */
import {
  type LanguageModelV4CallOptions,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import type { Response } from 'openai/resources/responses/responses';
import { ChatRequestError } from '../core/chat-request-error';
import { type ChatRequestBody, toChatRequest } from '../core/to-chat-request';
import { parseBridgeOptions, type ResponsesBridgeModelId } from './responses-bridge-settings';
import { toResponsesRequest } from './to-responses-request';

export interface CallArgs {
  body: ChatRequestBody;
  /** What the Response reports of the request. */
  response: Partial<Response>;
  warnings: SharedV4Warning[];
}

/** What the model's settings decide of a call. */
export interface CallArgsConfig {
  /** Key of providerOptions and providerMetadata. */
  metadataKey: string;
  supportsStructuredOutputs: boolean;
  supportsMultiPartToolContent?: boolean | undefined;
}

/**
 * The call's chat request. Throws `InvalidArgumentError` for bad provider options and
 * `UnsupportedFunctionalityError` for what Chat Completions cannot express.
 */
export function toCallArgs(
  modelId: ResponsesBridgeModelId,
  options: LanguageModelV4CallOptions,
  config: CallArgsConfig,
): CallArgs {
  const { metadataKey } = config;
  const bridgeOptions = parseBridgeOptions(options.providerOptions?.[metadataKey], metadataKey);
  const call = toResponsesRequest(modelId, options, bridgeOptions, {
    metadataKey,
    structuredOutputs: config.supportsStructuredOutputs,
    multiPartToolContent: config.supportsMultiPartToolContent === true,
  });
  try {
    const { body, response } = toChatRequest(call.request, call.chatOptions);
    // The model the upstream names in its chunks is the one the AI SDK reports.
    const { model: _requested, ...reported } = response;
    return { body, response: reported, warnings: call.warnings };
  } catch (error) {
    if (error instanceof ChatRequestError) {
      throw new UnsupportedFunctionalityError({ functionality: error.message });
    }
    throw error;
  }
}
