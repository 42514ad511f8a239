import { LocalDate, localDateOf } from '../shared/time';
import { CancellationCause } from './licence.events';

/**
 * How the licence's effect ended before its term, if it did: withdrawn (撤回) or revoked (撤销).
 * Cancellation (注销) is the formality that closes the record, whatever the cause.
 */
export interface LicenceEnding {
  readonly kind: 'withdrawn' | 'revoked';
  readonly at: string;
}

/** Everything the rules need to know of one licence, folded from its stream. */
export interface LicenceState {
  readonly licenceId: string;
  readonly licenceNumber: string;
  readonly applicationId: string;
  readonly itemCode: string;
  readonly department: string;
  readonly grantedAt: string;
  readonly validFrom: LocalDate;
  /** The last day of validity as it stands now (renewals move it); absent for a licence without a term. */
  readonly validUntil?: LocalDate;
  readonly renewalLeadDays: number;
  readonly pendingChange?: { readonly appliedAt: string };
  readonly pendingRenewal?: { readonly appliedAt: string };
  readonly useSuspendedAt?: string;
  readonly ending?: LicenceEnding;
  /** Grounds for cancellation recorded before the cancellation itself. */
  readonly causes: readonly { readonly cause: CancellationCause; readonly at: string }[];
  readonly cancelled?: { readonly at: string; readonly cause: CancellationCause };
}

/** An empty stream: nothing granted yet. */
export type MaybeLicence = LicenceState | undefined;

/** Whether the licence's term has run out by the agency-local date of `at` (valid through `validUntil`). */
export function isExpiredAt(licence: LicenceState, at: string, timeZone: string): boolean {
  return licence.validUntil !== undefined && localDateOf(at, timeZone) > licence.validUntil;
}
