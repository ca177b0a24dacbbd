import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The chat route imports ../replay/replay-chat-server.mjs, and `responses-bridge` is a link to
// the repository root (file:../..): both live outside this folder, so the root of the
// repository is the root for Turbopack and for output file tracing.
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

const nextConfig: NextConfig = {
  turbopack: { root: repositoryRoot },
  outputFileTracingRoot: repositoryRoot,
};

export default nextConfig;
