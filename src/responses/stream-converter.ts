/**
 * The state machine that turns Chat Completions chunks into Responses events. It keeps its state
 * in one object; each `on…` method says what to emit when something arrives. Events go to a
 * queue that `toResponsesEvents` drains after every chunk, so each event leaves in the same tick
 * as the chunk that caused it.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type {
  Response,
  ResponseOutputItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import {
  type ChunkError,
  type DeltaPiece,
  primaryChoice,
  readChunkError,
  readCitations,
  readDeltaPieces,
  readToolCallDeltas,
  readUsage,
  type ToolCallDelta,
  type UrlCitation,
} from './chunk-dialects';
import { type ChatUsage, convertUsage } from './convert-usage';
import type { GenerateId } from './ids';
import {
  emptyTextPart,
  type FunctionCallState,
  finalTextPart,
  functionCallItem,
  type ItemStatus,
  type MessageState,
  messageItem,
  type OpenItem,
  type ReasoningPartState,
  type ReasoningState,
  reasoningItem,
} from './output-items';
import {
  createResponse,
  type FinalStatus,
  finishResponse,
  toResponseErrorCode,
} from './response-object';

/** Payload of an event, without the `sequence_number` the converter adds. */
type EventBody<E = ResponseStreamEvent> = E extends ResponseStreamEvent
  ? Omit<E, 'sequence_number'>
  : never;

export interface StreamConverterOptions {
  response?: Partial<Response> | undefined;
  generateId: GenerateId;
}

export class StreamConverter {
  /** Events produced and not yet handed out. */
  readonly queue: ResponseStreamEvent[] = [];
  /** True once the last event (completed, incomplete or failed) is queued. */
  finished = false;

  private readonly options: StreamConverterOptions;
  private response: Response | undefined;
  private sequenceNumber = 0;
  private readonly output: ResponseOutputItem[] = [];
  private nextOutputIndex = 0;

  private message: MessageState | undefined;
  private reasoning: ReasoningState | undefined;
  /** Function calls not yet closed, in the order they began. */
  private readonly openCalls: FunctionCallState[] = [];
  private readonly callsByIndex = new Map<number, FunctionCallState>();
  private lastCall: FunctionCallState | undefined;

  private usage: ChatUsage | undefined;
  private finishReason: string | undefined;
  private citations: string[] | undefined;
  private chatCompletionId: string | undefined;
  private model: string | undefined;

  constructor(options: StreamConverterOptions) {
    this.options = options;
  }

  // ── when a chunk arrives ──────────────────────────────────────────────────

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
    // Perplexity repeats a growing usage on every chunk: the last one counts.
    this.usage = readUsage(chunk) ?? this.usage;
    this.citations = readCitations(chunk) ?? this.citations;

    const choice = primaryChoice(chunk);
    const delta: unknown = choice?.delta;
    if (typeof delta === 'object' && delta !== null) {
      for (const piece of readDeltaPieces(delta as ChatCompletionChunk.Choice.Delta)) {
        this.onPiece(piece);
      }
      for (const toolCall of readToolCallDeltas(delta as ChatCompletionChunk.Choice.Delta)) {
        this.onToolCallDelta(toolCall);
      }
    }
    const finishReason: unknown = choice?.finish_reason;
    if (typeof finishReason === 'string' && finishReason !== '') {
      this.onFinishReason(finishReason);
    }

