/**
 * The flags of `npm run demo`, checked: an unknown flag, a stray argument or a flag npm took for
 * itself is a `DemoUsageError` whose message is one line saying what to type instead.
 */
import { parseArgs } from 'node:util';

export class DemoUsageError extends Error {}

export interface DemoOptions {
  fixture: string | undefined;
  model: string | undefined;
  prompt: string | undefined;
  json: boolean;
  color: boolean;
  list: boolean;
  help: boolean;
}

export const demoUsage = `Usage: npm run demo -- [--fixture NAME] [--model ID] [--prompt TEXT] [--json] [--no-color] [--list]

Without OPENAI_BASE_URL the demo replays a recorded provider stream (no key, no network):
  --fixture NAME   the recording to replay (default deepseek-reasoner-reasoning-tool-call)
  --list           list the recordings
With OPENAI_BASE_URL (and OPENAI_API_KEY, MODEL) it calls that Chat Completions endpoint:
  --model ID       the model (default $MODEL, else gpt-4o-mini)
Either way:
  --prompt TEXT    the prompt (default: the recording's own prompt, where it is known)
  --json           every chunk, event and part as a JSON line, each with the chunk that caused it
  --no-color       no ANSI colours (also NO_COLOR=1)
The flags go after \`--\`: npm keeps the ones before it for itself.`;

const flags = {
  fixture: { type: 'string' },
  model: { type: 'string' },
  prompt: { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  list: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const seeHelp = 'Run `npm run demo -- --help` for the flags.';

/** The options of this run, from the arguments after `--` and what npm left in the environment. */
export function parseDemoOptions(
  argv: string[],
  env: Record<string, string | undefined>,
): DemoOptions {
  checkNpmTookFlags(argv, env);
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new DemoUsageError(`${usageMessage(error)} ${seeHelp}`);
  }
  if (values.fixture !== undefined && env.OPENAI_BASE_URL) {
    throw new DemoUsageError(
      `--fixture replays a recording, but OPENAI_BASE_URL is set (${env.OPENAI_BASE_URL}): unset it to replay, or drop --fixture.`,
    );
  }
  return {
    fixture: values.fixture,
    model: values.model,
    prompt: values.prompt,
    json: values.json === true,
    // npm's own --no-color (before `--`) sets npm_config_color to an empty string.
    color: values['no-color'] !== true && !env.NO_COLOR && env.npm_config_color !== '',
    list: values.list === true,
    help: values.help === true,
  };
}

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: flags, strict: true, allowPositionals: false });
}

function usageMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
    return `Unknown flag ${flag}.`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = /'([^']*)'/.exec(message)?.[1] ?? message;
    return `Unexpected argument "${argument}": the demo takes only flags.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return `${message.replace(/\s+/g, ' ').replace(/^Option '([^']+)'/, '$1')}.`;
  }
  return message;
}

/**
 * `npm run demo --fixture X` (no `--`) hands `--fixture` to npm, which keeps it as
 * `npm_config_fixture=true` and passes only `X` on: say so, and what to type instead.
 */
function checkNpmTookFlags(argv: string[], env: Record<string, string | undefined>): void {
  const taken = Object.keys(flags).filter(
    (name) => env[`npm_config_${name.replace(/-/g, '_')}`] !== undefined,
  );
  if (taken.length === 0) return;
  const positionals = argv.filter((argument) => !argument.startsWith('-'));
  const stringFlags = taken.filter((name) => flags[name as keyof typeof flags].type === 'string');
  const suggestion = taken.map((name) => {
    if (flags[name as keyof typeof flags].type === 'boolean') return `--${name}`;
    const value = env[`npm_config_${name}`];
    // `--fixture=X` keeps the value; `--fixture X` leaves X as an argument, in order.
    const given =
      value !== 'true'
        ? value
        : stringFlags.length === 1 && positionals.length === 1
          ? positionals[0]
          : undefined;
    return `--${name} ${given === undefined ? name.toUpperCase() : quote(given)}`;
  });
  const them = taken.length === 1 ? 'it came' : 'they came';
  throw new DemoUsageError(
    `npm kept ${taken.map((name) => `--${name}`).join(', ')} for itself (${them} before \`--\`); run: npm run demo -- ${suggestion.join(' ')}`,
  );
}

function quote(value: string): string {
  return /^[\w./:@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
