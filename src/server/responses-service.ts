/**
 * What the server does, whatever carries the request (HTTP, or a WebSocket in `serve`): create
 * a response over the chat backend, with its context from stored state; read, list and delete
 * stored responses; compact a conversation. Transports turn its answers and errors into bytes.
 */
import type OpenAI from 'openai';
import type {
  ResponseItem,
  Response as ResponsesResponse,
} from 'openai/resources/responses/responses';
import { EnvelopeSealer } from '../core/envelope-sealer';
import { type GenerateId, generateResponsesId } from '../core/generate-id';
import type { HostedToolPolicy } from '../core/to-chat-tools';
import { createUpstream, type Upstream, type UpstreamSettings } from '../upstream/create-upstream';
import { compactConversation, readCompactRequest } from './compact-conversation';
import { createOutgoing } from './create-outgoing';
import { type ItemPage, readPageQuery, toItemPage } from './input-items-page';
import { openEnvelopes, ReasoningSealing } from './reasoning-seal';
import { ResponsesHandlerError, upstreamError } from './responses-errors';
import { readResponsesRequest, toConvertedRequest } from './responses-request';
import { createMemoryStore } from './store/memory-store';
import { credentialOf, ownerOf } from './store/owner';
import type { ResponsesStore } from './store/responses-store';
import { type ConnectionCache, type ResponseContext, StoredState } from './stored-state';
import { toServiceError } from './to-service-error';
import {
  type Caller,
  type CallSettings,
  type StreamingAnswer,
  UpstreamCall,
} from './upstream-call';
import { toWarmUpAnswer } from './warm-up-answer';

/** The handler's options the service uses: the upstream, ids and clock, envelopes, tools, store. */
export interface ServiceOptions extends UpstreamSettings {
  apiKey?: string;
  client?: OpenAI;
  forwardAuthorization?: boolean;
  generateId?: GenerateId;
  currentDate?: () => Date;
  secret?: string;
  hostedTools?: HostedToolPolicy;
  store?: ResponsesStore;
}

/** A created response: whole (`stream: false`), or a stream whose first output has arrived. */
export type CreateAnswer =
  | { type: 'response'; response: ResponsesResponse; model: string }
  | { type: 'stream'; answer: StreamingAnswer; model: string };

/** What a transport asks of `create` besides the body. */
export interface CreateOptions {
  /** Stream whatever the request says (WebSocket mode always streams). */
  stream?: boolean;
  /**
   * `false` (WebSocket mode's warm-up): make no output, only a response to chain from, with
   * the request's input as its context.
   */
  generate?: boolean;
  /** The connection's own cache (WebSocket mode), for `store: false` continuations. */
  cache?: ConnectionCache;
}

/** The Responses API's operations over one store and one upstream; errors are thrown. */
export class ResponsesService {
  readonly store: ResponsesStore;
  private readonly state: StoredState;
  private readonly generateId: GenerateId;
  private readonly forwardAuthorization: boolean;
  private upstream: Upstream | undefined;
  private sealerPromise: Promise<EnvelopeSealer> | undefined;

  constructor(private readonly options: ServiceOptions = {}) {
    this.store = options.store ?? createMemoryStore();
    this.generateId = options.generateId ?? generateResponsesId;
    this.state = new StoredState(this.store, this.generateId);
    this.forwardAuthorization =
      options.forwardAuthorization ??
      (options.apiKey === undefined && options.client === undefined);
  }

