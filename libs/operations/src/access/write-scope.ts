import { ForbiddenError } from '@ledger/domain';
import { AGENCY_FORBIDDEN } from '@ledger/ledger';
import { ALL_AGENCIES, Principal, describeAgencies, principalCovers } from './principal';

/**
 * Writes outside the command path (report texts, the region hierarchy, the working-day calendar)
 * follow the commands' rule: refused with 403 ACCESS.AGENCY_FORBIDDEN, before anything is
 * recorded, when the principal does not act for the agency they concern.
 */
export function requireWriteFor(principal: Principal | undefined, agency: string, field = 'agency'): void {
  if (!principal || principalCovers(principal, agency)) return;
  throw new ForbiddenError(
    AGENCY_FORBIDDEN,
    `${principal.id} may not record for agency ${agency}: it acts for ${describeAgencies(principal.agencies) || 'no agency'}`,
    field,
  );
}

/** What holds for every agency at once (the region hierarchy, the calendar) is for `*` principals only. */
export function requireWriteForAll(principal: Principal | undefined, what: string): void {
  if (!principal || principal.agencies === ALL_AGENCIES) return;
  throw new ForbiddenError(
    AGENCY_FORBIDDEN,
    `${what} holds for every agency, so only a principal for every agency (*) may record it; ${principal.id} acts for ${describeAgencies(principal.agencies) || 'no agency'}`,
    'agency',
  );
}
