/**
 * The lifecycle of one converted stream: `response.created` and `response.in_progress` on the
 * first chunk, each chunk field routed to the item it belongs to, and one final event
 * (`response.completed`, `response.incomplete` or `response.failed`) with everything that
 * streamed. Items are opened and closed here so that reasoning closes when the answer starts,
 * as in the real API.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import {
  chunkCreatedAt,
  chunkModel,
  createResponse,
  finishResponse,
  withChatCompletionId,
} from './create-response';
import { OpenCalls } from './function-call-item';
import type { GenerateId } from './generate-id';
import { MessageItem } from './message-item';
import {
  ChoiceSelector,
  type ChunkError,
  isRecord,
  nonEmptyString,
  readChunkError,
  readCitations,
  readUsage,
} from './read-chunk';
import { readDeltaPieces } from './read-delta';
import { readLogprobs } from './read-logprobs';
import { readToolCallDeltas } from './read-tool-calls';
import { ReasoningItem } from './reasoning-item';
import { routePiece } from './route-piece';
import { type ItemStatus, StreamState } from './stream-state';
import type { ToolMap } from './to-chat-tools';
import { toErrorEvent } from './to-error-event';
import {
  type FinalStatus,
  toItemStatus,
  toResponseErrorCode,
  toResponseStatus,
} from './to-response-status';
import { type ChatUsage, toResponseUsage } from './to-response-usage';

export interface ResponsesConverterOptions {
  response?: Partial<Response> | undefined;
  generateId: GenerateId;
  /** The clock: `created_at` when the upstream sends none, and `completed_at`. */
  currentDate: () => Date;
  /** Every error the converter reports goes through this first (the layers scrub secrets). */
  describeError?: ((error: ChunkError) => ChunkError) | undefined;
  /** The request's tools: which upstream functions are namespaced, custom or tool-search tools. */
  tools?: ToolMap | undefined;
  /**
   * Carry each Gemini thought signature in the envelope of the reasoning before its call (a
   * reasoning item is made for it if there is none), for clients that keep only standard fields.
   */
  thoughtSignaturesInReasoning?: boolean | undefined;
}

export class ResponsesConverter {
  /** True once the last event (completed, incomplete or failed) is queued. */
  finished = false;

  private readonly options: ResponsesConverterOptions;
  private readonly state: StreamState;
  private response: Response | undefined;
  private message: MessageItem | undefined;
  private reasoning: ReasoningItem | undefined;
  private readonly calls: OpenCalls;
  private readonly choices = new ChoiceSelector();
  // Bound once: the hot path hands them to routePiece for every piece.
  private readonly reasoningItem = () => this.openReasoning();
  private readonly messageItem = () => this.openMessage();

  private usage: ChatUsage | undefined;
  private finishReason: string | undefined;
  /** The last usage object, as sent. */
  rawUsage: Record<string, unknown> | undefined;
  private chatCompletionId: string | undefined;
  private model: string | undefined;
  private serviceTier: string | undefined;

  constructor(options: ResponsesConverterOptions) {
    this.options = options;
    this.state = new StreamState(options.generateId);
    this.calls = new OpenCalls(
      this.state,
      (call) => {
        if (options.thoughtSignaturesInReasoning && call.thoughtSignature !== undefined) {
          this.closeMessage('completed');
          this.openReasoning().addThoughtSignature(call.callId, call.thoughtSignature);
        }
        this.closeReasoning('completed');
        this.closeMessage('completed');
      },
      options.tools,
    );
  }

  /** Events produced and not yet handed out. */
  get queue(): ResponseStreamEvent[] {
    return this.state.queue;
  }

  /** The error that ended the stream, as reported. */
  failure: ChunkError | undefined;

  /** The first finish reason, as sent. */
  get rawFinishReason(): string | undefined {
    return this.finishReason;
  }

  onChunk(chunk: ChatCompletionChunk): void {
    if (this.finished) return;
    if (typeof chunk !== 'object' || chunk === null || Array.isArray(chunk)) {
      this.onError({
        code: 'invalid_chunk',
        message: `Expected a chat completion chunk object, got ${chunk === null ? 'null' : Array.isArray(chunk) ? 'an array' : typeof chunk}.`,
        param: null,
      });
      return;
    }
    this.start(chunk);
    // Azure's first chunk has `id: ""` and `model: ""` (fixture azure-openai-model-router-prompt-filter).
    if (this.chatCompletionId === undefined && typeof chunk.id === 'string' && chunk.id !== '') {
      this.chatCompletionId = chunk.id;
    }
    if (this.model === undefined && typeof chunk.model === 'string' && chunk.model !== '') {
      this.model = chunk.model;
    }
    this.serviceTier = nonEmptyString(chunk.service_tier) ?? this.serviceTier;
    // Perplexity repeats a growing usage on every chunk: the last one counts.
    this.usage = readUsage(chunk) ?? this.usage;
    if (isRecord(chunk.usage)) this.rawUsage = chunk.usage;
    this.state.citations = readCitations(chunk) ?? this.state.citations;

    const choice = this.choices.select(chunk);
    const delta: unknown = choice?.delta;
    if (isRecord(delta)) {
      let logprobs = readLogprobs(choice?.logprobs);
      for (const piece of readDeltaPieces(delta as ChatCompletionChunk.Choice.Delta)) {
        if (piece.kind === 'text') {
          // A chunk's token log probabilities go with its text.
          this.openMessage().appendText(piece.text, logprobs);
          logprobs = undefined;
        } else {
          routePiece(piece, this.reasoningItem, this.messageItem);
        }
      }
      for (const toolCall of readToolCallDeltas(delta as ChatCompletionChunk.Choice.Delta)) {
        this.calls.onDelta(toolCall);
      }
    }
    const finishReason: unknown = choice?.finish_reason;
    if (typeof finishReason === 'string' && finishReason !== '') {
      // OpenRouter repeats the finish reason and sends usage after it; the first one stands.
      this.finishReason ??= finishReason;
      this.choices.finished = true;
      // Calls stay open: some servers send their last fragments after the finish reason.
      const status = toItemStatus(this.finishReason);
      this.closeReasoning(status);
      this.closeMessage(status);
    }

    const error = readChunkError(chunk);
    if (error !== undefined) this.onError(error);
  }

