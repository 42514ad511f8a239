export * from './audit-config';
export * from './audit-event';
export * from './audit-queries';
export * from './time-limit';
/** The deadline view of the replay and the findings is the timeline core's. */
export type { DeadlineView } from '@ledger/domain';
export * from './application-replay';
export * from './application-replay.service';
export * from './ledger-replay';
export * from './ledger-replay.service';
export * from './compliance-rules';
export * from './compliance-checks';
export * from './compliance.service';
export * from './audit.module';
export * from './region-standings.service';
