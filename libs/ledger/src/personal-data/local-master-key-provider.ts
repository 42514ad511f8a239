import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { MasterKeyProvider, WrappedKey, masterKeyId } from './master-key-provider';
import { MasterKeyError } from './personal-data.errors';

export const MASTER_KEY_BYTES = 32;

/**
 * The master key held in this process (from `LEDGER_MASTER_KEY` or a key file): wraps with
 * AES-256-GCM, a fresh 96-bit IV per wrapping, the context as additional data.
 */
export class LocalMasterKeyProvider implements MasterKeyProvider {
  readonly keyId: string;
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== MASTER_KEY_BYTES)
      throw new MasterKeyError(`a master key must be ${MASTER_KEY_BYTES} bytes, got ${key.length}`);
    this.key = Buffer.from(key);
    this.keyId = masterKeyId(this.key);
  }

  /** A new random master key: for tests and embeddings that keep nothing (see LedgerCoreModule). */
  static ephemeral(): LocalMasterKeyProvider {
    return new LocalMasterKeyProvider(randomBytes(MASTER_KEY_BYTES));
  }

  async wrap(plain: Buffer, context: string): Promise<WrappedKey> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`${this.keyId}\n${context}`, 'utf8'));
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    return {
      keyId: this.keyId,
      iv: iv.toString('base64url'),
      ct: ct.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
    };
  }

  async unwrap(wrapped: WrappedKey, context: string): Promise<Buffer> {
    if (wrapped.keyId !== this.keyId) {
      throw new MasterKeyError(`wrapped under master key ${wrapped.keyId}, but this master key is ${this.keyId}`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(wrapped.iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${this.keyId}\n${context}`, 'utf8'));
    decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(wrapped.ct, 'base64url')), decipher.final()]);
    } catch {
      throw new MasterKeyError(
        `a key wrapped for ${context} does not unwrap under master key ${this.keyId} (altered, or wrapped for something else)`,
      );
    }
  }
}

/**
 * Reads a master key written as base64 (standard or url-safe) of exactly 32 bytes, as
 * `ledger init-keys` writes it. `source` names where it came from, for the error message.
 */
export function parseMasterKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new MasterKeyError(
      `${source} must hold the base64 of ${MASTER_KEY_BYTES} random bytes (create one with \`ledger init-keys\`, or \`openssl rand -base64 32\`)`,
    );
  }
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== MASTER_KEY_BYTES) {
    throw new MasterKeyError(
      `${source} must hold the base64 of ${MASTER_KEY_BYTES} random bytes, but it decodes to ${key.length} bytes`,
    );
  }
  return key;
}