  /** The upstream stream ended, normally. */
  onEnd(): void {
    if (this.finished) return;
    this.start(undefined);
    this.closeAll(toItemStatus(this.finishReason));
    const final = toResponseStatus(this.finishReason);
    const response = this.finalResponse(final);
    if (final.status === 'completed') {
      this.state.emit({ type: 'response.completed', response });
    } else {
      this.state.emit({ type: 'response.incomplete', response });
    }
    this.finished = true;
  }

  /** The upstream sent an error payload or the stream threw: keep what streamed, then fail. */
  onError(reported: ChunkError): void {
    if (this.finished) return;
    const error = this.options.describeError?.(reported) ?? reported;
    this.failure = error;
    this.start(undefined);
    // Items that had their finish reason are whole; the rest were cut off.
    this.closeAll(this.finishReason === undefined ? 'incomplete' : toItemStatus(this.finishReason));
    this.state.emit(toErrorEvent(error));
    const response = this.finalResponse({
      status: 'failed',
      error: { code: toResponseErrorCode(error.code), message: error.message },
    });
    this.state.emit({ type: 'response.failed', response });
    this.finished = true;
  }

  private start(chunk: ChatCompletionChunk | undefined): void {
    if (this.response !== undefined) return;
    const overrides = this.options.response;
    this.response = createResponse(
      {
        id: overrides?.id ?? this.options.generateId('resp'),
        model: overrides?.model ?? chunkModel(chunk),
        createdAt: overrides?.created_at ?? chunkCreatedAt(chunk) ?? this.now(),
      },
      overrides,
    );
    this.state.emit({ type: 'response.created', response: this.response });
    this.state.emit({ type: 'response.in_progress', response: { ...this.response } });
  }

  private finalResponse(final: FinalStatus): Response {
    const base = this.response!;
    const response = finishResponse(
      {
        ...base,
        model: base.model || this.model || '',
        service_tier: (this.serviceTier ?? 'default') as Response['service_tier'],
      },
      this.state.output,
      this.usage === undefined ? null : toResponseUsage(this.usage),
      final,
      Math.max(this.now(), base.created_at),
    );
    return withChatCompletionId(response, this.chatCompletionId);
  }

  private now(): number {
    return Math.floor(this.options.currentDate().getTime() / 1000);
  }

  /** The open reasoning item, or a new one; reasoning after an answer starts a new item. */
  private openReasoning(): ReasoningItem {
    if (this.reasoning !== undefined) return this.reasoning;
    this.closeMessage('completed');
    this.reasoning = new ReasoningItem(this.state);
    return this.reasoning;
  }

  /** The open message, or a new one; the answer beginning closes the reasoning before it. */
  private openMessage(): MessageItem {
    if (this.message !== undefined) return this.message;
    this.closeReasoning('completed');
    this.message = new MessageItem(this.state);
    return this.message;
  }

  private closeReasoning(status: ItemStatus): void {
    this.reasoning?.close(status);
    this.reasoning = undefined;
  }

  private closeMessage(status: ItemStatus): void {
    this.message?.close(status);
    this.message = undefined;
  }

  /**
   * Closes every open item in output order, then adds and closes the calls whose name or id
   * never came (the seed's fallback), so that nothing that streamed is dropped.
   */
  private closeAll(status: ItemStatus): void {
    const open: Array<{ outputIndex: number; close: () => void }> = [];
    const added = this.calls.calls.filter((call) => call.added);
    for (const call of added)
      open.push({ outputIndex: call.outputIndex, close: () => call.close(status) });
    const { reasoning, message } = this;
    if (reasoning !== undefined) {
      open.push({ outputIndex: reasoning.outputIndex, close: () => this.closeReasoning(status) });
    }
    if (message !== undefined) {
      open.push({ outputIndex: message.outputIndex, close: () => this.closeMessage(status) });
    }
    open.sort((a, b) => a.outputIndex - b.outputIndex);
    for (const item of open) item.close();
    this.calls.addReady(true);
    for (const call of this.calls.calls) if (!added.includes(call)) call.close(status);
    this.calls.clear();
  }
}
