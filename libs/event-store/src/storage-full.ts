/**
 * A write refused because the storage under the store is full (disk, quota, or a size limit).
 * Nothing of the refused append was stored; the same append may be retried once space returns,
 * and event ids make that retry idempotent.
 */
export class StorageFullError extends Error {
  readonly code = 'STORE.STORAGE_FULL';
  constructor(
    readonly store: string,
    options?: { cause?: unknown },
  ) {
    super(`the event store ${store} cannot write: its storage is full`, options);
    this.name = 'StorageFullError';
  }
}

/** Codes by which SQLite and the operating system say the storage is full. */
const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

/**
 * True for a {@link StorageFullError}, or a driver or file-system error saying the storage is
 * full: the key store, the integrity index and the read models are SQLite files on the same
 * disk, and their writes fail the same way. Duck-typed: better-sqlite3's error class belongs to
 * the realm that loaded the addon first, so `instanceof` is unreliable under jest.
 */
export function isStorageFull(error: unknown): boolean {
  if (error instanceof StorageFullError) return true;
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && FULL_CODES.has(code);
}
