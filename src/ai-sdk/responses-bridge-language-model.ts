import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { GenerateId } from '../core/generate-id';
import { convertCompletion } from '../core/to-response';
import { convertChunkStream } from '../core/to-responses-events';
import { openChatStream } from '../upstream/open-chat-stream';
import type { ChatChunkStream } from '../upstream/read-chat-stream';
import { headersToRecord, redactChunkError } from '../upstream/redact';
import { toChunkError } from '../upstream/upstream-failure';
import { toCallArgs } from './call-args';
import { abortReason, CallSignal } from './call-signal';
import { checkCompletion } from './check-completion';
import { mergeMetadata } from './metadata-extractor';
import { responseMetadata } from './part-metadata';
import type {
  ResponsesBridgeChatUsage,
  ResponsesBridgeModelId,
  ResponsesBridgeSettings,
} from './responses-bridge-settings';
import { chunkErrorToApiCallError, toApiCallError } from './to-api-call-error';
import { toFinishReason } from './to-finish-reason';
import { toGenerateContent } from './to-generate-content';
import { toPartStream } from './to-part-stream';
import { toUsage } from './to-usage';
import { prepareUpstreamRequest, type UpstreamAccess } from './upstream-request';
import { withChunkObserver } from './with-chunk-observer';

export interface ResponsesBridgeModelConfig
  extends UpstreamAccess,
    Pick<
      ResponsesBridgeSettings,
      | 'transformRequestBody'
      | 'metadataExtractor'
      | 'supportedUrls'
      | 'supportsMultiPartToolContent'
      | 'convertUsage'
    > {
  /** `${name}.chat` */
  provider: string;
  /** Key of providerOptions and providerMetadata. */
  metadataKey: string;
  includeUsage: boolean;
  /** The default of `providerOptions.structuredOutputs`. */
  supportsStructuredOutputs: boolean;
  generateId: GenerateId | undefined;
  currentDate: (() => Date) | undefined;
  onEvent: ResponsesBridgeSettings['onEvent'];
  onResponse: ResponsesBridgeSettings['onResponse'];
}

const terminalTypes = new Set<string>([
  'response.completed',
  'response.incomplete',
  'response.failed',
]);

/**
 * A LanguageModelV4 over any Chat Completions endpoint. The call becomes a Responses request and
 * then, through the core, a chat request; the chunk stream is converted to Responses events as
 * it arrives, and the events are mapped to AI SDK stream parts. The Responses view stays
 * available: `raw` parts, the final Response in the finish part's providerMetadata, and the
 * `onEvent` / `onResponse` callbacks.
 */
