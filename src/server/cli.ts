#!/usr/bin/env node
/**
 * `responses-bridge serve`: the Responses API handler as a standalone HTTP server in front of
 * any Chat Completions endpoint, so that Responses API clients (Codex, the Agents SDKs, the
 * `openai` SDKs) can talk to Ollama, vLLM, LiteLLM, … Node-only; the handler itself is not.
 */
import { VERSION } from '../version';
import { createNodeServer } from './node-http';
import { createResponsesHandler } from './responses-handler';
import { parseServeOptions, type ServeOptions, UsageError, usage } from './serve-options';

async function serve(options: ServeOptions): Promise<void> {
  const handler = createResponsesHandler({
    ...options.handler,
    onLog: (entry) => {
      const model = entry.model !== undefined ? ` ${entry.model}` : '';
      console.log(
        `responses-bridge: ${entry.method} ${entry.path} ${entry.status} ${Math.round(entry.durationMs)}ms${model}`,
      );
    },
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
    `responses-bridge ${VERSION}: http://${host}:${port}/v1/responses → ${options.upstream}/chat/completions (${auth})`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: the user does not want to wait for open answers.
      process.exit(130);
    }
    stopping = true;
    console.log(`responses-bridge: ${signal}, shutting down`);
    shutdown(new Error('The server is shutting down.')).then(
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
      console.error(
        `responses-bridge: ${error.message}\nRun 'responses-bridge serve --help' for the options.`,
      );
      process.exit(2);
    }
    throw error;
  }
  if (parsed === 'help') {
    console.log(usage);
    return;
  }
  if (parsed === 'version') {
    console.log(VERSION);
    return;
  }
  try {
    await serve(parsed);
  } catch (error) {
    console.error(
      `responses-bridge: cannot listen on ${parsed.host}:${parsed.port}: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`responses-bridge: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