  /** A new response: its context resolved, sent upstream, stored once it is over. */
  async create(json: unknown, caller: Caller, options: CreateOptions = {}): Promise<CreateAnswer> {
    const read = readResponsesRequest(json);
    const sealer = await this.sealer();
    const input = await openEnvelopes(read.input, sealer);
    const owner = await this.ownerOf(caller);
    const previousId = read.request.previous_response_id ?? null;
    const { cache } = options;
    let context: ResponseContext;
    try {
      context = await this.state.context(owner, input, previousId, cache);
    } catch (error) {
      // A failed continuation forgets what it continued, as the real API's socket does.
      if (cache !== undefined && previousId !== null) cache.latest = undefined;
      throw error;
    }
    const converted = toConvertedRequest(read, this.policy(), context);
    const model = converted.body.model;
    const sealing = new ReasoningSealing(
      sealer,
      converted.include.includes('reasoning.encrypted_content'),
    );
    const call = new UpstreamCall(caller, this.settings());
    const finish = async (response: ResponsesResponse) => {
      if (cache === undefined && !converted.store) return;
      const record = this.state.record(owner, response, context);
      if (cache !== undefined) cache.latest = response.status === 'failed' ? undefined : record;
      if (converted.store) await this.state.save(record);
    };
    const stream = options.stream ?? converted.stream;
    if (!stream) {
      const response = await call.generate(converted).catch((error: unknown) => {
        if (cache !== undefined && previousId !== null) cache.latest = undefined;
        throw error;
      });
      await finish(response);
      return { type: 'response', response: await sealing.response(response), model };
    }
    const outgoing = createOutgoing(sealing, finish);
    if (options.generate === false) {
      call.release();
      return { type: 'stream', answer: toWarmUpAnswer(converted, outgoing, this.options), model };
    }
    try {
      return { type: 'stream', answer: await call.stream(converted, outgoing), model };
    } catch (error) {
      if (cache !== undefined && previousId !== null) cache.latest = undefined;
      throw error;
    }
  }

  /** `GET /responses/{id}`: the stored response, envelopes sealed as `include` asks. */
  async retrieve(caller: Caller, id: string, include: readonly string[]) {
    const record = await this.state.find(await this.ownerOf(caller), id);
    const sealing = new ReasoningSealing(
      await this.sealer(),
      include.includes('reasoning.encrypted_content'),
    );
    return sealing.response(record.response);
  }

  async delete(caller: Caller, id: string) {
    await this.state.remove(await this.ownerOf(caller), id);
    return { id, object: 'response', deleted: true } as const;
  }

  async inputItems(caller: Caller, id: string, query: URLSearchParams): Promise<ItemPage> {
    const page = readPageQuery(query);
    const record = await this.state.find(await this.ownerOf(caller), id);
    const listed = toItemPage(record.input, page);
    const sealing = new ReasoningSealing(
      await this.sealer(),
      includeOf(query).includes('reasoning.encrypted_content'),
    );
    return { ...listed, data: await sealing.items(listed.data as ResponseItem[]) };
  }

  async compact(json: unknown, caller: Caller) {
    const request = readCompactRequest(json);
    const sealer = await this.sealer();
    const input = await openEnvelopes(request.input, sealer);
    const owner = await this.ownerOf(caller);
    const context = await this.state.context(owner, input, request.previousResponseId);
    context.items = this.state.withIds(context.items, context.turnStart);
    const compacted = await compactConversation(request, context, {
      call: new UpstreamCall(caller, this.settings()),
      sealer,
      generateId: this.generateId,
      currentDate: this.options.currentDate ?? (() => new Date()),
    });
    const sealing = new ReasoningSealing(sealer, false);
    return { ...compacted, output: await sealing.items(compacted.output) };
  }

  /** `GET /models` of the upstream, as it answered. */
  async models(caller: Caller): Promise<Response> {
    const call = new UpstreamCall(caller, this.settings());
    try {
      return await call.get('/models');
    } catch (error) {
      throw error instanceof ResponsesHandlerError
        ? error
        : upstreamError(error, this.settings().secrets);
    }
  }

  /** Any error of the service, as the API's error: a store that is down is a 503. */
  describe(error: unknown): ResponsesHandlerError {
    return toServiceError(error);
  }

  async close(): Promise<void> {
    await this.store.close?.();
  }

  private settings(): CallSettings {
    this.upstream ??= createUpstream(this.options);
    return {
      client: this.upstream.client,
      secrets: this.upstream.secrets,
      forwardAuthorization: this.forwardAuthorization,
      generateId: this.options.generateId,
      currentDate: this.options.currentDate,
    };
  }

  private policy() {
    return this.options.hostedTools !== undefined ? { hostedTools: this.options.hostedTools } : {};
  }

  private sealer(): Promise<EnvelopeSealer> {
    this.sealerPromise ??= EnvelopeSealer.create(this.options.secret);
    return this.sealerPromise;
  }

  private ownerOf(caller: Caller): Promise<string> {
    return ownerOf(credentialOf(caller.authorization, this.options.apiKey));
  }
}

/** `include` of a query string: `include=a&include=b` or `include[]=a`. */
export function includeOf(query: URLSearchParams): string[] {
  return [...query.getAll('include'), ...query.getAll('include[]')];
}
