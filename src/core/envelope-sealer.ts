/**
 * Seals the envelopes the server gives clients (reasoning items, compaction items) and opens the
 * ones they send back: AES-GCM through WebCrypto, so that a client can neither read nor alter
 * what they carry, nor pass one kind off as the other. The key is derived from a secret (stable
 * across restarts and instances) or random for the process.
 */
import { type CompactionEnvelope, readCompactionEnvelope } from './compaction-envelope';
import { type ReasoningEnvelope, readReasoningEnvelope } from './reasoning-envelope';

const sealedPrefix = 'rbe1.';
const encoder = new TextEncoder();
/** Bound into each seal: an envelope opens only as the kind it was sealed as. */
const reasoningData = encoder.encode('responses-bridge reasoning envelope v1');
const compactionData = encoder.encode('responses-bridge compaction envelope v1');

/** An `encrypted_content` that this server did not seal, or sealed with another key. */
export class InvalidEnvelopeError extends Error {
  constructor(
    message = 'The encrypted_content was not made by this server, or its secret changed since.',
  ) {
    super(message);
    this.name = 'InvalidEnvelopeError';
  }
}

export class EnvelopeSealer {
  private constructor(private readonly key: CryptoKey) {}

  static async create(secret?: string): Promise<EnvelopeSealer> {
    const material =
      secret !== undefined && secret !== ''
        ? await crypto.subtle.digest('SHA-256', encoder.encode(secret))
        : crypto.getRandomValues(new Uint8Array(32));
    const key = await crypto.subtle.importKey('raw', material, 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    return new EnvelopeSealer(key);
  }

  seal(envelope: ReasoningEnvelope): Promise<string> {
    return this.sealJson(envelope, reasoningData);
  }

  /** The reasoning envelope a client sent back; anything that does not authenticate is refused. */
  async open(value: string): Promise<ReasoningEnvelope> {
    const envelope = readReasoningEnvelope(await this.openJson(value, reasoningData));
    if (envelope === undefined) throw new InvalidEnvelopeError();
    return envelope;
  }

  sealCompaction(envelope: CompactionEnvelope): Promise<string> {
    return this.sealJson(envelope, compactionData);
  }

  async openCompaction(value: string): Promise<CompactionEnvelope> {
    const envelope = readCompactionEnvelope(await this.openJson(value, compactionData));
    if (envelope === undefined) throw new InvalidEnvelopeError();
    return envelope;
  }

  private async sealJson(value: unknown, additionalData: Uint8Array<ArrayBuffer>): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = encoder.encode(JSON.stringify(value));
    const sealed = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, this.key, plain),
    );
    const bytes = new Uint8Array(iv.length + sealed.length);
    bytes.set(iv, 0);
    bytes.set(sealed, iv.length);
    return `${sealedPrefix}${toBase64Url(bytes)}`;
  }

  private async openJson(value: string, additionalData: Uint8Array<ArrayBuffer>): Promise<unknown> {
    if (!value.startsWith(sealedPrefix)) throw new InvalidEnvelopeError();
    let bytes: Uint8Array;
    try {
      bytes = fromBase64Url(value.slice(sealedPrefix.length));
    } catch {
      throw new InvalidEnvelopeError();
    }
    if (bytes.length < 12 + 16) throw new InvalidEnvelopeError();
    let plain: ArrayBuffer;
    try {
      plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData },
        this.key,
        bytes.slice(12),
      );
    } catch {
      throw new InvalidEnvelopeError();
    }
    try {
      return JSON.parse(new TextDecoder().decode(plain));
    } catch {
      throw new InvalidEnvelopeError();
    }
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
