import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { LedgerEvent, PERSONAL_DATA_FIELDS, PERSONAL_DATA_FIELD_NAMES, PersonalData, Recorded } from '@ledger/domain';
import { commandDigest, stableJson } from '../recording/command-metadata';
import { MasterKeyProvider } from './master-key-provider';
import { MasterKeyError } from './personal-data.errors';
import {
  ErasedPersonalData,
  SealedPersonalData,
  UnreadablePersonalData,
  WITHHELD,
  erasedPlaceholder,
  isSealed,
  unreadablePlaceholder,
} from './sealed-personal-data';
import { DestroyOutcome, SubjectKeyStore, SubjectStatus, wrappingContext } from './subject-key-store.port';
import { identityOf, newSubjectId } from './subject-identity';

const KEY_BYTES = 32;
/** Unwrapping this proves the master key is the one the key store was made with. */
const KEY_CHECK = Buffer.from('licensing-ledger key check v1', 'utf8');
const secretContext = (name: 'pepper' | 'key-check') => wrappingContext({ kind: 'secret', id: name });
const subjectContext = (subjectId: string) => wrappingContext({ kind: 'subject', id: subjectId });

type OpenedKey = Buffer | ErasedPersonalData | UnreadablePersonalData;

export interface RotationSummary {
  readonly fromKeyId: string;
  readonly toKeyId: string;
  readonly dataKeys: number;
  readonly secrets: number;
}

/**
 * Seals personal data before it is recorded and opens it for those entitled to it.
 *
 * Each data subject (a person or organisation) has its own AES-256 data key, wrapped by the
 * master key and kept in the {@link SubjectKeyStore}, apart from the events. The events hold
 * only ciphertext, so their hashes never change, while destroying one key erases one person.
 * The same person is recognised again through a blind index: HMAC-SHA256 under a random
 * pepper (itself wrapped by the master key) of the identity number, or of name and phone.
 */
export class PersonalDataVault {
  private constructor(
    private provider: MasterKeyProvider | undefined,
    private readonly store: SubjectKeyStore | undefined,
    private readonly pepper: Buffer | undefined,
    private readonly ownsStore: boolean,
    private readonly lockedBecause?: string,
  ) {}

  /**
   * Opens the vault on a key store, creating the pepper and the key-check record in a new one.
   * Rejects with {@link MasterKeyError} when the master key is not the store's.
   * @param ownsStore close the store when the vault is closed.
   */
  static async open(
    provider: MasterKeyProvider,
    store: SubjectKeyStore,
    ownsStore = false,
  ): Promise<PersonalDataVault> {
    if (!(await store.getSecret('key-check'))) {
      await store.initialiseSecrets({
        pepper: await provider.wrap(randomBytes(KEY_BYTES), secretContext('pepper')),
        'key-check': await provider.wrap(KEY_CHECK, secretContext('key-check')),
      });
    }
    const check = await store.getSecret('key-check');
    const pepper = await store.getSecret('pepper');
    if (!check || !pepper)
      throw new MasterKeyError(
        `the key store ${store.location} has lost its ${check ? 'pepper' : 'key check'}; restore it from its backup`,
      );
    if (check.keyId !== provider.keyId || pepper.keyId !== provider.keyId) {
      throw new MasterKeyError(
        `the master key does not match the key store ${store.location} (key id ${provider.keyId}, store expects ${check.keyId}); ` +
          'start with the master key the store was created or last rotated with',
      );
    }
    try {
      const unwrapped = await provider.unwrap(check, secretContext('key-check'));
      if (!unwrapped.equals(KEY_CHECK)) throw new Error('the key check holds something else');
      return new PersonalDataVault(provider, store, await provider.unwrap(pepper, secretContext('pepper')), ownsStore);
    } catch (error) {
      throw new MasterKeyError(
        `the master key does not match the key store ${store.location} (key id ${provider.keyId}, store expects ${check.keyId}): ` +
          `its key check or pepper does not unwrap (${error instanceof Error ? error.message : String(error)}); the store may be damaged`,
      );
    }
  }

  /** A vault without keys (`ledger init-keys` runs before any exists): seals nothing, opens nothing. */
  static locked(reason: string): PersonalDataVault {
    return new PersonalDataVault(undefined, undefined, undefined, false, reason);
  }

  /** The id of the master key in use. */
  get keyId(): string {
    return this.unlocked().provider.keyId;
  }

  get keyStoreLocation(): string {
    return this.unlocked().store.location;
  }

