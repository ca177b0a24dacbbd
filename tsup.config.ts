import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    v1: 'src/compat/v1.ts',
    v2: 'src/compat/v2.ts',
    v3: 'src/compat/v3.ts',
    // The `responses-bridge` bin (Node only; its shebang is kept).
    cli: 'src/server/cli.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // provider-utils 5 requires Node 22, and @ai-sdk/provider differs per AI SDK major: the few
  // helpers and error classes we use are bundled (the errors are recognised across majors by a
  // global symbol), so that apps on older AI SDK majors (and Node 18/20) can install us.
  noExternal: ['@ai-sdk/provider-utils', '@ai-sdk/provider'],
});
