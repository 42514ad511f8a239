import { DecisionOutcome, RatingLevel, SuspensionKind } from './application.events';

export type ApplicationPhase = 'filed' | 'accepted' | 'not-accepted' | 'decided' | 'withdrawn';

/** One period during which the statutory time limit did not run. `to` is absent while it lasts. */
export interface SuspensionPeriod {
  readonly kind: SuspensionKind;
  readonly from: string;
  readonly to?: string;
}

/** Everything the rules need to know of one application, folded from its stream. */
export interface ApplicationState {
  readonly phase: ApplicationPhase;
  readonly applicationId: string;
  readonly itemCode: string;
  readonly department: string;
  readonly statutoryDays: number;
  readonly promisedDays: number;
  readonly disclosable: boolean;
  readonly filedAt: string;
  readonly acceptedAt?: string;
  readonly notAcceptedAt?: string;
  readonly supplement?: { readonly requestedAt: string; readonly providedAt?: string };
  readonly extension?: { readonly at: string; readonly days: number };
  readonly suspensions: readonly SuspensionPeriod[];
  readonly decision?: { readonly at: string; readonly outcome: DecisionOutcome };
  readonly disclosure?: { readonly at: string; readonly exempt: boolean };
  readonly withdrawnAt?: string;
  readonly certificates: number;
  readonly visits: number;
  readonly rating?: { readonly at: string; readonly level: RatingLevel; readonly rectifiedAt?: string };
}

/** An empty stream: nothing filed yet. */
export type MaybeApplication = ApplicationState | undefined;

export function isSuspended(state: ApplicationState): boolean {
  const last = state.suspensions[state.suspensions.length - 1];
  return last !== undefined && last.to === undefined;
}
