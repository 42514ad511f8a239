import { createHash } from 'node:crypto';

/** Dependency-injection token of the configured {@link MasterKeyProvider}. */
export const MASTER_KEY_PROVIDER = Symbol('MASTER_KEY_PROVIDER');

/** A key encrypted under a master key. Every part is base64url; nothing here is secret on its own. */
export interface WrappedKey {
  /** Which master key wrapped it (see {@link masterKeyId}): tells a wrong key from damage. */
  readonly keyId: string;
  readonly iv: string;
  readonly ct: string;
  readonly tag: string;
}

/**
 * The port to the master key: wraps and unwraps data keys, never hands the master key out, so
 * a KMS or an HSM can take the place of the local key. `context` is bound to the wrapping
 * (AES-GCM additional data, a KMS's encryption context): a wrapped key copied to another
 * subject's row does not unwrap there.
 */
export interface MasterKeyProvider {
  /** Stable, non-secret id of the master key, recorded with every wrapped key. */
  readonly keyId: string;
  wrap(key: Buffer, context: string): Promise<WrappedKey>;
  /** Rejects when the key was wrapped under another master key, for another context, or altered. */
  unwrap(wrapped: WrappedKey, context: string): Promise<Buffer>;
}

/** The first 16 hex digits of SHA-256 of the key: identifies a key without revealing it. */
export function masterKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function isWrappedKey(value: unknown): value is WrappedKey {
  if (value === null || typeof value !== 'object') return false;
  const w = value as Record<string, unknown>;
  return ['keyId', 'iv', 'ct', 'tag'].every((k) => typeof w[k] === 'string');
}