export class ResponsesBridgeLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: ResponsesBridgeModelId;
  private readonly config: ResponsesBridgeModelConfig;

  constructor(modelId: ResponsesBridgeModelId, config: ResponsesBridgeModelConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  get provider(): string {
    return this.config.provider;
  }

  // Like @ai-sdk/openai-compatible, none by default: the AI SDK downloads URLs and sends the
  // data inline, since local servers (Ollama, vLLM) often cannot fetch them.
  get supportedUrls(): LanguageModelV4['supportedUrls'] {
    const { supportedUrls } = this.config;
    return (typeof supportedUrls === 'function' ? supportedUrls() : supportedUrls) ?? {};
  }

  /** The body as sent: `transformRequestBody` has the last word. */
  private transformBody<BODY extends Record<string, unknown>>(
    body: BODY,
    warnings: SharedV4Warning[],
  ): BODY {
    return (this.config.transformRequestBody?.(body, warnings) as BODY | undefined) ?? body;
  }

  private toUsage(response: Response, raw: Record<string, unknown> | undefined) {
    const { convertUsage } = this.config;
    return convertUsage !== undefined
      ? convertUsage(raw as ResponsesBridgeChatUsage | undefined)
      : toUsage(response.usage, raw);
  }

  private idOptions() {
    const { generateId, currentDate } = this.config;
    return {
      ...(generateId !== undefined ? { generateId } : {}),
      ...(currentDate !== undefined ? { currentDate } : {}),
    };
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const {
      body: converted,
      response: requestFields,
      warnings,
    } = toCallArgs(this.modelId, options, this.config);
    const body = this.transformBody(converted, warnings);
    const request = await prepareUpstreamRequest(
      this.config,
      '/chat/completions',
      body,
      options.headers,
      options.abortSignal,
    );
    const { context } = request;
    let completion: ChatCompletion;
    let headers: Record<string, string>;
    try {
      const { data, response } = await request.upstream.client.chat.completions
        .create({ ...body, stream: false }, request.options)
        .withResponse();
      completion = data;
      headers = headersToRecord(response.headers, context.secrets);
    } catch (error) {
      throw abortReason(options.abortSignal) ?? toApiCallError(error, context);
    }
    checkCompletion(completion, context);

    const result = convertCompletion(completion, {
      response: requestFields,
      ...this.idOptions(),
    });
    const { response } = result;
    this.config.onResponse?.(response);
    const { metadataKey, metadataExtractor } = this.config;
    const extracted = await metadataExtractor?.extractMetadata({ parsedBody: completion });
    return {
      content: toGenerateContent(response, metadataKey),
      finishReason: toFinishReason(response, result.finishReason),
      usage: this.toUsage(response, result.usage),
      providerMetadata: mergeMetadata(
        responseMetadata(metadataKey, response),
        extracted,
        metadataKey,
      ),
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
    const {
      body,
      response: requestFields,
      warnings,
    } = toCallArgs(this.modelId, options, this.config);
    const requestBody = this.transformBody(
      {
        ...body,
        stream: true as const,
        ...(this.config.includeUsage ? { stream_options: { include_usage: true } } : {}),
      },
      warnings,
    );
    const signal = options.abortSignal;
    const request = await prepareUpstreamRequest(
      this.config,
      '/chat/completions',
      requestBody,
      options.headers,
      signal,
    );
    const { context } = request;
    // The request stops when the caller aborts, and also when the stream's consumer leaves.
    const call = new CallSignal(signal);

    let chunks: ChatChunkStream;
    let headers: Record<string, string>;
    try {
      const opened = await openChatStream(request.upstream.client, requestBody, {
        ...request.options,
        signal: call.signal,
      });
      chunks = opened.chunks;
      headers = headersToRecord(opened.headers, context.secrets);
    } catch (error) {
      call.release();
      throw abortReason(signal) ?? toApiCallError(error, context);
    }

    const extractor = this.config.metadataExtractor?.createStreamExtractor();
    const source =
      extractor === undefined
        ? chunks
        : withChunkObserver(chunks, (chunk) => extractor.processChunk(chunk));
    const { events, facts } = convertChunkStream(source, {
      response: requestFields,
      ...this.idOptions(),
      toChunkError,
      describeError: (error) => redactChunkError(error, context.secrets),
    });
    const toError = () =>
      facts.failed
        ? toApiCallError(facts.error, context)
        : chunkErrorToApiCallError(facts.failure!, context);

    // Read up to the first output item, so that an error before any output is thrown from
    // doStream, where the AI SDK's retries can act on it. The events read are replayed first.
    const head: ResponseStreamEvent[] = [];
    for (;;) {
      const next = await events.next();
      if (next.done) break;
      const event = next.value;
      if (event.type === 'error') {
        await events.return();
        call.release();
        throw abortReason(signal) ?? toError();
      }
      head.push(event);
      if (event.type === 'response.output_item.added' || terminalTypes.has(event.type)) break;
    }
    const aborted = abortReason(signal);
    if (aborted !== undefined) {
      await events.return();
      call.release();
      throw aborted;
    }

    const stream = toPartStream({
      head,
      events,
      warnings,
      signal,
      call,
      abortReason,
      onEvent: this.config.onEvent,
      onResponse: this.config.onResponse,
      mapper: {
        metadataKey: this.config.metadataKey,
        includeRawChunks: options.includeRawChunks === true,
        facts,
        toError,
        ...(extractor !== undefined ? { extraMetadata: () => extractor.buildMetadata() } : {}),
        ...(this.config.convertUsage !== undefined
          ? { convertUsage: this.config.convertUsage }
          : {}),
      },
    });
    return { stream, request: { body: requestBody }, response: { headers } };
  }
}
