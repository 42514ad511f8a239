export * from './event-store.port';
export { StorageFullError, isStorageFull } from './storage-full';
export { moduleWorker } from './threads/module-worker';
export {
  SqliteEventStore,
  type SqliteEventStoreOptions,
  type CommitStats,
  type ReadAheadStats,
} from './sqlite/sqlite-event-store';
export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb/kurrentdb-event-store';
export { AppendOutcomeUnknownError, EventStoreUnavailableError } from './kurrentdb/kurrentdb-errors';
export { KURRENTDB_SAFE_APPEND_BYTES, kurrentDbAppendSize } from './kurrentdb/event-mapping';
