import type { ResponseStreamEvent } from 'openai/resources/responses/responses';

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
 * `data: <json>`, and a blank line. Cancelling the returned stream returns the event source.
 */
export function toResponsesSSE(
  events: AsyncIterable<ResponseStreamEvent>,
  options: ResponsesSSEOptions = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const { maxBytes = Number.POSITIVE_INFINITY, onLimit, onEnd, onCancel } = options;
  let iterator: AsyncIterator<ResponseStreamEvent> | undefined;
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
      const event = next.value;
      const bytes = encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
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