  /**
   * Replaces the personal sub-object of each event by its sealed form (see
   * `PERSONAL_DATA_FIELDS`), registering new subjects first. Refuses an event carrying a
   * personal field the map does not list, rather than record it in plaintext.
   */
  async sealEvents<E extends LedgerEvent>(events: readonly E[]): Promise<{ events: E[]; subjectIds: string[] }> {
    const sealed: E[] = [];
    const subjectIds: string[] = [];
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      const field = PERSONAL_DATA_FIELDS[event.type];
      const stray = Object.keys(data).find(
        (k) => PERSONAL_DATA_FIELD_NAMES.has(k) && k !== field && data[k] !== undefined && !isSealed(data[k]),
      );
      if (stray)
        throw new Error(
          `${event.type} carries personal data in "${stray}", which PERSONAL_DATA_FIELDS does not list for it; nothing was recorded`,
        );
      const value = field ? data[field] : undefined;
      if (value === undefined || value === null || isSealed(value)) {
        sealed.push(event);
        continue;
      }
      const envelope = await this.seal(value as PersonalData);
      subjectIds.push(envelope.sealed.subjectId);
      sealed.push({ ...event, data: { ...data, [field]: envelope } } as unknown as E);
    }
    return { events: sealed, subjectIds };
  }

  /** Encrypts one person's data under that person's data key (registering the person if new). */
  async seal(person: PersonalData): Promise<SealedPersonalData> {
    const { subjectId, dataKey } = await this.subjectFor(person);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    cipher.setAAD(Buffer.from(subjectId, 'utf8'));
    const ct = Buffer.concat([cipher.update(JSON.stringify(person), 'utf8'), cipher.final()]);
    return {
      sealed: {
        v: 1,
        alg: 'A256GCM',
        subjectId,
        iv: iv.toString('base64url'),
        ct: ct.toString('base64url'),
        tag: cipher.getAuthTag().toString('base64url'),
      },
    };
  }

  /**
   * The digest that recognises an idempotent retry, computed without exposing personal data:
   * the personal sub-object is replaced by its subject id and an HMAC under a key derived from
   * the subject's data key. A plain hash of a command holding an identity number could be
   * reversed by trying every plausible number; this one dies with the subject's key.
   * @param subjectIds the subjects the command's events were sealed under.
   * @returns undefined when the subject's key is gone (erased): the digest cannot be computed.
   */
  async commandDigest(command: object, subjectIds: readonly string[]): Promise<string | undefined> {
    const personal = Object.entries(command).filter(
      ([k, v]) => PERSONAL_DATA_FIELD_NAMES.has(k) && v !== null && typeof v === 'object',
    );
    if (personal.length === 0) return commandDigest(command);
    // A command with personal data whose events sealed none (or several) matches no recorded command.
    if (personal.length !== 1 || subjectIds.length !== 1)
      return commandDigest({ ...command, [personal[0][0]]: { subjectId: null } });
    const [[field, value]] = personal;
    const [subjectId] = subjectIds;
    const wrapped = await this.unlocked().store.getKey(subjectId);
    if (!wrapped) return undefined;
    const dataKey = await this.unlocked().provider.unwrap(wrapped, subjectContext(subjectId));
    const macKey = Buffer.from(
      hkdfSync('sha256', dataKey, Buffer.alloc(0), 'licensing-ledger command digest v1', KEY_BYTES),
    );
    const mac = createHmac('sha256', macKey).update(stableJson(value)).digest('base64url');
    return commandDigest({ ...command, [field]: { subjectId, mac } });
  }

  /** The subjects whose sealed data these (recorded) events hold. */
  static subjectsSealedIn(events: readonly { type: string; data: unknown }[]): string[] {
    const ids: string[] = [];
    for (const event of events) {
      const field = PERSONAL_DATA_FIELDS[event.type];
      const value = field ? (event.data as Record<string, unknown>)[field] : undefined;
      if (isSealed(value)) ids.push(value.sealed.subjectId);
    }
    return ids;
  }

  /**
   * The event with its personal sub-object opened for the caller: decrypted (with its subject
   * id) when `entitled`, otherwise {@link WITHHELD}; for an erased subject the erased
   * placeholder, for data that cannot be decrypted the unreadable placeholder. Never rejects
   * because of one subject, so a replay or an export of the others goes on.
   */
  async open<E extends Recorded<LedgerEvent>>(event: E, entitled: boolean): Promise<E> {
    return (await this.openAll([event], entitled))[0];
  }

  async openAll<E extends Recorded<LedgerEvent>>(events: readonly E[], entitled: boolean): Promise<E[]> {
    const keys = new Map<string, Promise<OpenedKey | 'present'>>();
    const opened: E[] = [];
    for (const event of events) {
      const field = PERSONAL_DATA_FIELDS[event.type];
      const value = field ? (event.data as Record<string, unknown>)[field] : undefined;
      if (!field || value === undefined) opened.push(event);
      else opened.push({ ...event, data: { ...event.data, [field]: await this.openValue(value, entitled, keys) } });
    }
    return opened;
  }

  /** The live subject whose identity number this is, if any (for erasure by identity number). */
  async subjectForIdNumber(idNumber: string): Promise<string | undefined> {
    const identity = identityOf({ idNumber, name: '' });
    return identity ? this.unlocked().store.findByIdentity(this.identityMac(identity)) : undefined;
  }

  status(subjectId: string): Promise<SubjectStatus> {
    return this.unlocked().store.status(subjectId);
  }

  /** Destroys the subject's data key (the erasure itself); the caller records the erasure event. */
  destroy(subjectId: string, erasedAt: string): Promise<DestroyOutcome> {
    return this.unlocked().store.destroy(subjectId, erasedAt);
  }

  /**
   * Re-wraps every data key, the pepper and the key check under `to`, in one transaction of
   * the key store; the events are not touched (their data keys do not change). Afterwards this
   * vault uses `to`, and the old master key no longer opens the store.
   */
  async rotateMasterKey(to: MasterKeyProvider): Promise<RotationSummary> {
    const { provider: from, store } = this.unlocked();
    if (to.keyId === from.keyId)
      throw new MasterKeyError(
        `the new master key is the key in use (${from.keyId}); create another with \`ledger init-keys --file <file>\``,
      );
    const entries = await store.listWrapped();
    const changes = [];
    for (const entry of entries) {
      const plain = await from.unwrap(entry.wrapped, wrappingContext(entry));
      changes.push({ entry, wrapped: await to.wrap(plain, wrappingContext(entry)) });
      plain.fill(0);
    }
    await store.replaceWrapped(changes);
    await PersonalDataVault.open(to, store);
    this.provider = to;
    const secrets = entries.filter((e) => e.kind === 'secret').length;
    return { fromKeyId: from.keyId, toKeyId: to.keyId, dataKeys: entries.length - secrets, secrets };
  }

  async close(): Promise<void> {
    this.pepper?.fill(0);
    if (this.ownsStore) await this.store?.close();
  }

  private async openValue(
    value: unknown,
    entitled: boolean,
    keys: Map<string, Promise<OpenedKey | 'present'>>,
  ): Promise<unknown> {
    // Written before sealing existed: nothing protects it but the withholding.
    if (!isSealed(value)) return entitled ? value : WITHHELD;
    const { subjectId, v, alg, iv, ct, tag } = value.sealed;
    const cacheKey = `${entitled ? 'open' : 'check'}:${subjectId}`;
    let key = keys.get(cacheKey);
    if (!key) keys.set(cacheKey, (key = this.keyFor(subjectId, entitled)));
    const opened = await key;
    if (opened === 'present') return WITHHELD;
    if (!Buffer.isBuffer(opened)) return opened;
    if (v !== 1 || alg !== 'A256GCM')
      return unreadablePlaceholder(subjectId, `sealed with an unknown scheme (v ${String(v)}, ${String(alg)})`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', opened, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(subjectId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      return { subjectId, ...(JSON.parse(plain) as PersonalData) };
    } catch {
      return unreadablePlaceholder(
        subjectId,
        "the ciphertext does not decrypt under the subject's data key (altered, or moved from another subject)",
      );
    }
  }

  /** The subject's data key, or what to show instead; never rejects. Unentitled callers only learn whether it exists. */
  private async keyFor(subjectId: string, entitled: boolean): Promise<OpenedKey | 'present'> {
    try {
      const { store, provider } = this.unlocked();
      const wrapped = await store.getKey(subjectId);
      if (!wrapped) {
        return (await store.status(subjectId)) === 'erased'
          ? erasedPlaceholder(subjectId)
          : unreadablePlaceholder(subjectId, `no data key for this subject in the key store ${store.location}`);
      }
      return entitled ? await provider.unwrap(wrapped, subjectContext(subjectId)) : 'present';
    } catch (error) {
      return unreadablePlaceholder(
        subjectId,
        `the data key cannot be opened: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async subjectFor(person: PersonalData): Promise<{ subjectId: string; dataKey: Buffer }> {
    const { store, provider } = this.unlocked();
    const identity = identityOf(person);
    const identityMac = identity === undefined ? undefined : this.identityMac(identity);
    if (identityMac !== undefined) {
      const known = await store.findByIdentity(identityMac);
      const wrapped = known && (await store.getKey(known));
      if (known && wrapped) return { subjectId: known, dataKey: await provider.unwrap(wrapped, subjectContext(known)) };
    }
    const candidate = { subjectId: newSubjectId(), dataKey: randomBytes(KEY_BYTES) };
    const registered = await store.register(
      {
        subjectId: candidate.subjectId,
        wrappedKey: await provider.wrap(candidate.dataKey, subjectContext(candidate.subjectId)),
      },
      identityMac,
    );
    // Another filing of the same person registered first: use its key.
    if (registered.subjectId === candidate.subjectId) return candidate;
    return {
      subjectId: registered.subjectId,
      dataKey: await provider.unwrap(registered.wrappedKey, subjectContext(registered.subjectId)),
    };
  }

  private identityMac(identity: string): string {
    return createHmac('sha256', this.unlocked().pepper).update(identity, 'utf8').digest('base64url');
  }

  private unlocked(): { provider: MasterKeyProvider; store: SubjectKeyStore; pepper: Buffer } {
    if (!this.provider || !this.store || !this.pepper)
      throw new MasterKeyError(this.lockedBecause ?? 'the personal-data vault is not open');
    return { provider: this.provider, store: this.store, pepper: this.pepper };
  }
}
