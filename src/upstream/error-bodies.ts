/**
 * The body of an upstream error response exactly as received. The `openai` client parses an
 * error body and keeps only its `error` member; the fetch wrapper below keeps the whole text,
 * keyed by the response headers the client hands on with its error.
 */

const errorBodies = new WeakMap<Headers, string>();

/** Wraps a fetch so that the body of every error response is kept as received. */
export function keepErrorBodies(fetchFunction: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchFunction(input, init);
    if (response.ok) return response;
    const body = await response.text();
    const copy = new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    errorBodies.set(copy.headers, body);
    return copy;
  };
}

/** The error body an upstream sent with these response headers, as received. */
export function recordedErrorBody(headers: Headers): string | undefined {
  return errorBodies.get(headers);
}
