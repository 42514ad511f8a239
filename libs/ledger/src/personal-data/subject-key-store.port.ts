import { WrappedKey } from './master-key-provider';

/** Dependency-injection token of the configured {@link SubjectKeyStore}. */
export const SUBJECT_KEY_STORE = Symbol('SUBJECT_KEY_STORE');

/** Store-wide secrets, wrapped like data keys: the identity pepper and the key-check record. */
export type SecretName = 'pepper' | 'key-check';

/** A subject and its data key, as the store keeps it (wrapped under the master key). */
export interface SubjectRegistration {
  readonly subjectId: string;
  readonly wrappedKey: WrappedKey;
}

/** One wrapped key the store holds, named so that rotation can re-wrap it in place. */
export interface WrappedEntry {
  readonly kind: 'secret' | 'subject';
  /** The secret's name or the subject id. */
  readonly id: string;
  readonly wrapped: WrappedKey;
}

export type SubjectStatus = 'live' | 'erased' | 'unknown';
export type DestroyOutcome = 'destroyed' | 'already-erased' | 'unknown';

/**
 * The port to the data keys of data subjects, kept apart from the events: destroying a row
 * here is what erases a person (crypto-shredding), so this store must really forget what it
 * deletes. Every key arrives and leaves wrapped; the store never sees a plain key.
 * Adapter: embedded SQLite (`./sqlite`). A PostgreSQL adapter needs the same operations, each
 * atomic (one transaction), and `register` durable before it resolves.
 */
export interface SubjectKeyStore {
  /** Where the keys live, for messages (a file path, a server name). */
  readonly location: string;
  /**
   * Registers a new subject with its data key, or, when `identityMac` is already registered
   * (the same person again), returns that subject and key instead. Resolves once durable: an
   * event may be sealed under the key only after that.
   * @param identityMac blind index of the person's identity; absent when the person cannot be recognised again.
   */
  register(candidate: SubjectRegistration, identityMac?: string): Promise<SubjectRegistration>;
  /** The live subject registered under this blind index, if any. */
  findByIdentity(identityMac: string): Promise<string | undefined>;
  /** The subject's wrapped data key, or undefined when unknown or destroyed. */
  getKey(subjectId: string): Promise<WrappedKey | undefined>;
  status(subjectId: string): Promise<SubjectStatus>;
  /**
   * Destroys the subject's data key and identity index entries, so that nothing left links
   * the subject id to the person or decrypts its data, and remembers that it was erased.
   */
  destroy(subjectId: string, erasedAt: string): Promise<DestroyOutcome>;
  getSecret(name: SecretName): Promise<WrappedKey | undefined>;
  /** Stores the secrets that are not stored yet (first start; another process may have won the race). */
  initialiseSecrets(secrets: Readonly<Record<SecretName, WrappedKey>>): Promise<void>;
  /** Every wrapped key: the secrets and every live subject's data key (for master-key rotation). */
  listWrapped(): Promise<WrappedEntry[]>;
  /**
   * Replaces wrapped keys in one transaction. Rejects and changes nothing when an entry is not
   * stored as listed any more, or when a key wrapped under another master key than the new
   * one would remain (a subject registered meanwhile).
   */
  replaceWrapped(changes: readonly { readonly entry: WrappedEntry; readonly wrapped: WrappedKey }[]): Promise<void>;
  close(): Promise<void>;
}

/** The AES-GCM/KMS context a key is wrapped for: a wrapped key only unwraps for its own row. */
export function wrappingContext(entry: Pick<WrappedEntry, 'kind' | 'id'>): string {
  return `${entry.kind}:${entry.id}`;
}
