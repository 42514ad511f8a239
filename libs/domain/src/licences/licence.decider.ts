import { requireLocalDate } from '../calendar/local-date-check';
import { DecisionContext, Decider } from '../shared/decider';
import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors';
import { assertNever } from '../shared/event';
import { requireBusinessTime, requireText } from '../shared/rules';
import { addDays, localDateOf } from '../shared/time';
import {
  compact,
  optionalText,
  requireFlag,
  requireOneOf,
  requirePersonalData,
} from '../supervision/supervision.guards';
import { ApplicationOnGrant, GrantLicence, LicenceCommand } from './licence.commands';
import {
  CancellationCause,
  DEFAULT_RENEWAL_LEAD_DAYS,
  LicenceEvent,
  LicenceGranted,
  LicenceChangeOutcome,
  LicenceRenewalOutcome,
} from './licence.events';
import { LicenceState, MaybeLicence, isExpiredAt } from './licence.state';

/** The licence decider also needs the application's decision when a licence is granted. */
export interface LicenceContext extends DecisionContext {
  readonly applicationOnGrant?: ApplicationOnGrant;
}

export const CANCELLATION_CAUSES: readonly CancellationCause[] = [
  'expired',
  'holder-died',
  'holder-incapacitated',
  'holder-terminated',
  'revoked',
  'withdrawn',
  'certificate-revoked-as-penalty',
  'force-majeure',
  'other-by-law',
];
/** Causes the ledger knows from the licence's own facts, so they cannot be recorded as news. */
const OWN_FACT: Partial<Record<CancellationCause, string>> = {
  expired: 'its validity dates',
  revoked: 'the revocation',
  withdrawn: 'the withdrawal',
};
const CHANGE_OUTCOMES: readonly LicenceChangeOutcome[] = ['approved', 'refused'];
const RENEWAL_OUTCOMES: readonly LicenceRenewalOutcome[] = ['renewed', 'refused'];
/** A lead time longer than ten years names no rule that exists; it is a typing mistake. */
const MAX_RENEWAL_LEAD_DAYS = 3650;

export const licenceDecider: Decider<LicenceCommand, LicenceEvent, MaybeLicence, LicenceContext> = {
  initialState: () => undefined,
  decide,
  evolve,
};

