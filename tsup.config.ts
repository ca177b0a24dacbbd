import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // provider-utils 5 requires Node 22; the few helpers we use are bundled so that
  // apps on older AI SDK majors (and Node 18/20) can install us.
  noExternal: ['@ai-sdk/provider-utils'],
});
