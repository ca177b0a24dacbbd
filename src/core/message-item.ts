/**
 * The assistant message item: its text and refusal parts, their deltas and annotations. Text is
 * kept as pieces and joined once, when its part closes, so accumulating a long stream stays
 * linear in its length.
 */
import type {
  ResponseOutputMessage,
  ResponseOutputRefusal,
  ResponseOutputText,
} from 'openai/resources/responses/responses';
import { type ItemStatus, joinPieces, type StreamState } from './stream-state';

export type UrlCitation = ResponseOutputText.URLCitation;

interface TextPart {
  type: 'output_text';
  contentIndex: number;
  pieces: string[];
  annotations: UrlCitation[];
}

interface RefusalPart {
  type: 'refusal';
  contentIndex: number;
  pieces: string[];
}

export class MessageItem {
  readonly type = 'message';
  readonly itemId: string;
  readonly outputIndex: number;
  private readonly state: StreamState;
  /** Closed parts, final. */
  private readonly content: Array<ResponseOutputText | ResponseOutputRefusal> = [];
  private openPart: TextPart | RefusalPart | undefined;

  constructor(state: StreamState) {
    this.state = state;
    this.itemId = state.generateId('msg');
    this.outputIndex = state.takeOutputIndex();
    state.addItem(this.outputIndex, this.toItem('in_progress'));
  }

  appendText(text: string): void {
    const part = this.textPart();
    part.pieces.push(text);
    this.state.emit({
      type: 'response.output_text.delta',
      item_id: this.itemId,
      output_index: this.outputIndex,
      content_index: part.contentIndex,
      delta: text,
      logprobs: [],
    });
  }

  addAnnotation(annotation: UrlCitation, part: TextPart = this.textPart()): void {
    part.annotations.push(annotation);
    this.state.emit({
      type: 'response.output_text.annotation.added',
      item_id: this.itemId,
      output_index: this.outputIndex,
      content_index: part.contentIndex,
      annotation_index: part.annotations.length - 1,
      annotation: { ...annotation },
    });
  }

  appendRefusal(text: string): void {
    let part = this.openPart;
    if (part?.type !== 'refusal') {
      this.closePart();
      part = { type: 'refusal', contentIndex: this.content.length, pieces: [] };
      this.openPart = part;
      this.state.emit({
        type: 'response.content_part.added',
        item_id: this.itemId,
        output_index: this.outputIndex,
        content_index: part.contentIndex,
        part: { type: 'refusal', refusal: '' },
      });
    }
    part.pieces.push(text);
    this.state.emit({
      type: 'response.refusal.delta',
      item_id: this.itemId,
      output_index: this.outputIndex,
      content_index: part.contentIndex,
      delta: text,
    });
  }

  close(status: ItemStatus): void {
    this.closePart();
    this.state.closeItem(this.outputIndex, this.toItem(status));
  }

  private textPart(): TextPart {
    const open = this.openPart;
    if (open?.type === 'output_text') return open;
    this.closePart();
    const part: TextPart = {
      type: 'output_text',
      contentIndex: this.content.length,
      pieces: [],
      annotations: [],
    };
    this.openPart = part;
    this.state.emit({
      type: 'response.content_part.added',
      item_id: this.itemId,
      output_index: this.outputIndex,
      content_index: part.contentIndex,
      part: { type: 'output_text', annotations: [], logprobs: [], text: '' },
    });
    return part;
  }

  private closePart(): void {
    const part = this.openPart;
    if (part === undefined) return;
    this.openPart = undefined;
    const location = {
      item_id: this.itemId,
      output_index: this.outputIndex,
      content_index: part.contentIndex,
    };
    if (part.type === 'output_text') {
      this.attachCitations(part);
      const text = joinPieces(part.pieces);
      const final: ResponseOutputText = {
        type: 'output_text',
        annotations: [...part.annotations],
        logprobs: [],
        text,
      };
      this.state.emit({ type: 'response.output_text.done', ...location, text, logprobs: [] });
      this.state.emit({ type: 'response.content_part.done', ...location, part: final });
      this.content.push({ ...final, annotations: [...part.annotations] });
    } else {
      const refusal = joinPieces(part.pieces);
      this.state.emit({ type: 'response.refusal.done', ...location, refusal });
      this.state.emit({
        type: 'response.content_part.done',
        ...location,
        part: { type: 'refusal', refusal },
      });
      this.content.push({ type: 'refusal', refusal });
    }
  }

  /**
   * Perplexity's top-level `citations` become url_citation annotations of the first text part to
   * close after they arrive.
   */
  private attachCitations(part: TextPart): void {
    const urls = this.state.citations;
    if (urls === undefined) return;
    this.state.citations = undefined;
    for (const url of urls) {
      if (part.annotations.some((annotation) => annotation.url === url)) continue;
      this.addAnnotation(
        { type: 'url_citation', url, title: url, start_index: 0, end_index: 0 },
        part,
      );
    }
  }

  private toItem(status: ResponseOutputMessage['status']): ResponseOutputMessage {
    return {
      id: this.itemId,
      type: 'message',
      status,
      role: 'assistant',
      content: status === 'in_progress' ? [] : this.content.map((part) => ({ ...part })),
    };
  }
}