function decide(command: LicenceCommand, state: MaybeLicence, context: LicenceContext): LicenceEvent[] {
  if (command.type === 'GrantLicence') return [grant(command, state, context)];
  const licence = requireGranted(state, command.licenceId);
  const { licenceId, at } = command;
  const { now, timeZone } = context;
  const afterGrant = { at: licence.grantedAt, what: 'the grant' };
  switch (command.type) {
    case 'ApplyForLicenceChange': {
      requireEffective(licence, 'apply to change');
      requireBusinessTime(at, 'at', now, afterGrant);
      requireNotExpired(licence, at, timeZone, 'apply to change');
      if (licence.pendingChange)
        throw new ConflictError(
          'LICENCE.CHANGE_PENDING',
          `licence ${licenceId} has a change application of ${licence.pendingChange.appliedAt} still undecided`,
        );
      const requestedChange = requireText(
        command.requestedChange,
        'requestedChange',
        'LICENCE.CHANGE_REQUIRED',
        'what the holder asks to change',
      );
      return [{ type: 'LicenceChangeApplied.v1', at, data: { licenceId, requestedChange } }];
    }
    case 'DecideLicenceChange': {
      if (!licence.pendingChange)
        throw new IllegalTransitionError(
          'LICENCE.NO_CHANGE_APPLIED',
          `licence ${licenceId} has no change application to decide`,
        );
      requireEffective(licence, 'decide a change of');
      requireBusinessTime(at, 'at', now, { at: licence.pendingChange.appliedAt, what: 'the change application' });
      const outcome = requireOneOf(command.outcome, CHANGE_OUTCOMES, 'outcome', 'LICENCE.INVALID_CHANGE_OUTCOME');
      if (outcome === 'approved') return [{ type: 'LicenceChangeDecided.v1', at, data: { licenceId, outcome } }];
      const reason = requireText(
        command.reason,
        'reason',
        'LICENCE.CHANGE_REFUSAL_REASON_REQUIRED',
        'a refusal must state why',
      );
      return [{ type: 'LicenceChangeDecided.v1', at, data: { licenceId, outcome, reason } }];
    }
    case 'ApplyForRenewal': {
      requireEffective(licence, 'apply to renew');
      if (licence.validUntil === undefined)
        throw new IllegalTransitionError(
          'LICENCE.NO_TERM',
          `licence ${licenceId} has no term; there is nothing to renew`,
        );
      if (licence.pendingRenewal)
        throw new ConflictError(
          'LICENCE.RENEWAL_PENDING',
          `licence ${licenceId} has a renewal application of ${licence.pendingRenewal.appliedAt} still undecided`,
        );
      requireBusinessTime(at, 'at', now, afterGrant);
      // 第五十条: the application is due N days before expiry; a later one is a new application, not a renewal.
      const lastDay = addDays(licence.validUntil, -licence.renewalLeadDays);
      if (localDateOf(at, timeZone) > lastDay)
        throw new IllegalTransitionError(
          'LICENCE.RENEWAL_APPLICATION_TOO_LATE',
          `licence ${licenceId} expires on ${licence.validUntil}; a renewal had to be applied for by ${lastDay} ` +
            `(${licence.renewalLeadDays} days before); file a new application instead`,
          'at',
        );
      return [{ type: 'LicenceRenewalApplied.v1', at, data: { licenceId } }];
    }
    case 'DecideRenewal': {
      const pending = requirePendingRenewal(licence);
      requireEffective(licence, 'decide the renewal of');
      requireBusinessTime(at, 'at', now, { at: pending.appliedAt, what: 'the renewal application' });
      // A decision after expiry is recorded as it happened: the compliance check, not the ledger, judges it.
      const outcome = requireOneOf(command.outcome, RENEWAL_OUTCOMES, 'outcome', 'LICENCE.INVALID_RENEWAL_OUTCOME');
      if (outcome === 'renewed')
        return [
          {
            type: 'LicenceRenewalDecided.v1',
            at,
            data: { licenceId, outcome, validUntil: laterValidUntil(licence, command.validUntil) },
          },
        ];
      const reason = requireText(
        command.reason,
        'reason',
        'LICENCE.RENEWAL_REFUSAL_REASON_REQUIRED',
        'a refusal must state why',
      );
      return [{ type: 'LicenceRenewalDecided.v1', at, data: { licenceId, outcome, reason } }];
    }
    case 'RecordDeemedRenewal': {
      requirePendingRenewal(licence);
      requireEffective(licence, 'deem renewed');
      requireBusinessTime(at, 'at', now, afterGrant);
      // 第五十条: only the expiry of the term with the application undecided makes a renewal deemed.
      if (!isExpiredAt(licence, at, timeZone))
        throw new IllegalTransitionError(
          'LICENCE.NOT_YET_EXPIRED',
          `licence ${licenceId} is valid until ${licence.validUntil}; a renewal is deemed only once it expired undecided`,
          'at',
        );
      return [
        {
          type: 'LicenceDeemedRenewed.v1',
          at,
          data: { licenceId, validUntil: laterValidUntil(licence, command.validUntil) },
        },
      ];
    }
    case 'WithdrawLicence': {
      requireEffective(licence, 'withdraw');
      requireBusinessTime(at, 'at', now, afterGrant);
      requireNotExpired(licence, at, timeZone, 'withdraw');
      const reason = requireText(
        command.reason,
        'reason',
        'LICENCE.WITHDRAWAL_REASON_REQUIRED',
        'the change of law or circumstances',
      );
      const legalBasis = requireText(
        command.legalBasis,
        'legalBasis',
        'LICENCE.WITHDRAWAL_BASIS_REQUIRED',
        'the legal basis of the withdrawal',
      );
      // 第八条: the loss the withdrawal causes is compensated; the record says what was decided, even "none due".
      const compensation = requireText(
        command.compensation,
        'compensation',
        'LICENCE.COMPENSATION_REQUIRED',
        'the compensation decided, or why none is due',
      );
      const compensationYuan = optionalAmount(command.compensationYuan);
      return [
        {
          type: 'LicenceWithdrawn.v1',
          at,
          data: compact({ licenceId, reason, legalBasis, compensation, compensationYuan }),
        },
      ];
    }
    case 'RevokeLicence': {
      requireEffective(licence, 'revoke');
      requireBusinessTime(at, 'at', now, afterGrant);
      const reason = requireText(command.reason, 'reason', 'LICENCE.REVOCATION_REASON_REQUIRED', 'why it is revoked');
      const legalBasis = requireText(
        command.legalBasis,
        'legalBasis',
        'LICENCE.REVOCATION_BASIS_REQUIRED',
        'the paragraph of 第六十九条 (or other law) it is revoked under',
      );
      return [{ type: 'LicenceRevoked.v1', at, data: { licenceId, reason, legalBasis } }];
    }
    case 'RecordCancellationCause': {
      requireNotCancelled(licence, 'record a cause for cancelling');
      requireBusinessTime(at, 'at', now, afterGrant);
      const cause = requireOneOf(command.cause, CANCELLATION_CAUSES, 'cause', 'LICENCE.INVALID_CANCELLATION_CAUSE');
      if (OWN_FACT[cause] !== undefined)
        throw new ValidationError(
          'LICENCE.CAUSE_FROM_FACTS',
          `the ledger knows "${cause}" from the licence's own facts (${OWN_FACT[cause]}); cancel the licence instead`,
          'cause',
        );
      return [{ type: 'CancellationCauseRecorded.v1', at, data: causeData(licenceId, cause, command) }];
    }
    case 'CancelLicence': {
      requireNotCancelled(licence, 'cancel');
      const cause = requireOneOf(command.cause, CANCELLATION_CAUSES, 'cause', 'LICENCE.INVALID_CANCELLATION_CAUSE');
      requireBusinessTime(
        at,
        'at',
        now,
        licence.ending
          ? { at: licence.ending.at, what: licence.ending.kind === 'revoked' ? 'the revocation' : 'the withdrawal' }
          : afterGrant,
      );
      requireCauseHolds(licence, cause, at, timeZone);
      return [{ type: 'LicenceCancelled.v1', at, data: causeData(licenceId, cause, command) }];
    }
    case 'SuspendLicenceUse': {
      requireEffective(licence, 'suspend the use of');
      if (licence.useSuspendedAt)
        throw new ConflictError(
          'LICENCE.USE_ALREADY_SUSPENDED',
          `the use of licence ${licenceId} is suspended since ${licence.useSuspendedAt}`,
        );
      requireBusinessTime(at, 'at', now, afterGrant);
      requireNotExpired(licence, at, timeZone, 'suspend the use of');
      const reason = requireText(
        command.reason,
        'reason',
        'LICENCE.SUSPENSION_REASON_REQUIRED',
        'why use is suspended',
      );
      // Only a law can suspend a licence's use: the record names it.
      const legalBasis = requireText(
        command.legalBasis,
        'legalBasis',
        'LICENCE.SUSPENSION_BASIS_REQUIRED',
        'the law that provides for the suspension',
      );
      return [{ type: 'LicenceUseSuspended.v1', at, data: { licenceId, reason, legalBasis } }];
    }
    case 'ResumeLicenceUse': {
      if (!licence.useSuspendedAt)
        throw new IllegalTransitionError(
          'LICENCE.USE_NOT_SUSPENDED',
          `the use of licence ${licenceId} is not suspended`,
        );
      requireEffective(licence, 'resume the use of');
      requireBusinessTime(at, 'at', now, { at: licence.useSuspendedAt, what: 'the suspension' });
      const note = optionalText(command.note, 'note', 'LICENCE.NOTE_BLANK');
      return [{ type: 'LicenceUseResumed.v1', at, data: compact({ licenceId, note }) }];
    }
    case 'InspectLicensee': {
      requireNotCancelled(licence, 'inspect the holder of');
      requireBusinessTime(at, 'at', now, afterGrant);
      const inspectionId = requireText(
        command.inspectionId,
        'inspectionId',
        'LICENCE.INSPECTION_ID_REQUIRED',
        'the inspection id',
      );
      const findings = requireText(
        command.findings,
        'findings',
        'LICENCE.FINDINGS_REQUIRED',
        'what the inspection found (e.g. "no problems found")',
      );
      const rectificationRequired = requireFlag(
        command.rectificationRequired,
        'rectificationRequired',
        'LICENCE.INVALID_RECTIFICATION_REQUIRED',
      );
      const method = optionalText(command.method, 'method', 'LICENCE.METHOD_BLANK');
      return [
        {
          type: 'LicenseeInspected.v1',
          at,
          data: compact({ licenceId, inspectionId, findings, rectificationRequired, method }),
        },
      ];
    }
    default:
      return assertNever(command, 'licence command');
  }
}

