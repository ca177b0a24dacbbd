import {
  InvalidResponseDataError,
  type LanguageModelV4,
  type LanguageModelV4CallOptions,
  type LanguageModelV4GenerateResult,
  type LanguageModelV4StreamPart,
  type LanguageModelV4StreamResult,
  type SharedV4Warning,
} from '@ai-sdk/provider';
import { isCustomReasoning } from '@ai-sdk/provider-utils';
import type OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
} from 'openai/resources/chat/completions';
import type {
  FunctionTool,
  Response,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import type { GenerateId } from '../core/generate-id';
import { toResponse } from '../core/to-response';
import { toResponsesEvents } from '../core/to-responses-events';
import {
  type CallContext,
  eventToCallError,
  headersToRecord,
  redactedError,
  toCallError,
} from './call-errors';
import { ChunkObserver } from './chunk-observer';
import { convertResponseUsage } from './convert-response-usage';
import { convertToChatMessages } from './convert-to-chat-messages';
import { EventsToStreamParts } from './events-to-stream-parts';
import { responseMetadata } from './item-metadata';
import { mapFinishReason } from './map-finish-reason';
import { prepareTools } from './prepare-tools';
import { responseToContent } from './response-to-content';
import {
  parseBridgeOptions,
  type ResponsesBridgeModelId,
  type ResponsesBridgeSettings,
} from './responses-bridge-options';

export interface ResponsesBridgeModelConfig {
  /** `${name}.chat` */
  provider: string;
  /** Key of providerOptions and providerMetadata. */
  metadataKey: string;
  /** The `openai` client, created on first use. */
  client: () => OpenAI;
  /** The API key in use, so that errors can be scrubbed of it. */
  secrets: () => readonly string[];
  includeUsage: boolean;
  generateId: GenerateId | undefined;
  onEvent: ResponsesBridgeSettings['onEvent'];
  onResponse: ResponsesBridgeSettings['onResponse'];
}

type ChatRequestBody = ChatCompletionCreateParams & Record<string, unknown>;

const terminalTypes = new Set<string>([
  'response.completed',
  'response.incomplete',
  'response.failed',
]);

/**
 * A LanguageModelV4 over any Chat Completions endpoint: the request goes out through the `openai`
 * client, the chunk stream is converted to Responses events as it arrives, and the events are
 * mapped to AI SDK stream parts. The Responses view stays available: `raw` parts, the final
 * Response in the finish part's providerMetadata, and the `onEvent` / `onResponse` callbacks.
 */
export class ResponsesBridgeLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: ResponsesBridgeModelId;
  // Like @ai-sdk/openai-compatible: the AI SDK downloads URLs and sends the data inline, since
  // local servers (Ollama, vLLM) often cannot fetch them.
  readonly supportedUrls: Record<string, RegExp[]> = {};
  private readonly config: ResponsesBridgeModelConfig;

  constructor(modelId: ResponsesBridgeModelId, config: ResponsesBridgeModelConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  get provider(): string {
    return this.config.provider;
  }

  private async getArgs(options: LanguageModelV4CallOptions) {
    const { metadataKey } = this.config;
    const warnings: SharedV4Warning[] = [];
    const bridgeOptions = parseBridgeOptions(options.providerOptions?.[metadataKey], metadataKey);

    if (options.topK != null) {
      warnings.push({
        type: 'unsupported',
        feature: 'topK',
        details: 'Chat Completions has no top_k; servers that accept one can get it via extraBody.',
      });
    }
    const { tools, toolChoice, toolWarnings } = prepareTools(options);
    const { messages, warnings: messageWarnings } = convertToChatMessages(options.prompt, {
      metadataKey,
      sendReasoning: bridgeOptions.sendReasoning ?? true,
    });
    const responseFormat = options.responseFormat;
    const reasoningEffort =
      bridgeOptions.reasoningEffort !== undefined
        ? bridgeOptions.reasoningEffort
        : isCustomReasoning(options.reasoning)
          ? options.reasoning
          : undefined;

    const body: ChatRequestBody = removeUndefined({
      model: this.modelId,
      messages,
      max_tokens: options.maxOutputTokens,
      temperature: options.temperature,
      top_p: options.topP,
      frequency_penalty: options.frequencyPenalty,
      presence_penalty: options.presencePenalty,
      stop: options.stopSequences,
      seed: options.seed,
      response_format:
        responseFormat?.type === 'json'
          ? responseFormat.schema != null && bridgeOptions.structuredOutputs !== false
            ? {
                type: 'json_schema' as const,
                json_schema: removeUndefined({
                  name: responseFormat.name ?? 'response',
                  description: responseFormat.description,
                  schema: responseFormat.schema as Record<string, unknown>,
                  strict: bridgeOptions.strictJsonSchema ?? true,
                }),
              }
            : { type: 'json_object' as const }
          : undefined,
      tools,
      tool_choice: toolChoice,
      parallel_tool_calls: bridgeOptions.parallelToolCalls,
      user: bridgeOptions.user,
      reasoning_effort: reasoningEffort,
      ...bridgeOptions.extraBody,
    }) as ChatRequestBody;

    return { body, warnings: [...warnings, ...toolWarnings, ...messageWarnings] };
  }

  private callContext(client: OpenAI, body: unknown): CallContext {
    return {
      url: `${client.baseURL}/chat/completions`,
      requestBodyValues: body,
      secrets: this.config.secrets(),
    };
  }

  private requestOptions(options: LanguageModelV4CallOptions) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value !== undefined) headers[name] = value;
    }
    return {
      // The AI SDK retries; the client must not multiply its attempts.
      maxRetries: 0,
      headers,
      ...(options.abortSignal !== undefined ? { signal: options.abortSignal } : {}),
    };
  }

  /** What the Response reports of the request, as the Responses API would. */
  private responseFields(body: ChatRequestBody): Partial<Response> {
    const fields: Partial<Response> = {};
    if (typeof body.temperature === 'number') fields.temperature = body.temperature;
    if (typeof body.top_p === 'number') fields.top_p = body.top_p;
    if (typeof body.max_tokens === 'number') fields.max_output_tokens = body.max_tokens;
    if (typeof body.parallel_tool_calls === 'boolean') {
      fields.parallel_tool_calls = body.parallel_tool_calls;
    }
    if (body.tools !== undefined) {
      fields.tools = body.tools.flatMap((tool): FunctionTool[] =>
        tool.type === 'function'
          ? [
              {
                type: 'function',
                name: tool.function.name,
                description: tool.function.description ?? null,
                parameters: (tool.function.parameters ?? null) as FunctionTool['parameters'],
                strict: tool.function.strict ?? null,
              },
            ]
          : [],
      );
    }
    const toolChoice = body.tool_choice;
    if (typeof toolChoice === 'string') fields.tool_choice = toolChoice;
    else if (toolChoice?.type === 'function') {
      fields.tool_choice = { type: 'function', name: toolChoice.function.name };
    }
    return fields;
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { body, warnings } = await this.getArgs(options);
    const client = this.config.client();
    const context = this.callContext(client, body);
    let completion: ChatCompletion;
    let headers: Record<string, string>;
    try {
      const { data, response } = await client.chat.completions
        .create({ ...body, stream: false }, this.requestOptions(options))
        .withResponse();
      completion = data;
      headers = headersToRecord(response.headers, context.secrets);
    } catch (error) {
      throw abortReason(options.abortSignal) ?? toCallError(error, context);
    }
    checkCompletion(completion, context);

    const observer = new ChunkObserver();
    observer.observeCompletion(completion);
    const response = toResponse(completion, {
      response: this.responseFields(body),
      ...(this.config.generateId !== undefined ? { generateId: this.config.generateId } : {}),
    });
    this.config.onResponse?.(response);
    return {
      content: responseToContent(response, this.config.metadataKey, observer.dialect),
      finishReason: mapFinishReason(response, observer.finishReason),
      usage: convertResponseUsage(response.usage, observer.usage),
      providerMetadata: responseMetadata(this.config.metadataKey, response),
      request: { body },
      response: {
        id: response.id,
        modelId: response.model,
        timestamp: new Date(response.created_at * 1000),
        headers,
        body: completion,
      },
      warnings,
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { body, warnings } = await this.getArgs(options);
    const client = this.config.client();
    const context = this.callContext(client, body);
    const requestBody = {
      ...body,
      stream: true as const,
      ...(this.config.includeUsage ? { stream_options: { include_usage: true } } : {}),
    };
    const signal = options.abortSignal;

    let chunks: AsyncIterable<ChatCompletionChunk>;
    let headers: Record<string, string>;
    try {
      const { data, response } = await client.chat.completions
        .create(requestBody, this.requestOptions(options))
        .withResponse();
      chunks = data;
      headers = headersToRecord(response.headers, context.secrets);
    } catch (error) {
      throw abortReason(signal) ?? toCallError(error, context);
    }

    const observer = new ChunkObserver();
    const events = toResponsesEvents(
      observer.watch(chunks, (error) => redactedError(error, context.secrets)),
      {
        response: this.responseFields(requestBody),
        ...(this.config.generateId !== undefined ? { generateId: this.config.generateId } : {}),
      },
    );

    // Read up to the first output item, so that an error before any output is thrown from
    // doStream, where the AI SDK's retries can act on it. The events read are replayed first.
    const head: ResponseStreamEvent[] = [];
    for (;;) {
      const next = await events.next();
      if (next.done) break;
      const event = next.value;
      if (event.type === 'error') {
        await events.return();
        throw (
          abortReason(signal) ??
          (observer.failed
            ? toCallError(observer.error, context)
            : eventToCallError(event, context))
        );
      }
      head.push(event);
      if (event.type === 'response.output_item.added' || terminalTypes.has(event.type)) break;
    }
    const aborted = abortReason(signal);
    if (aborted !== undefined) {
      await events.return();
      throw aborted;
    }
    // A 200 whose body held no chunk at all (an HTML page, an empty body) is not an empty answer.
    if (observer.chunkCount === 0) {
      await events.return();
      throw new InvalidResponseDataError({
        data: undefined,
        message: `The endpoint answered ${context.url} with status 200 but sent no chunk (content-type: ${headers['content-type'] ?? 'none'}).`,
      });
    }

    const { onEvent, onResponse } = this.config;
    const mapper = new EventsToStreamParts({
      metadataKey: this.config.metadataKey,
      includeRawChunks: options.includeRawChunks === true,
      observer,
      toError: (event) =>
        observer.failed ? toCallError(observer.error, context) : eventToCallError(event, context),
    });
    let headIndex = 0;
    let started = false;

    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      async pull(controller) {
        let enqueued = 0;
        const enqueue = (part: LanguageModelV4StreamPart) => {
          enqueued++;
          controller.enqueue(part);
        };
        if (!started) {
          started = true;
          enqueue({ type: 'stream-start', warnings });
        }
        // Map events until at least one part is out, so that every pull makes progress.
        while (enqueued === 0) {
          let event: ResponseStreamEvent;
          if (headIndex < head.length) {
            event = head[headIndex++]!;
          } else {
            const next = await events.next();
            if (next.done) {
              controller.close();
              return;
            }
            event = next.value;
          }
          // The openai client ends its iteration quietly on abort: that is not a finish.
          const reason = abortReason(signal);
          if (reason !== undefined) {
            await events.return();
            controller.error(reason);
            return;
          }
          onEvent?.(event);
          if (terminalTypes.has(event.type)) {
            onResponse?.((event as { response: Response }).response);
          }
          mapper.map(event, enqueue);
        }
      },
      async cancel() {
        await events.return();
      },
    });

    return { stream, request: { body: requestBody }, response: { headers } };
  }
}

