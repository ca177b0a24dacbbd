/** Where a Redis store connects, as its client needs it and as a message may show it. */
export interface RedisTarget {
  /** `redis://host:port/db`, without user or password: the only form errors show. */
  location: string;
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  database?: number;
  /** The URL and every spelling of its password, for redaction. */
  secrets: string[];
}

/**
 * A `redis[s]://[[user][:password]@]host[:port][/db]` URL, taken apart here rather than by the
 * client so that no error of ours or the client's can quote it: they hold the password.
 */
export function toRedisTarget(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(
      'createRedisStore: expected url to be a URL like redis://host:6379; the one given does not parse.',
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new TypeError(
      `createRedisStore: expected url to start with redis:// or rediss://, got ${parsed.protocol}//….`,
    );
  }
  const tls = parsed.protocol === 'rediss:';
  const path = parsed.pathname.replace(/^\//, '');
  const database = path === '' ? undefined : Number(path);
  if (database !== undefined && !(Number.isInteger(database) && database >= 0)) {
    throw new TypeError(
      'createRedisStore: expected the path of url to be a database number, like redis://host:6379/0.',
    );
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const password = parsed.password === '' ? undefined : decoded(parsed.password);
  const secrets = [url, parsed.href];
  if (password !== undefined) secrets.push(parsed.password, password);
  return {
    location: `${parsed.protocol}//${parsed.host}${database === undefined ? '' : `/${database}`}`,
    host,
    port,
    tls,
    username: parsed.username === '' ? undefined : decoded(parsed.username),
    password,
    database,
    secrets,
  };
}

/** A URL part with its %-escapes undone, or as it is when they are malformed (`p%zz`). */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
