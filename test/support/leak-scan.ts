/**
 * Finds a secret anywhere in a value: every string reachable from it, through own properties
 * (enumerable or not, symbol keys too), getters of class instances, errors' `message`, `stack`
 * and `cause`, Headers, Maps, Sets and byte arrays, plus `util.inspect` of the whole value.
 * Returns the paths where the secret appears, so a failure says where it leaked.
 */
import { inspect } from 'node:util';

const skippedPrototypes = new Set<object>([
  Object.prototype,
  Array.prototype,
  Function.prototype,
  Promise.prototype,
  ReadableStream.prototype,
]);

export function findSecret(root: unknown, secret: string, rootPath = '$'): string[] {
  const found = new Set<string>();
  const seen = new WeakSet<object>();

  const visit = (value: unknown, path: string, depth: number): void => {
    if (depth > 40 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (value.includes(secret)) found.add(path);
      return;
    }
    if (typeof value !== 'object' && typeof value !== 'function') {
      if (String(value).includes(secret)) found.add(path);
      return;
    }
    if (seen.has(value)) return;
    seen.add(value);
    if (typeof value === 'function') return;

    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      const bytes =
        value instanceof ArrayBuffer
          ? new Uint8Array(value)
          : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      if (Buffer.from(bytes).toString('utf8').includes(secret)) found.add(`${path}<bytes>`);
      return;
    }
    if (value instanceof Headers || value instanceof Map || value instanceof URLSearchParams) {
      for (const [key, entry] of (value as Map<unknown, unknown>).entries()) {
        visit(key, `${path}<key>`, depth + 1);
        visit(entry, `${path}.get(${String(key)})`, depth + 1);
      }
    }
    if (value instanceof Set) {
      let index = 0;
      for (const entry of value) visit(entry, `${path}<set ${index++}>`, depth + 1);
    }
    if (value instanceof Error) {
      visit(value.name, `${path}.name`, depth + 1);
      visit(value.message, `${path}.message`, depth + 1);
      visit(value.stack, `${path}.stack`, depth + 1);
      visit(value.cause, `${path}.cause`, depth + 1);
    }
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      const name = `${path}.${String(key)}`;
      if (descriptor === undefined) continue;
      if ('value' in descriptor) visit(descriptor.value, name, depth + 1);
      else if (descriptor.get !== undefined) visit(safeGet(descriptor.get, value), name, depth + 1);
    }
    // Getters of class instances (the AI SDK's step results, errors with accessors).
    for (
      let prototype = Object.getPrototypeOf(value);
      prototype !== null && !skippedPrototypes.has(prototype);
      prototype = Object.getPrototypeOf(prototype)
    ) {
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
        if (descriptor?.get !== undefined && key !== '__proto__') {
          visit(safeGet(descriptor.get, value), `${path}.${key}`, depth + 1);
        }
      }
    }
  };

  visit(root, rootPath, 0);
  const inspected = inspect(root, {
    depth: 30,
    showHidden: true,
    getters: true,
    maxArrayLength: Number.POSITIVE_INFINITY,
    maxStringLength: Number.POSITIVE_INFINITY,
    breakLength: Number.POSITIVE_INFINITY,
  });
  if (inspected.includes(secret) && found.size === 0) found.add(`${rootPath}<inspect>`);
  return [...found];
}

function safeGet(getter: () => unknown, target: object): unknown {
  try {
    return getter.call(target);
  } catch {
    return undefined;
  }
}
