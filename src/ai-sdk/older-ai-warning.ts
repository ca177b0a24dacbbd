/**
 * The main entry makes LanguageModelV4 models, which only ai 7 takes: ai 6 refuses them deep in
 * its call ("Unsupported model version v4 … AI SDK 5 only supports … v2"), without naming the
 * entry that works. Where the app's `ai` can be found (Node 20.16+, 22.3+), the first model made
 * with an older one installed says which entry to import, once, unless `AI_SDK_LOG_WARNINGS` is
 * false (the AI SDK's own switch for its warnings).
 */

const entryOfMajor: Record<number, string> = {
  4: 'responses-bridge/v1',
  5: 'responses-bridge/v2',
  6: 'responses-bridge/v3',
};

let warned = false;

export function warnOnOlderAi(): void {
  if (warned) return;
  warned = true;
  if ((globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS === false) return;
  const message = olderAiMessage(installedAiVersion());
  if (message !== undefined) console.warn(message);
}

/** The warning for an installed `ai` version, or undefined when the main entry suits it. */
export function olderAiMessage(version: string | undefined): string | undefined {
  const major = version === undefined ? undefined : Number.parseInt(version, 10);
  const entry = major === undefined ? undefined : entryOfMajor[major];
  if (entry === undefined) return undefined;
  return `responses-bridge: 'responses-bridge' makes LanguageModelV4 models, for ai 7; this app has ai ${version}, which refuses them ("Unsupported model version v4"). Import createResponsesBridge from '${entry}' instead.`;
}

interface NodeModules {
  createRequire(path: string): { resolve(id: string): string };
  readFileSync(path: string, encoding: 'utf8'): string;
  dirname(path: string): string;
  join(...paths: string[]): string;
  cwd(): string;
}

/**
 * The version of the `ai` package the app's directory resolves, read without importing any Node
 * module statically (this build also runs on edge runtimes); undefined where that is not
 * possible or there is none.
 */
export function installedAiVersion(directory?: string): string | undefined {
  const node = nodeModules();
  if (node === undefined) return undefined;
  try {
    const from = node.join(directory ?? node.cwd(), 'index.js');
    const require = node.createRequire(from);
    // ai 5 and later export their package.json; ai 4 does not, so its entry's folders are read.
    let path: string;
    try {
      path = require.resolve('ai/package.json');
    } catch {
      path = packageJsonAbove(node, require.resolve('ai'));
    }
    const manifest = JSON.parse(node.readFileSync(path, 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    // No `ai` where the app runs (a bundle, a test runner elsewhere): nothing to say.
    return undefined;
  }
}

function packageJsonAbove(node: NodeModules, file: string): string {
  for (let directory = node.dirname(file); ; directory = node.dirname(directory)) {
    const path = node.join(directory, 'package.json');
    try {
      const manifest = JSON.parse(node.readFileSync(path, 'utf8')) as { name?: unknown };
      if (manifest.name === 'ai') return path;
    } catch {
      // No package.json in this folder: look further up.
    }
    if (node.dirname(directory) === directory) throw new Error('ai: no package.json found');
  }
}

function nodeModules(): NodeModules | undefined {
  const nodeProcess = (
    globalThis as { process?: { getBuiltinModule?: (id: string) => unknown; cwd?: () => string } }
  ).process;
  const get = nodeProcess?.getBuiltinModule;
  const cwd = nodeProcess?.cwd;
  if (typeof get !== 'function' || typeof cwd !== 'function') return undefined;
  const module = get('node:module') as Pick<NodeModules, 'createRequire'> | undefined;
  const fs = get('node:fs') as Pick<NodeModules, 'readFileSync'> | undefined;
  const path = get('node:path') as Pick<NodeModules, 'dirname' | 'join'> | undefined;
  if (module === undefined || fs === undefined || path === undefined) return undefined;
  return {
    createRequire: module.createRequire,
    readFileSync: fs.readFileSync,
    dirname: path.dirname,
    join: path.join,
    cwd: () => cwd.call(nodeProcess),
  };
}
