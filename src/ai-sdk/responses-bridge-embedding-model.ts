import {
  type EmbeddingModelV4,
  type EmbeddingModelV4CallOptions,
  type EmbeddingModelV4Result,
  InvalidResponseDataError,
  TooManyEmbeddingValuesForCallError,
} from '@ai-sdk/provider';
import { headersToRecord } from '../upstream/redact';
import { abortReason } from './call-signal';
import { parseStrictOptions, responsesBridgeEmbeddingOptions } from './responses-bridge-settings';
import { toApiCallError } from './to-api-call-error';
import { prepareUpstreamRequest, type UpstreamAccess } from './upstream-request';

export interface ResponsesBridgeEmbeddingConfig extends UpstreamAccess {
  /** `${name}.embedding` */
  provider: string;
  /** Key of providerOptions. */
  metadataKey: string;
}

/** What @ai-sdk/openai-compatible allows per call, and OpenAI's limit. */
const maxEmbeddingsPerCall = 2048;

/**
 * An EmbeddingModelV4 over the same endpoint's `POST /embeddings`, through the same client,
 * key, headers, query parameters and error handling as the chat models.
 */
export class ResponsesBridgeEmbeddingModel implements EmbeddingModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: string;
  readonly maxEmbeddingsPerCall = maxEmbeddingsPerCall;
  readonly supportsParallelCalls = true;
  private readonly config: ResponsesBridgeEmbeddingConfig;

  constructor(modelId: string, config: ResponsesBridgeEmbeddingConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  get provider(): string {
    return this.config.provider;
  }

  async doEmbed(options: EmbeddingModelV4CallOptions): Promise<EmbeddingModelV4Result> {
    const { metadataKey } = this.config;
    const { values } = options;
    if (values.length > maxEmbeddingsPerCall) {
      throw new TooManyEmbeddingValuesForCallError({
        provider: this.provider,
        modelId: this.modelId,
        maxEmbeddingsPerCall,
        values,
      });
    }
    const callOptions = parseStrictOptions(
      responsesBridgeEmbeddingOptions,
      options.providerOptions?.[metadataKey],
      metadataKey,
    );
    const dimensions = callOptions.dimensions ?? options.dimensions;
    const body: Record<string, unknown> = {
      model: this.modelId,
      input: values,
      // The `openai` client would otherwise ask for base64, which not every server sends.
      encoding_format: 'float',
      ...(dimensions !== undefined ? { dimensions } : {}),
      ...(callOptions.user !== undefined ? { user: callOptions.user } : {}),
      ...callOptions.extraBody,
    };
    const request = await prepareUpstreamRequest(
      this.config,
      '/embeddings',
      body,
      options.headers,
      options.abortSignal,
    );
    const { context } = request;
    let data: unknown;
    let headers: Record<string, string>;
    try {
      const result = await request.upstream.client
        .post('/embeddings', { body, ...request.options })
        .withResponse();
      data = result.data;
      headers = headersToRecord(result.response.headers, context.secrets);
    } catch (error) {
      throw abortReason(options.abortSignal) ?? toApiCallError(error, context);
    }
    return {
      embeddings: readEmbeddings(data, values.length),
      ...usageOf(data),
      response: { headers, body: data },
      warnings: [],
    };
  }
}

/** The vectors of an embeddings answer, in the order of the values (by `index` when given). */
function readEmbeddings(data: unknown, count: number): number[][] {
  const items = (data as { data?: unknown } | null)?.data;
  if (!Array.isArray(items) || items.length !== count) {
    throw new InvalidResponseDataError({
      data,
      message: `The endpoint answered /embeddings without ${count} embedding${count === 1 ? '' : 's'} in \`data\`: expected one per value, as OpenAI's embeddings API sends them.`,
    });
  }
  const vectors = items.map((item: { embedding?: unknown } | null, position) => {
    const embedding = item?.embedding;
    if (!Array.isArray(embedding) || !embedding.every((value) => typeof value === 'number')) {
      throw new InvalidResponseDataError({
        data,
        message: `The endpoint answered /embeddings with data[${position}].embedding that is not a list of numbers (a server that sends base64 ignores encoding_format: 'float').`,
      });
    }
    return embedding as number[];
  });
  // OpenAI sends them in order, each with its `index`; a server that reorders says so there.
  const indexes = items.map((item: { index?: unknown } | null) => item?.index);
  const ordered =
    indexes.every((index) => typeof index === 'number') && new Set(indexes).size === count;
  const embeddings = ordered
    ? vectors
        .map((vector, position) => ({ vector, index: indexes[position] as number }))
        .sort((a, b) => a.index - b.index)
        .map(({ vector }) => vector)
    : vectors;
  return embeddings;
}

function usageOf(data: unknown): { usage?: { tokens: number } } {
  const tokens = (data as { usage?: { prompt_tokens?: unknown } } | null)?.usage?.prompt_tokens;
  return typeof tokens === 'number' ? { usage: { tokens } } : {};
}
