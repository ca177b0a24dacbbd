/**
 * The message of a 404 that is not the API's own error (an HTML page, `{"detail":"Not Found"}`,
 * "404 page not found"): most often a base URL without `/v1`, or with `/chat/completions`
 * already on it. It names the URL called and the base URL to try.
 */
import { shorten } from '../upstream/shorten';

/** The paths this provider calls under the base URL. */
const callPaths = ['/chat/completions', '/embeddings'];

export function toNotFoundMessage(url: string, body: string | undefined): string {
  const excerpt = body === undefined ? '' : bodyExcerpt(body);
  const answered = `POST ${url} answered 404 Not Found${excerpt === '' ? '' : ` (${excerpt})`}`;
  return `${answered}: there is no such endpoint at that URL. ${advice(url)}`;
}

function advice(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Check the baseURL setting.';
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  const callPath = callPaths.find((each) => path.endsWith(each)) ?? '';
  const basePath = path.slice(0, path.length - callPath.length);
  const origin = parsed.origin;
  const repeated = callPaths.find((each) => basePath.endsWith(each));
  if (repeated !== undefined) {
    const base = `${origin}${basePath.slice(0, basePath.length - repeated.length)}`;
    return `The baseURL must stop before ${repeated}: set it to '${base}'.`;
  }
  if (!/\/v\d+[a-z0-9]*(\/|$)|\/openai(\/|$)/i.test(basePath)) {
    return `Most servers (Ollama, vLLM, LM Studio, LiteLLM, OpenAI) serve the API under /v1: try baseURL '${origin}${basePath}/v1'.`;
  }
  const what = callPath === '/embeddings' ? 'serves /embeddings' : 'knows the model';
  return `Check that baseURL is what comes before ${callPath || '/chat/completions'} on this server, and that the server ${what}.`;
}

/** An HTML page's title, or its text, or the body as it is: short. */
function bodyExcerpt(body: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return shorten(text, 200);
}
