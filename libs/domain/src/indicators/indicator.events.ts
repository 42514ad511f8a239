import { Event } from '../shared/event';

/**
 * A figure the ledger does not derive itself, reported by another system with its source
 * (e.g. the seal-management system's count of seals carved). A later report for the same
 * name and year supersedes the earlier one; both stay in the ledger.
 */
export type IndicatorReported = Event<
  'IndicatorReported.v1',
  { name: string; year: number; value: number; unit: string; source: string }
>;

export type IndicatorEvent = IndicatorReported;

export const indicatorStreamId = (agency: string, year: number) => `indicators-${agency}.${year}`;
