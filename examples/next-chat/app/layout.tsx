import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { backend } from '../lib/backend';
import './globals.css';

export const metadata: Metadata = {
  title: 'responses-bridge × useChat',
  description: 'The AI SDK useChat hook on top of any Chat Completions endpoint.',
};

// The banner reads the environment of the running server, not of the build.
export const dynamic = 'force-dynamic';

function Banner() {
  const target = backend();
  if (target.mode === 'replay') {
    return (
      <p className="banner replay" data-testid="banner" data-mode="replay">
        <strong>Replay mode.</strong> <code>OPENAI_BASE_URL</code> is not set, so the chat route
        talks to the embedded replay server: it replays a recorded <code>deepseek-reasoner</code>{' '}
        stream (reasoning, then a <code>weather</code> tool call) whatever you ask, and synthesizes
        the answer from the tool result.
      </p>
    );
  }
  return (
    <p className="banner upstream" data-testid="banner" data-mode="upstream">
      Talking to <code>{new URL(target.baseURL).host}</code> with model <code>{target.model}</code>.
    </p>
  );
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <main>
          <h1>
            <code>responses-bridge</code> × <code>useChat</code>
          </h1>
          <Banner />
          {children}
        </main>
      </body>
    </html>
  );
}
