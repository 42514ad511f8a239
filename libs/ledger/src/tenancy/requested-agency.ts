import { ValidationError } from '@ledger/domain';
import { AGENCY_PATTERN } from '../commands/validation';

/**
 * The agency a read of one record (`GET /v1/applications/{id}`, a replay, a trail) is about: ids
 * are per agency, so every such read names one. `?agency=` (or `--agency`) when given, else the
 * configured default agency. Checked against the rule of the commands' `agency`, so that a value
 * that can never be an agency is refused as bad input (400) rather than looked up.
 */
export function requestedAgency(agency: string | undefined, defaultAgency: string): string {
  if (agency === undefined || agency === '') return defaultAgency;
  if (!AGENCY_PATTERN.test(agency))
    throw new ValidationError(
      'INPUT.INVALID',
      'agency must be lower-case letters, digits and hyphens (at most 64, starting with a letter or digit)',
      'agency',
    );
  return agency;
}
