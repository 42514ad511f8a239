/**
 * What an event holds in place of personal data: the personal sub-object as AES-256-GCM
 * ciphertext under its subject's data key, with the subject id as additional data (so a
 * ciphertext copied into another subject's envelope does not decrypt). Every part is base64url.
 */
export interface SealedPersonalData {
  readonly sealed: {
    readonly v: 1;
    readonly alg: 'A256GCM';
    readonly subjectId: string;
    readonly iv: string;
    readonly ct: string;
    readonly tag: string;
  };
}

export function isSealed(value: unknown): value is SealedPersonalData {
  if (value === null || typeof value !== 'object') return false;
  const sealed = (value as { sealed?: unknown }).sealed;
  return (
    sealed !== null && typeof sealed === 'object' && typeof (sealed as { subjectId?: unknown }).subjectId === 'string'
  );
}

/** Shown where personal data is withheld from a caller not entitled to it. */
export const WITHHELD = { withheld: true, reason: 'personal data is shown only to roles entitled to it' } as const;

/** Shown to everyone once the subject was erased: its key is destroyed, nobody can read the data. */
export interface ErasedPersonalData {
  readonly erased: true;
  readonly subjectId: string;
  readonly reason: string;
}

/** Shown when one subject's data cannot be decrypted; the events around it are still shown. */
export interface UnreadablePersonalData {
  readonly unreadable: true;
  readonly subjectId?: string;
  readonly reason: string;
}

export function erasedPlaceholder(subjectId: string): ErasedPersonalData {
  return {
    erased: true,
    subjectId,
    reason: 'the data subject was erased: its key was destroyed and the personal data can no longer be read',
  };
}

export function unreadablePlaceholder(subjectId: string | undefined, reason: string): UnreadablePersonalData {
  return { unreadable: true, ...(subjectId ? { subjectId } : {}), reason };
}
