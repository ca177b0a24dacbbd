/** `node --import ./test/support/zod-v3-loader.mjs …`: the process resolves zod to zod 3. */
import { register } from 'node:module';

register('./zod-v3-hooks.mjs', import.meta.url);