    const error = readChunkError(chunk);
    if (error !== undefined) this.onError(error);
  }

  private onPiece(piece: DeltaPiece): void {
    switch (piece.kind) {
      case 'summary':
        this.appendSummary(piece.text);
        break;
      case 'reasoning':
        this.appendReasoningText(piece.text);
        break;
      case 'encrypted':
        this.openReasoning().encryptedContent = piece.value;
        break;
      case 'text':
        this.appendText(piece.text);
        break;
      case 'refusal':
        this.appendRefusal(piece.text);
        break;
      case 'annotation':
        this.addAnnotation(piece.annotation);
        break;
    }
  }

  /**
   * A function call is added as soon as its name and id are known and closed only at the finish
   * reason or the end of the stream: never because its arguments parse, nor because another
   * index began (providers interleave parallel calls).
   */
  private onToolCallDelta(delta: ToolCallDelta): void {
    // A delta that carries nothing (no id, name, arguments or signature) starts nothing: some
    // providers send an empty continuation after the finish reason closed the call.
    if (
      delta.id === undefined &&
      delta.name === undefined &&
      (delta.arguments === undefined || delta.arguments === '') &&
      delta.thoughtSignature === undefined
    ) {
      return;
    }
    const call = this.callFor(delta);
    if (delta.name !== undefined && call.name === '') call.name = delta.name;
    if (delta.id !== undefined && call.callId === '') call.callId = delta.id;
    if (delta.thoughtSignature !== undefined) call.thoughtSignature = delta.thoughtSignature;
    if (delta.arguments !== undefined && delta.arguments !== '') {
      call.argumentPieces.push(delta.arguments);
      if (call.itemId !== undefined) {
        this.emit({
          type: 'response.function_call_arguments.delta',
          item_id: call.itemId,
          output_index: call.outputIndex,
          delta: delta.arguments,
        });
      }
    }
    if (call.itemId === undefined && call.name !== '' && call.callId !== '') this.addCall(call);
  }

  private onFinishReason(finishReason: string): void {
    // OpenRouter repeats the finish reason and sends usage after it; the first one stands.
    this.finishReason ??= finishReason;
    this.closeAll(this.itemStatusAtFinish());
  }

  /** The upstream stream ended, normally. */
  onEnd(): void {
    if (this.finished) return;
    this.start(undefined);
    this.closeAll(this.itemStatusAtFinish());
    const final: FinalStatus =
      this.finishReason === 'length'
        ? { status: 'incomplete', reason: 'max_output_tokens' }
        : this.finishReason === 'content_filter'
          ? { status: 'incomplete', reason: 'content_filter' }
          : { status: 'completed' };
    const response = this.finalResponse(final);
    if (final.status === 'completed') {
      this.emit({ type: 'response.completed', response });
    } else {
      this.emit({ type: 'response.incomplete', response });
    }
    this.finished = true;
  }

  /** The upstream sent an error payload or the stream threw: keep what streamed, then fail. */
  onError(error: ChunkError): void {
    if (this.finished) return;
    this.start(undefined);
    this.closeAll('incomplete');
    this.emit({ type: 'error', code: error.code, message: error.message, param: error.param });
    const response = this.finalResponse({
      status: 'failed',
      error: { code: toResponseErrorCode(error.code), message: error.message },
    });
    this.emit({ type: 'response.failed', response });
    this.finished = true;
  }

  // ── lifecycle ─────────────────────────────────────────────────────────────

  private start(chunk: ChatCompletionChunk | undefined): void {
    if (this.response !== undefined) return;
    const overrides = this.options.response;
    const created = chunk?.created;
    this.response = createResponse(
      {
        id: overrides?.id ?? this.options.generateId('resp'),
        model: overrides?.model ?? (chunk?.model || ''),
        createdAt:
          overrides?.created_at ??
          (typeof created === 'number' && created > 0 ? created : Math.floor(Date.now() / 1000)),
        chatCompletionId: chunk?.id || undefined,
      },
      overrides,
    );
    this.emit({ type: 'response.created', response: this.response });
    this.emit({ type: 'response.in_progress', response: { ...this.response } });
  }

  private finalResponse(final: FinalStatus): Response {
    const base = this.response!;
    const response = finishResponse(
      {
        ...base,
        model: base.model || this.model || '',
        metadata:
          this.chatCompletionId === undefined
            ? base.metadata
            : { ...base.metadata, chat_completion_id: this.chatCompletionId },
      },
      this.output,
      this.usage === undefined ? undefined : convertUsage(this.usage),
      final,
    );
    return response;
  }

  private itemStatusAtFinish(): ItemStatus {
    return this.finishReason === 'length' || this.finishReason === 'content_filter'
      ? 'incomplete'
      : 'completed';
  }

  private emit(event: EventBody): void {
    (event as ResponseStreamEvent).sequence_number = this.sequenceNumber++;
    this.queue.push(event as ResponseStreamEvent);
  }

  // ── reasoning ─────────────────────────────────────────────────────────────

  /** The open reasoning item, or a new one; reasoning after an answer starts a new item. */
  private openReasoning(): ReasoningState {
    if (this.reasoning !== undefined) return this.reasoning;
    this.closeMessage('completed');
    const reasoning: ReasoningState = {
      type: 'reasoning',
      itemId: this.options.generateId('rs'),
      outputIndex: this.nextOutputIndex++,
      summary: [],
      content: [],
      openSummary: undefined,
      openContent: undefined,
      encryptedContent: undefined,
    };
    this.reasoning = reasoning;
    this.emit({
      type: 'response.output_item.added',
      output_index: reasoning.outputIndex,
      item: reasoningItem(reasoning, 'in_progress'),
    });
    return reasoning;
  }

  private appendSummary(text: string): void {
    const reasoning = this.openReasoning();
    let part = reasoning.openSummary;
    if (part === undefined) {
      part = { index: reasoning.summary.length, pieces: [] };
      reasoning.openSummary = part;
      this.emit({
        type: 'response.reasoning_summary_part.added',
        item_id: reasoning.itemId,
        output_index: reasoning.outputIndex,
        summary_index: part.index,
        part: { type: 'summary_text', text: '' },
      });
    }
    part.pieces.push(text);
    this.emit({
      type: 'response.reasoning_summary_text.delta',
      item_id: reasoning.itemId,
      output_index: reasoning.outputIndex,
      summary_index: part.index,
      delta: text,
    });
  }

  private appendReasoningText(text: string): void {
    const reasoning = this.openReasoning();
    let part = reasoning.openContent;
    if (part === undefined) {
      part = { index: reasoning.content.length, pieces: [] };
      reasoning.openContent = part;
      this.emit({
        type: 'response.content_part.added',
        item_id: reasoning.itemId,
        output_index: reasoning.outputIndex,
        content_index: part.index,
        part: { type: 'reasoning_text', text: '' },
      });
    }
    part.pieces.push(text);
    this.emit({
      type: 'response.reasoning_text.delta',
      item_id: reasoning.itemId,
      output_index: reasoning.outputIndex,
      content_index: part.index,
      delta: text,
    });
  }

  private closeReasoning(status: ItemStatus): void {
    const reasoning = this.reasoning;
    if (reasoning === undefined) return;
    this.reasoning = undefined;
    const { itemId, outputIndex } = reasoning;
    const summary = reasoning.openSummary;
    if (summary !== undefined) {
      const text = joinPieces(summary);
      this.emit({
        type: 'response.reasoning_summary_text.done',
        item_id: itemId,
        output_index: outputIndex,
        summary_index: summary.index,
        text,
      });
      this.emit({
        type: 'response.reasoning_summary_part.done',
        item_id: itemId,
        output_index: outputIndex,
        summary_index: summary.index,
        part: { type: 'summary_text', text },
      });
      reasoning.summary.push({ type: 'summary_text', text });
    }
    const content = reasoning.openContent;
    if (content !== undefined) {
      const text = joinPieces(content);
      this.emit({
        type: 'response.reasoning_text.done',
        item_id: itemId,
        output_index: outputIndex,
        content_index: content.index,
        text,
      });
      this.emit({
        type: 'response.content_part.done',
        item_id: itemId,
        output_index: outputIndex,
        content_index: content.index,
        part: { type: 'reasoning_text', text },
      });
      reasoning.content.push({ type: 'reasoning_text', text });
    }
    this.closeItem(outputIndex, reasoningItem(reasoning, status));
  }

  // ── the assistant message ─────────────────────────────────────────────────

  /** The open message, or a new one; the answer beginning closes the reasoning before it. */
  private openMessage(): MessageState {
    if (this.message !== undefined) return this.message;
    this.closeReasoning('completed');
    const message: MessageState = {
      type: 'message',
      itemId: this.options.generateId('msg'),
      outputIndex: this.nextOutputIndex++,
      content: [],
      openPart: undefined,
    };
    this.message = message;
    this.emit({
      type: 'response.output_item.added',
      output_index: message.outputIndex,
      item: messageItem(message, 'in_progress'),
    });
    return message;
  }

  private openTextPart(): { message: MessageState; part: MessageState['openPart'] & object } {
    const message = this.openMessage();
    let part = message.openPart;
    if (part?.type !== 'output_text') {
      this.closePart(message);
      part = {
        type: 'output_text',
        contentIndex: message.content.length,
        pieces: [],
        annotations: [],
      };
      message.openPart = part;
      this.emit({
        type: 'response.content_part.added',
        item_id: message.itemId,
        output_index: message.outputIndex,
        content_index: part.contentIndex,
        part: emptyTextPart(),
      });
    }
    return { message, part };
  }

  private appendText(text: string): void {
    const { message, part } = this.openTextPart();
    part.pieces.push(text);
    this.emit({
      type: 'response.output_text.delta',
      item_id: message.itemId,
      output_index: message.outputIndex,
      content_index: part.contentIndex,
      delta: text,
      logprobs: [],
    });
  }

  private addAnnotation(annotation: UrlCitation): void {
    const { message, part } = this.openTextPart();
    if (part.type !== 'output_text') return;
    part.annotations.push(annotation);
    this.emit({
      type: 'response.output_text.annotation.added',
      item_id: message.itemId,
      output_index: message.outputIndex,
      content_index: part.contentIndex,
      annotation_index: part.annotations.length - 1,
      annotation: { ...annotation },
    });
  }

  private appendRefusal(text: string): void {
    const message = this.openMessage();
    let part = message.openPart;
    if (part?.type !== 'refusal') {
      this.closePart(message);
      part = { type: 'refusal', contentIndex: message.content.length, pieces: [] };
      message.openPart = part;
      this.emit({
        type: 'response.content_part.added',
        item_id: message.itemId,
        output_index: message.outputIndex,
        content_index: part.contentIndex,
        part: { type: 'refusal', refusal: '' },
      });
    }
    part.pieces.push(text);
    this.emit({
      type: 'response.refusal.delta',
      item_id: message.itemId,
      output_index: message.outputIndex,
      content_index: part.contentIndex,
      delta: text,
    });
  }

  private closePart(message: MessageState): void {
    const part = message.openPart;
    if (part === undefined) return;
    message.openPart = undefined;
    const location = {
      item_id: message.itemId,
      output_index: message.outputIndex,
      content_index: part.contentIndex,
    };
    if (part.type === 'output_text') {
      this.attachCitations(message, part);
      const text = joinPieces(part);
      this.emit({ type: 'response.output_text.done', ...location, text, logprobs: [] });
      this.emit({
        type: 'response.content_part.done',
        ...location,
        part: finalTextPart(part, text),
      });
      message.content.push(finalTextPart(part, text));
    } else {
      const refusal = joinPieces(part);
      this.emit({ type: 'response.refusal.done', ...location, refusal });
      this.emit({
        type: 'response.content_part.done',
        ...location,
        part: { type: 'refusal', refusal },
      });
      message.content.push({ type: 'refusal', refusal });
    }
  }

  /** Perplexity's top-level `citations` become url_citation annotations of the answer text. */
  private attachCitations(message: MessageState, part: MessageState['openPart'] & object): void {
    const citations = this.citations;
    if (citations === undefined || part.type !== 'output_text') return;
    this.citations = undefined;
    for (const url of citations) {
      if (part.annotations.some((annotation) => annotation.url === url)) continue;
      part.annotations.push({
        type: 'url_citation',
        url,
        title: url,
        start_index: 0,
        end_index: 0,
      });
      this.emit({
        type: 'response.output_text.annotation.added',
        item_id: message.itemId,
        output_index: message.outputIndex,
        content_index: part.contentIndex,
        annotation_index: part.annotations.length - 1,
        annotation: { ...part.annotations[part.annotations.length - 1]! },
      });
    }
  }

  private closeMessage(status: ItemStatus): void {
    const message = this.message;
    if (message === undefined) return;
    this.message = undefined;
    this.closePart(message);
    this.closeItem(message.outputIndex, messageItem(message, status));
  }

  // ── function calls ────────────────────────────────────────────────────────

  /** The call a tool-call delta continues, or a new one. */
  private callFor(delta: ToolCallDelta): FunctionCallState {
    let call: FunctionCallState | undefined;
    if (delta.index !== undefined) {
      call = this.callsByIndex.get(delta.index);
      // A new id at a known index is a new call: some Gemini versions give every parallel
      // call index 0.
      if (
        call !== undefined &&
        delta.id !== undefined &&
        call.callId !== '' &&
        delta.id !== call.callId
      ) {
        call = undefined;
      }
    } else if (delta.id !== undefined) {
      call = this.openCalls.find((open) => open.callId === delta.id);
    } else {
      call = this.lastCall;
    }
    if (call === undefined) {
      call = {
        type: 'function_call',
        itemId: undefined,
        outputIndex: -1,
        callId: '',
        name: '',
        argumentPieces: [],
        thoughtSignature: undefined,
      };
      this.openCalls.push(call);
      if (delta.index !== undefined) this.callsByIndex.set(delta.index, call);
    }
    this.lastCall = call;
    return call;
  }

  private addCall(call: FunctionCallState): void {
    this.closeReasoning('completed');
    this.closeMessage('completed');
    if (call.callId === '') call.callId = this.options.generateId('call');
    call.itemId = this.options.generateId('fc');
    call.outputIndex = this.nextOutputIndex++;
    this.emit({
      type: 'response.output_item.added',
      output_index: call.outputIndex,
      item: functionCallItem(call, 'in_progress', ''),
    });
    // Arguments that arrived before the name or id are sent in one delta.
    if (call.argumentPieces.length > 0) {
      this.emit({
        type: 'response.function_call_arguments.delta',
        item_id: call.itemId,
        output_index: call.outputIndex,
        delta: joinPieces({ pieces: call.argumentPieces }),
      });
    }
  }

  private closeCall(call: FunctionCallState, status: ItemStatus): void {
    const itemId = call.itemId!;
    const args = joinPieces({ pieces: call.argumentPieces });
    this.emit({
      type: 'response.function_call_arguments.done',
      item_id: itemId,
      output_index: call.outputIndex,
      arguments: args,
    });
    this.closeItem(call.outputIndex, functionCallItem(call, status, args));
  }

  // ── closing ───────────────────────────────────────────────────────────────

  /**
   * Closes every open item in output order, then adds and closes the calls whose name or id
   * never came (the seed's fallback), so that nothing that streamed is dropped.
   */
  private closeAll(status: ItemStatus): void {
    const open: OpenItem[] = this.openCalls.filter((call) => call.itemId !== undefined);
    if (this.reasoning !== undefined) open.push(this.reasoning);
    if (this.message !== undefined) open.push(this.message);
    open.sort((a, b) => a.outputIndex - b.outputIndex);
    for (const item of open) {
      if (item.type === 'function_call') this.closeCall(item, status);
      else if (item.type === 'reasoning') this.closeReasoning(status);
      else this.closeMessage(status);
    }
    for (const call of this.openCalls) {
      if (call.itemId !== undefined) continue;
      this.addCall(call);
      this.closeCall(call, status);
    }
    this.openCalls.length = 0;
    this.callsByIndex.clear();
    this.lastCall = undefined;
  }

  private closeItem(outputIndex: number, item: ResponseOutputItem): void {
    this.output[outputIndex] = item;
    this.emit({ type: 'response.output_item.done', output_index: outputIndex, item });
  }
}

/** Joins a part's pieces once and keeps the result as its only piece. */
function joinPieces(part: Pick<ReasoningPartState, 'pieces'>): string {
  const { pieces } = part;
  if (pieces.length === 1) return pieces[0]!;
  const text = pieces.join('');
  pieces.length = 0;
  pieces.push(text);
  return text;
}
