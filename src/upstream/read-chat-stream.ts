/**
 * The chunk stream of a Chat Completions response, read straight from its body: server-sent
 * events (`data:` lines, CRLF or LF, comments, `event:` lines, a half line at the end, UTF-8
 * split across reads) parsed into chunks, a batch per read of the body, until `[DONE]`.
 *
 * The `openai` client still makes the request (auth, base URL, headers, typed HTTP errors);
 * this replaces only its SSE parsing, which was most of the cost of a chunk, printed every
 * malformed line to stderr, and could not tell a stream that ended with `[DONE]` from one that
 * was cut off.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';

/** A `data:` payload that is not JSON. */
export class InvalidChunkError extends SyntaxError {
  readonly data: string;

  constructor(data: string, cause: unknown) {
    const shown = data.length > 200 ? `${data.slice(0, 200)}…` : data;
    super(`The upstream sent a server-sent event whose data is not JSON: ${shown}`, { cause });
    this.name = 'InvalidChunkError';
    this.data = data;
  }
}

/** A 200 whose body holds no server-sent event at all: an HTML page, a JSON body, nothing. */
export class NotAStreamError extends Error {
  constructor(contentType: string | null, beginning: string) {
    const body = beginning.trim();
    super(
      `The upstream answered 200 without a chunk stream (content-type: ${contentType ?? 'none'})${body === '' ? ', with an empty body' : `: ${body.length > 200 ? `${body.slice(0, 200)}…` : body}`}.`,
    );
    this.name = 'NotAStreamError';
  }
}

/** How much of a body that holds no event is kept, to report it or read an error from it. */
const beginningLimit = 64 * 1024;

export class ChatChunkStream implements AsyncIterable<ChatCompletionChunk> {
  /** Whether the stream said it was done (`data: [DONE]`) before it ended. */
  sawDone = false;
  private sawEvent = false;
  /** The start of the body, kept until the first event shows it is a stream (64 KiB at most). */
  private beginning = '';
  private readonly body: ReadableStream<Uint8Array> | null;
  private readonly contentType: string | null;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private eventName = '';
  private data: string | undefined;
  /** A payload that could not be parsed: the chunks before it go out first, then this. */
  private failure: InvalidChunkError | undefined;

  constructor(body: ReadableStream<Uint8Array> | null, contentType: string | null = null) {
    this.body = body;
    this.contentType = contentType;
  }

  /** The chunks of each read of the body, as soon as that read is parsed. */
  async *batches(): AsyncGenerator<ChatCompletionChunk[], void, undefined> {
    if (this.body === null) throw new NotAStreamError(this.contentType, '');
    const reader = this.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        const text = done ? this.decoder.decode() : this.decoder.decode(value, { stream: true });
        if (!this.sawEvent && this.beginning.length < beginningLimit) {
          this.beginning += text.slice(0, beginningLimit - this.beginning.length);
        }
        const batch = this.parse(done ? `${text}\n\n` : text);
        if (batch.length > 0) yield batch;
        if (this.failure !== undefined) throw this.failure;
        if (this.sawDone) return;
        if (done) {
          if (this.sawEvent) return;
          // Some servers answer a streamed request's error as a JSON body with a 200: that is
          // the error it says, as if it had come as the stream's only event.
          const error = errorBody(this.beginning);
          if (error === undefined) throw new NotAStreamError(this.contentType, this.beginning);
          yield [error as unknown as ChatCompletionChunk];
          return;
        }
      }
    } finally {
      // Stopping early (the caller left, or [DONE]) must not leave the connection open.
      reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    for await (const batch of this.batches()) yield* batch;
  }

  private parse(text: string): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    const buffer = this.buffer === '' ? text : this.buffer + text;
    let start = 0;
    for (;;) {
      const end = buffer.indexOf('\n', start);
      if (end === -1) break;
      // CRLF: the \r goes with the line.
      const lineEnd = end > start && buffer.charCodeAt(end - 1) === 13 ? end - 1 : end;
      this.line(buffer, start, lineEnd, chunks);
      start = end + 1;
      if (this.sawDone || this.failure !== undefined) {
        this.buffer = '';
        return chunks;
      }
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
    return chunks;
  }

  private line(buffer: string, start: number, end: number, chunks: ChatCompletionChunk[]): void {
    if (start === end) {
      this.dispatch(chunks);
      return;
    }
    const first = buffer.charCodeAt(start);
    // `data:` (the hot path), `:` comments (OpenRouter's keep-alives), `event:` (Groq's errors).
    if (first === 100 /* d */ && buffer.startsWith('data:', start)) {
      const valueStart = buffer.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
      const value = buffer.slice(valueStart, end);
      this.data = this.data === undefined ? value : `${this.data}\n${value}`;
    } else if (first === 101 /* e */ && buffer.startsWith('event:', start)) {
      this.eventName = buffer.slice(start + 6, end).trim();
    } else if (first === 0xfeff && start === 0) {
      // A byte-order mark before the first line.
      this.line(buffer, start + 1, end, chunks);
    }
  }

  private dispatch(chunks: ChatCompletionChunk[]): void {
    const data = this.data;
    const eventName = this.eventName;
    this.data = undefined;
    this.eventName = '';
    if (data === undefined) return;
    this.sawEvent = true;
    this.beginning = '';
    if (data === '[DONE]') {
      this.sawDone = true;
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch (error) {
      this.failure = new InvalidChunkError(data, error);
      return;
    }
    // An `event: error` carries the error as its data, with or without an `error` member.
    if (eventName === 'error' && !hasErrorMember(parsed)) parsed = { error: parsed };
    if (hasErrorMember(parsed)) withoutPythonNones(parsed.error);
    chunks.push(parsed as ChatCompletionChunk);
  }
}

/** A whole JSON body `{"error": …}` (with its error's Python `None`s read as null). */
function errorBody(text: string): { error: unknown } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!hasErrorMember(parsed) || parsed.error === null || parsed.error === undefined) {
    return undefined;
  }
  withoutPythonNones(parsed.error);
  return parsed;
}

function hasErrorMember(value: unknown): value is { error: unknown } {
  return typeof value === 'object' && value !== null && 'error' in value;
}

/**
 * LiteLLM writes Python's `None` as the string "None" in its error chunks
 * (`"type": "None", "param": "None"`): it means no value.
 */
function withoutPythonNones(error: unknown): void {
  if (typeof error !== 'object' || error === null) return;
  const fields = error as Record<string, unknown>;
  for (const name of ['type', 'param', 'code']) {
    if (fields[name] === 'None') fields[name] = null;
  }
}
