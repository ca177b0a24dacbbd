import type { ResponseStreamEvent } from 'openai/resources/responses/responses';

/**
 * Frames Responses events as the Responses API does on the wire: `event: <type>` then
 * `data: <json>`, and a blank line. Cancelling the returned stream returns the event source.
 */
export function toResponsesSSE(
  events: AsyncIterable<ResponseStreamEvent>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let iterator: AsyncIterator<ResponseStreamEvent> | undefined;
  return new ReadableStream<Uint8Array>({
    start() {
      iterator = events[Symbol.asyncIterator]();
    },
    async pull(controller) {
      const next = await iterator!.next();
      if (next.done) {
        controller.close();
        return;
      }
      const event = next.value;
      controller.enqueue(
        encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
      );
    },
    async cancel(reason) {
      await iterator?.return?.(reason);
    },
  });
}
