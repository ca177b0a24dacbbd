/**
 * Upstream redirects are never followed: the prompt and every header would reach whatever the
 * `Location` names. The 3xx answer comes back as it is, an error that names the location.
 */
export function withoutRedirects(fetchFunction: typeof fetch): typeof fetch {
  return (input, init) => fetchFunction(input, { ...init, redirect: 'manual' });
}

/** The location a redirect answer points to, for the error message. */
export function redirectLocation(status: number | undefined, headers: Headers | undefined) {
  if (status === undefined || status < 300 || status >= 400) return undefined;
  return headers?.get('location') ?? undefined;
}
