/**
 * Who owns a stored response: a hash of the credential that created it, so that only the same
 * credential reads, lists, continues or deletes it, and the store never holds a key.
 */

const domain = 'responses-bridge owner v1\n';

/** The owner of what a request stores: SHA-256 (hex) of its credential; '' is anyone's. */
export async function ownerOf(credential: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`${domain}${credential}`),
  );
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The credential a request acts with: its own bearer token when it sends one, else the key the
 * server was configured with, else none (all such requests share one owner).
 */
export function credentialOf(authorization: string | null, apiKey: string | undefined): string {
  const bearer = authorization?.match(/^bearer\s+(\S.*)$/i)?.[1]?.trim();
  return bearer ?? apiKey ?? '';
}
