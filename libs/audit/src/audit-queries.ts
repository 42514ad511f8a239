import { ValidationError, instantProblem, instantToUtc, isInstant } from '@ledger/domain';
import { Position, parsePosition } from '@ledger/event-store';
import { MAX_YEAR, MIN_YEAR } from '@ledger/projections';
import { MAX_COMPLAINT_RESOLUTION_DAYS, MAX_DISCLOSURE_GRACE_DAYS } from './audit-config';
import { LedgerReplayFilter } from './ledger-replay';

/** Page size of `GET /v1/audit/replay`. */
export const DEFAULT_REPLAY_LIMIT = 1000;
export const MAX_REPLAY_LIMIT = 10_000;

/** Raw values as they arrive from a query string or the command line; empty means absent. */
export interface RawReplayQuery {
  readonly agency?: string;
  readonly upToPosition?: string;
  readonly upTo?: string;
  readonly after?: string;
  readonly limit?: string;
}

export interface ComplianceQuery {
  readonly agency: string;
  readonly year: number;
  readonly complaintResolutionDays?: number;
  readonly disclosureGraceDays?: number;
}

const given = (value: string | undefined): value is string => value !== undefined && value !== '';

/** A bad value is a 400 naming the field, like the figures' queries. */
export function parseAuditYear(raw: string): number {
  if (!/^\d{4}$/.test(raw) || Number(raw) < MIN_YEAR || Number(raw) > MAX_YEAR) {
    throw new ValidationError(
      'AUDIT.YEAR',
      `year must be a number from ${MIN_YEAR} to ${MAX_YEAR}, got "${raw}"`,
      'year',
    );
  }
  return Number(raw);
}

export function parseComplianceQuery(
  rawYear: string,
  agency: string,
  raw: { complaintResolutionDays?: string; disclosureGraceDays?: string } = {},
): ComplianceQuery {
  const year = parseAuditYear(rawYear);
  const complaintResolutionDays = given(raw.complaintResolutionDays)
    ? wholeNumber(raw.complaintResolutionDays, 1, MAX_COMPLAINT_RESOLUTION_DAYS, 'complaintResolutionDays')
    : undefined;
  const disclosureGraceDays = given(raw.disclosureGraceDays)
    ? wholeNumber(raw.disclosureGraceDays, 0, MAX_DISCLOSURE_GRACE_DAYS, 'disclosureGraceDays')
    : undefined;
  return {
    agency,
    year,
    ...(complaintResolutionDays !== undefined ? { complaintResolutionDays } : {}),
    ...(disclosureGraceDays !== undefined ? { disclosureGraceDays } : {}),
  };
}

/** The filter and page size of a ledger replay; `upTo` comes back normalised to UTC. */
export function parseReplayQuery(raw: RawReplayQuery): LedgerReplayFilter & { readonly limit: number } {
  if (given(raw.upTo) && !isInstant(raw.upTo)) {
    throw new ValidationError('AUDIT.UP_TO', `${instantProblem('upTo', raw.upTo)}; got "${raw.upTo}"`, 'upTo');
  }
  const upToPosition = given(raw.upToPosition) ? position(raw.upToPosition, 'upToPosition') : undefined;
  const after = given(raw.after) ? position(raw.after, 'after') : undefined;
  const limit = given(raw.limit) ? wholeNumber(raw.limit, 1, MAX_REPLAY_LIMIT, 'limit') : DEFAULT_REPLAY_LIMIT;
  return {
    ...(given(raw.agency) ? { agency: raw.agency } : {}),
    ...(upToPosition ? { upToPosition } : {}),
    ...(given(raw.upTo) ? { upTo: instantToUtc(raw.upTo, 'upTo', 'AUDIT.UP_TO') } : {}),
    ...(after ? { after } : {}),
    limit,
  };
}

function position(raw: string, field: string): Position {
  try {
    return parsePosition(raw);
  } catch {
    throw new ValidationError(
      'AUDIT.POSITION',
      `${field} must be a ledger position such as 1234 (or 1234/1234 on KurrentDB), got "${raw}"`,
      field,
    );
  }
}

function wholeNumber(raw: string, min: number, max: number, field: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ValidationError(
      `AUDIT.${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`,
      `${field} must be a whole number from ${min} to ${max}, got "${raw}"`,
      field,
    );
  }
  return Number(raw);
}
