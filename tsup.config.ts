import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      v1: 'src/compat/v1/index.ts',
      v2: 'src/compat/v2/index.ts',
      v3: 'src/compat/v3/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    tsconfig: 'tsconfig.build.json',
    sourcemap: true,
    clean: false,
    target: 'es2022',
    platform: 'neutral',
    define: { __PACKAGE_VERSION__: JSON.stringify(version) },
    // provider-utils 5 requires Node 22, and @ai-sdk/provider differs per AI SDK major: the few
    // helpers and error classes we use are bundled (the errors are recognised across majors by a
    // global symbol), so that apps on older AI SDK majors (and Node 18/20) can install us.
    noExternal: ['@ai-sdk/provider-utils', '@ai-sdk/provider'],
  },
  {
    // `responses-bridge/node`: WebSocket serving and the SQLite store, for Node only.
    entry: { node: 'src/node.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    tsconfig: 'tsconfig.node.json',
    sourcemap: true,
    clean: false,
    target: 'node18',
    platform: 'node',
    define: { __PACKAGE_VERSION__: JSON.stringify(version) },
  },
  {
    // The `responses-bridge` bin: Node only, ESM only; its shebang is kept.
    entry: { cli: 'src/server/cli.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node18',
    platform: 'node',
    define: { __PACKAGE_VERSION__: JSON.stringify(version) },
  },
]);
