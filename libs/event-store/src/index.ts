export * from './event-store.port';
export { SqliteEventStore, type SqliteEventStoreOptions, type CommitStats } from './sqlite/sqlite-event-store';
