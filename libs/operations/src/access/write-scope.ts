import { ForbiddenError } from '@ledger/domain';
import { AGENCY_FORBIDDEN } from '@ledger/ledger';
import { ALL_AGENCIES, Principal, describeAgencies } from './principal';

/**
 * Writes outside the command path that hold for every agency at once (the region hierarchy, the
 * working-day calendar) are for `*` principals only: refused with 403 ACCESS.AGENCY_FORBIDDEN,
 * before anything is recorded, otherwise. (Agency-bound ones use `agencyForCommand`, as commands do.)
 */
export function requireWriteForAll(principal: Principal | undefined, what: string): void {
  if (!principal || principal.agencies === ALL_AGENCIES) return;
  throw new ForbiddenError(
    AGENCY_FORBIDDEN,
    `${what} holds for every agency, so only a principal for every agency (*) may record it; ${principal.id} acts for ${describeAgencies(principal.agencies) || 'no agency'}`,
    'agency',
  );
}
