/**
 * The assistant message item: its text and refusal parts, their deltas and annotations. A part's
 * text grows by concatenation, which JavaScript engines keep as a rope (V8's cons strings): no
 * copy is made as it grows, and none at all unless the final text's characters are read, so a
 * long stream holds its text once and accumulating it stays linear in its length.
 */
import type {
  ResponseOutputMessage,
  ResponseOutputRefusal,
  ResponseOutputText,
} from 'openai/resources/responses/responses';
import type { Citations } from './read-chunk';
import type { Logprob } from './read-logprobs';
import type { ItemStatus, StreamState } from './stream-state';

export type UrlCitation = ResponseOutputText.URLCitation;

interface TextPart {
  type: 'output_text';
  contentIndex: number;
  text: string;
  annotations: UrlCitation[];
  logprobs: Logprob[];
}

interface RefusalPart {
  type: 'refusal';
  contentIndex: number;
  text: string;
}

export class MessageItem {
  readonly type = 'message';
  readonly itemId: string;
  readonly outputIndex: number;
  private readonly state: StreamState;
  /** Closed parts, final. */
  private readonly content: Array<ResponseOutputText | ResponseOutputRefusal> = [];
  private openPart: TextPart | RefusalPart | undefined;
  /** Perplexity's citations, once a text part took them. */
  private citations: Citations | undefined;

  constructor(state: StreamState) {
    this.state = state;
    this.itemId = state.generateId('msg');
    this.outputIndex = state.takeOutputIndex();
    state.addItem(this.outputIndex, this.toItem('in_progress'));
  }

  appendText(text: string, logprobs: Logprob[] | undefined): void {
    const part = this.textPart();
    part.text += text;
    if (logprobs !== undefined) {
      for (const logprob of logprobs) part.logprobs.push(logprob);
    }
    this.state.emit({
      type: 'response.output_text.delta',
      item_id: this.itemId,
      output_index: this.outputIndex,
      content_index: part.contentIndex,
      delta: text,
      logprobs: logprobs ?? [],
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
      part = { type: 'refusal', contentIndex: this.content.length, text: '' };
      this.openPart = part;
      this.state.emit({
        type: 'response.content_part.added',
        item_id: this.itemId,
        output_index: this.outputIndex,
        content_index: part.contentIndex,
        part: { type: 'refusal', refusal: '' },
      });
    }
    part.text += text;
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
      text: '',
      annotations: [],
      logprobs: [],
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
      const { text } = part;
      this.attachCitations(part, text);
      const final: ResponseOutputText = {
        type: 'output_text',
        annotations: [...part.annotations],
        logprobs: part.logprobs,
        text,
      };
      this.state.emit({
        type: 'response.output_text.done',
        ...location,
        text,
        logprobs: part.logprobs,
      });
      this.state.emit({ type: 'response.content_part.done', ...location, part: final });
      this.content.push({ ...final, annotations: [...part.annotations] });
    } else {
      const refusal = part.text;
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
   * Perplexity's top-level `citations` are the sources its answer cites as `[1]`, `[2]`, …: each
   * marker becomes a url_citation annotation over the marker itself, titled from
   * `search_results` when Perplexity sent them (else an empty title: nothing is invented). The
   * whole list stays on the item, cited or not (`provider_specific_fields.citations`).
   */
  private attachCitations(part: TextPart, text: string): void {
    const citations = this.state.citations;
    if (citations === undefined) return;
    this.state.citations = undefined;
    this.citations = citations;
    for (const match of text.matchAll(/\[(\d{1,3})\]/g)) {
      const url = citations.urls[Number(match[1]) - 1];
      if (url === undefined) continue;
      this.addAnnotation(
        {
          type: 'url_citation',
          url,
          title: citations.titles.get(url) ?? '',
          start_index: match.index,
          end_index: match.index + match[0].length,
        },
        part,
      );
    }
  }

  private toItem(status: ResponseOutputMessage['status']): ResponseOutputMessage {
    const item: ResponseOutputMessage = {
      id: this.itemId,
      type: 'message',
      status,
      role: 'assistant',
      content: status === 'in_progress' ? [] : this.content.map((part) => ({ ...part })),
    };
    if (status !== 'in_progress' && this.citations !== undefined) {
      (
        item as ResponseOutputMessage & { provider_specific_fields?: unknown }
      ).provider_specific_fields = { citations: [...this.citations.urls] };
    }
    return item;
  }
}
