import { ValidationError } from '@ledger/domain';
import { agencyNotFound } from './not-found';
import { requestedAgency } from './requested-agency';

/**
 * The part of the authenticated caller a read needs (structurally the `Principal` of
 * `@ledger/operations`, which depends on this lib and so cannot be imported here). Undefined:
 * a caller inside the ledger's own process (the CLI, tests), who reads every agency.
 */
export interface ReadPrincipal {
  readonly agencies: '*' | readonly string[];
  readonly defaultAgency?: string;
}

export const AGENCY_REQUIRED = 'AGENCY.REQUIRED';

export function readerCovers(principal: ReadPrincipal | undefined, agency: string): boolean {
  return !principal || principal.agencies === '*' || principal.agencies.includes(agency);
}

/**
 * The agency a read is about (ids are per agency, and figures are an agency's):
 * - `?agency=` when given: refused as bad input (400) when it can never be an agency; when the
 *   caller does not act for it, answered by `outside` (by default the 404 of an agency without
 *   events), the very answer of an agency that does not exist, so nothing about it is revealed;
 * - else the caller's only agency;
 * - else the deployment's agency (`LEDGER_AGENCY`) when the caller acts for it;
 * - else 400 `AGENCY.REQUIRED`: a caller of several agencies names one.
 */
export function agencyForRead(
  named: string | undefined,
  principal: ReadPrincipal | undefined,
  deploymentAgency: string,
  outside: (agency: string) => Error = agencyNotFound,
): string {
  if (named !== undefined && named !== '') {
    if (!readerCovers(principal, requestedAgency(named))) throw outside(named);
    return named;
  }
  if (principal?.defaultAgency !== undefined) return principal.defaultAgency;
  if (readerCovers(principal, deploymentAgency)) return deploymentAgency;
  const agencies = principal?.agencies === '*' ? [] : (principal?.agencies ?? []);
  throw new ValidationError(
    AGENCY_REQUIRED,
    `name the agency (agency=…): this credential reads ${agencies.length ? agencies.join(', ') : 'no agency'}`,
    'agency',
  );
}

/** The agencies a read that spans agencies (the ledger replay) may cover: undefined for all. */
export function readableAgencies(principal: ReadPrincipal | undefined): readonly string[] | undefined {
  return !principal || principal.agencies === '*' ? undefined : principal.agencies;
}
