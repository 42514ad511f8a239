/**
 * Settings of the audit checks, from environment variables (listed in the README next to the
 * ledger's own). Read once at start-up; a bad value stops the process with a message naming it.
 */

/** Days a complaint may stay unresolved before `COMPLAINT.UNRESOLVED` reports it. */
export const COMPLAINT_RESOLUTION_DAYS_ENV_VAR = 'LEDGER_COMPLAINT_RESOLUTION_DAYS';
/** Working days after a granted decision by which it must be disclosed (`DISCLOSURE.MISSING`). */
export const DISCLOSURE_GRACE_DAYS_ENV_VAR = 'LEDGER_DISCLOSURE_GRACE_DAYS';

export const DEFAULT_COMPLAINT_RESOLUTION_DAYS = 60;
export const DEFAULT_DISCLOSURE_GRACE_DAYS = 20;
/** Upper bounds that catch a typo (a year of days is already generous). */
export const MAX_COMPLAINT_RESOLUTION_DAYS = 3650;
export const MAX_DISCLOSURE_GRACE_DAYS = 250;

export interface AuditConfig {
  readonly complaintResolutionDays: number;
  readonly disclosureGraceDays: number;
}

export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');

export function loadAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  return {
    complaintResolutionDays: wholeNumber(
      env[COMPLAINT_RESOLUTION_DAYS_ENV_VAR],
      DEFAULT_COMPLAINT_RESOLUTION_DAYS,
      1,
      MAX_COMPLAINT_RESOLUTION_DAYS,
      COMPLAINT_RESOLUTION_DAYS_ENV_VAR,
    ),
    disclosureGraceDays: wholeNumber(
      env[DISCLOSURE_GRACE_DAYS_ENV_VAR],
      DEFAULT_DISCLOSURE_GRACE_DAYS,
      0,
      MAX_DISCLOSURE_GRACE_DAYS,
      DISCLOSURE_GRACE_DAYS_ENV_VAR,
    ),
  };
}

function wholeNumber(raw: string | undefined, fallback: number, min: number, max: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max)
    throw new Error(`${name} must be a whole number of days from ${min} to ${max}, got "${raw}"`);
  return value;
}