function grant(command: GrantLicence, state: MaybeLicence, context: LicenceContext): LicenceGranted {
  if (state)
    throw new ConflictError('LICENCE.ALREADY_GRANTED', `licence ${command.licenceId} already exists`, 'licenceId');
  const application = context.applicationOnGrant ?? { status: 'unknown' };
  switch (application.status) {
    case 'unknown':
      throw new NotFoundError(
        'APPLICATION.NOT_FOUND',
        `application ${command.applicationId} was never filed`,
        'applicationId',
      );
    case 'not-granted':
      throw new IllegalTransitionError(
        'LICENCE.APPLICATION_NOT_GRANTED',
        `application ${command.applicationId} was not granted (${application.outcome}); no licence can be issued`,
        'applicationId',
      );
    case 'granted':
      break;
    default:
      assertNever(application, 'application on grant');
  }
  requireBusinessTime(command.at, 'at', context.now, { at: application.decidedAt, what: 'the granting decision' });
  const licenceNumber = requireText(
    command.licenceNumber,
    'licenceNumber',
    'LICENCE.NUMBER_REQUIRED',
    'the number printed on the licence',
  );
  const holder = requirePersonalData(command.holder, 'holder', 'LICENCE.HOLDER_REQUIRED');
  if (!holder) throw new ValidationError('LICENCE.HOLDER_REQUIRED', 'holder is required: the licence holder', 'holder');
  const validFrom = requireLocalDate(command.validFrom, 'validFrom');
  if (validFrom < localDateOf(application.decidedAt, context.timeZone))
    throw new ValidationError(
      'LICENCE.VALID_BEFORE_GRANT',
      `validFrom ${validFrom} is before the granting decision (${application.decidedAt})`,
      'validFrom',
    );
  const validUntil = command.validUntil === undefined ? undefined : requireLocalDate(command.validUntil, 'validUntil');
  if (validUntil !== undefined && validUntil < validFrom)
    throw new ValidationError(
      'LICENCE.VALID_UNTIL_BEFORE_FROM',
      `validUntil ${validUntil} is before validFrom ${validFrom}`,
      'validUntil',
    );
  const renewalLeadDays = command.renewalLeadDays ?? DEFAULT_RENEWAL_LEAD_DAYS;
  if (!Number.isInteger(renewalLeadDays) || renewalLeadDays < 0 || renewalLeadDays > MAX_RENEWAL_LEAD_DAYS)
    throw new ValidationError(
      'LICENCE.RENEWAL_LEAD_DAYS',
      `renewalLeadDays must be a whole number from 0 to ${MAX_RENEWAL_LEAD_DAYS}`,
      'renewalLeadDays',
    );
  return {
    type: 'LicenceGranted.v1',
    at: command.at,
    data: compact({
      licenceId: command.licenceId,
      licenceNumber,
      applicationId: command.applicationId,
      itemCode: application.itemCode,
      department: application.department,
      holder,
      validFrom,
      validUntil,
      renewalLeadDays,
    }),
  };
}

