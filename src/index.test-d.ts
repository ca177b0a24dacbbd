import type { LanguageModelV4, ProviderV4 } from '@ai-sdk/provider';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type {
  ResponseStreamEvent,
  Response as ResponsesResponse,
} from 'openai/resources/responses/responses';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createResponsesBridge,
  createResponsesHandler,
  type ResponsesBridgeLanguageModel,
  type ResponsesBridgeProvider,
  type ResponsesHandler,
  responsesBridge,
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
