import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { toSSEFrame } from './to-sse-frame';

/** How the handler bounds and follows an answer it writes (not part of the public API). */
export interface ResponsesSSEOptions {
  /** Bytes the answer may send; past them `onLimit` is called once, with the reason. */
  maxBytes?: number;
  onLimit?: (reason: Error & { code: string }) => void;
  /** Called once the answer is over: written whole, failed or cancelled. */
  onEnd?: () => void;
  /**
   * Called first when the reader cancels (the client left): returning the events waits for a
   * pending upstream read, which a stalled upstream might never finish, so stop it here.
   */
  onCancel?: (reason: unknown) => void;
}

/**
 * Frames Responses events as the Responses API does on the wire: `event: <type>` then
 * `data: <json>`, and a blank line; a chunk per event, or, for an event that holds a long text
 * (the snapshots of a long answer), a chunk per slice of it, each made when the reader asks for
 * it. Cancelling the returned stream returns the event source.
 */
export function toResponsesSSE(
  events: AsyncIterable<ResponseStreamEvent>,
  options: ResponsesSSEOptions = {},
): ReadableStream<Uint8Array> {
  const { maxBytes = Number.POSITIVE_INFINITY, onLimit, onEnd, onCancel } = options;
  let iterator: AsyncIterator<ResponseStreamEvent> | undefined;
  /** The rest of the frame being written, when it comes in several chunks. */
  let frame: Iterator<Uint8Array, void, undefined> | undefined;
  let written = 0;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd?.();
  };
  return new ReadableStream<Uint8Array>({
    start() {
      iterator = events[Symbol.asyncIterator]();
    },
    async pull(controller) {
      let bytes: Uint8Array | undefined;
      while (bytes === undefined) {
        const rest = frame?.next();
        if (rest !== undefined && !rest.done) {
          bytes = rest.value;
          break;
        }
        frame = undefined;
        let next: IteratorResult<ResponseStreamEvent>;
        try {
          next = await iterator!.next();
        } catch (error) {
          end();
          throw error;
        }
        if (next.done) {
          end();
          controller.close();
          return;
        }
        const made = toSSEFrame(next.value);
        if (made instanceof Uint8Array) bytes = made;
        else frame = made;
      }
      written += bytes.byteLength;
      if (written > maxBytes && onLimit !== undefined) {
        const limit = maxBytes;
        onLimit(
          Object.assign(
            new Error(`The answer exceeded the output limit of this server (${limit} bytes).`),
            {
              code: 'output_limit_exceeded',
            },
          ),
        );
        // Once: the failure events that follow must still get out.
        written = Number.NEGATIVE_INFINITY;
      }
      controller.enqueue(bytes);
    },
    async cancel(reason) {
      onCancel?.(reason);
      end();
      await iterator?.return?.(reason);
    },
  });
}
