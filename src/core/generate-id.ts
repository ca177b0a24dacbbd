/**
 * Makes the id of a response (`resp`), message (`msg`), reasoning item (`rs`), function call
 * item (`fc`), custom tool call item (`ctc`) or a missing tool call id (`call`). Returns the whole
 * id, prefix included.
 */
export type GenerateId = (prefix: string) => string;

const hex = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const idBytes = 24;
// One WebCrypto call fills the pool for about 170 ids: a stream makes a few ids per item.
const pool = new Uint8Array(idBytes * 170);
let offset = pool.length;

/**
 * The default: the prefix, `_`, then 48 hex digits of WebCrypto randomness, the shape of the ids
 * the Responses API sends (`msg_67e554a28bec8191b56d3e2331eff88006c52f0e511c76ed`).
 */
export const generateResponsesId: GenerateId = (prefix) => {
  if (offset + idBytes > pool.length) {
    crypto.getRandomValues(pool);
    offset = 0;
  }
  let id = `${prefix}_`;
  for (let i = offset; i < offset + idBytes; i++) id += hex[pool[i]!];
  offset += idBytes;
  return id;
};