/**
 * A non-streaming answer must be a completion: a 200 with an `error` member (some servers answer
 * so, OpenRouter even beside choices) is thrown as the APICallError it is, so that retries act
 * on it; anything else that is not a completion object is invalid data.
 */
function checkCompletion(completion: unknown, context: CallContext): void {
  if (typeof completion !== 'object' || completion === null || Array.isArray(completion)) {
    throw new InvalidResponseDataError({
      data: undefined,
      message: `The endpoint answered with a ${Array.isArray(completion) ? 'list' : typeof completion} instead of a chat completion.`,
    });
  }
  const { error, choices } = completion as { error?: unknown; choices?: unknown };
  // OpenRouter may put the error beside normal choices: the call failed all the same.
  if (error !== undefined && error !== null && error !== '' && error !== false) {
    throw toCallError(Object.assign(new Error('error'), { error }), context);
  }
  if (!Array.isArray(choices)) {
    throw new InvalidResponseDataError({
      data: undefined,
      message: 'The endpoint answered with an object that has no choices.',
    });
  }
}

function abortReason(signal: AbortSignal | undefined): unknown {
  if (signal?.aborted !== true) return undefined;
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function removeUndefined<T extends Record<string, unknown>>(record: T): T {
  for (const key of Object.keys(record)) {
    if (record[key] === undefined) delete record[key];
  }
  return record;
}
