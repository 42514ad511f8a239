import { ValidationError } from '@ledger/domain';
import { AGENCY_PATTERN } from '../commands/validation';

/**
 * An agency named by a caller (`?agency=`, `--agency`), checked against the rule of the commands'
 * `agency`: a value that can never be an agency is refused as bad input (400 naming `agency`)
 * rather than looked up, so it never reaches a stream name.
 */
export function requestedAgency(agency: string): string {
  if (!AGENCY_PATTERN.test(agency))
    throw new ValidationError(
      'INPUT.INVALID',
      'agency must be lower-case letters, digits and hyphens (at most 64, starting with a letter or digit)',
      'agency',
    );
  return agency;
}
