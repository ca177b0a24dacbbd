import { defineConfig } from 'vitest/config';

/**
 * The suites of the server, run a second time with `zod` resolving to zod 3 (the `zod-v3`
 * alias devDependency): the root resolves zod 4, what a fresh install gets, and the package
 * accepts both. The processes the CLI suites spawn follow RESPONSES_BRIDGE_TEST_ZOD
 * (test/support/serve-process.ts).
 */
const serverSuites = [
  'test/integration/responses-handler*.test.ts',
  'test/integration/serve-*.test.ts',
  'test/integration/zod-major.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'zod-4',
          include: [
            'src/**/*.test.ts',
            'test/support/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/compat/**/*.test.ts',
            'test/e2e/**/*.test.ts',
          ],
          // The public types (src/**/*.test-d.ts), checked by tsc as part of every run.
          typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
        },
      },
      {
        extends: true,
        resolve: { alias: [{ find: /^zod(?=\/|$)/, replacement: 'zod-v3' }] },
        test: {
          name: 'zod-3',
          include: serverSuites,
          env: { RESPONSES_BRIDGE_TEST_ZOD: '3' },
        },
      },
    ],
  },
});
