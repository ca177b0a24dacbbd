import type { EmbeddingModelV4, JSONValue, LanguageModelV4, ProviderV4 } from '@ai-sdk/provider';
import type { ProviderMetadata } from 'ai';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type {
  ResponseStreamEvent,
  Response as ResponsesResponse,
} from 'openai/resources/responses/responses';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createResponsesBridge,
  createResponsesHandler,
  type Response as ExportedResponse,
  type ResponseStreamEvent as ExportedStreamEvent,
  type ResponseOutputItem,
  type ResponsesBridgeEmbeddingModel,
  type ResponsesBridgeLanguageModel,
  type ResponsesBridgeMetadata,
  type ResponsesBridgeMetadataExtractor,
  type ResponsesBridgeProvider,
  type ResponsesBridgeSettings,
  type ResponsesHandler,
  responsesBridge,
  responsesBridgeMetadata,
  toResponse,
  toResponsesEvents,
  toResponsesSSE,
} from './index';

describe('toResponsesEvents', () => {
  it('takes chat completion chunks, sync or async, and returns an async generator of events', () => {
    expectTypeOf(toResponsesEvents)
      .parameter(0)
      .toEqualTypeOf<AsyncIterable<ChatCompletionChunk> | Iterable<ChatCompletionChunk>>();
    expectTypeOf(toResponsesEvents).returns.toEqualTypeOf<
      AsyncGenerator<ResponseStreamEvent, void, undefined>
    >();
  });
});

describe('toResponse', () => {
  it('takes a chat completion and returns the Responses API Response', () => {
    expectTypeOf(toResponse).parameter(0).toEqualTypeOf<ChatCompletion>();
    expectTypeOf(toResponse).returns.toEqualTypeOf<ResponsesResponse>();
  });
});

describe('createResponsesBridge', () => {
  it('returns a ProviderV4 whose models are LanguageModelV4 on specification v4', () => {
    const provider = createResponsesBridge({ baseURL: 'http://localhost:11434/v1' });
    expectTypeOf(provider).toEqualTypeOf<ResponsesBridgeProvider>();
    expectTypeOf(provider).toExtend<ProviderV4>();
    expectTypeOf(provider.languageModel('m')).toEqualTypeOf<ResponsesBridgeLanguageModel>();
    expectTypeOf<
      ReturnType<typeof provider.languageModel>['specificationVersion']
    >().toEqualTypeOf<'v4'>();
    expectTypeOf(provider('m')).toExtend<LanguageModelV4>();
    expectTypeOf(provider.chat('m')).toEqualTypeOf<ResponsesBridgeLanguageModel>();
  });

  it('is also the default provider, responsesBridge', () => {
    expectTypeOf(responsesBridge).toEqualTypeOf<ResponsesBridgeProvider>();
  });
});

describe('createResponsesHandler', () => {
  it('returns a fetch-style handler: Request in, Promise of Response out', () => {
    expectTypeOf(createResponsesHandler()).toEqualTypeOf<ResponsesHandler>();
    expectTypeOf(createResponsesHandler()).toEqualTypeOf<(request: Request) => Promise<Response>>();
  });
});

describe('toResponsesSSE', () => {
  it('takes Responses events and returns a byte stream', () => {
    expectTypeOf(toResponsesSSE).parameter(0).toEqualTypeOf<AsyncIterable<ResponseStreamEvent>>();
    expectTypeOf(toResponsesSSE).returns.toEqualTypeOf<ReadableStream<Uint8Array>>();
  });
});

describe('responsesBridgeMetadata', () => {
  it('takes ai 7’s providerMetadata and gives the Response typed, or undefined', () => {
    const metadata = responsesBridgeMetadata({} as ProviderMetadata | undefined);
    expectTypeOf(metadata).toEqualTypeOf<ResponsesBridgeMetadata | undefined>();
    expectTypeOf<NonNullable<typeof metadata>['response']>().toEqualTypeOf<ResponsesResponse>();
    expectTypeOf<NonNullable<typeof metadata>['responseId']>().toEqualTypeOf<string>();
    expectTypeOf(responsesBridgeMetadata)
      .parameter(1)
      .toEqualTypeOf<{ name?: string } | undefined>();
  });

  it('re-exports the openai types it is made of', () => {
    expectTypeOf<ExportedResponse>().toEqualTypeOf<ResponsesResponse>();
    expectTypeOf<ExportedStreamEvent>().toEqualTypeOf<ResponseStreamEvent>();
    expectTypeOf<ExportedResponse['output'][number]>().toEqualTypeOf<ResponseOutputItem>();
  });
});

describe('embedding models', () => {
  it('embeddingModel and textEmbeddingModel make EmbeddingModelV4', () => {
    const provider = createResponsesBridge();
    expectTypeOf(provider.embeddingModel('e')).toEqualTypeOf<ResponsesBridgeEmbeddingModel>();
    expectTypeOf(provider.embeddingModel('e')).toExtend<EmbeddingModelV4>();
    expectTypeOf(provider.textEmbeddingModel('e')).toExtend<EmbeddingModelV4>();
    expectTypeOf(provider.chatModel('m')).toEqualTypeOf<ResponsesBridgeLanguageModel>();
  });

  it('has no completionModel: the legacy /completions API is not bridged', () => {
    expectTypeOf<ResponsesBridgeProvider>().not.toHaveProperty('completionModel');
  });
});

describe('settings named as @ai-sdk/openai-compatible names them', () => {
  it('apiKey is a string, a promise or a function of either', () => {
    expectTypeOf<{ apiKey: string }>().toExtend<ResponsesBridgeSettings>();
    expectTypeOf<{ apiKey: () => string }>().toExtend<ResponsesBridgeSettings>();
    expectTypeOf<{ apiKey: () => Promise<string> }>().toExtend<ResponsesBridgeSettings>();
    expectTypeOf<{ apiKey: Promise<string> }>().toExtend<ResponsesBridgeSettings>();
    expectTypeOf<{ apiKey: number }>().not.toExtend<ResponsesBridgeSettings>();
  });

  it('queryParams, transformRequestBody and supportedUrls take openai-compatible’s shapes', () => {
    expectTypeOf<{ queryParams: { 'api-version': string } }>().toExtend<ResponsesBridgeSettings>();
    // biome-ignore lint/suspicious/noExplicitAny: openai-compatible's own signature, any in and out.
    type Transform = (args: Record<string, any>) => Record<string, any>;
    expectTypeOf<{ transformRequestBody: Transform }>().toExtend<ResponsesBridgeSettings>();
    expectTypeOf<{
      supportedUrls: () => Record<string, RegExp[]>;
    }>().toExtend<ResponsesBridgeSettings>();
  });

  it('metadataExtractor takes an extractor written for openai-compatible', () => {
    // openai-compatible's MetadataExtractor, as it declares it.
    type OpenAICompatibleExtractor = {
      extractMetadata: ({
        parsedBody,
      }: {
        parsedBody: unknown;
      }) => Promise<Record<string, Record<string, JSONValue>> | undefined>;
      createStreamExtractor: () => {
        processChunk(parsedChunk: unknown): void;
        buildMetadata(): Record<string, Record<string, JSONValue>> | undefined;
      };
    };
    expectTypeOf<OpenAICompatibleExtractor>().toExtend<ResponsesBridgeMetadataExtractor>();
  });
});
