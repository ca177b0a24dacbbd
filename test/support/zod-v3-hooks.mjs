/**
 * Node module hooks for the zod 3 runs of the server suites: `zod` and `zod/…` resolve to the
 * zod 3 install (the `zod-v3` alias devDependency) instead of the zod 4 at the root. Registered
 * by zod-v3-loader.mjs, with `--import`, in the processes those suites spawn.
 */
export async function resolve(specifier, context, nextResolve) {
  const match = /^zod(\/.*)?$/.exec(specifier);
  return nextResolve(match === null ? specifier : `zod-v3${match[1] ?? ''}`, context);
}
