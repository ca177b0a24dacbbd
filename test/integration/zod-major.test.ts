/**
 * Which zod the server suites run on: zod 4 at the root, zod 3 in the `zod-3` project of
 * vitest.config.ts, both in this process and in the `serve` processes the CLI suites spawn. Told
 * apart by the behaviour that broke `serve` under zod 4: a `z.unknown()` key is required there.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { cliArguments } from '../support/serve-process';

const zod3 = process.env.RESPONSES_BRIDGE_TEST_ZOD === '3';
const unknownKeyIsOptional = (schema: typeof z) =>
  schema.object({ key: schema.unknown() }).safeParse({}).success;

describe(`the zod the server suites run on (zod ${zod3 ? 3 : 4})`, () => {
  it('is that major in this process', () => {
    expect(unknownKeyIsOptional(z)).toBe(zod3);
  });

  it('is that major in a process spawned like serve', { timeout: 60_000 }, async () => {
    // The CLI's own arguments, with a script in place of the CLI.
    const args = cliArguments().slice(0, -1);
    const script =
      "import('zod/v4').then(({ z }) => console.log(z.object({ key: z.unknown() }).safeParse({}).success))";
    const { stdout } = await promisify(execFile)(process.execPath, [
      ...args,
      '--input-type=module',
      '--eval',
      script,
    ]);
    expect(stdout.trim()).toBe(String(zod3));
  });
});
