/**
 * A `fetch` for the provider that hands it a streamed body one server-sent event at a time, and
 * only when it asks for the next one, so that the demo knows which chunk the provider is on:
 * every Responses event the provider emits before it asks for chunk N+1 was caused by chunk N.
 * The bytes are the endpoint's own, cut at event boundaries.
 */

export interface TappedBlock {
  /** The request of the tool loop this chunk belongs to: 1, 2, … */
  step: number;
  /** Its position in that request's stream: 1, 2, … */
  index: number;
  /** One server-sent event as sent: `data:` line(s), perhaps `event:` or `:` comment lines. */
  text: string;
}

export function createChunkTap(onBlock: (block: TappedBlock) => void): typeof fetch {
  let step = 0;
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body || !response.headers.get('content-type')?.includes('event-stream')) {
      return response;
    }
    step++;
    return new Response(oneEventPerRead(response.body, step, onBlock), response);
  };
}

function oneEventPerRead(
  body: ReadableStream<Uint8Array>,
  step: number,
  onBlock: (block: TappedBlock) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffer = '';
  // A CR at the end of a read may be the first half of a CRLF.
  let carriageReturn = false;
  let index = 0;
  const hand = (controller: ReadableStreamDefaultController<Uint8Array>, text: string) => {
    index++;
    onBlock({ step, index, text });
    controller.enqueue(encoder.encode(text));
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end >= 0) {
            const text = buffer.slice(0, end + 2);
            buffer = buffer.slice(end + 2);
            if (text.trim() === '') continue;
            hand(controller, text);
            return;
          }
          const { done, value } = await reader.read();
          if (done) {
            buffer += (carriageReturn ? '\n' : '') + decoder.decode();
            if (buffer.trim() !== '') hand(controller, buffer);
            buffer = '';
            controller.close();
            return;
          }
          // CRLF endpoints: LF alone is as valid to the provider's parser, and one rule here.
          let text = (carriageReturn ? '\r' : '') + decoder.decode(value, { stream: true });
          carriageReturn = text.endsWith('\r');
          if (carriageReturn) text = text.slice(0, -1);
          buffer += text.replace(/\r\n?/g, '\n');
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    // No read-ahead: the next event is read from the endpoint only when the provider asks.
    { highWaterMark: 0 },
  );
}
