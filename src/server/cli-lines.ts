/**
 * What `responses-bridge serve` prints, one line each: a request's log line, a usage error, its
 * version. Node-only, like the CLI.
 */
import { readFileSync } from 'node:fs';
import { VERSION } from '../version';
import type { ResponsesHandlerLogEntry } from './responses-handler';

/**
 * `POST /v1/responses 200 12ms model=qwen3:8b`, the same for HTTP and for a WebSocket turn
 * (method `WS`). The path has no query string, and the model (the client's own text) is quoted
 * when it holds anything a log line should not, so that it cannot forge a line.
 */
export function toLogLine(entry: ResponsesHandlerLogEntry): string {
  const model = entry.model === undefined ? '' : ` model=${quoteIfOdd(entry.model)}`;
  return `responses-bridge: ${entry.method} ${entry.path} ${entry.status} ${Math.round(entry.durationMs)}ms${model}`;
}

function quoteIfOdd(value: string): string {
  const shown = value.length > 100 ? `${value.slice(0, 100)}…` : value;
  return /^[\w.:/@+-]+$/.test(shown) ? shown : JSON.stringify(shown);
}

/** A usage error as one line: what was wrong, and where the options are listed. */
export function toUsageErrorLine(error: Error): string {
  return `responses-bridge: ${usageMessage(error)} (see responses-bridge serve --help)`;
}

/** parseArgs' own messages, shortened to what was wrong. */
function usageMessage(error: Error): string {
  const code = (error as { code?: unknown }).code;
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${quoted ?? error.message}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = quoted?.replace(/ <value>$/, '') ?? 'An option';
      return error.message.includes('does not take an argument')
        ? `${option} takes no value.`
        : `${option} needs a value.`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument ${quoted ?? error.message}.`;
    default:
      return error.message;
  }
}

/**
 * The package version: set at build time; from the source (`tsx src/server/cli.ts`), read from
 * the repository's package.json.
 */
export function packageVersion(): string {
  if (VERSION !== '0.0.0-dev') return VERSION;
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const { version } = JSON.parse(text) as { version?: unknown };
    return typeof version === 'string' ? version : VERSION;
  } catch {
    // Not in a checkout (a copy of the source elsewhere): the build-time default says so.
    return VERSION;
  }
}