function evolve(state: MaybeLicence, event: LicenceEvent): MaybeLicence {
  if (event.type === 'LicenceGranted.v1') {
    const d = event.data;
    return {
      licenceId: d.licenceId,
      licenceNumber: d.licenceNumber,
      applicationId: d.applicationId,
      itemCode: d.itemCode,
      department: d.department,
      grantedAt: event.at,
      validFrom: d.validFrom,
      ...(d.validUntil !== undefined ? { validUntil: d.validUntil } : {}),
      renewalLeadDays: d.renewalLeadDays,
      causes: [],
    };
  }
  if (!state) return state; // events of a licence never granted cannot occur; ignore rather than invent state
  switch (event.type) {
    case 'LicenceChangeApplied.v1':
      return { ...state, pendingChange: { appliedAt: event.at } };
    case 'LicenceChangeDecided.v1':
      return withoutKey(state, 'pendingChange');
    case 'LicenceRenewalApplied.v1':
      return { ...state, pendingRenewal: { appliedAt: event.at } };
    case 'LicenceRenewalDecided.v1': {
      const decided = withoutKey(state, 'pendingRenewal');
      return event.data.validUntil !== undefined ? { ...decided, validUntil: event.data.validUntil } : decided;
    }
    case 'LicenceDeemedRenewed.v1':
      return { ...withoutKey(state, 'pendingRenewal'), validUntil: event.data.validUntil };
    case 'LicenceWithdrawn.v1':
      return { ...state, ending: { kind: 'withdrawn', at: event.at } };
    case 'LicenceRevoked.v1':
      return { ...state, ending: { kind: 'revoked', at: event.at } };
    case 'CancellationCauseRecorded.v1':
      return { ...state, causes: [...state.causes, { cause: event.data.cause, at: event.at }] };
    case 'LicenceCancelled.v1':
      return { ...state, cancelled: { at: event.at, cause: event.data.cause } };
    case 'LicenceUseSuspended.v1':
      return { ...state, useSuspendedAt: event.at };
    case 'LicenceUseResumed.v1':
      return withoutKey(state, 'useSuspendedAt');
    case 'LicenseeInspected.v1':
      return state;
    default:
      return assertNever(event, 'licence event');
  }
}

