'use client';

import { useChat } from '@ai-sdk/react';
import { type FormEvent, useState } from 'react';
import type { ChatMessage } from '../lib/tools';

function Part({ part }: { part: ChatMessage['parts'][number] }) {
  switch (part.type) {
    case 'text':
      return (
        <p className="text" data-testid="text">
          {part.text}
        </p>
      );
    case 'reasoning':
      return (
        <details className="reasoning" data-testid="reasoning">
          <summary>Reasoning{part.state === 'streaming' ? '…' : ''}</summary>
          <p>{part.text}</p>
        </details>
      );
    case 'tool-weather':
      return (
        <div className="tool" data-testid="tool-weather" data-state={part.state}>
          <div>
            tool <code>weather</code> ({part.state})
          </div>
          <pre data-testid="tool-input">input: {JSON.stringify(part.input)}</pre>
          {part.state === 'output-available' && (
            <pre data-testid="tool-output">output: {JSON.stringify(part.output)}</pre>
          )}
          {part.state === 'output-error' && <pre className="error">error: {part.errorText}</pre>}
        </div>
      );
    default:
      return null; // step-start, sources, files: not used by this example
  }
}

export default function ChatPage() {
  // `error.message` is what the route's onError sent: the endpoint's own message.
  const { messages, sendMessage, status, error, stop } = useChat<ChatMessage>();
  const [input, setInput] = useState('');
  const busy = status === 'submitted' || status === 'streaming';

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = input.trim();
    if (!text || busy) return;
    void sendMessage({ text });
    setInput('');
  }

  return (
    <>
      {messages.map((message) => (
        <section
          key={message.id}
          className={`message ${message.role}`}
          data-testid={`message-${message.role}`}
        >
          <div className="role">{message.role}</div>
          {message.parts.map((part, index) => (
            // Parts only ever get appended: their index is stable.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <Part key={index} part={part} />
          ))}
        </section>
      ))}
      {error && (
        <p className="error" role="alert" data-testid="error">
          {error.message}
        </p>
      )}
      <form onSubmit={onSubmit}>
        <input
          data-testid="input"
          value={input}
          onChange={(event) => setInput(event.target.value)}
          placeholder="What is the weather in San Francisco?"
          aria-label="Message"
        />
        {busy ? (
          // Stops reading the answer; the route's abortSignal then cancels the upstream request.
          <button type="button" data-testid="stop" onClick={() => void stop()}>
            Stop
          </button>
        ) : (
          <button type="submit" data-testid="send" disabled={input.trim() === ''}>
            Send
          </button>
        )}
      </form>
    </>
  );
}
