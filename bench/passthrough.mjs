/**
 * The floor of the serve benchmark: a minimal gateway in front of the same upstream, which
 * parses each upstream chunk (JSON.parse of each `data:` line) and writes it back as SSE, a
 * write per chunk, with backpressure. It does what any converting gateway must do at least:
 * an HTTP server, an upstream request through the global `fetch` (as the `openai` client that
 * `serve` uses does), SSE framing both ways, and JSON both ways.
 *
 *   node passthrough.mjs UPSTREAM_BASE_URL   prints its port as `listening PORT`
 */
import { once } from 'node:events';
import { createServer } from 'node:http';

const upstream = process.argv[2];
const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};

async function readJson(req) {
  const parts = [];
  for await (const part of req) parts.push(part);
  return JSON.parse(Buffer.concat(parts).toString('utf8'));
}

async function relay(req, res) {
  const body = await readJson(req);
  const answer = await fetch(`${upstream}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench-key' },
    body: JSON.stringify({
      model: body.model,
      messages: [{ role: 'user', content: body.input }],
      stream: true,
      stream_options: { include_usage: true },
    }),
  });
  res.writeHead(answer.status, sseHeaders);
  res.flushHeaders();
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of answer.body) {
    buffer += decoder.decode(bytes, { stream: true });
    let start = 0;
    for (;;) {
      const end = buffer.indexOf('\n\n', start);
      if (end === -1) break;
      const frame = buffer.slice(start, end);
      start = end + 2;
      if (!frame.startsWith('data: ')) continue;
      const data = frame.slice(6);
      const out = data === '[DONE]' ? data : JSON.stringify(JSON.parse(data));
      if (!res.write(`data: ${out}\n\n`)) await once(res, 'drain');
    }
    buffer = buffer.slice(start);
  }
  res.end();
}

const server = createServer((req, res) => {
  relay(req, res).catch((error) => {
    process.stderr.write(`passthrough: ${error.message}\n`);
    res.destroy();
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
