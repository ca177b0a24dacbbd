import { describe, expect, it } from 'vitest';
import { toNotFoundMessage } from './to-not-found-message';

describe('toNotFoundMessage', () => {
  it('suggests /v1 for a base URL without a version', () => {
    expect(
      toNotFoundMessage('http://localhost:11434/chat/completions', '404 page not found'),
    ).toMatchInlineSnapshot(
      `"POST http://localhost:11434/chat/completions answered 404 Not Found (404 page not found): there is no such endpoint at that URL. Most servers (Ollama, vLLM, LM Studio, LiteLLM, OpenAI) serve the API under /v1: try baseURL 'http://localhost:11434/v1'."`,
    );
  });

  it('says to stop before /chat/completions when it is in the base URL, query kept out', () => {
    expect(
      toNotFoundMessage(
        'https://api.example/v1/chat/completions/chat/completions?api-version=1',
        '',
      ),
    ).toContain(
      "The baseURL must stop before /chat/completions: set it to 'https://api.example/v1'.",
    );
  });

  it('takes an HTML page’s title, or its text, shortened', () => {
    const page = `<html><body><h1>Nothing</h1><p>${'here '.repeat(100)}</p></body></html>`;
    const message = toNotFoundMessage('http://h/v1/chat/completions', page);
    expect(message).toMatch(
      /^POST http:\/\/h\/v1\/chat\/completions answered 404 Not Found \(Nothing here here/,
    );
    expect(message.length).toBeLessThan(500);
  });

  it('for a versioned base, asks to check the base and the model (Gemini, Groq, OpenRouter)', () => {
    for (const base of [
      'https://generativelanguage.googleapis.com/v1beta/openai',
      'https://api.groq.com/openai/v1',
      'https://openrouter.ai/api/v1',
    ]) {
      expect(toNotFoundMessage(`${base}/chat/completions`, undefined)).toContain(
        'Check that baseURL is what comes before /chat/completions on this server, and that the server knows the model.',
      );
    }
  });
});
