#!/usr/bin/env node
/**
 * `responses-bridge serve`: the Responses API handler as a standalone HTTP server in front of
 * any Chat Completions endpoint, so that Responses API clients (Codex, the Agents SDKs, the
 * `openai` SDKs) can talk to Ollama, vLLM, LiteLLM, … Node-only; the handler itself is not.
 */
import { packageVersion, toLogLine, toUsageErrorLine } from './cli-lines';
import { createNodeServer } from './node-http';
import { attachResponsesWebSocket } from './node-websocket';
import { createResponsesHandler } from './responses-handler';
import {
  parseServeOptions,
  type ServeOptions,
  type StoreChoice,
  UsageError,
  usage,
} from './serve-options';
import { createMemoryStore } from './store/memory-store';
import { createRedisStore } from './store/redis-store';
import type { ResponsesStore } from './store/responses-store';
import { createSqliteStore } from './store/sqlite-store';

function openStore(choice: StoreChoice): ResponsesStore {
  switch (choice.kind) {
    case 'memory':
      return createMemoryStore();
    case 'sqlite':
      return createSqliteStore({ path: choice.path });
    case 'redis':
      return createRedisStore({
        url: choice.url,
        onError: (error) => console.error(`responses-bridge: the Redis store: ${error.message}`),
      });
  }
}

/** The store, as the startup line names it: never a URL's password. */
function describeStore(choice: StoreChoice): string {
  if (choice.kind === 'memory') return 'memory store';
  if (choice.kind === 'sqlite') return `SQLite store ${choice.path}`;
  const url = new URL(choice.url);
  return `Redis store ${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

async function serve(options: ServeOptions): Promise<void> {
  const store = openStore(options.store);
  const handler = createResponsesHandler({
    ...options.handler,
    store,
    // One line per HTTP request and per WebSocket turn (method WS), when its answer is over.
    onLog: (entry) => console.log(toLogLine(entry)),
  });
  const { server, shutdown } = createNodeServer(
    handler,
    (error) => {
      console.error(
        `responses-bridge: an answer failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    },
    { headersTimeoutMs: options.headersTimeoutMs, requestTimeoutMs: options.requestTimeoutMs },
  );
  const sockets = attachResponsesWebSocket(server, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const auth =
    options.handler.apiKey !== undefined ? 'the configured upstream key' : "each client's key";
  console.log(
    `responses-bridge ${packageVersion()}: http://${host}:${port}/v1/responses → ${options.upstream}/chat/completions (${auth}, ${describeStore(options.store)})`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: the user does not want to wait for open answers.
      process.exit(130);
    }
    stopping = true;
    console.log(`responses-bridge: ${signal}, shutting down`);
    sockets.close();
    shutdown(new Error('The server is shutting down.'))
      .then(() => store.close?.())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(
            `responses-bridge: shutdown failed: ${error instanceof Error ? error.message : String(error)}`,
          );
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseServeOptions>;
  try {
    parsed = parseServeOptions(argv, process.env);
  } catch (error) {
    // parseArgs throws TypeErrors for unknown or malformed options.
    if (error instanceof UsageError || error instanceof TypeError) {
      console.error(toUsageErrorLine(error));
      process.exit(2);
    }
    throw error;
  }
  if (parsed === 'help') {
    console.log(usage);
    return;
  }
  if (parsed === 'version') {
    console.log(packageVersion());
    return;
  }
  try {
    await serve(parsed);
  } catch (error) {
    console.error(
      `responses-bridge: cannot start on ${parsed.host}:${parsed.port}: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`responses-bridge: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
