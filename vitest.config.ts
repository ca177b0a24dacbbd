import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'test/support/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/compat/**/*.test.ts',
      'test/e2e/**/*.test.ts',
    ],
    // The public types (src/**/*.test-d.ts), checked by tsc as part of every run.
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
