/**
 * Malformed chunks make no noise (issue 14): the `openai` client's own stream parser prints
 * "Could not parse message into JSON" to the console for every malformed line; the provider and
 * the handler read chunk streams with their own reader, which reports the error through the
 * stream and prints nothing. The control runs the client's parser on the same bytes, to show
 * the spy would catch the noise.
 */
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createResponsesBridge, createResponsesHandler } from '../../src/index';
import { chunk } from '../support/builders';
import { sseHeaders, sseLine, useFaultServer } from '../support/fault-server';
import { rejection } from '../support/rejections';
import { readStream } from '../support/stream-parts';

const server = useFaultServer();
const printed: string[] = [];

beforeEach(() => {
  printed.length = 0;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      printed.push(`console.${method}: ${args.map(String).join(' ')}`);
    });
  }
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation((text: string | Uint8Array, ...rest) => {
    printed.push(`stderr: ${String(text)}`);
    return write(text, ...(rest as []));
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Some text, then a line that is not JSON, then more text: the malformed line ends the stream. */
const malformed =
  sseLine(chunk({ delta: { role: 'assistant', content: 'Before' } })) +
  'data: {"id":"chatcmpl-x","choices":[{"delta":{"content":"half\n\n' +
  sseLine(chunk({ delta: { content: 'After' } }));

function serveMalformed() {
  server.next((_req, res) => {
    res.writeHead(200, sseHeaders).end(malformed);
  });
}

describe('a malformed chunk', () => {
  it('control: the openai client’s own stream parser prints it', async () => {
    serveMalformed();
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-quiet', maxRetries: 0 });
    await rejection(
      (async () => {
        const stream = await client.chat.completions.create({
          model: 'm',
          messages: [{ role: 'user', content: 'Hi' }],
          stream: true,
        });
        for await (const _ of stream) {
          // Read to the malformed line, which throws.
        }
      })(),
    );
    expect(printed.join('\n')).toContain('Could not parse message into JSON');
  });

  it('the provider reports it through the stream and prints nothing', async () => {
    serveMalformed();
    const model = createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-quiet' })('m');
    const { stream } = await model.doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
    const parts = await readStream(stream);
    expect(parts.map((part) => part.type)).toContain('error');
    expect(printed).toEqual([]);
  });

  it('the handler reports it through the stream and prints nothing', async () => {
    serveMalformed();
    const handler = createResponsesHandler({ baseURL: server.baseURL });
    const response = await handler(
      new Request('http://127.0.0.1/v1/responses', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', input: 'Hi', stream: true }),
      }),
    );
    expect(await response.text()).toContain('event: response.failed');
    expect(printed).toEqual([]);
  });
});