function withoutKey<K extends 'pendingChange' | 'pendingRenewal' | 'useSuspendedAt'>(
  state: LicenceState,
  key: K,
): LicenceState {
  const copy = { ...state };
  delete copy[key];
  return copy;
}

function requireGranted(state: MaybeLicence, licenceId: string): LicenceState {
  if (!state) throw new NotFoundError('LICENCE.NOT_FOUND', `licence ${licenceId} was never granted`, 'licenceId');
  return state;
}

function requireNotCancelled(licence: LicenceState, action: string): void {
  if (licence.cancelled)
    throw new IllegalTransitionError(
      'LICENCE.CANCELLED',
      `cannot ${action} licence ${licence.licenceId}: it was cancelled on ${licence.cancelled.at}`,
    );
}

/** In effect: neither cancelled nor ended by withdrawal or revocation (its term is checked apart, by date). */
function requireEffective(licence: LicenceState, action: string): void {
  requireNotCancelled(licence, action);
  if (licence.ending)
    throw new IllegalTransitionError(
      'LICENCE.NOT_IN_FORCE',
      `cannot ${action} licence ${licence.licenceId}: it was ${licence.ending.kind} on ${licence.ending.at}`,
    );
}

function requireNotExpired(licence: LicenceState, at: string, timeZone: string, action: string): void {
  if (isExpiredAt(licence, at, timeZone))
    throw new IllegalTransitionError(
      'LICENCE.EXPIRED',
      `cannot ${action} licence ${licence.licenceId}: it expired after ${licence.validUntil}`,
      'at',
    );
}

