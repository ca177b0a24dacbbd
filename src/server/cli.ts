#!/usr/bin/env node
/**
 * `responses-bridge serve`: the `/v1/responses` handler as a standalone HTTP server in front of
 * any Chat Completions endpoint, so that Responses API clients (the `openai` SDKs, the Agents
 * SDK, Codex) can talk to Ollama, vLLM, LiteLLM, … Node-only; the handler itself is not.
 */
import { parseArgs } from 'node:util';
import { createNodeServer } from './node-http';
import { createResponsesHandler } from './responses-handler';

const usage = `Usage: responses-bridge serve --upstream URL [options]

Serves POST /v1/responses (the OpenAI Responses API) over a Chat Completions endpoint.

Options:
  --upstream URL          Chat Completions base URL, up to and without /chat/completions
                          (e.g. http://localhost:11434/v1). Required.
  --port N                Port to listen on (default 8787; 0 picks a free one).
  --host H                Address to bind (default 127.0.0.1, this machine only).
  --api-key KEY           Upstream API key (default: $RESPONSES_BRIDGE_UPSTREAM_API_KEY).
                          Without one, each client's own bearer token is sent upstream.
  --max-body-bytes N      Largest request body accepted (default 10485760, 10 MB).
  -h, --help              Show this help.

Nothing is stored: previous_response_id, conversations, background and store: true are refused.
`;

class UsageError extends Error {}

interface ServeOptions {
  upstream: string;
  port: number;
  host: string;
  apiKey: string | undefined;
  maxBodyBytes: number | undefined;
}

function parseCommandLine(argv: string[]): ServeOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      upstream: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      'max-body-bytes': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const [command, ...rest] = positionals;
  if (command !== 'serve' || rest.length > 0) {
    throw new UsageError(
      command === undefined
        ? 'Missing command: serve.'
        : `Unknown command: ${positionals.join(' ')}.`,
    );
  }
  if (values.upstream === undefined) throw new UsageError('Missing --upstream URL.');
  let upstream: URL;
  try {
    upstream = new URL(values.upstream);
  } catch {
    throw new UsageError(`--upstream is not a URL: ${values.upstream}`);
  }
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') {
    throw new UsageError(`--upstream must be an http or https URL: ${values.upstream}`);
  }
  return {
    upstream: values.upstream,
    port: integerOption('--port', values.port, 8787, 0, 65535),
    host: values.host ?? '127.0.0.1',
    apiKey: values['api-key'] ?? (process.env.RESPONSES_BRIDGE_UPSTREAM_API_KEY || undefined),
    maxBodyBytes:
      values['max-body-bytes'] === undefined
        ? undefined
        : integerOption(
            '--max-body-bytes',
            values['max-body-bytes'],
            0,
            1,
            Number.MAX_SAFE_INTEGER,
          ),
  };
}

function integerOption(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max}: ${value}`);
  }
  return number;
}

async function serve(options: ServeOptions): Promise<void> {
  const handler = createResponsesHandler({
    baseURL: options.upstream,
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
  const { server, shutdown } = createNodeServer(handler, (error) => {
    console.error('responses-bridge: an answer failed:', error);
  });
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
  const auth = options.apiKey !== undefined ? 'the configured upstream key' : "each client's key";
  console.log(
    `responses-bridge: POST http://${host}:${port}/v1/responses → ${options.upstream.replace(/\/+$/, '')}/chat/completions (${auth})`,
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
        console.error('responses-bridge: shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(argv: string[]): Promise<void> {
  let options: ServeOptions | 'help';
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    // parseArgs throws TypeErrors for unknown or malformed options.
    if (error instanceof UsageError || error instanceof TypeError) {
      console.error(`responses-bridge: ${error.message}\n\n${usage}`);
      process.exit(2);
    }
    throw error;
  }
  if (options === 'help') {
    console.log(usage);
    return;
  }
  try {
    await serve(options);
  } catch (error) {
    console.error(
      `responses-bridge: cannot listen on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error('responses-bridge:', error);
  process.exit(1);
});