function requirePendingRenewal(licence: LicenceState): { readonly appliedAt: string } {
  if (!licence.pendingRenewal)
    throw new IllegalTransitionError(
      'LICENCE.NO_RENEWAL_APPLIED',
      `licence ${licence.licenceId} has no renewal application to decide`,
    );
  return licence.pendingRenewal;
}

/** A renewal's new last day: a real date after the one it extends. */
function laterValidUntil(licence: LicenceState, value: string | undefined): string {
  if (value === undefined)
    throw new ValidationError(
      'LICENCE.VALID_UNTIL_REQUIRED',
      'validUntil is required: the new last day of validity',
      'validUntil',
    );
  const validUntil = requireLocalDate(value, 'validUntil');
  if (licence.validUntil !== undefined && validUntil <= licence.validUntil)
    throw new ValidationError(
      'LICENCE.RENEWAL_NOT_LATER',
      `validUntil ${validUntil} must be after the current expiry ${licence.validUntil}`,
      'validUntil',
    );
  return validUntil;
}

/**
 * 第七十条: a cancellation names a cause that holds. Expiry, revocation and withdrawal are the
 * licence's own facts, so the ledger checks them; the holder's death or dissolution, force
 * majeure and the rest are stated by the agency, the last with the law that provides for it.
 */
function requireCauseHolds(licence: LicenceState, cause: CancellationCause, at: string, timeZone: string): void {
  switch (cause) {
    case 'expired':
      if (!isExpiredAt(licence, at, timeZone))
        throw new IllegalTransitionError(
          'LICENCE.NOT_EXPIRED',
          licence.validUntil === undefined
            ? `licence ${licence.licenceId} has no term; it cannot expire`
            : `licence ${licence.licenceId} is valid until ${licence.validUntil}`,
          'cause',
        );
      if (licence.pendingRenewal)
        throw new IllegalTransitionError(
          'LICENCE.RENEWAL_PENDING',
          `licence ${licence.licenceId} has a renewal application of ${licence.pendingRenewal.appliedAt} undecided; decide it or record the deemed renewal`,
          'cause',
        );
      return;
    case 'revoked':
    case 'withdrawn':
      if (licence.ending?.kind !== cause)
        throw new IllegalTransitionError(
          'LICENCE.CAUSE_NOT_RECORDED',
          `licence ${licence.licenceId} was not ${cause}; record the ${cause === 'revoked' ? 'revocation' : 'withdrawal'} first`,
          'cause',
        );
      return;
    case 'holder-died':
    case 'holder-incapacitated':
    case 'holder-terminated':
    case 'certificate-revoked-as-penalty':
    case 'force-majeure':
    case 'other-by-law':
      return;
    default:
      assertNever(cause, 'cancellation cause');
  }
}

function causeData(
  licenceId: string,
  cause: CancellationCause,
  command: { readonly note?: string; readonly legalBasis?: string },
): { licenceId: string; cause: CancellationCause; note?: string; legalBasis?: string } {
  const note = optionalText(command.note, 'note', 'LICENCE.NOTE_BLANK');
  const legalBasis =
    cause === 'other-by-law'
      ? requireText(
          command.legalBasis,
          'legalBasis',
          'LICENCE.CANCELLATION_BASIS_REQUIRED',
          'the law or regulation that requires the cancellation',
        )
      : optionalText(command.legalBasis, 'legalBasis', 'LICENCE.LEGAL_BASIS_BLANK');
  return compact({ licenceId, cause, note, legalBasis });
}

function optionalAmount(value: number | null | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  // Cents compared with a tolerance: 0.29 * 100 is 28.999999999999996 in floating point.
  const cents = typeof value === 'number' ? value * 100 : NaN;
  if (!Number.isFinite(cents) || cents < 0 || Math.abs(cents - Math.round(cents)) > 1e-6)
    throw new ValidationError(
      'LICENCE.COMPENSATION_AMOUNT',
      `compensationYuan must be a non-negative amount in yuan with at most two decimals, got ${JSON.stringify(value)}`,
      'compensationYuan',
    );
  return value;
}
